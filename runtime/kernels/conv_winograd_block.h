/*===- conv_winograd_block.h - one ISA's units of a Winograd convolution ----===*
 *
 * Included by conv_winograd_avx512.c and conv_winograd_avx2.c with
 * WG_TARGET (the target attribute's string), WG_MR and WG_NR (the
 * micro-kernel's tile), WG_KERNEL (the micro-kernel) and WG_UNITS (the
 * function to define) defined, and vector helpers for what the compiler
 * vectorizes poorly (stride-2 loads and stores: it picks 4-wide shuffles,
 * and the transforms took 45% of a 56x56 layer):
 *   void wg_interleave(const float *ya, const float *yb, float *pair)
 *     pair[2i] = ya[i], pair[2i + 1] = yb[i] for i < WG_NR;
 * and either wg_row itself (below; AVX-512, with WG_ROW_DEFINED: every
 * tile by masked loads) or
 *   int64_t wg_row_vectors(const float *d, int64_t lo, int64_t hi,
 *                          float h[4][WG_NR])
 *     wg_row_tile for tiles lo, lo + 1, ... (tile i reads d[2i .. 2i + 3])
 *     while whole vectors fit below hi; returns the first tile left
 *     (AVX2: the row's edges then go through wg_at).
 * The transforms are additions and subtractions only, in a fixed order
 * (the library compiles with -ffp-contract=off), so every variant computes
 * the same bits (conv_winograd.h).
 *
 *===----------------------------------------------------------------------===*/
#include "conv_winograd.h"
#include "thread_pool.h"

#define WG_FN __attribute__((target(WG_TARGET))) static

#ifndef WG_ROW_DEFINED
/* Row value x of an input row of `width` values, zero outside it. */
static inline float wg_at(const float *row, int64_t width, int64_t x) {
  return x >= 0 && x < width ? row[x] : 0.0f;
}

/* Tile i's four values from columns x0 + 2i .. x0 + 2i + 3 of d, its
 * (d B)[b] to h[b][i]. */
static inline void wg_row_tile(float d0, float d1, float d2, float d3, int64_t i,
                               float h[4][WG_NR]) {
  h[0][i] = d0 - d2;
  h[1][i] = d1 + d2;
  h[2][i] = d2 - d1;
  h[3][i] = d1 - d3;
}

/* wg_row_tile of tile i at the row's edges: columns outside it read 0. */
static inline void wg_row_edge(const float *row, int64_t width, int64_t x0, int64_t i,
                               float h[4][WG_NR]) {
  int64_t x = x0 + 2 * i;
  wg_row_tile(wg_at(row, width, x), wg_at(row, width, x + 1), wg_at(row, width, x + 2),
              wg_at(row, width, x + 3), i, h);
}

/* The horizontal half of B^T d B on one input row for n tiles side by
 * side, tile i reading columns x0 + 2i .. x0 + 2i + 3 (zero outside the
 * row): h[b][i] = (d B)[b]. */
WG_FN void wg_row(const float *row, int64_t width, int64_t x0, int64_t n, float h[4][WG_NR]) {
  /* Tiles [lo, hi) read inside the row: x0 + 2i >= 0, x0 + 2i + 3 < width. */
  int64_t lo = x0 >= 0 ? 0 : (1 - x0) / 2;
  int64_t hi = width - 4 - x0 >= 0 ? (width - 4 - x0) / 2 + 1 : 0;
  lo = lo < n ? lo : n;
  hi = hi < n ? hi : n;
  hi = hi > lo ? hi : lo;
  const float *d = row + x0;
  for (int64_t i = wg_row_vectors(d, lo, hi, h); i < hi; ++i)
    wg_row_tile(d[2 * i], d[2 * i + 1], d[2 * i + 2], d[2 * i + 3], i, h);
  for (int64_t i = 0; i < lo; ++i)
    wg_row_edge(row, width, x0, i, h);
  for (int64_t i = hi; i < n; ++i)
    wg_row_edge(row, width, x0, i, h);
}
#endif

/* V = B^T d B of tiles (ty, tx0 .. tx0 + n) of one channel's plane: tile
 * i's value at position xi to dst[xi * ld + i]. */
WG_FN void wg_input(const conv_direct_args *a, const float *plane, int64_t ty, int64_t tx0,
                    int64_t n, float *dst, int64_t ld) {
  float h[4][4][WG_NR];
  for (int r = 0; r < 4; ++r) {
    int64_t y = 2 * ty - a->pt + r;
    if (y >= 0 && y < a->height) {
      wg_row(plane + y * a->width, a->width, 2 * tx0 - a->pl, n, h[r]);
      continue;
    }
    for (int b = 0; b < 4; ++b)
      for (int64_t i = 0; i < n; ++i)
        h[r][b][i] = 0.0f;
  }
  for (int b = 0; b < 4; ++b) {
    float *v0 = dst + b * ld, *v1 = dst + (4 + b) * ld, *v2 = dst + (8 + b) * ld,
          *v3 = dst + (12 + b) * ld;
    for (int64_t i = 0; i < n; ++i) {
      float h0 = h[0][b][i], h1 = h[1][b][i], h2 = h[2][b][i], h3 = h[3][b][i];
      v0[i] = h0 - h2;
      v1[i] = h1 + h2;
      v2[i] = h2 - h1;
      v3[i] = h1 - h3;
    }
  }
}

/* The input transform of the tiles [t0, t0 + NR) (`pieces` of tile rows)
 * into v [xi][channel][NR], lanes past the last tile zero. */
WG_FN void wg_block_input(const winograd_job *j, int64_t t0, const qat_grid_piece *piece,
                          int pieces, float *v) {
  const conv_direct_args *a = j->a;
  int64_t channels = a->channels, ld = winograd_v_stride(channels, WG_NR), used = j->tiles - t0;
  if (used < WG_NR)
    for (int xi = 0; xi < WINOGRAD_XI; ++xi)
      for (int64_t c = 0; c < channels; ++c)
        for (int64_t i = used; i < WG_NR; ++i)
          v[xi * ld + c * WG_NR + i] = 0.0f;
  /* The input rows the block reads: [y0, y1) of every channel. */
  int64_t y0 = 2 * piece[0].row0 - a->pt, y1 = 2 * piece[pieces - 1].row1 + 2 - a->pt;
  y0 = y0 > 0 ? y0 : 0;
  y1 = y1 < a->height ? y1 : a->height;
  for (int64_t c = 0; c < channels; ++c) {
    const float *plane = a->in + c * a->height * a->width;
    /* Channel c + 2's rows on their way: one channel's rows are a few
     * short runs 2-12 KB apart from the last, which the hardware's
     * prefetchers do not follow in time (in-model the transform took as
     * long as the products). */
    if (c + 2 < channels) {
      const char *next = (const char *)(plane + 2 * a->height * a->width + y0 * a->width);
      for (int64_t b = 0; b < (y1 - y0) * a->width * (int64_t)sizeof(float); b += 64)
        __builtin_prefetch(next + b);
    }
    int64_t lane = 0;
    for (int s = 0; s < pieces; ++s)
      for (int64_t ty = piece[s].row0; ty < piece[s].row1; ++ty) {
        int64_t n = piece[s].col1 - piece[s].col0;
        wg_input(a, plane, ty, piece[s].col0, n, v + c * WG_NR + lane, ld);
        lane += n;
      }
  }
}

/* Stores `count` outputs of one output row from `pair` (the tiles' two
 * columns interleaved) with the epilogue: start value, residual, clamp. */
WG_FN void wg_store_row(const qat_epilogue *e, float bias, float *out, const float *res,
                        int64_t count, const float *pair) {
  int32_t flags = e ? e->flags : 0;
  if (flags & QAT_EPI_INIT_ZERO)
    for (int64_t q = 0; q < count; ++q)
      out[q] = pair[q];
  else if (flags & QAT_EPI_INIT_BIAS)
    for (int64_t q = 0; q < count; ++q)
      out[q] = bias + pair[q];
  else
    for (int64_t q = 0; q < count; ++q)
      out[q] = out[q] + pair[q];
  if (res)
    for (int64_t q = 0; q < count; ++q)
      out[q] = out[q] + res[q];
  if (flags & QAT_EPI_CLAMP) {
    float lo = e->lo, hi = e->hi;
    int plus_zero = qat_lo_is_plus_zero(lo);
    for (int64_t q = 0; q < count; ++q) {
      float v = out[q];
      v = v < lo ? lo : v; /* NaN compares false: kept */
      v = plus_zero ? v + 0.0f : v;
      out[q] = v > hi ? hi : v;
    }
  }
}

/* Y = A^T M A of filter panel p's rows [0, mr) from its 16 GEMM tiles m
 * [xi][MR][NR], stored at the block's tiles. */
WG_FN void wg_output(const winograd_job *j, int64_t p, int64_t mr, const float *m,
                     const qat_grid_piece *piece, int pieces) {
  const conv_direct_args *a = j->a;
  const qat_epilogue *e = a->epi;
  int32_t flags = e ? e->flags : 0;
  int64_t out_h = a->out_h, out_w = a->out_w, plane = out_h * out_w;
  const int64_t xs = WG_MR * WG_NR; /* from one position's tile to the next */
  for (int64_t r = 0; r < mr; ++r) {
    int64_t f = p * WG_MR + r;
    const float *mm = m + r * WG_NR;
    float y[4][WG_NR];
    for (int64_t i = 0; i < WG_NR; ++i) {
      float t0[4], t1[4];
      for (int b = 0; b < 4; ++b) {
        float m0 = mm[b * xs + i], m1 = mm[(4 + b) * xs + i], m2 = mm[(8 + b) * xs + i],
              m3 = mm[(12 + b) * xs + i];
        t0[b] = m0 + m1 + m2;
        t1[b] = m1 - m2 - m3;
      }
      y[0][i] = t0[0] + t0[1] + t0[2];
      y[1][i] = t0[1] - t0[2] - t0[3];
      y[2][i] = t1[0] + t1[1] + t1[2];
      y[3][i] = t1[1] - t1[2] - t1[3];
    }
    float pair[2][2 * WG_NR]; /* output rows 2 ty and 2 ty + 1 of the block's tiles */
    wg_interleave(y[0], y[1], pair[0]);
    wg_interleave(y[2], y[3], pair[1]);
    float *out = a->out + f * plane;
    const float *res = (flags & QAT_EPI_RESIDUAL) ? e->residual + f * plane : NULL;
    float bias = (flags & QAT_EPI_INIT_BIAS) ? e->bias[f] : 0.0f;
    int64_t lane = 0;
    for (int s = 0; s < pieces; ++s)
      for (int64_t ty = piece[s].row0; ty < piece[s].row1; ++ty) {
        int64_t n = piece[s].col1 - piece[s].col0, x = 2 * piece[s].col0;
        int64_t count = 2 * n < out_w - x ? 2 * n : out_w - x;
        for (int o = 0; o < 2 && 2 * ty + o < out_h; ++o) {
          int64_t at = (2 * ty + o) * out_w + x;
          wg_store_row(e, bias, out + at, res ? res + at : NULL, count, pair[o] + 2 * lane);
        }
        lane += n;
      }
  }
}

__attribute__((target(WG_TARGET))) void WG_UNITS(const winograd_job *j, int64_t u0, int64_t u1,
                                                 float *scratch) {
  const conv_direct_args *a = j->a;
  int64_t channels = a->channels;
  int64_t ld = winograd_v_stride(channels, WG_NR);
  float *v = scratch, *m = scratch + WINOGRAD_XI * ld;
  store_op op = {0};
  op.overwrite = 1;
  int64_t have = -1; /* the block whose transform v holds */
  for (int64_t u = u0; u < u1; ++u) {
    int64_t block = u / j->groups, g = u % j->groups;
    int64_t t0 = block * WG_NR, t1 = min64(t0 + WG_NR, j->tiles);
    qat_grid_piece piece[3];
    int pieces = qat_grid_pieces(t0, t1, j->tiles_w, piece);
    if (block != have) {
      wg_block_input(j, t0, piece, pieces, v);
      have = block;
    }
    int64_t p0 = g * j->panels / j->groups, p1 = (g + 1) * j->panels / j->groups;
    for (int64_t p = p0; p < p1; ++p) {
      int64_t mr = min64(WG_MR, a->filters - p * WG_MR);
      for (int xi = 0; xi < WINOGRAD_XI; ++xi)
        WG_KERNEL(channels, j->u + (xi * j->panels + p) * channels * WG_MR,
                  v + xi * ld, m + xi * WG_MR * WG_NR, WG_NR, 1, mr, WG_NR, &op);
      wg_output(j, p, mr, m, piece, pieces);
    }
  }
}
