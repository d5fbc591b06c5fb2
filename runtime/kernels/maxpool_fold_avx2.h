/*===- maxpool_fold_avx2.h - the max pooling fold on 8 lanes (AVX2) ---------===*
 *
 * What every AVX2 max pooling path shares (maxpool.c's planes, the blocks
 * of 8 planes, the 3x3/2 rows, the flat 3x3/1 planes): the fold's step and
 * the start value of a run of outputs. The fold is the pooling generic's: x
 * replaces the running maximum when x > acc or x is NaN, so -0 and +0 keep
 * the first seen. It is associative (the result is the last NaN if any,
 * else the first maximum) with -inf its identity: chains over consecutive
 * runs of taps, joined in order, give the one chain's bits. Included by
 * those files; target("avx2").
 *
 *===----------------------------------------------------------------------===*/
#ifndef QAT_RUNTIME_KERNELS_MAXPOOL_FOLD_AVX2_H
#define QAT_RUNTIME_KERNELS_MAXPOOL_FOLD_AVX2_H

#include <immintrin.h>
#include <stdint.h>

/* max(x, acc) is acc when x is NaN or equal; the blend passes a NaN x. */
__attribute__((target("avx2"), always_inline)) static inline __m256 pool_fold(__m256 acc,
                                                                                __m256 x) {
  return _mm256_blendv_ps(_mm256_max_ps(x, acc), x, _mm256_cmp_ps(x, x, _CMP_UNORD_Q));
}

/* `acc` (the taps' fold of n <= 8 outputs from `out`) folded onto the
 * outputs' start values: out's contents, or -inf (the identity: acc
 * itself) when the pooling starts from -inf. Lanes >= n read nothing. */
__attribute__((target("avx2"), always_inline)) static inline __m256
pool_onto_start(__m256 acc, const float *out, int64_t n, int start_neg_inf) {
  if (start_neg_inf)
    return acc;
  float start[8] = {0};
  for (int64_t l = 0; l < n; ++l)
    start[l] = out[l];
  return pool_fold(_mm256_loadu_ps(start), acc);
}

#endif
