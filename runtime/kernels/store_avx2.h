/*===- store_avx2.h - what the AVX2 kernels do before and at a store -------===*
 *
 * The AVX2 kernels' last, partial vector of a row: its lane mask, and its
 * store. vmaskmovps to memory is microcoded on AMD's Zen 3 (tens of cycles
 * each): the AVX2 depthwise layer's stores of 7-column planes took a sixth
 * of its time. Pieces of 4, 2 and 1 lanes store the same values with plain
 * stores. And the epilogue's clamp, which every kernel applies the same
 * way.
 *
 *===----------------------------------------------------------------------===*/
#ifndef QAT_RUNTIME_KERNELS_STORE_AVX2_H
#define QAT_RUNTIME_KERNELS_STORE_AVX2_H

#include <immintrin.h>
#include <stdint.h>

/* Lanes [0, n) set (n in 0..8): a vmaskmovps mask. */
__attribute__((target("avx2"), always_inline)) static inline __m256i first_lanes_avx2(int64_t n) {
  return _mm256_cmpgt_epi32(_mm256_set1_epi32((int32_t)n),
                            _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

/* min(max(v, lo), hi) as arith.maximumf/minimumf compute it (epilogue.h's
 * qat_clamp): max/min return their second operand on NaN, v; `plus_zero`
 * (lo is +0) turns -0 into +0. */
__attribute__((target("avx2"), always_inline)) static inline __m256
clamp_avx2(__m256 v, __m256 lo, __m256 hi, int plus_zero) {
  v = _mm256_max_ps(lo, v);
  if (plus_zero) /* -0 + +0 = +0; every other value is unchanged */
    v = _mm256_add_ps(v, _mm256_setzero_ps());
  return _mm256_min_ps(hi, v);
}

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
