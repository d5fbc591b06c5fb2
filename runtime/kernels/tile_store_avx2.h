/*===- tile_store_avx2.h - a 6x16 accumulator tile's full-width store -----===*
 *
 * The AVX2 micro-kernel (sgemm_kernels_avx2.c) and the windows' tiles
 * (conv_window_avx2.c) end with the same store of up to 6 rows x 16
 * columns of accumulators: C = base + tile (base C, the row's bias or
 * zero), + residual, clamp (sgemm_internal.h's store_op). Included by
 * those files; target("avx2").
 *
 *===----------------------------------------------------------------------===*/
#ifndef QAT_RUNTIME_KERNELS_TILE_STORE_AVX2_H
#define QAT_RUNTIME_KERNELS_TILE_STORE_AVX2_H

#include "sgemm_internal.h"
#include "store_avx2.h"

#include <immintrin.h>

/* The full-width rows of a tile (16 columns, cs_c 1, a bias per row)
 * stored with the epilogue's choices as constants: BASE 0 adds C, 1 the
 * row's bias, 2 zero; RES adds the residual; CLAMP 1 clamps, 2 clamps with
 * lo +0. */
__attribute__((target("avx2"), always_inline)) static inline void
store_rows_as(const int ROWS, const int BASE, const int RES, const int CLAMP, __m256 acc[6][2],
              float *c, int64_t rs_c, int64_t mr, const float *bias, const float *res, __m256 lo,
              __m256 hi) {
#pragma GCC unroll 6
  for (int r = 0; r < ROWS; ++r) {
    if (r >= mr)
      break;
    float *row = c + r * rs_c;
    __m256 b = BASE == 1 ? _mm256_broadcast_ss(bias + r) : _mm256_setzero_ps();
    for (int h = 0; h < 2; ++h) {
      __m256 v = _mm256_add_ps(BASE == 0 ? _mm256_loadu_ps(row + 8 * h) : b, acc[r][h]);
      if (RES)
        v = _mm256_add_ps(v, _mm256_loadu_ps(res + r * rs_c + 8 * h));
      if (CLAMP)
        v = clamp_avx2(v, lo, hi, CLAMP == 2);
      _mm256_storeu_ps(row + 8 * h, v);
    }
  }
}

/* store_rows_as for *op's choices, read once: read from *op after every
 * store (which may alias it), they were reloaded and branched on per row
 * half, ~100 cycles a tile: a third of a 27-step tile (a 3-channel 3x3
 * stem). Alone, alternating in one process, 64 rows x 256 columns warm:
 * 27-step tiles 0.87-0.96 of the time, 64-step 0.97, 256-step 0.98. */
__attribute__((target("avx2"), always_inline)) static inline void
store_rows_x16(const int ROWS, __m256 acc[6][2], float *c, int64_t rs_c, int64_t mr,
               const store_op *op) {
  int base = !op->overwrite ? 0 : op->bias ? 1 : 2;
  int clamp = !op->clamp ? 0 : op->plus_zero ? 2 : 1;
  const float *bias = op->bias, *res = op->res;
  __m256 lo = _mm256_set1_ps(op->lo), hi = _mm256_set1_ps(op->hi);
#define STORE_AS(B, R, C)                                                                  \
  case (B) * 6 + (R) * 3 + (C):                                                            \
    store_rows_as(ROWS, B, R, C, acc, c, rs_c, mr, bias, res, lo, hi);                     \
    return;
#define STORE_CLAMPS(B, R) STORE_AS(B, R, 0) STORE_AS(B, R, 1) STORE_AS(B, R, 2)
  switch (base * 6 + (res != NULL) * 3 + clamp) {
    STORE_CLAMPS(0, 0) STORE_CLAMPS(0, 1) STORE_CLAMPS(1, 0) STORE_CLAMPS(1, 1)
    STORE_CLAMPS(2, 0) STORE_CLAMPS(2, 1)
  }
#undef STORE_CLAMPS
#undef STORE_AS
}

#endif
