/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Module parameters.
 */
#ifndef NVMX_PARAMS_H
#define NVMX_PARAMS_H

#include <linux/types.h>

/**
 * enum nvmx_nested_strategy_id - value of the nested_strategy parameter
 * @NVMX_NESTED_SHARED: "shared"
 * @NVMX_NESTED_COPY: "copy"
 * @NVMX_NESTED_TRAP: "trap"
 */
enum nvmx_nested_strategy_id {
	NVMX_NESTED_SHARED,
	NVMX_NESTED_COPY,
	NVMX_NESTED_TRAP,
};

extern bool nvmx_nested;
extern int nvmx_nested_strategy;

const char *nvmx_nested_strategy_name(void);

#endif /* NVMX_PARAMS_H */
