/*===- scratch.h - kernels' per-call scratch memory -------------------------===*
 *
 * A kernel's buffers of one call (block layouts, packed panels) come from
 * the library's buffer pool (buffer_pool.c): from the second call on a
 * block of the same size is handed back, on any thread, without page
 * faults. Through malloc a worker thread's arena gave its blocks back to
 * the kernel on free: max pooling on 64 x 112 x 112 ran slower on two
 * threads than on one (0.29 -> 0.36 ms), faulting its block buffers in on
 * every call.
 *
 *===----------------------------------------------------------------------===*/
#ifndef QAT_RUNTIME_KERNELS_SCRATCH_H
#define QAT_RUNTIME_KERNELS_SCRATCH_H

#include <stdint.h>

/* buffer_pool.c: `alignment` a power of two; NULL when out of memory. */
void *_mlir_memref_to_llvm_aligned_alloc(uint64_t alignment, uint64_t size);
void _mlir_memref_to_llvm_free(void *p);

static inline float *scratch_floats(uint64_t count) {
  return (float *)_mlir_memref_to_llvm_aligned_alloc(64, count * sizeof(float));
}
static inline void scratch_free(void *p) { _mlir_memref_to_llvm_free(p); }

#endif
