/*===- maxpool_avx512.c - AVX-512 max pooling planes ------------------------===*
 *
 * One plane of qat_max_pool2d (maxpool.h): 16 output columns per vector,
 * ROWS output rows at a time. Per tap a masked load (stride 1), two masked
 * loads and a permute keeping the even lanes (stride 2), or a masked gather;
 * a lane takes x where x > acc or x is NaN and the position lies inside the
 * input (outside positions stand for -inf, which never replaces acc), in
 * (ky, kx) order: the fold of the pooling loops, bit for bit. Input rows of
 * the next row group are prefetched (the plane was just written by the
 * layer before). The functions carry their target attribute, so the file
 * compiles with the library's flags.
 *
 *===----------------------------------------------------------------------===*/
#include "maxpool_internal.h"
#include "window_avx512.h"

enum { ROWS = 4 };

/* S: the column stride when it is 1 or 2 (a constant once inlined), else 0
 * (any stride, gathered); K: the window's size when it is a constant K x K
 * with unit dilation (the loops unroll), else 0. */
__attribute__((target("avx512f"), always_inline)) static inline void
plane(const int K, const int S, const pool_plane *p) {
  int64_t height = p->height, width = p->width, kh = K ? K : p->kh, kw = K ? K : p->kw,
          sh = p->sh, sw = S ? S : p->sw, dh = K ? 1 : p->dh, dw = K ? 1 : p->dw,
          out_w = p->out_w;
  for (int64_t oy0 = 0; oy0 < p->out_h; oy0 += ROWS) {
    int64_t rows = p->out_h - oy0 < ROWS ? p->out_h - oy0 : ROWS;
    prefetch_rows(p->in, height, width, (oy0 + ROWS) * sh - p->pt, ROWS * sh + (kh - 1) * dh);
    for (int64_t ox = 0; ox < out_w; ox += 16) {
      int64_t n = out_w - ox < 16 ? out_w - ox : 16;
      __mmask16 live = (__mmask16)((1u << n) - 1);
      __m512i cols[POOL_MAX_KW];
      __mmask16 inside[POOL_MAX_KW], pair[POOL_MAX_KW][2];
      strip_columns(ox, sw, dw, p->pl, kw, width, live, cols, inside, pair);
      /* Rows interleaved: each tap's compare and blend depend on the last. */
      __m512 acc[ROWS];
      for (int r = 0; r < ROWS; ++r)
        acc[r] = r < rows ? _mm512_maskz_loadu_ps(live, p->out + (oy0 + r) * out_w + ox)
                          : _mm512_setzero_ps();
      for (int64_t ky = 0; ky < kh; ++ky) {
        const float *row[ROWS];
        for (int r = 0; r < ROWS; ++r) {
          int64_t iy = (oy0 + r) * sh + ky * dh - p->pt;
          row[r] = r < rows && iy >= 0 && iy < height ? p->in + iy * width : NULL;
        }
        for (int64_t kx = 0; kx < kw; ++kx) {
          intptr_t shift = (intptr_t)(ox * sw + kx * dw - p->pl) * 4;
          for (int r = 0; r < ROWS; ++r) {
            if (!row[r]) /* a row outside the input: -inf, never taken */
              continue;
            /* Masked-off lanes are not read: the addresses may lie off the row. */
            const float *at = (const float *)((uintptr_t)row[r] + shift);
            __m512 x = load_tap(sw, at, row[r], cols[kx], inside[kx], pair[kx][0], pair[kx][1]);
            __mmask16 take = _mm512_mask_cmp_ps_mask(inside[kx], x, acc[r], _CMP_GT_OQ) |
                             _mm512_mask_cmp_ps_mask(inside[kx], x, x, _CMP_UNORD_Q);
            acc[r] = _mm512_mask_mov_ps(acc[r], take, x);
          }
        }
      }
      for (int r = 0; r < rows; ++r)
        _mm512_mask_storeu_ps(p->out + (oy0 + r) * out_w + ox, live, acc[r]);
    }
  }
}

__attribute__((target("avx512f"))) static void plane_3x3_s1(const pool_plane *p) {
  plane(3, 1, p);
}
__attribute__((target("avx512f"))) static void plane_3x3_s2(const pool_plane *p) {
  plane(3, 2, p);
}
__attribute__((target("avx512f"))) static void plane_2x2_s2(const pool_plane *p) {
  plane(2, 2, p);
}
__attribute__((target("avx512f"))) static void plane_s1(const pool_plane *p) { plane(0, 1, p); }
__attribute__((target("avx512f"))) static void plane_s2(const pool_plane *p) { plane(0, 2, p); }
__attribute__((target("avx512f"))) static void plane_any(const pool_plane *p) { plane(0, 0, p); }

/* The windows of resnet-, squeezenet-, googlenet- and shufflenet-like
 * models (3x3 at stride 1 or 2, 2x2 at stride 2) have planes of their own. */
void maxpool_plane_avx512(const pool_plane *p) {
  int unit = p->dh == 1 && p->dw == 1 && p->sh == p->sw;
  if (unit && p->kh == 3 && p->kw == 3 && p->sw == 1)
    plane_3x3_s1(p);
  else if (unit && p->kh == 3 && p->kw == 3 && p->sw == 2)
    plane_3x3_s2(p);
  else if (unit && p->kh == 2 && p->kw == 2 && p->sw == 2)
    plane_2x2_s2(p);
  else
    (p->sw == 1 ? plane_s1 : p->sw == 2 ? plane_s2 : plane_any)(p);
}
