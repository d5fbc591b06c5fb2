/*===- split_row_avx2.h - a row's even and odd columns (AVX2) ---------------===*
 *
 * Stride-2 kernels (max pooling, the windows' phase planes) read a row's
 * even and odd columns as two rows. The compiler's loops for the split ran
 * a column at a time; this takes 16 columns per two shuffles and two lane
 * permutes. Included by the files that use it; target("avx2").
 *
 *===----------------------------------------------------------------------===*/
#ifndef QAT_RUNTIME_KERNELS_SPLIT_ROW_AVX2_H
#define QAT_RUNTIME_KERNELS_SPLIT_ROW_AVX2_H

#include <immintrin.h>
#include <stdint.h>

/* Floor division by 2, for negative n too: column x of a row is column
 * half_floor(x) of its even (x even) or odd half. Plain C, for every
 * includer. */
static inline int64_t half_floor(int64_t n) { return (n >= 0 ? n : n - 1) / 2; }

/* The even and odd ones of in[0, 16), in registers. */
__attribute__((target("avx2"), always_inline)) static inline void
split16_avx2(const float *in, __m256 *even, __m256 *odd) {
  __m256 lo = _mm256_loadu_ps(in), hi = _mm256_loadu_ps(in + 8);
  /* [lo0 lo2 hi0 hi2 | lo4 lo6 hi4 hi6]: the middle 64-bit pairs swapped. */
  __m256d e = _mm256_castps_pd(_mm256_shuffle_ps(lo, hi, _MM_SHUFFLE(2, 0, 2, 0)));
  __m256d o = _mm256_castps_pd(_mm256_shuffle_ps(lo, hi, _MM_SHUFFLE(3, 1, 3, 1)));
  *even = _mm256_castpd_ps(_mm256_permute4x64_pd(e, _MM_SHUFFLE(3, 1, 2, 0)));
  *odd = _mm256_castpd_ps(_mm256_permute4x64_pd(o, _MM_SHUFFLE(3, 1, 2, 0)));
}

/* A row of `width` values split: even columns to even[0, (width + 1) / 2),
 * odd ones to odd[0, width / 2); nothing else written. */
__attribute__((target("avx2"), always_inline)) static inline void
split_row_avx2(const float *in, int64_t width, float *even, float *odd) {
  int64_t j = 0;
  for (; 2 * j + 16 <= width; j += 8) {
    __m256 e, o;
    split16_avx2(in + 2 * j, &e, &o);
    _mm256_storeu_ps(even + j, e);
    _mm256_storeu_ps(odd + j, o);
  }
  for (; 2 * j < width; ++j) {
    even[j] = in[2 * j];
    if (2 * j + 1 < width)
      odd[j] = in[2 * j + 1];
  }
}

#endif
