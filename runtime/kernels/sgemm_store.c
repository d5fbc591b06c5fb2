/*===- sgemm_store.c - scalar tile stores of the f32 GEMM -------------------===*
 *
 * The micro-kernels store full-width tiles of a row-major C with vector code
 * of their own; every other tile (the last panel's columns, a transposed or
 * strided C, the one-column kernels) goes through store_tile_scalar, which
 * applies the same store_op (sgemm_internal.h) one element at a time. It is
 * compiled for the baseline and called, not inlined, from each kernel, as it
 * was when the kernels and it shared sgemm.c.
 *
 *===----------------------------------------------------------------------===*/
#include "sgemm_internal.h"

/* The store of an edge tile (or any layout), one element at a time. */
static inline void store_element(const float *tile, int64_t ld, float *c, int64_t rs_c,
                                 int64_t cs_c, int64_t r, int64_t j, const store_op *op) {
  float *dst = c + r * rs_c + j * cs_c;
  float v = tile[r * ld + j];
  v = (op->overwrite ? (op->bias ? op->bias[op->bias_columns ? j : r] : 0.0f) : *dst) + v;
  if (op->res)
    v += op->res[r * rs_c + j * cs_c];
  if (op->clamp)
    v = qat_clamp(v, op->lo, op->hi);
  *dst = v;
}

/* In memory order: a transposed C (C^T = W x^T of a fully connected layer
 * has unit row stride) is written column by column, each column's rows
 * contiguous, not one element per cache line (a 197 x 3072 output was 3x
 * slower to store than to compute). */
void store_tile_scalar(const float *tile, int64_t ld, float *c, int64_t rs_c, int64_t cs_c,
                       int64_t mr, int64_t nr, const store_op *op) {
  if (rs_c == 1 && cs_c != 1) {
    for (int64_t j = 0; j < nr; ++j)
      for (int64_t r = 0; r < mr; ++r)
        store_element(tile, ld, c, rs_c, cs_c, r, j, op);
    return;
  }
  for (int64_t r = 0; r < mr; ++r)
    for (int64_t j = 0; j < nr; ++j)
      store_element(tile, ld, c, rs_c, cs_c, r, j, op);
}
