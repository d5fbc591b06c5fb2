/*===- sgemm_portable.c - the f32 GEMM without a micro-kernel ---------------===*
 *
 * The generic level (QAT_ISA=generic, or a CPU without AVX2 and FMA) and the
 * fallback when no kernel variant could allocate its buffers: direct loops
 * for the GEMM, the convolution and its weight gradient, and the epilogue
 * around them as separate passes. They multiply then add (no FMA; the
 * library is compiled with -ffp-contract=off), in K order.
 *
 *===----------------------------------------------------------------------===*/
#include "sgemm_internal.h"

/* The epilogue around a plain accumulation (the portable paths): the start
 * value before, residual and clamp after - the same additions in the same
 * order as the kernels' stores. */
void epilogue_before(const qat_epilogue *epi, int64_t m, int64_t n, float *c, int64_t rs_c,
                     int64_t cs_c) {
  if (!epi || !(epi->flags & (QAT_EPI_INIT_ZERO | QAT_EPI_INIT_BIAS)))
    return;
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j)
      c[i * rs_c + j * cs_c] = epi->flags & QAT_EPI_INIT_BIAS ? epi->bias[i] : 0.0f;
}

void epilogue_after(const qat_epilogue *epi, int64_t m, int64_t n, float *c, int64_t rs_c,
                    int64_t cs_c) {
  if (!epi || !(epi->flags & (QAT_EPI_RESIDUAL | QAT_EPI_CLAMP)))
    return;
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      float v = c[i * rs_c + j * cs_c];
      if (epi->flags & QAT_EPI_RESIDUAL)
        v += epi->residual[i * rs_c + j * cs_c];
      if (epi->flags & QAT_EPI_CLAMP)
        v = qat_clamp(v, epi->lo, epi->hi);
      c[i * rs_c + j * cs_c] = v;
    }
}

void sgemm_portable(int64_t m, int64_t n, int64_t k, const float *a, int64_t rs_a, int64_t cs_a,
                    const float *b, int64_t rs_b, int64_t cs_b, float *c, int64_t rs_c,
                    int64_t cs_c) {
  for (int64_t i = 0; i < m; ++i)
    for (int64_t p = 0; p < k; ++p) {
      float av = a[i * rs_a + p * cs_a];
      for (int64_t j = 0; j < n; ++j)
        c[i * rs_c + j * cs_c] += av * b[p * rs_b + j * cs_b];
    }
}

/* qat_conv2d of one image [channels, height, width] into its output
 * [filters, out_h, out_w]: C += the products, as direct loops. */
void conv2d_portable(int64_t channels, int64_t height, int64_t width, const float *in,
                     int64_t pad_top, int64_t pad_left, int64_t filters, int64_t kh, int64_t kw,
                     const float *weight, int64_t out_h, int64_t out_w, int64_t sh, int64_t sw,
                     int64_t dh, int64_t dw, float *out) {
  for (int64_t f = 0; f < filters; ++f)
    for (int64_t c = 0; c < channels; ++c)
      for (int64_t y = 0; y < kh; ++y)
        for (int64_t x = 0; x < kw; ++x) {
          float wv = weight[((f * channels + c) * kh + y) * kw + x];
          for (int64_t oy = 0; oy < out_h; ++oy)
            for (int64_t ox = 0; ox < out_w; ++ox) {
              int64_t iy = oy * sh + y * dh - pad_top, ix = ox * sw + x * dw - pad_left;
              if (iy >= 0 && iy < height && ix >= 0 && ix < width)
                out[(f * out_h + oy) * out_w + ox] += wv * in[(c * height + iy) * width + ix];
            }
        }
}

/* qat_conv2d_weight_grad as direct loops, in (n, oh, ow) order per weight:
 * output += the sums (the caller zeroes it first). */
void conv2d_weight_grad_portable(int64_t batch, int64_t channels, int64_t height, int64_t width,
                                 const float *input, int64_t pad_top, int64_t pad_left,
                                 int64_t filters, int64_t kh, int64_t kw, const float *grad,
                                 int64_t out_h, int64_t out_w, int64_t sh, int64_t sw,
                                 int64_t dh, int64_t dw, float *output) {
  for (int64_t img = 0; img < batch; ++img)
    for (int64_t f = 0; f < filters; ++f)
      for (int64_t c = 0; c < channels; ++c)
        for (int64_t y = 0; y < kh; ++y)
          for (int64_t x = 0; x < kw; ++x) {
            float acc = 0.0f;
            for (int64_t oy = 0; oy < out_h; ++oy)
              for (int64_t ox = 0; ox < out_w; ++ox) {
                int64_t iy = oy * sh + y * dh - pad_top, ix = ox * sw + x * dw - pad_left;
                if (iy >= 0 && iy < height && ix >= 0 && ix < width)
                  acc += grad[((img * filters + f) * out_h + oy) * out_w + ox] *
                         input[((img * channels + c) * height + iy) * width + ix];
              }
            output[((f * channels + c) * kh + y) * kw + x] += acc;
          }
}
