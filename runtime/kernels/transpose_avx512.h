/*===- transpose_avx512.h - a 16x16 f32 transpose in zmm registers ----------===*
 *
 * Shared by the A packer of a row-major A (sgemm_pack_a_avx512.c) and the
 * micro-kernel's store of a transposed C (sgemm_kernels_avx512.c). Included
 * by files compiled with the library's flags: the function carries its
 * target attribute.
 *
 *===----------------------------------------------------------------------===*/
#ifndef QAT_RUNTIME_KERNELS_TRANSPOSE_AVX512_H
#define QAT_RUNTIME_KERNELS_TRANSPOSE_AVX512_H

#include <immintrin.h>

/* In-register transpose of 16 rows of 16: r[i][j] -> r[j][i]. Unpacks
 * interleave pairs of rows, then 64-bit pairs, then 128-bit lanes twice. */
__attribute__((target("avx512f"), always_inline)) static inline void transpose16(__m512 r[16]) {
  __m512 t[16];
  for (int i = 0; i < 16; i += 2) {
    t[i] = _mm512_unpacklo_ps(r[i], r[i + 1]);
    t[i + 1] = _mm512_unpackhi_ps(r[i], r[i + 1]);
  }
  for (int i = 0; i < 16; i += 4) {
    __m512d a = _mm512_castps_pd(t[i]), b = _mm512_castps_pd(t[i + 1]),
            c = _mm512_castps_pd(t[i + 2]), d = _mm512_castps_pd(t[i + 3]);
    r[i] = _mm512_castpd_ps(_mm512_unpacklo_pd(a, c));
    r[i + 1] = _mm512_castpd_ps(_mm512_unpackhi_pd(a, c));
    r[i + 2] = _mm512_castpd_ps(_mm512_unpacklo_pd(b, d));
    r[i + 3] = _mm512_castpd_ps(_mm512_unpackhi_pd(b, d));
  }
  for (int h = 0; h < 16; h += 8)
    for (int i = 0; i < 4; ++i) {
      t[h + i] = _mm512_shuffle_f32x4(r[h + i], r[h + i + 4], 0x88);
      t[h + i + 4] = _mm512_shuffle_f32x4(r[h + i], r[h + i + 4], 0xdd);
    }
  for (int i = 0; i < 8; ++i) {
    r[i] = _mm512_shuffle_f32x4(t[i], t[i + 8], 0x88);
    r[i + 8] = _mm512_shuffle_f32x4(t[i], t[i + 8], 0xdd);
  }
}

#endif
