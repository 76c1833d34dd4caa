# SPDX-License-Identifier: GPL-2.0
#
# tap-check.awk - judge the kselftest TAP printed by run_tests.
#
# Top level: "TAP version 13", "1..N", then one "ok K ..." / "not ok K ..."
# per test binary, numbered 1..N. Each binary's own TAP is indented by "# ":
# its plan "# 1..M" and M results "# ok J ..." / "# not ok J ...".
#
# Fails (exit 1, reason on stdout) on any "not ok" at either level, on a
# missing, short or long plan at either level, or on misnumbered results.
# On success prints "NAME: P passed, F failed, S skipped" over the test
# cases (the binaries' own results).

function problem(msg) { bad = bad "  " msg "\n" }

function close_binary(label) {
	if (!sub_plan_seen)
		problem(label ": no TAP plan from the test binary")
	else if (sub_results != sub_plan)
		problem(label ": plan 1.." sub_plan " but " sub_results " results")
	sub_plan_seen = 0; sub_plan = 0; sub_results = 0
}

BEGIN { plan = -1; results = 0; pass = 0; fail = 0; skip = 0; bad = "" }

/^1\.\.[0-9]+$/ { plan = substr($0, 4) + 0; next }

/^# 1\.\.[0-9]+$/ { sub_plan_seen = 1; sub_plan = substr($0, 6) + 0; next }

/^# (not )?ok [0-9]+/ {
	sub_results++
	if ($0 ~ /# SKIP/) skip++
	else if ($0 ~ /^# not ok/) { fail++; problem($0) }
	else pass++
	next
}

/^(not )?ok [0-9]+/ {
	results++
	n = ($1 == "not") ? $3 : $2
	if (n + 0 != results)
		problem("result numbered " n " where " results " was due")
	if ($1 == "not")
		problem($0)
	close_binary($0)
	next
}

END {
	if (plan < 0)
		problem("no top-level TAP plan (did run_tests start?)")
	else if (results != plan)
		problem("top-level plan 1.." plan " but " results " results")
	if (bad != "") {
		printf "%s: TAP check failed:\n%s", name, bad
		printf "%s: %d passed, %d failed, %d skipped\n", name, pass, fail, skip
		exit 1
	}
	printf "%s: %d passed, %d failed, %d skipped\n", name, pass, fail, skip
}
