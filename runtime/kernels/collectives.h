/*===- collectives.h - the replicas' sums of a data-parallel step ---------===*
 *
 * A training step built for K replicas (qat_function_info.replicas) calls
 * qat_all_reduce_f32 on flat buffers: its averaged gradients and its
 * SyncBatchNorm sums. The call goes to the all_reduce function the caller
 * gave qat_model_create_with_options, through the collective qat_model_call
 * installs on the calling thread (as it installs the thread pool).
 *
 *===----------------------------------------------------------------------===*/
#ifndef QAT_RUNTIME_KERNELS_COLLECTIVES_H
#define QAT_RUNTIME_KERNELS_COLLECTIVES_H

#include "memref.h"

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct qat_collective {
  int32_t (*all_reduce)(void *context, float *data, int64_t count); /* NULL: none given */
  void *context;
  int failed; /* set by a failed (or impossible) sum; the call then returns 2 */
} qat_collective;

/* Makes `collective` the calling thread's; returns the previous. */
qat_collective *qat_collective_install(qat_collective *collective);

/* The compiled code's call: sums the buffer in place over the replicas.
 * After a failure the remaining sums of the call are skipped. */
void _mlir_ciface_qat_all_reduce_f32(qat_memref1d_f32 *buffer);

#ifdef __cplusplus
}
#endif

#endif
