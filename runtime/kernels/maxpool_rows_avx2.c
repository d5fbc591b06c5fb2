/*===- maxpool_rows_avx2.c - 3x3 stride-2 max pooling along rows (AVX2) -----===*
 *
 * The stem poolings (resnet18's, googlenet's, shufflenet's 3x3/2 on 112 x
 * 112 planes) plane by plane along NCHW rows, separably: each input row is
 * split into its even and odd columns (split_row_avx2) between -inf
 * borders, its 3 taps under every output column folded once into a ring
 * of 3 rows, and each output row folds 3 ring rows. The blocks of 8 planes
 * (maxpool_blocked_avx2.c) pay two transposes per value on these wide
 * planes; here every load is a plain vector. Alone on Zen 3, alternating
 * with the blocks in one process (min of 100; warm / caches flushed): 64 x
 * 112 x 112 to 56 x 56 0.181 -> 0.166 / 0.209 -> 0.200 ms, 24 planes 0.096
 * -> 0.089 / 0.083 -> 0.068; narrower outputs lose (128 x 55 x 55 to 27 x
 * 27 0.093 -> 0.141, 192 x 56 x 56 to 28 x 28 0.138 -> 0.211): only
 * output rows of ROW_MIN (48) or more are taken.
 *
 * The fold is maxpool.c's (x replaces acc when x > acc or x is NaN) and
 * associative (the result is the last NaN, else the first maximum), with
 * -inf (a position outside the input) its identity: folding each row's 3
 * taps in kx order and then the rows in ky order onto the start value is
 * the (ky, kx) chain regrouped: the same bits, NaNs and signed zeros
 * included.
 *
 *===----------------------------------------------------------------------===*/
#include "maxpool_fold_avx2.h"
#include "maxpool_internal.h"
#include "split_row_avx2.h"
#include "store_avx2.h"

#include <immintrin.h>

/* Output rows up to ROW_MAX wide use the stack (a 1024-wide input); rows
 * narrower than ROW_MIN stay with the blocks of 8 planes (above). */
enum { ROW_MIN = 48, ROW_MAX = 512, HALF_FLOATS = ROW_MAX + 24 };

/* One plane. `half[0]` / `half[1]`: even / odd columns from index 8 on
 * (index 8 + j is column 2 j or 2 j + 1), -inf elsewhere; `ring`: 3 rows,
 * `none` a row of -inf (rows above or below the input). */
__attribute__((target("avx2"))) static void plane_3x3s2(const pool_plane *p, float *half[2],
                                                       float (*ring)[ROW_MAX],
                                                       const float *none) {
  int64_t wide = (p->out_w + 7) / 8 * 8;
  /* Tap kx of output column ox reads column 2 ox + kx - pl: value ox +
   * half_floor(kx - pl) of the half of that parity. */
  const float *tap[3];
  for (int kx = 0; kx < 3; ++kx) {
    int64_t x0 = kx - p->pl;
    tap[kx] = half[x0 & 1] + 8 + half_floor(x0);
  }
  int64_t made = -1 - 3; /* the last input row folded into the ring */
  for (int64_t oy = 0; oy < p->out_h; ++oy) {
    const float *rows[3];
    for (int ky = 0; ky < 3; ++ky) {
      int64_t y = 2 * oy + ky - p->pt;
      if (y < 0 || y >= p->height) {
        rows[ky] = none;
        continue;
      }
      float *h = ring[y % 3];
      rows[ky] = h;
      if (y <= made)
        continue;
      split_row_avx2(p->in + y * p->width, p->width, half[0] + 8, half[1] + 8);
      for (int64_t x = 0; x < wide; x += 8) {
        __m256 m = pool_fold(_mm256_loadu_ps(tap[0] + x), _mm256_loadu_ps(tap[1] + x));
        _mm256_store_ps(h + x, pool_fold(m, _mm256_loadu_ps(tap[2] + x)));
      }
      made = y;
    }
    float *out = p->out + oy * p->out_w;
    for (int64_t x = 0; x < p->out_w; x += 8) {
      int64_t n = p->out_w - x < 8 ? p->out_w - x : 8;
      __m256 acc = pool_onto_start(_mm256_load_ps(rows[0] + x), out + x, n, p->start_neg_inf);
      acc = pool_fold(pool_fold(acc, _mm256_load_ps(rows[1] + x)), _mm256_load_ps(rows[2] + x));
      store_first_avx2(out + x, acc, n);
    }
  }
}

__attribute__((target("avx2"))) int maxpool_rows_3x3s2_avx2(int64_t planes, const pool_plane *p) {
  if (p->kh != 3 || p->kw != 3 || p->sh != 2 || p->sw != 2 || p->dh != 1 || p->dw != 1 ||
      p->pt < 0 || p->pt > 2 || p->pl < 0 || p->pl > 2 || p->out_w < ROW_MIN || p->out_h < 1 ||
      p->out_w > ROW_MAX || (p->width + 1) / 2 > ROW_MAX)
    return 1;
  /* The halves hold (width + 1) / 2 values from index 8; taps read from
   * index 7 to 8 + out_w + 8 (a vector past the last output). */
  float even[HALF_FLOATS] __attribute__((aligned(32))), odd[HALF_FLOATS]
      __attribute__((aligned(32)));
  float ring[3][ROW_MAX] __attribute__((aligned(32))), none[ROW_MAX]
      __attribute__((aligned(32)));
  const __m256 ninf = _mm256_set1_ps(-__builtin_inff());
  for (int64_t i = 0; i + 8 <= HALF_FLOATS; i += 8) {
    _mm256_store_ps(even + i, ninf);
    _mm256_store_ps(odd + i, ninf);
  }
  for (int64_t i = 0; i < ROW_MAX; i += 8)
    _mm256_store_ps(none + i, ninf);
  float *half[2] = {even, odd};
  int64_t in_plane = p->height * p->width, out_plane = p->out_h * p->out_w;
  for (int64_t i = 0; i < planes; ++i) {
    pool_plane q = *p;
    q.in = p->in + i * in_plane;
    q.out = p->out + i * out_plane;
    plane_3x3s2(&q, half, ring, none);
  }
  return 0;
}
