/*===- depthwise.c - depthwise 2-D convolution for compiled models ----------===*
 *
 * out[b, c, oy, ox] = start + sum_{ky, kx} in[b, c, oy*sh + ky*dh - pt,
 *                                              ox*sw + kx*dw - pl] * w[c, ky, kx]
 * on contiguous NCHW / CHW / NCHW buffers, then the epilogue (epilogue.h).
 * One filter per channel leaves nothing to pack and little to reuse, so the
 * kernel vectorizes along output columns: on AVX-512 the planes of
 * depthwise_avx512.c, 16 lanes masked at the image border; on AVX2 those of
 * depthwise_avx2.c (3x3 and 5x5, 8 lanes) for layers of fewer than 8
 * channels, and across channels for the others (depthwise_blocked_avx2.c:
 * 8 channels per vector). Other shapes and CPUs run the output column
 * innermost, per tap over the columns inside the row (this file, compiled
 * for AVX2 and for the baseline).
 *
 * The arithmetic is that of the loop nest it replaces (and of the padded
 * input it reads): every tap is a multiply then an add, in (ky, kx) order,
 * with positions in the padding read as +0 - so the outputs are the same
 * bits, signed zeros included.
 *
 *===----------------------------------------------------------------------===*/
#include "depthwise.h"
#include "depthwise_internal.h"
#include "isa.h"
#include "thread_pool.h"
#include "memref.h"

#include <stdlib.h>

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

static void depthwise_serial(int64_t batch, int64_t channels, int64_t height, int64_t width,
                             const float *input, int64_t pad_top, int64_t pad_left, int64_t kh,
                             int64_t kw, const float *weight, int64_t out_h, int64_t out_w,
                             int64_t sh, int64_t sw, int64_t dh, int64_t dw, float *output,
                             const qat_epilogue *epi) {
  /* The level comes from qat_isa() (QAT_ISA=avx2 or generic forces the
   * other paths on an AVX-512 CPU; the tests run each). The AVX-512 planes
   * compute the gather's column indices in 32-bit lanes. */
  qat_isa_level isa = qat_isa();
  int avx2 = isa >= QAT_ISA_AVX2;
  int vector = isa >= QAT_ISA_AVX512 && kh * kw <= DW_MAX_TAPS && kw <= DW_MAX_TAPS &&
               width < (1 << 30) && out_w * sw + kw * dw < (1 << 30);
  if (vector && depthwise_flat_avx512(batch, channels, height, width, input, pad_top, pad_left,
                                      kh, kw, weight, out_h, out_w, sh, sw, dh, dw, output,
                                      epi) == 0)
    return;
  /* Below AVX-512, layers of 8 channels or more on blocks of 8 channels
   * (depthwise_blocked_avx2.c): faster than the planes at every shape
   * measured (1.2x on 32 x 112 x 112 3x3 to 2x on 576 x 7 x 7 5x5, alone on
   * Zen 3); with fewer channels most lanes would idle (1 x 112 x 112: 0.01
   * ms as a plane, 0.04 blocked). */
  if (avx2 && !vector && channels >= 8 &&
      depthwise_blocked_avx2(batch, channels, height, width, input, pad_top, pad_left, kh, kw,
                             weight, out_h, out_w, sh, sw, dh, dw, output, epi) == 0)
    return;
  /* A row of zeros the AVX-512 and AVX2 planes read for input rows in the
   * padding (without one they take the general loops): never written, so
   * shared. */
  static float zeros[4096];
  float *allocated = avx2 && width > 4096 ? calloc((size_t)width, sizeof(float)) : NULL;
  const float *zero_row = width <= 4096 ? zeros : allocated;
  /* The AVX-512 stride-2 planes' split copy of each input plane, one for
   * the layer. */
  float *scratch = vector && sh == 2 ? malloc((size_t)(height * width) * sizeof(float)) : NULL;
  for (int64_t img = 0; img < batch; ++img)
    for (int64_t c = 0; c < channels; ++c) {
      const float *in = input + (img * channels + c) * height * width;
      float *out = output + (img * channels + c) * out_h * out_w;
      const float *residual =
          epi && (epi->flags & QAT_EPI_RESIDUAL) ? epi->residual + (out - output) : NULL;
      const float *w = weight + c * kh * kw;
      dw_plane p = {in, w,  zero_row, residual, out,   height, width, kh,  kw,     pad_top,
                    pad_left, sh, sw,       dh,       dw,    out_h,  out_w, c,   epi,    scratch};
      if (vector)
        depthwise_plane_avx512(&p);
      else if (!avx2 || !depthwise_plane_avx2(&p))
        (avx2 ? plane_avx2 : plane_portable)(in, height, width, w, kh, kw, pad_top, pad_left, sh,
                                             sw, dh, dw, out, out_h, out_w, c, epi, residual);
    }
  free(allocated);
  free(scratch);
}

/* A layer cut into ranges of channels per image, at multiples of the
 * level's channel block (16 on AVX-512, 8 below: 48 channels in blocks of
 * 16 were ranges of 16 and 32), one per thread or, with a batch, per
 * image. Each channel is computed as on one thread: the same bits. */
typedef struct depthwise_job {
  int64_t batch, channels, height, width, pad_top, pad_left, kh, kw, out_h, out_w, sh, sw, dh,
      dw;
  const float *input, *weight;
  float *output;
  const qat_epilogue *epi;
  int64_t parts, block;
} depthwise_job;

static void depthwise_part(void *ctx, int64_t item) {
  const depthwise_job *j = (const depthwise_job *)ctx;
  int64_t img = item / j->parts, c0, c1;
  qat_share(j->channels, j->block, j->parts, item % j->parts, &c0, &c1);
  if (c0 >= c1)
    return;
  int64_t first = img * j->channels + c0;
  float *out = j->output + first * j->out_h * j->out_w;
  qat_epilogue part_epi;
  if (j->epi) {
    part_epi = *j->epi;
    if (j->epi->flags & QAT_EPI_INIT_BIAS)
      part_epi.bias = j->epi->bias + c0;
    if (j->epi->flags & QAT_EPI_RESIDUAL)
      part_epi.residual = j->epi->residual + (out - j->output);
  }
  depthwise_serial(1, c1 - c0, j->height, j->width, j->input + first * j->height * j->width,
                   j->pad_top, j->pad_left, j->kh, j->kw, j->weight + c0 * j->kh * j->kw,
                   j->out_h, j->out_w, j->sh, j->sw, j->dh, j->dw, out,
                   j->epi ? &part_epi : NULL);
}

void qat_depthwise_conv2d(int64_t batch, int64_t channels, int64_t height, int64_t width,
                          const float *input, int64_t pad_top, int64_t pad_left, int64_t kh,
                          int64_t kw, const float *weight, int64_t out_h, int64_t out_w,
                          int64_t sh, int64_t sw, int64_t dh, int64_t dw, float *output,
                          const qat_epilogue *epi) {
  int64_t threads =
      qat_threads_for(batch * channels * out_h * out_w * kh * kw, QAT_PARALLEL_MIN_TAPS);
  if (threads == 1 || batch <= 0 || channels <= 0) {
    depthwise_serial(batch, channels, height, width, input, pad_top, pad_left, kh, kw, weight,
                     out_h, out_w, sh, sw, dh, dw, output, epi);
    return;
  }
  int64_t parts = batch >= 2 * threads ? 1 : (threads + batch - 1) / batch;
  int64_t block = qat_isa() >= QAT_ISA_AVX512 ? 16 : 8, blocks = (channels + block - 1) / block;
  depthwise_job job = {batch, channels, height, width, pad_top, pad_left, kh, kw, out_h, out_w,
                       sh, sw, dh, dw, input, weight, output, epi,
                       parts < blocks ? parts : blocks, block};
  qat_parallel_for(batch * job.parts, depthwise_part, &job);
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
