// Which routines the gpu.js backend runs where. matmul, conv, the scans and sort use core's
// generic lowerings, which are plain kernels here (matmul is one gpu.js kernel with a literal
// inner loop per output element); scatter needs writes to computed addresses, which a gpu.js
// kernel (one output element per thread, no atomics) cannot do, so it runs on the host.

/** Routines the backend always runs on the host through core's CPU backend. @beta */
export const HOST_ROUTINES: readonly string[] = ["scatter"];
