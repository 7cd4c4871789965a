// The table of native CPU routines, by routine name. Layer 5'.

import { CONV_ROUTINES } from "./conv.js";
import { CUMULATIVE_ROUTINES } from "./cumulative.js";
import { MATMUL_ROUTINES } from "./matmul.js";
import { SCATTER_ROUTINES } from "./scatter.js";
import { SORT_ROUTINES } from "./sort.js";
import type { CpuRoutine } from "./types.js";

/** Native CPU routines; a routine absent here runs through its generic lowering. */
export const CPU_ROUTINES: Readonly<Record<string, CpuRoutine>> = {
  ...MATMUL_ROUTINES,
  ...CONV_ROUTINES,
  ...SORT_ROUTINES,
  ...CUMULATIVE_ROUTINES,
  ...SCATTER_ROUTINES,
};
