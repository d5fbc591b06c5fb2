/*===- scratch.h - kernels' per-call scratch memory -------------------------===*
 *
 * A kernel's buffers of one call (block layouts, packed panels) come from
 * the library's buffer pool (buffer_pool.c): from the second call on a
 * block of the same size is handed back, on any thread, without page
 * faults. Through malloc a worker thread's arena may give its blocks back
 * to the system on free and fault them in again on the next call:
 * squeezenet1_1 (three poolings of 64-256 planes, AVX2 block buffers) ran
 * 7.69 ms on two threads with malloc, 5.88 with the pool (ab.py, min of 4
 * alternating rounds; one thread within the noise).
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
