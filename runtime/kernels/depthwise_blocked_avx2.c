/*===- depthwise_blocked_avx2.c - AVX2 depthwise on blocks of 8 channels ---===*
 *
 * A whole depthwise layer with the channels in the vector lanes, as
 * onnxruntime's NCHWc kernels lay them out: per group of 8 channels the
 * input planes are transposed once into a zero-padded buffer of
 * [row][column][8 channels], every tap is then one plain load of 8 channels
 * at one position (any stride and dilation is an address step), and 8
 * output positions' sums are transposed back into the 8 NCHW planes.
 * Along NCHW rows (depthwise_avx2.c) a 7- or 14-column plane fills its
 * vectors 7/8 or 14/16, every plane pays its own setup, and stride 2 loads
 * 16 columns and shuffles per 8 outputs: mobilenet_v3_small's depthwise
 * layers (7x7 to 56x56 planes, half of them stride 2) ran at 1.5-2.6x
 * onnxruntime's time on Zen 3.
 *
 * The arithmetic is the loops' (depthwise.c): per output the start value
 * (bias or 0), then each tap a multiply and an add in (ky, kx) order with
 * the padding read as +0 (the buffer's border), then + residual and the
 * clamp, elementwise after the transpose back: the same bits at every
 * level. Layers whose start value is the output itself stay with the
 * planes (nothing lowered emits them for a depthwise layer).
 *
 *===----------------------------------------------------------------------===*/
#include "depthwise_internal.h"
#include "store_avx2.h"

#include <immintrin.h>
#include <stdlib.h>
#include <string.h>

enum { LANES = 8 };

/* Lanes [0, n) set (n in 0..8): a vmaskmovps mask. */
__attribute__((target("avx2"), always_inline)) static inline __m256i lanes_below(int64_t n) {
  return _mm256_cmpgt_epi32(_mm256_set1_epi32((int32_t)n),
                            _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

/* r[i] lane j becomes r[j] lane i. */
__attribute__((target("avx2"), always_inline)) static inline void transpose8(__m256 r[8]) {
  __m256 t0 = _mm256_unpacklo_ps(r[0], r[1]), t1 = _mm256_unpackhi_ps(r[0], r[1]);
  __m256 t2 = _mm256_unpacklo_ps(r[2], r[3]), t3 = _mm256_unpackhi_ps(r[2], r[3]);
  __m256 t4 = _mm256_unpacklo_ps(r[4], r[5]), t5 = _mm256_unpackhi_ps(r[4], r[5]);
  __m256 t6 = _mm256_unpacklo_ps(r[6], r[7]), t7 = _mm256_unpackhi_ps(r[6], r[7]);
  __m256 s0 = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(1, 0, 1, 0));
  __m256 s1 = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(3, 2, 3, 2));
  __m256 s2 = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(1, 0, 1, 0));
  __m256 s3 = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(3, 2, 3, 2));
  __m256 s4 = _mm256_shuffle_ps(t4, t6, _MM_SHUFFLE(1, 0, 1, 0));
  __m256 s5 = _mm256_shuffle_ps(t4, t6, _MM_SHUFFLE(3, 2, 3, 2));
  __m256 s6 = _mm256_shuffle_ps(t5, t7, _MM_SHUFFLE(1, 0, 1, 0));
  __m256 s7 = _mm256_shuffle_ps(t5, t7, _MM_SHUFFLE(3, 2, 3, 2));
  r[0] = _mm256_permute2f128_ps(s0, s4, 0x20);
  r[1] = _mm256_permute2f128_ps(s1, s5, 0x20);
  r[2] = _mm256_permute2f128_ps(s2, s6, 0x20);
  r[3] = _mm256_permute2f128_ps(s3, s7, 0x20);
  r[4] = _mm256_permute2f128_ps(s0, s4, 0x31);
  r[5] = _mm256_permute2f128_ps(s1, s5, 0x31);
  r[6] = _mm256_permute2f128_ps(s2, s6, 0x31);
  r[7] = _mm256_permute2f128_ps(s3, s7, 0x31);
}

/* The layer's geometry. The buffer holds padded rows [0, ph) and columns
 * [0, pw), exactly those the outputs' taps read: input (y, x) at
 * (y + pt, x + pl); the input rows [y0, y1) and columns [x0, x1) land
 * inside it, everything else in it is +0. */
typedef struct layer {
  int64_t channels, height, width, pt, pl, kh, kw, sh, sw, dh, dw, out_h, out_w;
  int64_t ph, pw, y0, y1, x0, x1;
  const qat_epilogue *epi;
} layer;

static int64_t clamp64(int64_t v, int64_t lo, int64_t hi) { return v < lo ? lo : v > hi ? hi : v; }

/* +0 in every buffer position no input lands on; the rest is rewritten per
 * group. `slack` floats after the rows too (the last vector of a row reads
 * up to 7 positions past the row's outputs). */
static void zero_border(const layer *L, float *buf, int64_t slack) {
  /* An input reaching past the window's extent (a padding larger than it)
   * lands on no row or column of the buffer. */
  int64_t row = L->pw * LANES;
  int64_t top = clamp64(L->y0 + L->pt, 0, L->ph), bottom = clamp64(L->y1 + L->pt, top, L->ph);
  int64_t left = clamp64(L->x0 + L->pl, 0, L->pw), right = clamp64(L->x1 + L->pl, left, L->pw);
  memset(buf, 0, (size_t)(top * row) * sizeof(float));
  for (int64_t y = top; y < bottom; ++y) {
    memset(buf + y * row, 0, (size_t)(left * LANES) * sizeof(float));
    memset(buf + y * row + right * LANES, 0, (size_t)((L->pw - right) * LANES) * sizeof(float));
  }
  memset(buf + bottom * row, 0, (size_t)((L->ph - bottom) * row + slack) * sizeof(float));
}

/* The `live` planes from `in` (NCHW planes, consecutive) into the buffer,
 * 8 columns of 8 channels per transpose; lanes of absent channels get +0. */
__attribute__((target("avx2"))) static void pack_group(const layer *L, const float *in,
                                                       int64_t live, float *buf) {
  int64_t plane = L->height * L->width;
  for (int64_t y = L->y0; y < L->y1; ++y) {
    float *dst_row = buf + ((y + L->pt) * L->pw + L->pl) * LANES;
    for (int64_t x = L->x0; x < L->x1; x += LANES) {
      int64_t n = L->x1 - x < LANES ? L->x1 - x : LANES;
      __m256i mask = lanes_below(n);
      __m256 r[LANES];
      for (int64_t c = 0; c < LANES; ++c) {
        const float *src = in + c * plane + y * L->width + x;
        r[c] = c >= live ? _mm256_setzero_ps()
               : n == LANES ? _mm256_loadu_ps(src)
                            : _mm256_maskload_ps(src, mask);
      }
      transpose8(r);
      /* Spelled out: as a loop, clang stored r to the stack and called
       * memcpy (7% of a 56x56 layer). */
      float *dst = dst_row + x * LANES;
      switch (n) {
      case 8: _mm256_store_ps(dst + 7 * LANES, r[7]); __attribute__((fallthrough));
      case 7: _mm256_store_ps(dst + 6 * LANES, r[6]); __attribute__((fallthrough));
      case 6: _mm256_store_ps(dst + 5 * LANES, r[5]); __attribute__((fallthrough));
      case 5: _mm256_store_ps(dst + 4 * LANES, r[4]); __attribute__((fallthrough));
      case 4: _mm256_store_ps(dst + 3 * LANES, r[3]); __attribute__((fallthrough));
      case 3: _mm256_store_ps(dst + 2 * LANES, r[2]); __attribute__((fallthrough));
      case 2: _mm256_store_ps(dst + 1 * LANES, r[1]); __attribute__((fallthrough));
      default: _mm256_store_ps(dst, r[0]);
      }
    }
  }
}

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
      const float *row = buf + ((oy * L->sh + ky * L->dh) * L->pw + ox * SW) * LANES;
      const __m256 *w = wt + ky * L->kw;
      for (int64_t kx = 0; kx < L->kw; ++kx) {
        const float *src = row + kx * L->dw * LANES;
        for (int i = 0; i < LANES; ++i)
          acc[i] = _mm256_add_ps(acc[i], _mm256_mul_ps(_mm256_load_ps(src + i * step), w[kx]));
      }
    }
    transpose8(acc); /* acc[c]: channel c's outputs ox .. ox + 7 */
    __m256i mask = lanes_below(n);
    for (int64_t c = 0; c < live; ++c) {
      int64_t at = c * plane + oy * L->out_w + ox;
      __m256 v = acc[c];
      if (flags & QAT_EPI_RESIDUAL)
        v = _mm256_add_ps(v, n == LANES ? _mm256_loadu_ps(residual + at)
                                        : _mm256_maskload_ps(residual + at, mask));
      if (flags & QAT_EPI_CLAMP) { /* max/min return the second operand on NaN: v */
        v = _mm256_max_ps(lo, v);
        if (plus_zero) /* -0 + +0 = +0; every other value is unchanged */
          v = _mm256_add_ps(v, _mm256_setzero_ps());
        v = _mm256_min_ps(hi, v);
      }
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

__attribute__((target("avx2"))) int depthwise_blocked_avx2(int64_t batch, int64_t channels, int64_t height, int64_t width,
                           const float *input, int64_t pt, int64_t pl, int64_t kh, int64_t kw,
                           const float *weight, int64_t out_h, int64_t out_w, int64_t sh,
                           int64_t sw, int64_t dh, int64_t dw, float *output,
                           const qat_epilogue *epi) {
  int32_t flags = epi ? epi->flags : 0;
  if (!(flags & (QAT_EPI_INIT_ZERO | QAT_EPI_INIT_BIAS)) || kh * kw > DW_MAX_TAPS ||
      out_h < 1 || out_w < 1)
    return 1;
  layer L = {channels, height, width, pt, pl, kh, kw, sh, sw, dh, dw, out_h, out_w,
             (out_h - 1) * sh + (kh - 1) * dh + 1, (out_w - 1) * sw + (kw - 1) * dw + 1,
             0, 0, 0, 0, epi};
  L.y0 = clamp64(-pt, 0, height);
  L.y1 = clamp64(L.ph - pt, L.y0, height);
  L.x0 = clamp64(-pl, 0, width);
  L.x1 = clamp64(L.pw - pl, L.x0, width);
  int64_t slack = LANES * sw * LANES;
  float *buf = aligned_alloc(32, (size_t)((L.ph * L.pw + slack / LANES) * LANES) * sizeof(float));
  if (!buf)
    return 1;
  zero_border(&L, buf, slack);
  __m256 wt[DW_MAX_TAPS] __attribute__((aligned(32)));
  int64_t taps = kh * kw, plane_in = height * width, plane_out = out_h * out_w;
  for (int64_t img = 0; img < batch; ++img)
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
      int64_t first = img * channels + c0;
      pack_group(&L, input + first * plane_in, live, buf);
      float *out = output + first * plane_out;
      const float *residual = flags & QAT_EPI_RESIDUAL ? epi->residual + first * plane_out : NULL;
      (sw == 1 ? rows_s1 : sw == 2 ? rows_s2 : rows_any)(&L, buf, wt, start, live, out, residual);
    }
  free(buf);
  return 0;
}
