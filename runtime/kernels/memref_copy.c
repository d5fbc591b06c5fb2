/*===- memref_copy.c - the strided copy lowered memref.copy calls ---------===*
 *
 * finalize-memref-to-llvm lowers a memref.copy that is not one contiguous
 * block to a call of memrefCopy (the contract of MLIR's runner utils, which
 * compiled models do not link). It lives here, compiled at -O3 once, rather
 * than beside each model's generated ABI callers, which are glue compiled at
 * -O0 (a training step's have hundreds of descriptors; -O2 took seconds).
 *
 *===----------------------------------------------------------------------===*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct { int64_t rank; void *descriptor; } qat_unranked_memref;

void memrefCopy(int64_t elem_size, qat_unranked_memref *src, qat_unranked_memref *dst) {
  int64_t rank = src->rank;
  char *s = (char *)src->descriptor, *d = (char *)dst->descriptor;
  /* descriptor: allocated, aligned, offset, sizes[rank], strides[rank] */
  char *sbase = *(char **)(s + sizeof(void *)), *dbase = *(char **)(d + sizeof(void *));
  const int64_t *smeta = (const int64_t *)(s + 2 * sizeof(void *));
  const int64_t *dmeta = (const int64_t *)(d + 2 * sizeof(void *));
  const int64_t *sizes = smeta + 1, *sstrides = smeta + 1 + rank, *dstrides = dmeta + 1 + rank;
  if (rank == 0) {
    memcpy(dbase + dmeta[0] * elem_size, sbase + smeta[0] * elem_size, (size_t)elem_size);
    return;
  }
  if (rank > 16) abort();
  int64_t rows = 1;
  for (int64_t i = 0; i < rank - 1; ++i) rows *= sizes[i];
  int64_t cols = sizes[rank - 1];
  if (rows == 0 || cols == 0) return;
  /* Rows with unit inner stride on both sides are memcpy'd whole. */
  int contiguous_rows = sstrides[rank - 1] == 1 && dstrides[rank - 1] == 1;
  int64_t index[16] = {0};
  for (int64_t r = 0; r < rows; ++r) {
    int64_t so = smeta[0], dof = dmeta[0];
    for (int64_t i = 0; i < rank - 1; ++i) { so += index[i] * sstrides[i]; dof += index[i] * dstrides[i]; }
    if (contiguous_rows) {
      memcpy(dbase + dof * elem_size, sbase + so * elem_size, (size_t)(cols * elem_size));
    } else {
      for (int64_t c = 0; c < cols; ++c)
        memcpy(dbase + (dof + c * dstrides[rank - 1]) * elem_size,
               sbase + (so + c * sstrides[rank - 1]) * elem_size, (size_t)elem_size);
    }
    for (int64_t i = rank - 2; i >= 0; --i) {
      if (++index[i] < sizes[i]) break;
      index[i] = 0;
    }
  }
}
