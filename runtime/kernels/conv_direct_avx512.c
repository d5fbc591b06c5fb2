/*===- conv_direct_avx512.c - direct convolution of small GEMM shapes --------===*
 *
 * A network's stem (3 input channels: 3x3 stride 2 in mobilenets, mnasnet,
 * efficientnet; 7x7 stride 2 in resnets) has a short reduction (K = C kh kw
 * of 27 or 147) over a large image: as an implicit GEMM its im2col panels
 * are rewritten for every K block and 16 filters leave most of the 12-row
 * tiles of the micro-kernel idle (mnasnet's stem ran at 10 GMAC/s). Here
 * the output is computed in place: 16 output columns of one row per vector
 * and 16 filters per block in 16 accumulators; per tap one masked load of
 * the input row (two and a permute at stride 2) and 16 FMAs with the
 * filters' weights broadcast from a block packed [K][16]; the column masks
 * of a strip are computed once (window_avx512.h, as the depthwise planes).
 * A group of 16 filters (regnet's grouped 3x3s: K = 144) is the same case
 * from the other side: the GEMM ran it as 12 + 4 rows of tile over panels it
 * had to pack first (15-20 GMAC/s). On small stride-1 images the strips run
 * across rows (filter_block_flat). The packed weights are the GEMM's 16-row
 * A panels, from its weight cache.
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

/* 16 output columns of row oy for 16 filters: the sums in K order. */
#define ACC16(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11) X(12) X(13) X(14) X(15)
#define DECLARE(f) __m512 acc##f = _mm512_setzero_ps();
#define FMA(f) acc##f = _mm512_fmadd_ps(_mm512_set1_ps(w[f]), x, acc##f);
#define LIST(f) acc##f,

/* start value + sums (+ residual, clamp) of the `live` lanes of 16
 * consecutive outputs from `at` of each filter's plane, as the GEMM's store. */
__attribute__((target("avx512f"), always_inline)) static inline void
store_strip(const conv_direct_args *a, int64_t f0, int64_t nf, int64_t at0, __mmask16 live,
            const __m512 acc[16]) {
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

/* One block of 16 filters (`wp`: [k][16], zeros past the last filter) over
 * the whole output, strip by strip of one output row; `nf` of them are
 * stored. The accumulators are named registers (an array of them was kept
 * on the stack across the tap loop). */
__attribute__((target("avx512f"))) static void
filter_block_rows(const conv_direct_args *a, const tap *taps, int64_t k, const float *wp,
                  int64_t f0, int64_t nf) {
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
    for (int64_t ox = 0; ox < a->out_w; ox += 16) {
      int64_t n = a->out_w - ox < 16 ? a->out_w - ox : 16;
      __mmask16 live = (__mmask16)((1u << n) - 1);
      /* The masks of the strip's tap columns (window_avx512.h). */
      __m512i cols[CONV_DIRECT_MAX_KW];
      __mmask16 inside[CONV_DIRECT_MAX_KW], pair[CONV_DIRECT_MAX_KW][2];
      strip_columns(ox, a->sw, 1, a->pl, a->kw, a->width, live, cols, inside, pair);
      ACC16(DECLARE)
      int64_t iy0 = oy * a->sh - a->pt, ix0 = ox * a->sw - a->pl;
      const float *w = wp;
      for (int64_t t = 0; t < k; ++t, w += 16) {
        int64_t iy = iy0 + taps[t].dy, dx = taps[t].dx;
        __m512 x = _mm512_setzero_ps(); /* a row in the padding reads +0 */
        if (iy >= 0 && iy < a->height) {
          const float *row = a->in + taps[t].plane + iy * a->width;
          x = load_tap(a->sw, row + ix0 + dx, row, cols[dx], inside[dx], pair[dx][0],
                       pair[dx][1]);
        }
        ACC16(FMA)
      }
      const __m512 acc[16] = {ACC16(LIST)};
      store_strip(a, f0, nf, oy * a->out_w + ox, live, acc);
    }
  }
}

/* The same over strips of 16 consecutive outputs of the plane, across rows:
 * for a stride-1 convolution whose output rows are as wide as the input's
 * (out_w == width), output q reads input q + a per-tap offset, masked where
 * that position lies in the padding. A 7x7 image is 4 strips instead of 7
 * strips of 7 live lanes (regnet's and resnet's last stages). */
__attribute__((target("avx512f"))) static void
filter_block_flat(const conv_direct_args *a, const tap *taps, int64_t k, const float *wp,
                  int64_t f0, int64_t nf) {
  int64_t plane = a->out_h * a->out_w;
  __mmask16 mask[KC]; /* per window position; k <= KC, so windows <= KC */
  for (int64_t q0 = 0; q0 < plane; q0 += 16) {
    int64_t n = plane - q0 < 16 ? plane - q0 : 16;
    __mmask16 live = (__mmask16)((1u << n) - 1);
    flat_window_masks(q0, live, a->height, a->width, a->kh, a->kw, a->dh, a->pt, a->pl, mask);
    ACC16(DECLARE)
    const float *w = wp, *in = a->in + q0;
    for (int64_t t = 0; t < k; ++t, w += 16) {
      /* Masked-off lanes are not read: the address may lie off the plane. */
      __m512 x = _mm512_maskz_loadu_ps(mask[taps[t].win], in + taps[t].plane + taps[t].off);
      ACC16(FMA)
    }
    const __m512 acc[16] = {ACC16(LIST)};
    store_strip(a, f0, nf, q0, live, acc);
  }
}

#undef DECLARE
#undef FMA
#undef LIST

int conv2d_direct_avx512(const conv_direct_args *a) {
  int64_t k = a->channels * a->kh * a->kw;
  /* One K block of the GEMM (its sums restart at KC), unit column dilation,
   * stride 1 or 2, and a shape the im2col GEMM runs worse: few input
   * channels (a stem), or one block of filters (a group of regnet's grouped
   * convolutions), where the GEMM's 12-row tiles run 12 + 4 rows and packing
   * the panels costs as much as the products. */
  if ((a->channels > CONV_DIRECT_MAX_CHANNELS && a->filters > 16) ||
      a->kw > CONV_DIRECT_MAX_KW || k > KC || k <= 0 || a->dw != 1 ||
      (a->sw != 1 && a->sw != 2) || a->filters <= 0 || a->out_w <= 0 ||
      a->width >= ((int64_t)1 << 30) || a->height >= ((int64_t)1 << 30))
    return 1;
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
  if (!wp || !taps) {
    free(own);
    free(taps);
    return 1;
  }
  /* K order (c, ky, kx), as the GEMM's im2col rows. */
  tap *t = taps;
  for (int64_t c = 0; c < a->channels; ++c)
    for (int64_t ky = 0; ky < a->kh; ++ky)
      for (int64_t kx = 0; kx < a->kw; ++kx)
        *t++ = (tap){c * a->height * a->width, ky * a->dh, kx, ky * a->kw + kx,
                     (ky * a->dh - a->pt) * a->width + kx - a->pl};
  for (int64_t f0 = 0; f0 < a->filters; f0 += 16) {
    int64_t nf = a->filters - f0 < 16 ? a->filters - f0 : 16;
    if (flat)
      filter_block_flat(a, taps, k, wp + f0 * k, f0, nf);
    else
      filter_block_rows(a, taps, k, wp + f0 * k, f0, nf);
  }
  free(own);
  free(taps);
  return 0;
}
