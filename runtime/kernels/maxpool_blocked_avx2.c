/*===- maxpool_blocked_avx2.c - AVX2 max pooling on blocks of 8 planes -----===*
 *
 * Max pooling with 8 planes in the vector lanes (blocked_avx2.h): each
 * group of 8 consecutive planes (channels, across images too: planes pool
 * alone) goes into a block buffer bordered with -inf, each output
 * position folds its taps' loads in (ky, kx) order, and 8 positions go
 * back into the 8 planes. Along NCHW rows (maxpool.c) a plane pays its row
 * copies, splits and tap tables, and 27- or 13-column outputs fill their
 * vectors 27/32 or 13/16: squeezenet1_1's poolings of 128 x 55 x 55 and
 * 256 x 27 x 27 took 4-6x onnxruntime's time on Zen 3.
 *
 * The fold is maxpool.c's, in the same order from -inf: x replaces the
 * running maximum when x > acc or x is NaN, and -inf (a position outside
 * the input) never replaces it: the same bits. Pooling that starts from
 * the output's contents stays with the planes.
 *
 *===----------------------------------------------------------------------===*/
#include "blocked_avx2.h"
#include "scratch.h"
#include "maxpool_internal.h"
#include "store_avx2.h"

#include <immintrin.h>
#include <stdlib.h>

enum { LANES = BLOCK_LANES };

/* maxpool.c's step on 8 lanes: max(x, acc) is acc when x is NaN or equal
 * (so -0 and +0 keep the first seen), the blend passes a NaN x. */
__attribute__((target("avx2"), always_inline)) static inline __m256 fold(__m256 acc, __m256 x) {
  return _mm256_blendv_ps(_mm256_max_ps(x, acc), x, _mm256_cmp_ps(x, x, _CMP_UNORD_Q));
}

/* Output row oy of a group: 8 positions at a time (the last vector's
 * surplus positions read past the row and are not stored). */
__attribute__((target("avx2"), always_inline)) static inline void
pool_row(const int64_t SW, const int64_t K /* 0: the plane's window */, const pool_plane *p,
         const block_layout *b, const float *buf, int64_t live, int64_t oy, float *out) {
  int64_t kh = K ? K : p->kh, kw = K ? K : p->kw, dh = K ? 1 : p->dh, dw = K ? 1 : p->dw;
  int64_t plane = p->out_h * p->out_w, step = SW * LANES;
  for (int64_t ox = 0; ox < p->out_w; ox += LANES) {
    int64_t n = p->out_w - ox < LANES ? p->out_w - ox : LANES;
    __m256 acc[LANES];
    for (int i = 0; i < LANES; ++i)
      acc[i] = _mm256_set1_ps(-__builtin_inff());
    for (int64_t ky = 0; ky < kh; ++ky) {
      const float *row = buf + ((oy * p->sh + ky * dh) * b->pw + ox * SW) * LANES;
      for (int64_t kx = 0; kx < kw; ++kx) {
        const float *src = row + kx * dw * LANES;
        for (int i = 0; i < LANES; ++i)
          acc[i] = fold(acc[i], _mm256_load_ps(src + i * step));
      }
    }
    block_transpose8(acc); /* acc[c]: plane c's outputs ox .. ox + 7 */
    for (int64_t c = 0; c < live; ++c)
      store_first_avx2(out + c * plane + oy * p->out_w + ox, acc[c], n);
  }
}

/* The column stride a constant where it is 1 or 2, and the window where it
 * is 3x3 at stride 1 (googlenet's inception branches; alone on Zen 3,
 * alternating builds in one process: 192 x 28 x 28 0.147 -> 0.128 ms, 832
 * x 7 x 7 0.047 -> 0.037; at stride 2 a constant window gained nothing). */
__attribute__((target("avx2"))) static void rows_s1(const pool_plane *p, const block_layout *b,
                                                    const float *buf, int64_t live, float *out) {
  for (int64_t oy = 0; oy < p->out_h; ++oy)
    pool_row(1, 0, p, b, buf, live, oy, out);
}
__attribute__((target("avx2"))) static void rows_s1_3x3(const pool_plane *p, const block_layout *b,
                                                    const float *buf, int64_t live, float *out) {
  for (int64_t oy = 0; oy < p->out_h; ++oy)
    pool_row(1, 3, p, b, buf, live, oy, out);
}
__attribute__((target("avx2"))) static void rows_s2(const pool_plane *p, const block_layout *b,
                                                    const float *buf, int64_t live, float *out) {
  for (int64_t oy = 0; oy < p->out_h; ++oy)
    pool_row(2, 0, p, b, buf, live, oy, out);
}
__attribute__((target("avx2"))) static void rows_any(const pool_plane *p, const block_layout *b,
                                                     const float *buf, int64_t live, float *out) {
  for (int64_t oy = 0; oy < p->out_h; ++oy)
    pool_row(p->sw, 0, p, b, buf, live, oy, out);
}

__attribute__((target("avx2"))) int maxpool_blocked_avx2(int64_t planes, const pool_plane *p) {
  if (!p->start_neg_inf || p->out_h < 1 || p->out_w < 1)
    return 1;
  block_layout b = block_layout_make(p->height, p->width, p->pt, p->pl, p->kh, p->kw, p->sh, p->sw,
                                     p->dh, p->dw, p->out_h, p->out_w);
  float *buf = block_buffer(&b, -__builtin_inff());
  if (!buf)
    return 1;
  void (*rows)(const pool_plane *, const block_layout *, const float *, int64_t, float *) =
      p->kh == 3 && p->kw == 3 && p->dh == 1 && p->dw == 1 && p->sw == 1 ? rows_s1_3x3
      : p->sw == 1                                                        ? rows_s1
      : p->sw == 2                                                        ? rows_s2
                                                                          : rows_any;
  int64_t in_plane = p->height * p->width, out_plane = p->out_h * p->out_w;
  for (int64_t first = 0; first < planes; first += LANES) {
    int64_t live = planes - first < LANES ? planes - first : LANES;
    block_pack(&b, p->in + first * in_plane, live, buf);
    rows(p, &b, buf, live, p->out + first * out_plane);
  }
  scratch_free(buf);
  return 0;
}
