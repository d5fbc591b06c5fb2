/*===- maxpool_blocked_avx2.c - AVX2 max pooling on blocks of 8 planes -----===*
 *
 * Max pooling with 8 planes in the vector lanes (blocked_avx2.h): each
 * group of 8 consecutive planes (channels, across images too: planes pool
 * alone) goes into a block buffer bordered with -inf, each output
 * position folds its taps' loads in (ky, kx) order, and 8 positions go
 * back into the 8 planes; a 3x3 window at stride 1 or 2 folds each row's
 * 3 positions once and then 3 such rows (rows_3x3: googlenet's inception
 * poolings, resnet18's and squeezenet's 3x3/2; alone on Zen 3, alternating
 * builds in one process: 192 x 28 x 28 3x3/1 0.121 -> 0.082 ms, 64 x 56 x
 * 56 0.205 -> 0.133, 64 x 112 x 112 3x3/2 0.399 -> 0.347, 128 x 55 x 55
 * 0.112 -> 0.098). Along NCHW rows (maxpool.c) a plane pays its row
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
#include "maxpool_fold_avx2.h"
#include "maxpool_internal.h"
#include "store_avx2.h"

#include <immintrin.h>
#include <stdlib.h>

enum { LANES = BLOCK_LANES };

/* The maxima of 8 positions of output row oy (acc[i]: position ox + i's 8
 * planes) into the `live` planes, n positions of them. */
__attribute__((target("avx2"), always_inline)) static inline void
store_positions(const pool_plane *p, __m256 acc[LANES], int64_t live, int64_t oy, int64_t ox,
                int64_t n, float *out) {
  int64_t plane = p->out_h * p->out_w;
  block_transpose8(acc); /* acc[c]: plane c's outputs ox .. ox + 7 */
  for (int64_t c = 0; c < live; ++c)
    store_first_avx2(out + c * plane + oy * p->out_w + ox, acc[c], n);
}

/* Output row oy of a group: 8 positions at a time (the last vector's
 * surplus positions read past the row and are not stored). */
__attribute__((target("avx2"), always_inline)) static inline void
pool_row(const int64_t SW, const pool_plane *p, const block_layout *b, const float *buf,
         int64_t live, int64_t oy, float *out) {
  int64_t step = SW * LANES;
  for (int64_t ox = 0; ox < p->out_w; ox += LANES) {
    int64_t n = p->out_w - ox < LANES ? p->out_w - ox : LANES;
    __m256 acc[LANES];
    for (int i = 0; i < LANES; ++i)
      acc[i] = _mm256_set1_ps(-__builtin_inff());
    for (int64_t ky = 0; ky < p->kh; ++ky) {
      const float *row = buf + ((oy * p->sh + ky * p->dh) * b->pw + ox * SW) * LANES;
      for (int64_t kx = 0; kx < p->kw; ++kx) {
        const float *src = row + kx * p->dw * LANES;
        for (int i = 0; i < LANES; ++i)
          acc[i] = pool_fold(acc[i], _mm256_load_ps(src + i * step));
      }
    }
    store_positions(p, acc, live, oy, ox, n, out);
  }
}

/* The column stride a constant where it is 1 or 2. */
__attribute__((target("avx2"))) static void rows_s1(const pool_plane *p, const block_layout *b,
                                                    const float *buf, int64_t live, float *out) {
  for (int64_t oy = 0; oy < p->out_h; ++oy)
    pool_row(1, p, b, buf, live, oy, out);
}
/* A 3x3 window at column stride SW (1 or 2) separably: each buffer row's
 * maxima of the 3 positions under each output column once (H, a ring of 3
 * rows: at row stride 1 a row serves 3 output rows, at 2 the shared one
 * 2), then per output the maximum of 3 rows of H: 4 folds per output where
 * the window took 8 (stride 2: 6). The fold is associative (the last NaN
 * if any, else the first maximum) with -inf its identity, so grouping the
 * taps by rows, in (ky, kx) order, gives the window's bits. 1 when the
 * rows are wider than the ring. */
enum { RING_POSITIONS = 128 };
__attribute__((target("avx2"), always_inline)) static inline int
rows_3x3(const int64_t SW, const pool_plane *p, const block_layout *b, const float *buf,
         int64_t live, float *out) {
  int64_t wide = (p->out_w + LANES - 1) / LANES * LANES;
  if (wide > RING_POSITIONS)
    return 1;
  float ring[3][RING_POSITIONS * LANES] __attribute__((aligned(32)));
  int64_t made = -1; /* the last buffer row in the ring */
  for (int64_t oy = 0; oy < p->out_h; ++oy) {
    int64_t top = oy * p->sh;
    for (int64_t y = made + 1 > top ? made + 1 : top; y <= top + 2; ++y) {
      /* Positions past the row's outputs read the next row or the slack:
       * their maxima are never stored. */
      const float *row = buf + y * b->pw * LANES;
      float *h = ring[y % 3];
      for (int64_t x = 0; x < wide; ++x) {
        const float *at = row + x * SW * LANES;
        __m256 m = pool_fold(_mm256_load_ps(at), _mm256_load_ps(at + LANES));
        _mm256_store_ps(h + x * LANES, pool_fold(m, _mm256_load_ps(at + 2 * LANES)));
      }
      made = y;
    }
    const float *h0 = ring[top % 3], *h1 = ring[(top + 1) % 3], *h2 = ring[(top + 2) % 3];
    for (int64_t ox = 0; ox < p->out_w; ox += LANES) {
      int64_t n = p->out_w - ox < LANES ? p->out_w - ox : LANES;
      __m256 acc[LANES];
      for (int i = 0; i < LANES; ++i) {
        int64_t at = (ox + i) * LANES;
        acc[i] = pool_fold(pool_fold(_mm256_load_ps(h0 + at), _mm256_load_ps(h1 + at)),
                      _mm256_load_ps(h2 + at));
      }
      store_positions(p, acc, live, oy, ox, n, out);
    }
  }
  return 0;
}
__attribute__((target("avx2"))) static int rows_3x3_s1(const pool_plane *p, const block_layout *b,
                                                      const float *buf, int64_t live, float *out) {
  return rows_3x3(1, p, b, buf, live, out);
}
__attribute__((target("avx2"))) static int rows_3x3_s2(const pool_plane *p, const block_layout *b,
                                                      const float *buf, int64_t live, float *out) {
  return rows_3x3(2, p, b, buf, live, out);
}
__attribute__((target("avx2"))) static void rows_s2(const pool_plane *p, const block_layout *b,
                                                    const float *buf, int64_t live, float *out) {
  for (int64_t oy = 0; oy < p->out_h; ++oy)
    pool_row(2, p, b, buf, live, oy, out);
}
__attribute__((target("avx2"))) static void rows_any(const pool_plane *p, const block_layout *b,
                                                     const float *buf, int64_t live, float *out) {
  for (int64_t oy = 0; oy < p->out_h; ++oy)
    pool_row(p->sw, p, b, buf, live, oy, out);
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
      p->sw == 1 ? rows_s1 : p->sw == 2 ? rows_s2 : rows_any;
  int (*separable)(const pool_plane *, const block_layout *, const float *, int64_t, float *) =
      p->kh != 3 || p->kw != 3 || p->dh != 1 || p->dw != 1 ? NULL
      : p->sw == 1                                         ? rows_3x3_s1
      : p->sw == 2                                         ? rows_3x3_s2
                                                           : NULL;
  int64_t in_plane = p->height * p->width, out_plane = p->out_h * p->out_w;
  for (int64_t first = 0; first < planes; first += LANES) {
    int64_t live = planes - first < LANES ? planes - first : LANES;
    block_pack(&b, p->in + first * in_plane, live, buf);
    if (!separable || separable(p, &b, buf, live, p->out + first * out_plane) != 0)
      rows(p, &b, buf, live, p->out + first * out_plane);
  }
  scratch_free(buf);
  return 0;
}
