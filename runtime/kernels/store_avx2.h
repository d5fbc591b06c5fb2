/*===- store_avx2.h - partial vector stores without vmaskmovps --------------===*
 *
 * The AVX2 kernels' last, partial vector of a row. vmaskmovps to memory is
 * microcoded on AMD's Zen 3 (tens of cycles each): the AVX2 depthwise
 * layer's stores of 7-column planes took a sixth of its time. Pieces of 4,
 * 2 and 1 lanes store the same values with plain stores.
 *
 *===----------------------------------------------------------------------===*/
#ifndef QAT_RUNTIME_KERNELS_STORE_AVX2_H
#define QAT_RUNTIME_KERNELS_STORE_AVX2_H

#include <immintrin.h>
#include <stdint.h>

/* Lanes [0, n) of v to dst[0, n); nothing for n <= 0, all 8 for n >= 8. */
__attribute__((target("avx2"), always_inline)) static inline void
store_first_avx2(float *dst, __m256 v, int64_t n) {
  if (n >= 8) {
    _mm256_storeu_ps(dst, v);
    return;
  }
  __m128 part = _mm256_castps256_ps128(v);
  if (n >= 4) {
    _mm_storeu_ps(dst, part);
    part = _mm256_extractf128_ps(v, 1);
    dst += 4;
    n -= 4;
  }
  if (n >= 2) {
    _mm_storel_pi((__m64 *)dst, part);
    part = _mm_movehl_ps(part, part);
    dst += 2;
    n -= 2;
  }
  if (n >= 1)
    _mm_store_ss(dst, part);
}

#endif
