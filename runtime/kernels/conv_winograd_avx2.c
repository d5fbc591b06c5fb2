/*===- conv_winograd_avx2.c - F(2x2, 3x3) units on AVX2 ---------------------===*
 *
 * conv_winograd_block.h for the 6x16 micro-kernel: blocks of 16 tiles.
 *
 *===----------------------------------------------------------------------===*/
#define WG_TARGET "avx2,fma"
#define WG_MR WINOGRAD_MR_AVX2
#define WG_NR WINOGRAD_NR_AVX2
#define WG_KERNEL kernel_6x16
#define WG_UNITS winograd_units_avx2

#include "conv_winograd.h"
#include "split_row_avx2.h"

#include <immintrin.h>

/* Tiles i .. i + 7 from d[2i .. 2i + 17]. */
__attribute__((target("avx2,fma"))) static inline int64_t
wg_row_vectors(const float *d, int64_t lo, int64_t hi, float h[4][WG_NR]) {
  int64_t i = lo;
  for (; i + 8 <= hi; i += 8) {
    __m256 d0, d1, d2, d3;
    split16_avx2(d + 2 * i, &d0, &d1);
    split16_avx2(d + 2 * i + 2, &d2, &d3);
    _mm256_storeu_ps(&h[0][i], _mm256_sub_ps(d0, d2));
    _mm256_storeu_ps(&h[1][i], _mm256_add_ps(d1, d2));
    _mm256_storeu_ps(&h[2][i], _mm256_sub_ps(d2, d1));
    _mm256_storeu_ps(&h[3][i], _mm256_sub_ps(d1, d3));
  }
  return i;
}

__attribute__((target("avx2,fma"))) static inline void wg_interleave(const float *ya,
                                                                     const float *yb,
                                                                     float *pair) {
  for (int i = 0; i < WG_NR; i += 8) {
    __m256 a = _mm256_loadu_ps(ya + i), b = _mm256_loadu_ps(yb + i);
    __m256 lo = _mm256_unpacklo_ps(a, b), hi = _mm256_unpackhi_ps(a, b);
    _mm256_storeu_ps(pair + 2 * i, _mm256_permute2f128_ps(lo, hi, 0x20));
    _mm256_storeu_ps(pair + 2 * i + 8, _mm256_permute2f128_ps(lo, hi, 0x31));
  }
}

#include "conv_winograd_block.h"
