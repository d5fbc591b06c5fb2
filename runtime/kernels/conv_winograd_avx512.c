/*===- conv_winograd_avx512.c - F(2x2, 3x3) units on AVX-512 ----------------===*
 *
 * conv_winograd_block.h for the 12x32 micro-kernel: blocks of 32 tiles.
 *
 *===----------------------------------------------------------------------===*/
#define WG_TARGET "avx512f"
#define WG_MR WINOGRAD_MR_AVX512
#define WG_NR WINOGRAD_NR_AVX512
#define WG_KERNEL kernel_12x32
#define WG_UNITS winograd_units_avx512

#include "conv_winograd.h"

#include <immintrin.h>

/* The lanes of a vector of row positions [x, x + 16) inside [0, width). */
static inline __mmask16 wg_inside(int64_t x, int64_t width) {
  if (x >= width || x + 16 <= 0)
    return 0;
  uint32_t m = 0xFFFF;
  if (x < 0)
    m &= 0xFFFFu << -x;
  if (x + 16 > width)
    m &= (1u << (width - x)) - 1;
  return (__mmask16)m;
}

/* wg_row (conv_winograd_block.h) 16 tiles at a time: columns x0 + 2i ..
 * x0 + 2i + 33 read with masked loads (zero outside the row, never
 * touched), split into even and odd ones (vpermt2ps). Computes whole
 * vectors: lanes past n too (zeros or the row's values, never used). */
#define WG_ROW_DEFINED
__attribute__((target("avx512f"))) static void wg_row(const float *row, int64_t width,
                                                     int64_t x0, int64_t n,
                                                     float h[4][WG_NR]) {
  const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
  const __m512i odd = _mm512_setr_epi32(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
  for (int64_t i = 0; i < n; i += 16) {
    int64_t x = x0 + 2 * i;
    __m512 a = _mm512_maskz_loadu_ps(wg_inside(x, width), row + x);
    __m512 b = _mm512_maskz_loadu_ps(wg_inside(x + 16, width), row + x + 16);
    __m512 c = _mm512_maskz_loadu_ps(wg_inside(x + 2, width), row + x + 2);
    __m512 e = _mm512_maskz_loadu_ps(wg_inside(x + 18, width), row + x + 18);
    __m512 d0 = _mm512_permutex2var_ps(a, even, b), d1 = _mm512_permutex2var_ps(a, odd, b);
    __m512 d2 = _mm512_permutex2var_ps(c, even, e), d3 = _mm512_permutex2var_ps(c, odd, e);
    _mm512_storeu_ps(&h[0][i], _mm512_sub_ps(d0, d2));
    _mm512_storeu_ps(&h[1][i], _mm512_add_ps(d1, d2));
    _mm512_storeu_ps(&h[2][i], _mm512_sub_ps(d2, d1));
    _mm512_storeu_ps(&h[3][i], _mm512_sub_ps(d1, d3));
  }
}

__attribute__((target("avx512f"))) static inline void wg_interleave(const float *ya,
                                                                     const float *yb,
                                                                     float *pair) {
  const __m512i lo = _mm512_setr_epi32(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
  const __m512i hi =
      _mm512_setr_epi32(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
  for (int i = 0; i < WG_NR; i += 16) {
    __m512 a = _mm512_loadu_ps(ya + i), b = _mm512_loadu_ps(yb + i);
    _mm512_storeu_ps(pair + 2 * i, _mm512_permutex2var_ps(a, lo, b));
    _mm512_storeu_ps(pair + 2 * i + 16, _mm512_permutex2var_ps(a, hi, b));
  }
}

#include "conv_winograd_block.h"
