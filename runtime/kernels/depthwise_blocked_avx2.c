/*===- depthwise_blocked_avx2.c - AVX2 depthwise on blocks of 8 channels ---===*
 *
 * A whole depthwise layer with 8 channels in the vector lanes
 * (blocked_avx2.h): per group of 8 channels the input planes go into a
 * zero-bordered block buffer, each output position's taps are loads at
 * address steps, and 8 positions' sums go back into the 8 planes. Along
 * NCHW rows (depthwise_avx2.c) mobilenet_v3_small's depthwise layers (7x7
 * to 56x56 planes, half of them stride 2) ran at 1.5-2.6x onnxruntime's
 * time on Zen 3.
 *
 * The arithmetic is the loops' (depthwise.c): per output the start value
 * (bias or 0), then each tap a multiply and an add in (ky, kx) order with
 * the padding read as +0 (the buffer's border), then + residual and the
 * clamp, elementwise after the transpose back: the same bits at every
 * level. Layers whose start value is the output itself stay with the
 * planes.
 *
 *===----------------------------------------------------------------------===*/
#include "blocked_avx2.h"
#include "scratch.h"
#include "depthwise_internal.h"
#include "store_avx2.h"

#include <immintrin.h>
#include <stdlib.h>

enum { LANES = BLOCK_LANES };

/* The layer: its blocks' layout and the window. */
typedef struct layer {
  block_layout b;
  int64_t kh, kw, sh, sw, dh, dw, out_h, out_w;
  const qat_epilogue *epi;
} layer;

/* Output row oy of the group: 8 positions at a time (the last vector's
 * surplus positions read the row's next positions or the slack and are not
 * stored), transposed into the `live` planes at `out`, + residual, clamp. */
__attribute__((target("avx2"), always_inline)) static inline void
row_group(const int64_t SW, const layer *L, const float *buf, const __m256 *wt, __m256 start,
          int64_t live, int64_t oy, float *out, const float *residual) {
  const qat_epilogue *epi = L->epi;
  int32_t flags = epi->flags;
  int plus_zero = (flags & QAT_EPI_CLAMP) && qat_lo_is_plus_zero(epi->lo);
  __m256 lo = _mm256_set1_ps(epi->lo), hi = _mm256_set1_ps(epi->hi);
  int64_t plane = L->out_h * L->out_w, step = SW * LANES;
  for (int64_t ox = 0; ox < L->out_w; ox += LANES) {
    int64_t n = L->out_w - ox < LANES ? L->out_w - ox : LANES;
    __m256 acc[LANES];
    for (int i = 0; i < LANES; ++i)
      acc[i] = start;
    for (int64_t ky = 0; ky < L->kh; ++ky) {
      const float *row = buf + ((oy * L->sh + ky * L->dh) * L->b.pw + ox * SW) * LANES;
      const __m256 *w = wt + ky * L->kw;
      for (int64_t kx = 0; kx < L->kw; ++kx) {
        const float *src = row + kx * L->dw * LANES;
        for (int i = 0; i < LANES; ++i)
          acc[i] = _mm256_add_ps(acc[i], _mm256_mul_ps(_mm256_load_ps(src + i * step), w[kx]));
      }
    }
    block_transpose8(acc); /* acc[c]: channel c's outputs ox .. ox + 7 */
    __m256i mask = first_lanes_avx2(n);
    for (int64_t c = 0; c < live; ++c) {
      int64_t at = c * plane + oy * L->out_w + ox;
      __m256 v = acc[c];
      if (flags & QAT_EPI_RESIDUAL)
        v = _mm256_add_ps(v, n == LANES ? _mm256_loadu_ps(residual + at)
                                        : _mm256_maskload_ps(residual + at, mask));
      if (flags & QAT_EPI_CLAMP)
        v = clamp_avx2(v, lo, hi, plus_zero);
      store_first_avx2(out + at, v, n);
    }
  }
}

/* The column stride a constant where it is 1 or 2: the positions' loads
 * then take immediate offsets. */
__attribute__((target("avx2"))) static void rows_s1(const layer *L, const float *buf,
                                                    const __m256 *wt, __m256 start, int64_t live,
                                                    float *out, const float *residual) {
  for (int64_t oy = 0; oy < L->out_h; ++oy)
    row_group(1, L, buf, wt, start, live, oy, out, residual);
}
__attribute__((target("avx2"))) static void rows_s2(const layer *L, const float *buf,
                                                    const __m256 *wt, __m256 start, int64_t live,
                                                    float *out, const float *residual) {
  for (int64_t oy = 0; oy < L->out_h; ++oy)
    row_group(2, L, buf, wt, start, live, oy, out, residual);
}
__attribute__((target("avx2"))) static void rows_any(const layer *L, const float *buf,
                                                     const __m256 *wt, __m256 start, int64_t live,
                                                     float *out, const float *residual) {
  for (int64_t oy = 0; oy < L->out_h; ++oy)
    row_group(L->sw, L, buf, wt, start, live, oy, out, residual);
}

__attribute__((target("avx2"))) int
depthwise_blocked_avx2(int64_t batch, int64_t channels, int64_t height, int64_t width,
                       const float *input, int64_t pt, int64_t pl, int64_t kh, int64_t kw,
                       const float *weight, int64_t out_h, int64_t out_w, int64_t sh, int64_t sw,
                       int64_t dh, int64_t dw, float *output, const qat_epilogue *epi) {
  int32_t flags = epi ? epi->flags : 0;
  if (!(flags & (QAT_EPI_INIT_ZERO | QAT_EPI_INIT_BIAS)) || kh * kw > DW_MAX_TAPS ||
      out_h < 1 || out_w < 1)
    return 1;
  layer L = {block_layout_make(height, width, pt, pl, kh, kw, sh, sw, dh, dw, out_h, out_w),
             kh, kw, sh, sw, dh, dw, out_h, out_w, epi};
  float *buf = block_buffer(&L.b, 0.0f);
  if (!buf)
    return 1;
  __m256 wt[DW_MAX_TAPS] __attribute__((aligned(32)));
  int64_t taps = kh * kw, plane_in = height * width, plane_out = out_h * out_w;
  /* Channel groups outside, images inside: a group's weights and start
   * values are gathered once for the batch. */
  for (int64_t c0 = 0; c0 < channels; c0 += LANES) {
    int64_t live = channels - c0 < LANES ? channels - c0 : LANES;
    float lanes[LANES] __attribute__((aligned(32)));
    for (int64_t t = 0; t < taps; ++t) {
      for (int64_t c = 0; c < LANES; ++c)
        lanes[c] = c < live ? weight[(c0 + c) * taps + t] : 0.0f;
      wt[t] = _mm256_load_ps(lanes);
    }
    for (int64_t c = 0; c < LANES; ++c)
      lanes[c] = c < live && (flags & QAT_EPI_INIT_BIAS) ? epi->bias[c0 + c] : 0.0f;
    __m256 start = _mm256_load_ps(lanes);
    for (int64_t img = 0; img < batch; ++img) {
      int64_t first = img * channels + c0;
      block_pack(&L.b, input + first * plane_in, live, buf);
      float *out = output + first * plane_out;
      const float *residual = flags & QAT_EPI_RESIDUAL ? epi->residual + first * plane_out : NULL;
      (sw == 1 ? rows_s1 : sw == 2 ? rows_s2 : rows_any)(&L, buf, wt, start, live, out, residual);
    }
  }
  scratch_free(buf);
  return 0;
}
