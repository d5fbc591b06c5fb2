/*===- conv_direct_avx512.c - direct convolution of few input channels ------===*
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
 * (ky dh) and column offset (kx). */
typedef struct tap {
  int64_t plane, dy, dx;
} tap;

/* 16 output columns of row oy for 16 filters: the sums in K order. */
#define ACC16(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11) X(12) X(13) X(14) X(15)

/* One block of 16 filters (`wp`: [k][16], zeros past the last filter) over
 * the whole output; `nf` of them are stored. The accumulators are named
 * registers (an array of them was kept on the stack across the tap loop). */
__attribute__((target("avx512f"))) static void
filter_block(const conv_direct_args *a, const tap *taps, int64_t k, const float *wp, int64_t f0,
             int64_t nf) {
  const qat_epilogue *epi = a->epi;
  int32_t flags = epi ? epi->flags : 0;
  int64_t plane = a->out_h * a->out_w;
  __m512 lo = _mm512_set1_ps(epi ? epi->lo : 0.0f), hi = _mm512_set1_ps(epi ? epi->hi : 0.0f);
  int plus_zero = epi && (flags & QAT_EPI_CLAMP) && qat_lo_is_plus_zero(epi->lo);
  for (int64_t oy = 0; oy < a->out_h; ++oy)
    for (int64_t ox = 0; ox < a->out_w; ox += 16) {
      int64_t n = a->out_w - ox < 16 ? a->out_w - ox : 16;
      __mmask16 live = (__mmask16)((1u << n) - 1);
      /* The masks of the strip's tap columns (window_avx512.h). */
      __m512i cols[CONV_DIRECT_MAX_KW];
      __mmask16 inside[CONV_DIRECT_MAX_KW], pair[CONV_DIRECT_MAX_KW][2];
      strip_columns(ox, a->sw, 1, a->pl, a->kw, a->width, live, cols, inside, pair);
#define DECLARE(f) __m512 acc##f = _mm512_setzero_ps();
      ACC16(DECLARE)
#undef DECLARE
      int64_t iy0 = oy * a->sh - a->pt, ix0 = ox * a->sw - a->pl;
      const float *w = wp;
#define FMA(f) acc##f = _mm512_fmadd_ps(_mm512_set1_ps(w[f]), x, acc##f);
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
#undef FMA
      __m512 acc[16] = {acc0, acc1, acc2,  acc3,  acc4,  acc5,  acc6,  acc7,
                        acc8, acc9, acc10, acc11, acc12, acc13, acc14, acc15};
      for (int64_t f = 0; f < nf; ++f) {
        int64_t at = (f0 + f) * plane + oy * a->out_w + ox;
        __m512 base = (flags & QAT_EPI_INIT_ZERO)   ? _mm512_setzero_ps()
                      : (flags & QAT_EPI_INIT_BIAS) ? _mm512_set1_ps(epi->bias[f0 + f])
                                                    : _mm512_maskz_loadu_ps(live, a->out + at);
        __m512 v = _mm512_add_ps(base, acc[f]);
        if (flags & QAT_EPI_RESIDUAL)
          v = _mm512_add_ps(v, _mm512_maskz_loadu_ps(live, epi->residual + at));
        if (flags & QAT_EPI_CLAMP) { /* max/min return the second operand on NaN: v */
          v = _mm512_max_ps(lo, v);
          if (plus_zero) /* -0 + +0 = +0; every other value is unchanged */
            v = _mm512_add_ps(v, _mm512_setzero_ps());
          v = _mm512_min_ps(hi, v);
        }
        _mm512_mask_storeu_ps(a->out + at, live, v);
      }
    }
}

int conv2d_direct_avx512(const conv_direct_args *a) {
  int64_t k = a->channels * a->kh * a->kw;
  /* One K block of the GEMM (its sums restart at KC), unit column dilation,
   * stride 1 or 2, and few enough input channels that the im2col GEMM is
   * the slower form. */
  if (a->channels > CONV_DIRECT_MAX_CHANNELS || a->kw > CONV_DIRECT_MAX_KW || k > KC || k <= 0 ||
      a->dw != 1 ||
      (a->sw != 1 && a->sw != 2) || a->filters <= 0 || a->out_w <= 0 ||
      a->width >= ((int64_t)1 << 30))
    return 1;
  float *wp = aligned_alloc(64, (size_t)(k * 16) * sizeof(float));
  tap *taps = malloc((size_t)k * sizeof(tap));
  if (!wp || !taps) {
    free(wp);
    free(taps);
    return 1;
  }
  /* K order (c, ky, kx), as the GEMM's im2col rows. */
  for (int64_t i = 0; i < k; ++i) {
    int64_t c = i / (a->kh * a->kw), ky = i / a->kw % a->kh, kx = i % a->kw;
    taps[i] = (tap){c * a->height * a->width, ky * a->dh, kx};
  }
  for (int64_t f0 = 0; f0 < a->filters; f0 += 16) {
    int64_t nf = a->filters - f0 < 16 ? a->filters - f0 : 16;
    for (int64_t i = 0; i < k; ++i)
      for (int64_t f = 0; f < 16; ++f)
        wp[i * 16 + f] = f < nf ? a->w[(f0 + f) * k + i] : 0.0f;
    filter_block(a, taps, k, wp, f0, nf);
  }
  free(wp);
  free(taps);
  return 0;
}
