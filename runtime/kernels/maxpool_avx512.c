/*===- maxpool_avx512.c - AVX-512 max pooling planes ------------------------===*
 *
 * One plane of qat_max_pool2d (maxpool.h), 16 output columns per vector.
 * The 3x3 and 2x2 windows at stride 1 or 2 fold rows first (the separable
 * planes below); the others go ROWS output rows at a time: per tap a masked
 * load (stride 1), two masked
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
        acc[r] = p->start_neg_inf ? _mm512_set1_ps(-__builtin_inff())
                 : r < rows       ? _mm512_maskz_loadu_ps(live, p->out + (oy0 + r) * out_w + ox)
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

/* The separable planes: the fold acc = (x > acc || x is NaN) ? x : acc is
 * associative (its result is the last NaN of the sequence, else its first
 * maximum: -0 and +0 keep the first seen), so a K x K window folds each
 * input row's K taps first (h) and then the K rows' h in order, and an
 * output row shares K - S of its h with the row before. Without NaNs the
 * fold is vmaxps(x, acc) (x > acc ? x : acc, ties keep acc), one instruction
 * instead of two compares, an or and a blend per tap; a NaN, which vmaxps
 * would drop, is caught by a sum of the taps (NaN + anything is NaN; an
 * inf - inf is only a false alarm) and that vector's 16 outputs (the
 * plane, when the fold starts from -inf) are folded one by one instead.
 * Positions outside the input load as -inf, which
 * vmaxps never takes. squeezenet's first pooling (64 planes of 111x111,
 * 3x3 stride 2): 0.22 -> 0.085 ms in the kernel alone. */
enum { SEP_MAX_STRIPS = 64 };

/* The outputs [ox0, ox0 + n) of row oy, folded one position at a time. */
__attribute__((noinline)) static void fold_outputs(const pool_plane *p, int64_t oy, int64_t ox0,
                                                   int64_t n) {
  for (int64_t ox = ox0; ox < ox0 + n; ++ox) {
    float *at = p->out + oy * p->out_w + ox, acc = p->start_neg_inf ? -__builtin_inff() : *at;
    for (int64_t ky = 0; ky < p->kh; ++ky)
      for (int64_t kx = 0; kx < p->kw; ++kx) {
        int64_t iy = oy * p->sh + ky * p->dh - p->pt, ix = ox * p->sw + kx * p->dw - p->pl;
        if (iy < 0 || iy >= p->height || ix < 0 || ix >= p->width)
          continue;
        float x = p->in[iy * p->width + ix];
        acc = x > acc || x != x ? x : acc;
      }
    *at = acc;
  }
}

/* Input row `row`'s fold over the K taps of the strip whose lane 0 reads
 * column c (masks[i]: the loaded vectors' columns inside the row); *sum
 * is the taps' sum, a NaN where one of them is. */
__attribute__((target("avx512f"), always_inline)) static inline __m512
fold_row(const int K, const int S, const float *row, int64_t c, const __mmask16 masks[3],
         __m512 *sum) {
  const __m512 none = _mm512_set1_ps(-__builtin_inff());
  /* Masked-off lanes are not read: the addresses may lie off the row. */
  const float *at = (const float *)((uintptr_t)row + (intptr_t)c * 4);
  __m512 x[3];
  if (S == 1) {
    for (int kx = 0; kx < K; ++kx)
      x[kx] = _mm512_mask_loadu_ps(none, masks[kx], at + kx);
  } else {
    const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26,
                                           28, 30),
                  odd = _mm512_add_epi32(even, _mm512_set1_epi32(1));
    __m512 v0 = _mm512_mask_loadu_ps(none, masks[0], at),
           v1 = _mm512_mask_loadu_ps(none, masks[1], at + 16);
    x[0] = _mm512_permutex2var_ps(v0, even, v1);
    x[1] = _mm512_permutex2var_ps(v0, odd, v1);
    if (K == 3) { /* columns c + 2, c + 4, ..., c + 32: x[0] moved down a lane */
      __m512 v2 = _mm512_mask_loadu_ps(none, masks[2], at + 32);
      x[2] = _mm512_castsi512_ps(
          _mm512_alignr_epi32(_mm512_castps_si512(v2), _mm512_castps_si512(x[0]), 1));
    }
  }
  __m512 h = x[0];
  *sum = x[0];
  for (int kx = 1; kx < K; ++kx) {
    h = _mm512_max_ps(x[kx], h);
    *sum = _mm512_add_ps(*sum, x[kx]);
  }
  return h;
}

/* K x K windows (K <= 3), unit dilation, stride S (1 or 2) both ways.
 * FROM_NEG_INF (the fold starts from -inf, out is not read): the taps' sums
 * of the whole plane go into one probe, and a NaN there has the whole plane
 * folded one by one instead; otherwise each output vector is checked (its
 * start values are in out until it is stored). */
__attribute__((target("avx512f"), always_inline)) static inline void
plane_separable(const int K, const int S, const int FROM_NEG_INF, const int NS,
                const pool_plane *p) {
  int64_t height = p->height, width = p->width, out_w = p->out_w,
          strips = NS ? NS : (out_w + 15) / 16;
  const __m512i lane = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  __mmask16 masks[SEP_MAX_STRIPS][3];
  for (int64_t j = 0; j < strips; ++j)
    for (int i = 0; i < 3; ++i) {
      __m512i col = _mm512_add_epi32(
          lane, _mm512_set1_epi32((int32_t)(j * 16 * S - p->pl + (S == 1 ? i : 16 * i))));
      masks[j][i] = _mm512_cmpge_epi32_mask(col, _mm512_setzero_si512()) &
                    _mm512_cmplt_epi32_mask(col, _mm512_set1_epi32((int32_t)width));
    }
  /* Per strip, the h of the current output row's K input rows. */
  __m512 h[SEP_MAX_STRIPS][3], probe = _mm512_setzero_ps();
  __mmask16 nan[SEP_MAX_STRIPS][3];
  for (int64_t oy = 0; oy < p->out_h; ++oy) {
    int64_t y0 = oy * S - p->pt, kept = oy == 0 || K <= S ? 0 : K - S;
    prefetch_rows(p->in, height, width, y0 + 2 * S + kept, K - kept);
    float *out = p->out + oy * out_w;
    /* The output row two on, for writing (past the plane: the next plane's
     * first rows; a prefetch does not fault): the output was last touched
     * a model run ago, and its stores waited on the lines. */
    for (int64_t x = 0; x <= out_w; x += 16)
      _mm_prefetch((const char *)(out + 2 * out_w + x), _MM_HINT_ET0);
    for (int64_t j = 0; j < strips; ++j) {
      int64_t ox = j * 16, n = out_w - ox < 16 ? out_w - ox : 16;
      __mmask16 live = (__mmask16)((1u << n) - 1);
      for (int ky = 0; ky < K; ++ky) {
        int64_t iy = y0 + ky;
        if (ky < kept) {
          h[j][ky] = h[j][ky + S], nan[j][ky] = nan[j][ky + S];
        } else if (iy < 0 || iy >= height) { /* a row outside the input: -inf */
          h[j][ky] = _mm512_set1_ps(-__builtin_inff()), nan[j][ky] = 0;
        } else {
          __m512 sum;
          h[j][ky] = fold_row(K, S, p->in + iy * width, ox * S - p->pl, masks[j], &sum);
          if (FROM_NEG_INF)
            probe = _mm512_add_ps(probe, sum);
          else
            nan[j][ky] = _mm512_cmp_ps_mask(sum, sum, _CMP_UNORD_Q);
        }
      }
      __m512 acc = FROM_NEG_INF ? _mm512_set1_ps(-__builtin_inff())
                                : _mm512_maskz_loadu_ps(live, out + ox);
      __mmask16 any = 0;
      for (int ky = 0; ky < K; ++ky) {
        acc = _mm512_max_ps(h[j][ky], acc);
        if (!FROM_NEG_INF)
          any |= nan[j][ky];
      }
      if (!FROM_NEG_INF && (any & live))
        fold_outputs(p, oy, ox, n);
      else
        _mm512_mask_storeu_ps(out + ox, live, acc);
    }
  }
  if (FROM_NEG_INF && _mm512_cmp_ps_mask(probe, probe, _CMP_UNORD_Q))
    for (int64_t oy = 0; oy < p->out_h; ++oy)
      fold_outputs(p, oy, 0, out_w);
}

/* NS: the strips of an output row when there are at most 4 (a constant:
 * the rows' folds stay in registers), else 0. */
#define SEPARABLE_NS(K, S, F, p)                                                           \
  switch (((p)->out_w + 15) / 16) {                                                        \
  case 1: plane_separable(K, S, F, 1, p); break;                                           \
  case 2: plane_separable(K, S, F, 2, p); break;                                           \
  case 3: plane_separable(K, S, F, 3, p); break;                                           \
  case 4: plane_separable(K, S, F, 4, p); break;                                           \
  default: plane_separable(K, S, F, 0, p); break;                                          \
  }
#define SEPARABLE(name, K, S)                                                              \
  __attribute__((target("avx512f"))) static void name(const pool_plane *p) {               \
    if (p->start_neg_inf)                                                                  \
      SEPARABLE_NS(K, S, 1, p)                                                             \
    else                                                                                   \
      SEPARABLE_NS(K, S, 0, p)                                                             \
  }
SEPARABLE(plane_3x3_s1, 3, 1)
SEPARABLE(plane_3x3_s2, 3, 2)
SEPARABLE(plane_2x2_s2, 2, 2)
#undef SEPARABLE_NS
#undef SEPARABLE
__attribute__((target("avx512f"))) static void plane_s1(const pool_plane *p) { plane(0, 1, p); }
__attribute__((target("avx512f"))) static void plane_s2(const pool_plane *p) { plane(0, 2, p); }
__attribute__((target("avx512f"))) static void plane_any(const pool_plane *p) { plane(0, 0, p); }

/* The windows of resnet-, squeezenet-, googlenet- and shufflenet-like
 * models (3x3 at stride 1 or 2, 2x2 at stride 2) have planes of their own. */
void maxpool_plane_avx512(const pool_plane *p) {
  int unit = p->dh == 1 && p->dw == 1 && p->sh == p->sw && p->out_w <= 16 * SEP_MAX_STRIPS;
  if (unit && p->kh == 3 && p->kw == 3 && p->sw == 1)
    plane_3x3_s1(p);
  else if (unit && p->kh == 3 && p->kw == 3 && p->sw == 2)
    plane_3x3_s2(p);
  else if (unit && p->kh == 2 && p->kw == 2 && p->sw == 2)
    plane_2x2_s2(p);
  else
    (p->sw == 1 ? plane_s1 : p->sw == 2 ? plane_s2 : plane_any)(p);
}
