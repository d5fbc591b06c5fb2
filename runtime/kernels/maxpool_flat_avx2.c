/*===- maxpool_flat_avx2.c - 3x3 stride-1 "same" max pooling, flat (AVX2) --===*
 *
 * googlenet's inception poolings (3x3, stride 1, padding 1 on 28 x 28, 14 x
 * 14 and 7 x 7 planes of 192-832 channels) on each plane as one flat run of
 * height x width values: each run of 8 values folds its left, own and right
 * neighbours (the row's ends masked to -inf) into a buffer bordered above
 * and below by a row of -inf, and each output folds the buffer's values a
 * row above, at and below it. The blocks of 8 planes (maxpool_blocked_avx2.c)
 * transposed every value in and out and stored 14-column rows in pieces:
 * 832 x 14 x 14 took 0.18 ms alone, onnxruntime's NCHWc pooling 0.05-0.08
 * in-model.
 *
 * The fold is maxpool.c's (x replaces acc when x > acc or x is NaN):
 * associative, -inf its identity, so a row's 3 taps folded in kx order and
 * then 3 such rows in ky order onto the start value are the (ky, kx) chain
 * regrouped, as maxpool_rows_avx2.c and the blocks' rows_3x3 do: the same
 * bits, NaNs and signed zeros included.
 *
 *===----------------------------------------------------------------------===*/
#include "maxpool_fold_avx2.h"
#include "maxpool_internal.h"
#include "store_avx2.h"

#include <immintrin.h>

/* Planes up to this many values use the stack (a 61 x 61 plane); rows up
 * to 32 wide come here: alone on Zen 3, alternating with the blocks in one
 * process (min of 60; warm / caches flushed), 832 x 14 x 14 0.90 / 0.50 of
 * the blocks' time, 528 x 14 x 14 0.90 / 0.69, 832 x 7 x 7 0.76 / 0.67,
 * 256 x 28 x 28 1.10 / 0.79, but 64 x 56 x 56 1.38 / 1.14. */
enum { FLAT_MAX = 3721, FLAT_MAX_WIDTH = 32, FLAT_FLOATS = FLAT_MAX + 2 * 64 + 16 };

/* Each lane's column brought back below the row's width (5 or more, so a
 * lane at most 7 + 8 columns on from a row's start wraps at most twice). */
__attribute__((target("avx2"), always_inline)) static inline __m256i
wrap_columns(__m256i col, __m256i width, __m256i last) {
  for (int k = 0; k < 2; ++k)
    col = _mm256_sub_epi32(col, _mm256_and_si256(_mm256_cmpgt_epi32(col, last), width));
  return col;
}

/* One plane of n = height x width values. `rows` holds width -inf values,
 * then n + 8 for the row folds, then width -inf values and slack. */
__attribute__((target("avx2"))) static void plane_3x3s1(const pool_plane *p, float *rows) {
  int64_t w = p->width, n = p->height * w;
  const __m256 ninf = _mm256_set1_ps(-__builtin_inff());
  float *h = rows + w;
  /* The column of each lane, advanced 8 a step (lanes past the first row
   * belong to the next ones). */
  const __m256i width = _mm256_set1_epi32((int32_t)w), eight = _mm256_set1_epi32(8);
  const __m256i last = _mm256_set1_epi32((int32_t)(w - 1)), zero = _mm256_setzero_si256();
  __m256i col = wrap_columns(_mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7), width, last);
  const float *in = p->in;
  for (int64_t i = 0; i < n; i += 8) {
    /* The first and last runs may reach past the plane (before its start,
     * after its end): masked loads, which read nothing there. */
    __m256 x, l, r;
    if (i == 0 || i + 9 > n) {
      __m256i at = _mm256_add_epi32(_mm256_set1_epi32((int32_t)i),
                                    _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
      __m256i nn = _mm256_set1_epi32((int32_t)n), one = _mm256_set1_epi32(1);
      __m256i in_x = _mm256_cmpgt_epi32(nn, at);
      __m256i in_l = _mm256_and_si256(_mm256_cmpgt_epi32(at, zero),
                                      _mm256_cmpgt_epi32(_mm256_add_epi32(nn, one), at));
      __m256i in_r = _mm256_cmpgt_epi32(nn, _mm256_add_epi32(at, one));
      x = _mm256_maskload_ps(in + i, in_x);
      l = _mm256_maskload_ps(in + i - 1, in_l);
      r = _mm256_maskload_ps(in + i + 1, in_r);
    } else {
      x = _mm256_loadu_ps(in + i);
      l = _mm256_loadu_ps(in + i - 1);
      r = _mm256_loadu_ps(in + i + 1);
    }
    /* A row's first column has no left tap, its last no right one. */
    l = _mm256_blendv_ps(l, ninf, _mm256_castsi256_ps(_mm256_cmpeq_epi32(col, zero)));
    r = _mm256_blendv_ps(r, ninf, _mm256_castsi256_ps(_mm256_cmpeq_epi32(col, last)));
    _mm256_storeu_ps(h + i, pool_fold(pool_fold(l, x), r));
    col = wrap_columns(_mm256_add_epi32(col, eight), width, last);
  }
  /* The row below the plane: -inf again (the row folds' last run wrote
   * past n). */
  for (int64_t i = 0; i < w; i += 8)
    _mm256_storeu_ps(h + n + i, ninf);
  float *out = p->out;
  for (int64_t i = 0; i < n; i += 8) {
    int64_t live = n - i < 8 ? n - i : 8;
    __m256 acc = pool_onto_start(_mm256_loadu_ps(h + i - w), out + i, live, p->start_neg_inf);
    acc = pool_fold(pool_fold(acc, _mm256_loadu_ps(h + i)), _mm256_loadu_ps(h + i + w));
    store_first_avx2(out + i, acc, live);
  }
}

__attribute__((target("avx2"))) int maxpool_flat_3x3s1_avx2(int64_t planes, const pool_plane *p) {
  if (p->kh != 3 || p->kw != 3 || p->sh != 1 || p->sw != 1 || p->dh != 1 || p->dw != 1 ||
      p->pt != 1 || p->pl != 1 || p->out_h != p->height || p->out_w != p->width ||
      p->width < 5 || p->width > FLAT_MAX_WIDTH || p->height < 1 || p->height * p->width > FLAT_MAX)
    return 1;
  float rows[FLAT_FLOATS] __attribute__((aligned(32)));
  const __m256 ninf = _mm256_set1_ps(-__builtin_inff());
  for (int64_t i = 0; i + 8 <= p->width + 8; i += 8) /* the row above the plane */
    _mm256_storeu_ps(rows + i, ninf);
  int64_t plane_in = p->height * p->width, plane_out = p->out_h * p->out_w;
  for (int64_t i = 0; i < planes; ++i) {
    pool_plane q = *p;
    q.in = p->in + i * plane_in;
    q.out = p->out + i * plane_out;
    plane_3x3s1(&q, rows);
  }
  return 0;
}
