/*===- depthwise_avx512.c - AVX-512 depthwise convolution planes ------------===*
 *
 * One output plane of depthwise.c's convolution at a time, vectorized along
 * output columns: 16 lanes, masked at the image border, ROWS output rows at a
 * time (each tap is a dependent add; independent rows hide its latency).
 * The 3x3 and 5x5 filters of mobilenet-, mnasnet- and efficientnet-like
 * models at stride 1 or 2 get kernels of their own, with the filter size and
 * stride constant: the tap loops unroll, the taps stay in registers, and
 * input rows in the padding read a row of zeros instead of being masked row
 * by row (the general loop spent more instructions choosing masks than
 * computing). Every other shape takes plane_any.
 *
 * The arithmetic is that of the loop nest the kernel replaces: per output
 * element, each tap is a multiply then an add in (ky, kx) order, positions
 * in the padding read as +0, so the outputs are its bits (signed zeros
 * included) whichever plane function runs. The functions carry their target
 * attribute, so the file compiles with the library's flags.
 *
 *===----------------------------------------------------------------------===*/
#include "depthwise_internal.h"
#include "window_avx512.h"

enum { ROWS = 4 };

/* The start values of ROWS output rows from (oy0, ox): bias, 0, or the
 * output itself (rows past the plane start at 0 and are never stored). */
__attribute__((target("avx512f"), always_inline)) static inline void
load_start(__m512 acc[ROWS], const dw_plane *p, int64_t oy0, int64_t rows, int64_t ox,
           __mmask16 live) {
  int32_t flags = p->epi ? p->epi->flags : 0;
  for (int r = 0; r < ROWS; ++r) {
    const float *dst = p->out + (oy0 + r) * p->out_w + ox;
    if (r >= rows || (flags & QAT_EPI_INIT_ZERO))
      acc[r] = _mm512_setzero_ps();
    else if (flags & QAT_EPI_INIT_BIAS)
      acc[r] = _mm512_set1_ps(p->epi->bias[p->c]);
    else
      acc[r] = _mm512_maskz_loadu_ps(live, dst);
  }
}

/* The epilogue (residual, clamp) and the masked stores of `rows` rows. */
__attribute__((target("avx512f"), always_inline)) static inline void
store_rows(const __m512 acc[ROWS], const dw_plane *p, int64_t oy0, int64_t rows, int64_t ox,
           __mmask16 live) {
  const qat_epilogue *epi = p->epi;
  int32_t flags = epi ? epi->flags : 0;
  for (int r = 0; r < ROWS && r < rows; ++r) {
    int64_t at = (oy0 + r) * p->out_w + ox;
    __m512 v = finish_vector(acc[r], flags & QAT_EPI_RESIDUAL ? p->residual + at : NULL, live,
                             flags & QAT_EPI_CLAMP, epi ? epi->lo : 0.0f, epi ? epi->hi : 0.0f);
    _mm512_mask_storeu_ps(p->out + at, live, v);
  }
}

/* Any shape: 16 output columns per vector and ROWS output rows at a time,
 * per tap a masked load (stride 1), two masked loads and a permute (stride
 * 2) or a masked gather, rows in the padding masked off. */
__attribute__((target("avx512f"))) static void plane_any(const dw_plane *p) {
  const float *in = p->in, *w = p->w;
  int64_t height = p->height, width = p->width, kh = p->kh, kw = p->kw, pt = p->pt, pl = p->pl,
          sh = p->sh, sw = p->sw, dh = p->dh, dw = p->dw, out_h = p->out_h, out_w = p->out_w;
  __m512 taps[DW_MAX_TAPS];
  for (int64_t t = 0; t < kh * kw; ++t)
    taps[t] = _mm512_set1_ps(w[t]);
  for (int64_t oy0 = 0; oy0 < out_h; oy0 += ROWS) {
    int64_t rows = out_h - oy0 < ROWS ? out_h - oy0 : ROWS;
    prefetch_rows(in, height, width, (oy0 + ROWS) * sh - pt, ROWS * sh + (kh - 1) * dh);
    for (int64_t ox = 0; ox < out_w; ox += 16) {
      int64_t n = out_w - ox < 16 ? out_w - ox : 16;
      __mmask16 live = (__mmask16)((1u << n) - 1);
      __m512i cols[DW_MAX_TAPS];
      __mmask16 inside[DW_MAX_TAPS], pair[DW_MAX_TAPS][2];
      strip_columns(ox, sw, dw, pl, kw, width, live, cols, inside, pair);
      __m512 acc[ROWS];
      load_start(acc, p, oy0, rows, ox, live);
      for (int64_t ky = 0; ky < kh; ++ky) {
        const float *row[ROWS];
        int row_inside[ROWS];
        for (int r = 0; r < ROWS; ++r) {
          int64_t iy = (oy0 + r) * sh + ky * dh - pt;
          row_inside[r] = r < rows && iy >= 0 && iy < height;
          row[r] = in + (row_inside[r] ? iy : 0) * width;
        }
        for (int64_t kx = 0; kx < kw; ++kx) {
          __m512 tap = taps[ky * kw + kx];
          intptr_t shift = (intptr_t)(ox * sw + kx * dw - pl) * 4;
          for (int r = 0; r < ROWS; ++r) {
            /* Rows outside the input read nothing (+0). */
            __mmask16 on = row_inside[r] ? 0xffff : 0;
            const float *at = (const float *)((uintptr_t)row[r] + shift);
            __m512 x = load_tap(sw, at, row[r], cols[kx], inside[kx] & on, pair[kx][0] & on,
                                pair[kx][1] & on);
            acc[r] = _mm512_add_ps(acc[r], _mm512_mul_ps(x, tap));
          }
        }
      }
      store_rows(acc, p, oy0, rows, ox, live);
    }
  }
}

/* A K x K filter, unit dilation, stride S (1 or 2) in both directions, all
 * constants once inlined. Per row group the input rows it reads are
 * pointers (to the zero row in the padding); per 16-column strip and kx one
 * mask says which columns lie inside the row (stride 2 reads the rows split
 * into even and odd columns: split_columns). */
__attribute__((target("avx512f"), always_inline)) static inline void
plane_fixed(const int K, const int S, const dw_plane *p, const float *split) {
  enum { MAX_K = 5, MAX_IN_ROWS = (ROWS - 1) * 2 + MAX_K };
  int64_t height = p->height, width = p->width, pt = p->pt, pl = p->pl, out_w = p->out_w;
  __m512 taps[MAX_K * MAX_K];
  for (int t = 0; t < K * K; ++t)
    taps[t] = _mm512_set1_ps(p->w[t]);
  const float *in = S == 2 ? split : p->in;
  for (int64_t oy0 = 0; oy0 < p->out_h; oy0 += ROWS) {
    int64_t rows = p->out_h - oy0 < ROWS ? p->out_h - oy0 : ROWS;
    prefetch_rows(in, height, width, (oy0 + ROWS) * S - pt, ROWS * S + K - 1);
    /* The next row group's outputs, for writing (past the plane: the next
     * plane's first rows; a prefetch does not fault): the output was last
     * touched a model run ago, and the stores waited on its lines. */
    for (int64_t x = 0; x <= ROWS * out_w; x += 16)
      _mm_prefetch((const char *)(p->out + (oy0 + ROWS) * out_w + x), _MM_HINT_ET0);
    const float *src[MAX_IN_ROWS];
    for (int j = 0; j < (ROWS - 1) * S + K; ++j) {
      int64_t iy = oy0 * S - pt + j;
      src[j] = iy >= 0 && iy < height ? in + iy * width : p->zero_row;
    }
    for (int64_t ox = 0; ox < out_w; ox += 16) {
      int64_t n = out_w - ox < 16 ? out_w - ox : 16;
      __mmask16 live = (__mmask16)((1u << n) - 1);
      /* Per kx, the row offset of lane 0 and the lanes inside the row. */
      intptr_t shift[MAX_K];
      __mmask16 inside[MAX_K];
      for (int kx = 0; kx < K; ++kx)
        shift[kx] = 4 * (intptr_t)(S == 2 ? split_tap(ox, kx - pl, width, live, &inside[kx])
                                          : ox + kx - pl);
      if (S == 1) {
        __m512i cols[MAX_K];
        __mmask16 pair[MAX_K][2];
        strip_columns(ox, 1, 1, pl, K, width, live, cols, inside, pair);
      }
      __m512 acc[ROWS];
      load_start(acc, p, oy0, rows, ox, live);
      for (int ky = 0; ky < K; ++ky)
        for (int kx = 0; kx < K; ++kx)
          for (int r = 0; r < ROWS; ++r) {
            /* Masked-off lanes are not read: the addresses may lie off the row. */
            const float *at = (const float *)((uintptr_t)src[r * S + ky] + shift[kx]);
            __m512 x = _mm512_maskz_loadu_ps(inside[kx], at);
            acc[r] = _mm512_add_ps(acc[r], _mm512_mul_ps(x, taps[ky * K + kx]));
          }
      store_rows(acc, p, oy0, rows, ox, live);
    }
  }
}

__attribute__((target("avx512f"))) static void plane_3x3_s1(const dw_plane *p) {
  plane_fixed(3, 1, p, NULL);
}
__attribute__((target("avx512f"))) static void plane_5x5_s1(const dw_plane *p) {
  plane_fixed(5, 1, p, NULL);
}

/* Stride 2 reads the plane with its rows split (split_columns) into the
 * caller's scratch; 1 when there is none. */
__attribute__((target("avx512f"))) static int plane_s2(const int K, const dw_plane *p) {
  if (!p->scratch)
    return 1;
  split_columns(p->in, p->height, p->width, p->scratch);
  if (K == 3)
    plane_fixed(3, 2, p, p->scratch);
  else
    plane_fixed(5, 2, p, p->scratch);
  return 0;
}

void depthwise_plane_avx512(const dw_plane *p) {
  int fixed = p->kh == p->kw && (p->kh == 3 || p->kh == 5) && p->dh == 1 && p->dw == 1 &&
              p->sh == p->sw && (p->sh == 1 || p->sh == 2) && p->zero_row;
  if (fixed && p->sh == 1)
    (p->kh == 3 ? plane_3x3_s1 : plane_5x5_s1)(p);
  else if (!fixed || plane_s2(p->kh, p) != 0)
    plane_any(p);
}
