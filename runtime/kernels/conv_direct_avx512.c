/*===- conv_direct_avx512.c - direct convolution of small GEMM shapes --------===*
 *
 * A network's stem (3 input channels: 3x3 stride 2 in mobilenets, mnasnet,
 * efficientnet; 7x7 stride 2 in resnets) has a short reduction (K = C kh kw
 * of 27 or 147) over a large image: as an implicit GEMM its im2col panels
 * are rewritten for every K block and 16 filters leave most of the 12-row
 * tiles of the micro-kernel idle (mnasnet's stem ran at 10 GMAC/s). Here
 * the output is computed in place: 16 output columns of one row per vector,
 * 3 such strips and 8 filters at a time in 24 accumulators; per tap one
 * masked load of the input row per strip (at stride 2 from rows split into
 * even and odd columns) and 8 weight broadcasts from a block packed [K][16]
 * feed 24 FMAs; the column masks of a strip are computed once
 * (window_avx512.h, as the depthwise planes). A group of 16 filters (regnet's grouped 3x3s: K = 144)
 * is the same case from the other side: the GEMM ran it as 12 + 4 rows of
 * tile over panels it had to pack first (15-20 GMAC/s), and so is any
 * convolution whose reduction fits one K block (a 3x3 of up to 28
 * channels). On small stride-1 images the strips run across rows
 * (conv_flat). The packed weights are the GEMM's 16-row A panels,
 * from its weight cache.
 *
 * The arithmetic is the GEMM's (sgemm_kernels_*.c, sgemm_store.c): per
 * output, the products summed by FMA from zero in K order (c, ky, kx),
 * positions in the padding read as +0, then start value + sum, + residual,
 * clamp. So the outputs are the same bits whichever path runs.
 *
 *===----------------------------------------------------------------------===*/
#include "conv_direct.h"
#include "sgemm_internal.h"
#include "window_avx512.h"

#include <immintrin.h>
#include <stdlib.h>

/* One tap of the reduction: its input channel's plane offset, row offset
 * (ky dh) and column offset (kx); for flat strips, its window position
 * ky kw + kx and its offset in the plane from the output position. */
typedef struct tap {
  int64_t plane, dy, dx, win, off;
} tap;

/* The accumulators of up to 3 strips (16 outputs each) x 8 filters, named
 * registers (an array of them was kept on the stack across the tap loop):
 * per tap, 3 input loads and 8 weight broadcasts feed 24 FMAs. 16 filters x
 * 1 strip needed 17 loads per 16 FMAs and ran load-bound (85 GMAC/s where
 * the GEMM's 12x32 tile makes ~95). */
#define F8(X, s) X(s, 0) X(s, 1) X(s, 2) X(s, 3) X(s, 4) X(s, 5) X(s, 6) X(s, 7)
#define DECLARE(s, f) __m512 acc##s##_##f = _mm512_setzero_ps();
#define LIST(s, f) acc##s##_##f,
/* Filter f of every strip with one broadcast: 24 + 3 + 1 registers live. */
#define FMA_FILTER(f)                                                                      \
  {                                                                                        \
    __m512 b = _mm512_set1_ps(w[f]);                                                       \
    acc0_##f = _mm512_fmadd_ps(b, x0, acc0_##f);                                           \
    if (NS > 1)                                                                            \
      acc1_##f = _mm512_fmadd_ps(b, x1, acc1_##f);                                         \
    if (NS > 2)                                                                            \
      acc2_##f = _mm512_fmadd_ps(b, x2, acc2_##f);                                         \
  }
#define FMA_ALL                                                                            \
  FMA_FILTER(0) FMA_FILTER(1) FMA_FILTER(2) FMA_FILTER(3) FMA_FILTER(4) FMA_FILTER(5)      \
  FMA_FILTER(6) FMA_FILTER(7)

/* start value + sums (+ residual, clamp) of the `live` lanes of 16
 * consecutive outputs from `at0` of filters f0 .. f0 + nf - 1, as the
 * GEMM's store. */
__attribute__((target("avx512f"), always_inline)) static inline void
store_strip(const conv_direct_args *a, int64_t f0, int64_t nf, int64_t at0, __mmask16 live,
            const __m512 acc[8]) {
  const qat_epilogue *epi = a->epi;
  int32_t flags = epi ? epi->flags : 0;
  int64_t plane = a->out_h * a->out_w;
  for (int64_t f = 0; f < nf; ++f) {
    int64_t at = (f0 + f) * plane + at0;
    __m512 base = (flags & QAT_EPI_INIT_ZERO)   ? _mm512_setzero_ps()
                  : (flags & QAT_EPI_INIT_BIAS) ? _mm512_set1_ps(epi->bias[f0 + f])
                                                : _mm512_maskz_loadu_ps(live, a->out + at);
    __m512 v = finish_vector(_mm512_add_ps(base, acc[f]),
                             flags & QAT_EPI_RESIDUAL ? epi->residual + at : NULL, live,
                             flags & QAT_EPI_CLAMP, epi ? epi->lo : 0.0f, epi ? epi->hi : 0.0f);
    _mm512_mask_storeu_ps(a->out + at, live, v);
  }
}

/* The NS strips' sums stored: strip s starts at output at0[s] with lanes
 * live[s]; filters f0 .. f0 + nf - 1. */
#define STORE_STRIPS                                                                       \
  {                                                                                        \
    const __m512 acc0[8] = {F8(LIST, 0)};                                                  \
    store_strip(a, f0, nf, at0[0], live[0], acc0);                                         \
    if (NS > 1) {                                                                          \
      const __m512 acc1[8] = {F8(LIST, 1)};                                                \
      store_strip(a, f0, nf, at0[1], live[1], acc1);                                       \
    }                                                                                      \
    if (NS > 2) {                                                                          \
      const __m512 acc2[8] = {F8(LIST, 2)};                                                \
      store_strip(a, f0, nf, at0[2], live[2], acc2);                                       \
    }                                                                                      \
  }

/* NS strips of one output row from column ox, 8 filters (`w0`: their
 * column of a [k][16] block) of which `nf` are stored from filter f0. With
 * SPLIT (stride 2), a->in holds split_columns' rows. */
__attribute__((target("avx512f"), always_inline)) static inline void
strips_rows(const int NS, const int SPLIT, const conv_direct_args *a, const tap *taps,
            int64_t k, const float *w0, int64_t f0, int64_t nf, int64_t oy, int64_t ox) {
  __m512i cols[3][CONV_DIRECT_MAX_KW];
  __mmask16 inside[3][CONV_DIRECT_MAX_KW], pair[3][CONV_DIRECT_MAX_KW][2], live[3];
  int64_t at0[3], ix0[3], off[3][CONV_DIRECT_MAX_KW];
  for (int s = 0; s < NS; ++s) {
    int64_t x = ox + 16 * s, n = a->out_w - x < 16 ? a->out_w - x : 16;
    live[s] = (__mmask16)((1u << n) - 1);
    at0[s] = oy * a->out_w + x;
    ix0[s] = x * a->sw - a->pl;
    if (!SPLIT) {
      /* The masks of the strip's tap columns (window_avx512.h). */
      strip_columns(x, a->sw, 1, a->pl, a->kw, a->width, live[s], cols[s], inside[s], pair[s]);
      continue;
    }
    for (int64_t kx = 0; kx < a->kw; ++kx)
      off[s][kx] = split_tap(x, kx - a->pl, a->width, live[s], &inside[s][kx]);
  }
  F8(DECLARE, 0) F8(DECLARE, 1) F8(DECLARE, 2)
  int64_t iy0 = oy * a->sh - a->pt;
  const float *w = w0;
  for (int64_t t = 0; t < k; ++t, w += 16) {
    int64_t iy = iy0 + taps[t].dy, dx = taps[t].dx;
    /* A row in the padding reads +0. */
    __m512 x0 = _mm512_setzero_ps(), x1 = x0, x2 = x0;
    if (iy >= 0 && iy < a->height) {
      const float *row = a->in + taps[t].plane + iy * a->width;
      /* Masked-off lanes are not read: the addresses may lie off the row. */
#define LOAD(s)                                                                            \
  x##s = SPLIT ? _mm512_maskz_loadu_ps(                                                    \
                     inside[s][dx], (const float *)((uintptr_t)row + (intptr_t)off[s][dx] * 4)) \
               : load_tap(a->sw, row + ix0[s] + dx, row, cols[s][dx], inside[s][dx],       \
                          pair[s][dx][0], pair[s][dx][1]);
      LOAD(0)
      if (NS > 1)
        LOAD(1)
      if (NS > 2)
        LOAD(2)
#undef LOAD
    }
    FMA_ALL
  }
  STORE_STRIPS
}

/* The filters' [k][16] blocks (`wp`), 8 at a time, wherever a block of
 * strips is: per block of 16 filters, the second half reads its columns 8
 * to 15. */
#define FOR_FILTER_HALVES(body)                                                            \
  for (int64_t f0 = 0; f0 < a->filters; f0 += 8) {                                         \
    int64_t nf = a->filters - f0 < 8 ? a->filters - f0 : 8;                                \
    const float *w0 = wp + (f0 & ~(int64_t)15) * k + (f0 & 15);                            \
    body;                                                                                  \
  }

/* The whole output, strips of one output row 3 at a time, every filter
 * over a row before the next: the rows it reads stay in L1 (filter blocks
 * outermost streamed a 16-channel 112x112 input through L2 once per block
 * of 8). */
__attribute__((target("avx512f"), always_inline)) static inline void
block_rows(const int SPLIT, const conv_direct_args *a, const tap *taps, int64_t k,
           const float *wp) {
  int64_t span = (a->kh - 1) * a->dh + 1; /* input rows one output row reads */
  for (int64_t oy = 0; oy < a->out_h; ++oy) {
    /* The input rows of the output row after next, into the cache while
     * this one computes: a stem's input is the caller's image, out of the
     * caches after a whole run of the model, and the loads waited on it
     * (mobilenet_v3_small_b8's stem: half its samples on one permute of
     * loaded rows). */
    for (int64_t c = 0; c < a->channels; ++c)
      prefetch_rows(a->in + c * a->height * a->width, a->height, a->width,
                    (oy + 2) * a->sh - a->pt, span);
    FOR_FILTER_HALVES({
      /* The next output row of these filters, for writing: the output
       * buffer was last touched a whole model run ago, and each store
       * waited for its line (squeezenet's stem: 3.2 MB of output). */
      if (oy + 1 < a->out_h)
        for (int64_t f = f0; f < f0 + nf; ++f) {
          const float *next = a->out + (f * a->out_h + oy + 1) * a->out_w;
          for (int64_t x = 0; x < a->out_w; x += 16)
            __builtin_prefetch(next + x, 1, 3);
          __builtin_prefetch(next + a->out_w - 1, 1, 3);
        }
      int64_t ox = 0;
      for (; ox + 32 < a->out_w; ox += 48)
        strips_rows(3, SPLIT, a, taps, k, w0, f0, nf, oy, ox);
      if (ox + 16 < a->out_w)
        strips_rows(2, SPLIT, a, taps, k, w0, f0, nf, oy, ox);
      else if (ox < a->out_w)
        strips_rows(1, SPLIT, a, taps, k, w0, f0, nf, oy, ox);
    })
  }
}

__attribute__((target("avx512f"))) static void
conv_rows(const conv_direct_args *a, const tap *taps, int64_t k, const float *wp) {
  block_rows(0, a, taps, k, wp);
}

__attribute__((target("avx512f"))) static void
conv_rows_split(const conv_direct_args *a, const tap *taps, int64_t k, const float *wp) {
  block_rows(1, a, taps, k, wp);
}

/* NS strips of 16 consecutive outputs of the plane from q0, across rows:
 * for a stride-1 convolution whose output rows are as wide as the input's
 * (out_w == width), output q reads input q + a per-tap offset, masked where
 * that position lies in the padding. */
__attribute__((target("avx512f"), always_inline)) static inline void
strips_flat(const int NS, const conv_direct_args *a, const tap *taps, int64_t k,
            const float *w0, int64_t f0, int64_t nf, int64_t q0) {
  int64_t plane = a->out_h * a->out_w;
  __mmask16 mask[3][KC]; /* per window position; k <= KC, so windows <= KC */
  __mmask16 live[3];
  int64_t at0[3];
  for (int s = 0; s < NS; ++s) {
    int64_t q = q0 + 16 * s, n = plane - q < 16 ? plane - q : 16;
    live[s] = (__mmask16)((1u << n) - 1);
    at0[s] = q;
    flat_window_masks(q, live[s], a->height, a->width, a->kh, a->kw, a->dh, a->pt, a->pl,
                      mask[s]);
  }
  F8(DECLARE, 0) F8(DECLARE, 1) F8(DECLARE, 2)
  const float *w = w0, *in = a->in + q0;
  for (int64_t t = 0; t < k; ++t, w += 16) {
    /* Masked-off lanes are not read: the address may lie off the plane. */
    const float *at = in + taps[t].plane + taps[t].off;
    __m512 x0 = _mm512_maskz_loadu_ps(mask[0][taps[t].win], at), x1 = x0, x2 = x0;
    if (NS > 1)
      x1 = _mm512_maskz_loadu_ps(mask[1][taps[t].win], at + 16);
    if (NS > 2)
      x2 = _mm512_maskz_loadu_ps(mask[2][taps[t].win], at + 32);
    FMA_ALL
  }
  STORE_STRIPS
}

/* Strips across rows, 3 at a time, every filter over them before the
 * next. A 7x7 image is 4 strips instead of 7 strips of 7 live lanes
 * (regnet's and resnet's last stages). */
__attribute__((target("avx512f"))) static void
conv_flat(const conv_direct_args *a, const tap *taps, int64_t k, const float *wp) {
  int64_t plane = a->out_h * a->out_w, q0 = 0;
  for (; q0 + 32 < plane; q0 += 48)
    FOR_FILTER_HALVES(strips_flat(3, a, taps, k, w0, f0, nf, q0))
  if (q0 + 16 < plane)
    FOR_FILTER_HALVES(strips_flat(2, a, taps, k, w0, f0, nf, q0))
  else if (q0 < plane)
    FOR_FILTER_HALVES(strips_flat(1, a, taps, k, w0, f0, nf, q0))
}

#undef FOR_FILTER_HALVES
#undef STORE_STRIPS
#undef FMA_ALL
#undef FMA_FILTER
#undef LIST
#undef DECLARE
#undef F8

int conv2d_direct_avx512_takes(const conv_direct_args *a) {
  int64_t k = a->channels * a->kh * a->kw;
  /* One K block of the GEMM (its sums restart at KC), unit column dilation,
   * stride 1 or 2. Over such short reductions the im2col GEMM packs about as
   * much as it multiplies: a 16 -> 32 channel 3x3 on 14x14 ran at 40 GMAC/s
   * as a GEMM and runs at 87 here; 3x3s of 16-28 channels on 28x28-56x56
   * at 83-94 and 96-101; only 128 filters and more lean the other way
   * (within 4%). Not a 1x1 window over many channels (a batched pointwise
   * convolution): its taps are whole planes apart, and the GEMM packs them
   * (squeezenet's at batch 8 ran at 14-18 GMAC/s here). */
  return !((a->kh * a->kw == 1 && a->channels > 4) || a->kw > CONV_DIRECT_MAX_KW || k > KC ||
           k <= 0 || a->dw != 1 || (a->sw != 1 && a->sw != 2) || a->filters <= 0 ||
           a->out_w <= 0 || a->width >= ((int64_t)1 << 30) || a->height >= ((int64_t)1 << 30));
}

int conv2d_direct_avx512(const conv_direct_args *a) {
  if (!conv2d_direct_avx512_takes(a))
    return 1;
  int64_t k = a->channels * a->kh * a->kw;
  int flat = a->sh == 1 && a->sw == 1 && a->out_w == a->width;
  /* The weights in blocks of 16 filters, [k][16] each, zeros past the last
   * filter: the GEMM's 16-row A panels (one K block), from the weight cache
   * when they are constant. */
  float *own = NULL;
  const float *wp = a->weight_constant ? packed_constant_a(16, a->filters, k, a->w, k, 1) : NULL;
  if (!wp) {
    own = alloc_floats((size_t)((a->filters + 15) / 16 * 16 * k));
    if (own)
      pack_a(16, a->filters, k, a->w, k, 1, own);
    wp = own;
  }
  tap *taps = malloc((size_t)k * sizeof(tap));
  /* Stride 2: the input with its rows split into even and odd columns. */
  conv_direct_args split = *a;
  float *halves = NULL;
  if (a->sw == 2) {
    halves = alloc_floats((size_t)(a->channels * a->height * a->width));
    if (halves) {
      split_columns(a->in, a->channels * a->height, a->width, halves);
      split.in = halves;
    }
  }
  if (!wp || !taps || (a->sw == 2 && !halves)) {
    free_floats(own);
    free(taps);
    free_floats(halves);
    return 1;
  }
  /* K order (c, ky, kx), as the GEMM's im2col rows. */
  tap *t = taps;
  for (int64_t c = 0; c < a->channels; ++c)
    for (int64_t ky = 0; ky < a->kh; ++ky)
      for (int64_t kx = 0; kx < a->kw; ++kx)
        *t++ = (tap){c * a->height * a->width, ky * a->dh, kx, ky * a->kw + kx,
                     (ky * a->dh - a->pt) * a->width + kx - a->pl};
  if (flat)
    conv_flat(a, taps, k, wp);
  else if (halves)
    conv_rows_split(&split, taps, k, wp);
  else
    conv_rows(a, taps, k, wp);
  free_floats(own);
  free(taps);
  free_floats(halves);
  return 0;
}
