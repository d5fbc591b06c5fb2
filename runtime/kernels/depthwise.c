/*===- depthwise.c - depthwise 2-D convolution for compiled models ----------===*
 *
 * out[b, c, oy, ox] = start + sum_{ky, kx} in[b, c, oy*sh + ky*dh - pt,
 *                                              ox*sw + kx*dw - pl] * w[c, ky, kx]
 * on contiguous NCHW / CHW / NCHW buffers, then the epilogue (epilogue.h).
 * One filter per channel leaves nothing to pack and little to reuse, so the
 * kernel vectorizes along output columns: 16 lanes on AVX-512, masked at the
 * image border (stride 1: a masked load; stride 2: two masked loads and a
 * permute; otherwise a masked gather), four output rows at a time. Other
 * CPUs run the output column innermost, per tap over the columns inside the
 * row (compiled for AVX2 and for the baseline).
 *
 * The arithmetic is that of the loop nest it replaces (and of the padded
 * input it reads): every tap is a multiply then an add, in (ky, kx) order,
 * with positions in the padding read as +0 - so the outputs are the same
 * bits, signed zeros included.
 *
 *===----------------------------------------------------------------------===*/
#include "depthwise.h"
#include "isa.h"
#include "memref.h"

#include <immintrin.h>
#include <stdlib.h>

enum { MAX_TAPS = 64 };

/* The start value of an output plane's elements, and the epilogue after. */
static float start_value(const qat_epilogue *epi, int64_t c, float current) {
  if (!epi || !(epi->flags & (QAT_EPI_INIT_ZERO | QAT_EPI_INIT_BIAS)))
    return current;
  return epi->flags & QAT_EPI_INIT_BIAS ? epi->bias[c] : 0.0f;
}

static float finish_value(const qat_epilogue *epi, float v, const float *residual) {
  if (!epi)
    return v;
  if (epi->flags & QAT_EPI_RESIDUAL)
    v += *residual;
  return epi->flags & QAT_EPI_CLAMP ? qat_clamp(v, epi->lo, epi->hi) : v;
}

/* One output plane with the output column innermost, accumulating in the
 * output row: per tap, the columns whose input lies in the row form one
 * range [lo, hi), a loop the compiler vectorizes; the others add 0 * w like
 * the loops over the padded input do. Inlined into a plain and an AVX2
 * instance. */
__attribute__((always_inline)) static inline void
plane_rows(const float *in, int64_t height, int64_t width, const float *w, int64_t kh,
           int64_t kw, int64_t pt, int64_t pl, int64_t sh, int64_t sw, int64_t dh, int64_t dw,
           float *out, int64_t out_h, int64_t out_w, int64_t c, const qat_epilogue *epi,
           const float *residual) {
  for (int64_t oy = 0; oy < out_h; ++oy) {
    float *row = out + oy * out_w;
    for (int64_t ox = 0; ox < out_w; ++ox)
      row[ox] = start_value(epi, c, row[ox]);
    for (int64_t ky = 0; ky < kh; ++ky) {
      int64_t iy = oy * sh + ky * dh - pt;
      int row_inside = iy >= 0 && iy < height;
      for (int64_t kx = 0; kx < kw; ++kx) {
        float wt = w[ky * kw + kx], zero = 0.0f * wt;
        int64_t x0 = kx * dw - pl; /* input column of output column 0 */
        /* Columns ox with 0 <= ox * sw + x0 < width. */
        int64_t lo = x0 >= 0 ? 0 : (-x0 + sw - 1) / sw;
        int64_t hi = width - x0 <= 0 ? 0 : (width - x0 + sw - 1) / sw;
        lo = lo > out_w ? out_w : lo;
        hi = !row_inside ? lo : hi > out_w ? out_w : hi < lo ? lo : hi;
        for (int64_t ox = 0; ox < lo; ++ox)
          row[ox] = row[ox] + zero;
        const float *src = in + (row_inside ? iy : 0) * width + x0;
        if (sw == 1)
          for (int64_t ox = lo; ox < hi; ++ox)
            row[ox] = row[ox] + src[ox] * wt;
        else
          for (int64_t ox = lo; ox < hi; ++ox)
            row[ox] = row[ox] + src[ox * sw] * wt;
        for (int64_t ox = hi; ox < out_w; ++ox)
          row[ox] = row[ox] + zero;
      }
    }
    for (int64_t ox = 0; ox < out_w; ++ox)
      row[ox] = finish_value(epi, row[ox], residual ? residual + oy * out_w + ox : NULL);
  }
}

static void plane_portable(const float *in, int64_t height, int64_t width, const float *w,
                           int64_t kh, int64_t kw, int64_t pt, int64_t pl, int64_t sh,
                           int64_t sw, int64_t dh, int64_t dw, float *out, int64_t out_h,
                           int64_t out_w, int64_t c, const qat_epilogue *epi,
                           const float *residual) {
  plane_rows(in, height, width, w, kh, kw, pt, pl, sh, sw, dh, dw, out, out_h, out_w, c, epi,
             residual);
}

__attribute__((target("avx2"))) static void
plane_avx2(const float *in, int64_t height, int64_t width, const float *w, int64_t kh,
           int64_t kw, int64_t pt, int64_t pl, int64_t sh, int64_t sw, int64_t dh, int64_t dw,
           float *out, int64_t out_h, int64_t out_w, int64_t c, const qat_epilogue *epi,
           const float *residual) {
  plane_rows(in, height, width, w, kh, kw, pt, pl, sh, sw, dh, dw, out, out_h, out_w, c, epi,
             residual);
}

/* One output plane, 16 output columns per vector and ROWS output rows at a
 * time: each tap is a dependent add, so independent rows hide its latency. */
enum { ROWS = 4 };
__attribute__((target("avx512f"))) static void
plane_avx512(const float *in, int64_t height, int64_t width, const float *w, int64_t kh,
             int64_t kw, int64_t pt, int64_t pl, int64_t sh, int64_t sw, int64_t dh, int64_t dw,
             float *out, int64_t out_h, int64_t out_w, int64_t c, const qat_epilogue *epi,
             const float *residual) {
  int32_t flags = epi ? epi->flags : 0;
  __m512 lo = _mm512_set1_ps(epi ? epi->lo : 0.0f), hi = _mm512_set1_ps(epi ? epi->hi : 0.0f);
  int plus_zero = (flags & QAT_EPI_CLAMP) && qat_lo_is_plus_zero(epi->lo);
  __m512 taps[MAX_TAPS];
  for (int64_t t = 0; t < kh * kw; ++t)
    taps[t] = _mm512_set1_ps(w[t]);
  const __m512i lane = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  const __m512i step = _mm512_mullo_epi32(lane, _mm512_set1_epi32((int32_t)sw));
  const __m512i zero_i = _mm512_setzero_si512(), width_v = _mm512_set1_epi32((int32_t)width);
  const __m512i even = _mm512_mullo_epi32(lane, _mm512_set1_epi32(2));
  for (int64_t ox = 0; ox < out_w; ox += 16) {
    int64_t n = out_w - ox < 16 ? out_w - ox : 16;
    __mmask16 live = (__mmask16)((1u << n) - 1);
    /* Per kx: the input columns of the lanes and which are inside the row. */
    __m512i cols[MAX_TAPS];
    __mmask16 inside[MAX_TAPS], pair[MAX_TAPS][2];
    for (int64_t kx = 0; kx < kw; ++kx) {
      int32_t first = (int32_t)(ox * sw + kx * dw - pl);
      cols[kx] = _mm512_add_epi32(step, _mm512_set1_epi32(first));
      inside[kx] = live & _mm512_cmpge_epi32_mask(cols[kx], zero_i) &
                   _mm512_cmplt_epi32_mask(cols[kx], width_v);
      /* Stride 2: the 32 input columns [first, first + 32) as two vectors,
       * each lane kept if it is inside the row. */
      for (int h = 0; h < 2; ++h) {
        __m512i e = _mm512_add_epi32(lane, _mm512_set1_epi32(first + 16 * h));
        pair[kx][h] = _mm512_cmpge_epi32_mask(e, zero_i) & _mm512_cmplt_epi32_mask(e, width_v);
      }
    }
    for (int64_t oy0 = 0; oy0 < out_h; oy0 += ROWS) {
      int64_t rows = out_h - oy0 < ROWS ? out_h - oy0 : ROWS;
      __m512 acc[ROWS];
      for (int r = 0; r < ROWS; ++r) {
        float *dst = out + (oy0 + r) * out_w + ox;
        if (r >= rows || (flags & QAT_EPI_INIT_ZERO))
          acc[r] = _mm512_setzero_ps();
        else if (flags & QAT_EPI_INIT_BIAS)
          acc[r] = _mm512_set1_ps(epi->bias[c]);
        else
          acc[r] = _mm512_maskz_loadu_ps(live, dst);
      }
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
            __mmask16 m = row_inside[r] ? inside[kx] : 0;
            __m512 x;
            /* Masked-off lanes are not read: the addresses may lie off the row. */
            const float *at = (const float *)((uintptr_t)row[r] + shift);
            if (sw == 1) {
              x = _mm512_maskz_loadu_ps(m, at);
            } else if (sw == 2) { /* even lanes of 32 columns: no gather */
              __mmask16 m0 = row_inside[r] ? pair[kx][0] : 0, m1 = row_inside[r] ? pair[kx][1] : 0;
              x = _mm512_permutex2var_ps(_mm512_maskz_loadu_ps(m0, at), even,
                                         _mm512_maskz_loadu_ps(m1, at + 16));
            } else {
              x = _mm512_mask_i32gather_ps(_mm512_setzero_ps(), m, cols[kx], row[r], 4);
            }
            acc[r] = _mm512_add_ps(acc[r], _mm512_mul_ps(x, tap));
          }
        }
      }
      for (int r = 0; r < ROWS && r < rows; ++r) {
        int64_t at = (oy0 + r) * out_w + ox;
        __m512 v = acc[r];
        if (flags & QAT_EPI_RESIDUAL)
          v = _mm512_add_ps(v, _mm512_maskz_loadu_ps(live, residual + at));
        if (flags & QAT_EPI_CLAMP) { /* max/min return the second operand on NaN: v */
          v = _mm512_max_ps(lo, v);
          if (plus_zero)
            v = _mm512_add_ps(v, _mm512_setzero_ps());
          v = _mm512_min_ps(hi, v);
        }
        _mm512_mask_storeu_ps(out + at, live, v);
      }
    }
  }
}

void qat_depthwise_conv2d(int64_t batch, int64_t channels, int64_t height, int64_t width,
                          const float *input, int64_t pad_top, int64_t pad_left, int64_t kh,
                          int64_t kw, const float *weight, int64_t out_h, int64_t out_w,
                          int64_t sh, int64_t sw, int64_t dh, int64_t dw, float *output,
                          const qat_epilogue *epi) {
  /* 32-bit lane arithmetic for the gather's column indices. */
  /* The level comes from qat_isa() (QAT_ISA=avx2 or generic forces the
   * other paths on an AVX-512 CPU; the tests run each). */
  qat_isa_level isa = qat_isa();
  int avx2 = isa >= QAT_ISA_AVX2;
  int vector = isa >= QAT_ISA_AVX512 && kh * kw <= MAX_TAPS && kw <= MAX_TAPS &&
               width < (1 << 30) && out_w * sw + kw * dw < (1 << 30);
  for (int64_t img = 0; img < batch; ++img)
    for (int64_t c = 0; c < channels; ++c) {
      const float *in = input + (img * channels + c) * height * width;
      float *out = output + (img * channels + c) * out_h * out_w;
      const float *residual =
          epi && (epi->flags & QAT_EPI_RESIDUAL) ? epi->residual + (out - output) : NULL;
      const float *w = weight + c * kh * kw;
      if (vector)
        plane_avx512(in, height, width, w, kh, kw, pad_top, pad_left, sh, sw, dh, dw, out,
                     out_h, out_w, c, epi, residual);
      else
        (avx2 ? plane_avx2 : plane_portable)(in, height, width, w, kh, kw, pad_top, pad_left, sh,
                                             sw, dh, dw, out, out_h, out_w, c, epi, residual);
    }
}

/* The entry lowered code calls, on memref descriptors. */
void _mlir_ciface_qat_depthwise_conv2d_f32(qat_memref4d_f32 *in, qat_memref3d_f32 *w,
                                           qat_memref4d_f32 *out, qat_memref1d_f32 *bias,
                                           qat_memref1d_f32 *residual, int64_t pad_top,
                                           int64_t pad_left, int64_t sh, int64_t sw, int64_t dh,
                                           int64_t dw, int32_t flags, float lo, float hi) {
  qat_epilogue epi = {flags, bias->aligned + bias->offset, residual->aligned + residual->offset,
                      lo, hi};
  qat_depthwise_conv2d(in->sizes[0], in->sizes[1], in->sizes[2], in->sizes[3],
                       in->aligned + in->offset, pad_top, pad_left, w->sizes[1], w->sizes[2],
                       w->aligned + w->offset, out->sizes[2], out->sizes[3], sh, sw, dh, dw,
                       out->aligned + out->offset, flags ? &epi : NULL);
}
