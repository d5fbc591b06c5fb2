/*===- sgemm.c - packed f32 GEMM for compiled models ------------------------===*
 *
 * The entry points of sgemm.h (a GEMM, a convolution as an implicit GEMM, and
 * its weight gradient) and the memref wrappers lowered code calls. Each
 * describes its operands as packing sources (sgemm_internal.h) and hands them
 * to sgemm_dispatch (sgemm_dispatch.c), which runs the best micro-kernel for
 * the ISA level inside the BLIS loops (sgemm_blocked.c); when none can run
 * (the generic level, or no memory for the packed buffers), the portable
 * loops of sgemm_portable.c do. The file map is in sgemm_internal.h.
 *
 *===----------------------------------------------------------------------===*/
#include "sgemm.h"
#include "memref.h"
#include "sgemm_internal.h"
#include "conv_direct.h"
#include "conv_winograd.h"
#include "isa.h"
#include "thread_pool.h"

/* Rows x columns of C the AVX-512 kernel computes for an m x n product:
 * 12-row tiles whose last one runs 4, 8 or 12 rows, 32-column panels whose
 * last one runs 16 columns when it has no more. */
static int64_t padded_tiles(int64_t m, int64_t n) {
  int64_t rest = n % 32;
  return (m + 3) / 4 * 4 * (n - rest + (rest == 0 ? 0 : rest <= 16 ? 16 : 32));
}

/* Whether an m x n product (m rows of weights) is better computed as its
 * transpose, n x m: a pointwise convolution on a 7x7 image is 400 x 49, 49
 * columns in two 32-column panels (77% used); transposed, 49 rows in 12-row
 * tiles by 400 columns (90%). Only on AVX-512: AVX2's kernels store
 * transposed tiles one element at a time. */
static int transposed_pays(int64_t m, int64_t n) {
  return qat_isa() >= QAT_ISA_AVX512 && m >= 16 && n >= 16 &&
         padded_tiles(n, m) * 10 <= padded_tiles(m, n) * 9;
}

/* Whether a convolution group is computed pixel-major, read in place
 * (sgemm_conv_pixels.c), rather than by the windows (lanes along pixels):
 * when its pixels fill 32-lane panels at most 95% as well as its filters
 * fill 32-lane columns (resnet18's 14x14 and 7x7 layers: 196 pixels in 224
 * lanes, 49 in 64), and for 1x1 windows at stride 2, which the windows
 * read from a copy of the input split into phase planes. Alone on the Zen
 * 5, alternating in one process, 1 / 2 threads: 256 -> 256 on 14x14 0.96 /
 * 0.97 of the window's time, 128 -> 256 at stride 2 0.94 / 0.92, 512 -> 512
 * on 7x7 0.96 / 0.95 of the packed pixel-major GEMM's (which it replaces),
 * 1x1 stride-2 downsampling 0.82-0.91 / 0.53-0.82; 128 -> 128 on 28x28
 * (0.98 by the tiles) 1.04 / 1.34: left to the window. Only on AVX-512, as
 * transposed_pays. */
static int pixels_pay(const conv_direct_args *a) {
  int64_t m = a->filters, n = a->out_h * a->out_w;
  if (qat_isa() < QAT_ISA_AVX512 || m < 16 || n < 16)
    return 0;
  return padded_tiles(n, m) * 20 <= padded_tiles(m, n) * 19 ||
         (a->kh * a->kw == 1 && (a->sh > 1 || a->sw > 1));
}

/* `epi` for C^T: its per-row bias runs along C^T's columns. */
static const qat_epilogue *transposed_epilogue(const qat_epilogue *epi, qat_epilogue *storage) {
  if (!epi || !(epi->flags & QAT_EPI_INIT_BIAS))
    return epi;
  *storage = *epi;
  storage->flags |= QAT_EPI_BIAS_COLUMNS;
  return storage;
}

/* C = A B with a constant A (weights) as C^T = B^T A^T when transposed_pays:
 * A^T's panels come from the weight cache, B^T packs as contiguous runs,
 * the tiles are stored transposed (sgemm_kernels_avx512.c). Each element's
 * products are summed in the same order: the same bits. 0 when it ran. */
static int sgemm_transposed(int64_t m, int64_t n, int64_t k, const float *a, int64_t rs_a,
                            int64_t cs_a, const float *b, int64_t rs_b, int64_t cs_b, float *c,
                            int64_t rs_c, int64_t cs_c, const qat_epilogue *epi) {
  if (!transposed_pays(m, n))
    return 1;
  qat_epilogue columns;
  b_source src = {dense_packer(), a, cs_a, rs_a, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  return sgemm_dispatch(n, m, k, b, cs_b, rs_b, 0, NULL, &src, c, cs_c, rs_c,
                        transposed_epilogue(epi, &columns));
}


/* A window that computes a pointwise product in place (below), or NULL. */
typedef int (*window_route)(const conv_direct_args *a);

/* Constant weights by a dense input, C as wide as the input: a 1x1
 * convolution of one image, read in place rather than packed.
 *
 * On AVX-512 (pointwise_window_avx512) when it has at most 144 filters (12
 * tiles: the packed copy of the input is amortized over few tiles), unless
 * the product is better transposed or narrower than a panel (a GEMV:
 * squeeze-excitation's fully connected layers took twice as long as a
 * window). In-model on mobilenet_v2 (3 rounds) every such layer of 16-144
 * filters gained (0.17 -> 0.10 ms with 16 filters on 112x112, 0.24 -> 0.12
 * with 24 on 56x56, 0.21 -> 0.18 with 144) and every one of 192-576 lost
 * 0-10%; squeezenet1_1's 1000-filter classifier lost 13%.
 *
 * On AVX2 (conv2d_window_avx2 as a one-tap window), for at most 96
 * filters, a reduction of 32 or more and 784 outputs or more (400 with
 * 32 filters or more, whose panels the first tile packs as it computes:
 * squeezenet1_1's 256 -> 32 on 27x27 0.204 -> 0.190 ms alone, 32 <- 256
 * on 24x24 0.160 -> 0.145, 64 <- 256 on 21x21 0.220 -> 0.206; 24 filters
 * on 21x21, in-place tiles, 1.07): there the input's packed copy is read
 * by few tiles. On Zen 3, in-model
 * mobilenet_v2 (min of 3 rounds): its projections 144 -> 24 filters on
 * 56x56 0.446 -> 0.291 ms, 96 -> 24 0.320 -> 0.204, 32 -> 16 on 112x112
 * 0.305 -> 0.276; alone, 192 -> 32 on 28x28 0.145 -> 0.135, 480 -> 64
 * 0.555 -> 0.541. Stop 39 measured the in-place tile slower at every shape
 * (16 -> 96 on 112x112 0.60 packed against 0.88 ms), and these still are:
 * 16-channel inputs (16 -> 48 on 56x56 0.078 -> 0.083), 14x14 and 7x7
 * images (384 -> 64 on 14x14 0.132 -> 0.183; 960 -> 160 on 7x7 0.298 ->
 * 0.331), more filters (a wash at 96-144).
 *
 * The windows' arithmetic is the GEMM's: the same bits. */
static window_route pointwise_route(int64_t m, int64_t n, int64_t k, int64_t rs_a, int64_t cs_a,
                                    int a_constant, int64_t rs_b, int64_t cs_b, int b_constant,
                                    int64_t rs_c, int64_t cs_c, const qat_epilogue *epi) {
  if (!a_constant || b_constant || cs_a != 1 || rs_a != k || cs_b != 1 || rs_b != n ||
      cs_c != 1 || rs_c != n || (epi && (epi->flags & QAT_EPI_BIAS_COLUMNS)) ||
      transposed_pays(m, n))
    return NULL;
  if (qat_isa() >= QAT_ISA_AVX512 && n >= 32 && m <= 144)
    return pointwise_window_avx512;
  if (qat_isa() == QAT_ISA_AVX2 && n >= (m >= 32 ? 400 : 784) && m <= 96 && k >= 32)
    return conv2d_window_avx2;
  return NULL;
}

/* qat_sgemm past the pointwise windows: C^T when it pays, else the packed
 * GEMM, else the portable loops. */
static void sgemm_packed(int64_t m, int64_t n, int64_t k, const float *a, int64_t rs_a,
                         int64_t cs_a, int a_constant, const float *b, int64_t rs_b, int64_t cs_b,
                         int b_constant, float *c, int64_t rs_c, int64_t cs_c,
                         const qat_epilogue *epi) {
  if (a_constant && !b_constant && !(epi && (epi->flags & QAT_EPI_BIAS_COLUMNS)) &&
      sgemm_transposed(m, n, k, a, rs_a, cs_a, b, rs_b, cs_b, c, rs_c, cs_c, epi) == 0)
    return;
  b_source src = {dense_packer(), b, rs_b, cs_b, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                  b_constant};
  if (sgemm_dispatch(m, n, k, a, rs_a, cs_a, a_constant, NULL, &src, c, rs_c, cs_c, epi) == 0)
    return;
  epilogue_before(epi, m, n, c, rs_c, cs_c);
  sgemm_portable(m, n, k, a, rs_a, cs_a, b, rs_b, cs_b, c, rs_c, cs_c);
  epilogue_after(epi, m, n, c, rs_c, cs_c);
}

void qat_sgemm(int64_t m, int64_t n, int64_t k, const float *a, int64_t rs_a, int64_t cs_a,
               int a_constant, const float *b, int64_t rs_b, int64_t cs_b, int b_constant,
               float *c, int64_t rs_c, int64_t cs_c, const qat_epilogue *epi) {
  if (m <= 0 || n <= 0)
    return;
  if (k <= 0) { /* no product: the epilogue alone */
    epilogue_before(epi, m, n, c, rs_c, cs_c);
    epilogue_after(epi, m, n, c, rs_c, cs_c);
    return;
  }
  window_route window =
      pointwise_route(m, n, k, rs_a, cs_a, a_constant, rs_b, cs_b, b_constant, rs_c, cs_c, epi);
  if (window) { /* which splits its own work over the threads */
    conv_direct_args whole = {b, a, c, k, 1, n, 0, 0, m, 1, 1, 1, n, 1, 1, 1, 1, 1, epi};
    if (window(&whole) == 0)
      return;
  }
  sgemm_packed(m, n, k, a, rs_a, cs_a, a_constant, b, rs_b, cs_b, b_constant, c, rs_c, cs_c, epi);
}

/* One convolution's shape, and how its work is cut: `units` image-groups,
 * each into `parts` ranges of filters. */
typedef struct conv_job {
  int64_t channels, height, width, pad_top, pad_left, filters, groups, kh, kw, out_h, out_w,
      sh, sw, dh, dw;
  const float *input, *weight;
  int weight_constant;
  float *output;
  const qat_epilogue *epi;
  int64_t parts, align; /* filter ranges per image-group, cut at multiples of align */
} conv_job;

/* Filters [f0, f1) of image-group `unit`: the first route that takes them
 * computes them. */
static void conv_part(void *ctx, int64_t item) {
  const conv_job *j = (const conv_job *)ctx;
  int64_t unit = item / j->parts, part = item % j->parts;
  int64_t img = unit / j->groups, g = unit % j->groups;
  int64_t cg = j->channels / j->groups, fg = j->filters / j->groups;
  int64_t k = cg * j->kh * j->kw, n = j->out_h * j->out_w;
  int64_t f0, f1;
  qat_share(fg, j->align, j->parts, part, &f0, &f1);
  if (f0 >= f1)
    return;
  /* This image's group: its input channels, filters, outputs, and the
   * bias and residual that go with them. */
  const float *in = j->input + (img * j->channels + g * cg) * j->height * j->width;
  const float *w = j->weight + (g * fg + f0) * k;
  float *out = j->output + (img * j->filters + g * fg + f0) * n;
  const qat_epilogue *epi = j->epi;
  qat_epilogue part_epi;
  if (epi) {
    part_epi = *epi;
    if (epi->flags & QAT_EPI_INIT_BIAS)
      part_epi.bias = epi->bias + g * fg + f0;
    if (epi->flags & QAT_EPI_RESIDUAL)
      part_epi.residual = epi->residual + (out - j->output);
  }
  const qat_epilogue *e = epi ? &part_epi : NULL;
  int64_t nf = f1 - f0;
  /* Computed in place (conv_direct.h): windows of "same" padding at
   * stride 1 or 2, unless the pixel-major form pays (a 14x14 or 7x7
   * image); then few input channels (a stem) or one block of filters (a
   * group of 16); then pixel-major; then the packed GEMM. */
  conv_direct_args direct = {in,     w,      out,     cg,    j->height, j->width, j->pad_top,
                             j->pad_left, nf, j->kh, j->kw, j->out_h, j->out_w, j->sh,
                             j->sw,  j->dh,  j->dw,   j->weight_constant, e};
  if (conv2d_winograd(&direct) == 0)
    return;
  if (qat_isa() >= QAT_ISA_AVX512 && !pixels_pay(&direct) && conv2d_window_avx512(&direct) == 0)
    return;
  if (qat_isa() >= QAT_ISA_AVX512 && conv2d_direct_avx512(&direct) == 0)
    return;
  if (qat_isa() == QAT_ISA_AVX2 && conv2d_window_avx2(&direct) == 0)
    return;
  b_source src = {pack_im2col_b, in, 0, 0, cg, j->height, j->width, j->kh, j->kw, j->out_w,
                  j->sh, j->sw, j->dh, j->dw, j->pad_top, j->pad_left, 0, 0};
  if (k > 0 && pixels_pay(&direct) && conv_pixels(&direct, pixels_12x32) == 0)
    return;
  /* An AVX-512 packer where one applies (sgemm_dispatch.c's table). */
  src.pack = im2col_packer(&src);
  if (k > 0 && sgemm_dispatch(nf, n, k, w, k, 1, j->weight_constant, NULL, &src, out, n, 1, e) == 0)
    return;
  /* Portable: direct loops. */
  epilogue_before(e, nf, n, out, n, 1);
  conv2d_portable(cg, j->height, j->width, in, j->pad_top, j->pad_left, nf, j->kh, j->kw, w,
                  j->out_h, j->out_w, j->sh, j->sw, j->dh, j->dw, out);
  epilogue_after(e, nf, n, out, n, 1);
}

void qat_conv2d(int64_t batch, int64_t channels, int64_t height, int64_t width,
                const float *input, int64_t pad_top, int64_t pad_left, int64_t filters,
                int64_t groups, int64_t kh, int64_t kw, const float *weight,
                int weight_constant, int64_t out_h, int64_t out_w, int64_t sh, int64_t sw,
                int64_t dh, int64_t dw, float *output, const qat_epilogue *epi) {
  int64_t fg = filters / groups, n = out_h * out_w;
  if (fg <= 0 || n <= 0 || batch <= 0)
    return;
  /* With several threads, the image-groups are shared out whole when there
   * are enough of them (a batch, a grouped convolution). Otherwise the
   * routes split their own work, one image-group at a time: the windows by
   * panels of outputs (or by filters on small images), the GEMM by its
   * panels or tiles (packing a shared A once: by filters, each range packed
   * the whole image, resnet18's 7x7 layers' im2col twice on 2 threads, 1 ms
   * of CPU per run), except AVX-512's direct convolution: its image-groups
   * are cut into ranges of filters, as if into groups (each range reads the
   * whole input), at multiples of 4. */
  int64_t units = batch * groups;
  int64_t threads =
      qat_threads_for(units * fg * n * (channels / groups) * kh * kw, QAT_PARALLEL_MIN_MACS);
  int64_t parts = 1, align = 1;
  if (threads > 1 && units < 2 * threads) {
    conv_direct_args shape = {NULL, NULL, NULL, channels / groups, height, width, pad_top,
                              pad_left, fg, kh, kw, out_h, out_w, sh, sw, dh, dw,
                              weight_constant, epi};
    /* conv_part's routes, in its order: F(2x2, 3x3) and the windows split
     * their own work. */
    int splits_itself = conv2d_winograd_takes(&shape) ||
                        (!pixels_pay(&shape) && conv2d_window_avx512_takes(&shape));
    int direct =
        qat_isa() >= QAT_ISA_AVX512 && !splits_itself && conv2d_direct_avx512_takes(&shape);
    if (!direct)
      threads = 1;
    else {
      align = 4;
      parts = min64((threads + units - 1) / units, (fg + align - 1) / align);
    }
  }
  conv_job job = {channels, height, width, pad_top, pad_left, filters, groups, kh, kw, out_h,
                  out_w, sh, sw, dh, dw, input, weight, weight_constant, output, epi, parts,
                  align};
  if (threads > 1)
    qat_parallel_for(units * parts, conv_part, &job);
  else
    for (int64_t item = 0; item < units; ++item)
      conv_part(&job, item);
}

void qat_conv2d_weight_grad(int64_t batch, int64_t channels, int64_t height, int64_t width,
                            const float *input, int64_t pad_top, int64_t pad_left,
                            int64_t filters, int64_t kh, int64_t kw, const float *grad,
                            int64_t out_h, int64_t out_w, int64_t sh, int64_t sw, int64_t dh,
                            int64_t dw, float *output) {
  int64_t n = channels * kh * kw, k = batch * out_h * out_w;
  if (filters <= 0 || n <= 0)
    return;
  qat_epilogue zero = {QAT_EPI_INIT_ZERO, NULL, NULL, 0.0f, 0.0f};
  if (k <= 0) {
    epilogue_before(&zero, filters, n, output, n, 1);
    return;
  }
  a_source asrc = {pack_grad_a, grad, filters, out_h * out_w};
  b_source bsrc = {pack_patches_t_b, input, 0, 0, channels, height, width, kh, kw, out_w,
                   sh, sw, dh, dw, pad_top, pad_left, out_h, 0};
  if (sgemm_dispatch(filters, n, k, NULL, 0, 0, 0, &asrc, &bsrc, output, n, 1, &zero) == 0)
    return;
  /* Portable: direct loops, in (n, oh, ow) order per weight. */
  epilogue_before(&zero, filters, n, output, n, 1);
  conv2d_weight_grad_portable(batch, channels, height, width, input, pad_top, pad_left, filters,
                              kh, kw, grad, out_h, out_w, sh, sw, dh, dw, output);
}

/* The entries lowered code calls, on memref descriptors. `bias` (one value
 * per row of C / filter, contiguous) and `residual` (C's elements, contiguous)
 * are read only when `flags` (QAT_EPI_*) says so; the lowered code passes
 * some buffer otherwise. */
static const qat_epilogue *make_epilogue(qat_epilogue *epi, qat_memref1d_f32 *bias,
                                         qat_memref1d_f32 *residual, int32_t flags, float lo,
                                         float hi) {
  *epi = (qat_epilogue){flags, bias->aligned + bias->offset,
                        residual->aligned + residual->offset, lo, hi};
  return flags ? epi : NULL;
}

void _mlir_ciface_qat_sgemm_f32(qat_memref2d_f32 *a, qat_memref2d_f32 *b, qat_memref2d_f32 *c,
                                qat_memref1d_f32 *bias, qat_memref1d_f32 *residual,
                                int32_t trans_a, int32_t trans_b, int32_t a_constant,
                                int32_t b_constant, int32_t flags, float lo, float hi) {
  /* Logical A is [M, K] and B is [K, N]; a transposed operand swaps strides. */
  int64_t m = c->sizes[0], n = c->sizes[1];
  int64_t k = trans_a ? a->sizes[0] : a->sizes[1];
  int64_t rs_a = trans_a ? a->strides[1] : a->strides[0];
  int64_t cs_a = trans_a ? a->strides[0] : a->strides[1];
  int64_t rs_b = trans_b ? b->strides[1] : b->strides[0];
  int64_t cs_b = trans_b ? b->strides[0] : b->strides[1];
  qat_epilogue epi;
  const qat_epilogue *e = make_epilogue(&epi, bias, residual, flags, lo, hi);
  /* A batch-1 fully connected layer (x W^T, one row) is a GEMV: compute
   * C^T = W x^T, so that the one-column kernels run it over the cached
   * weight panels. The same products summed in the same order: the same
   * bits. Not with a per-row bias (it would run along C's columns); residual
   * and clamp are elementwise. With more rows the wide kernels take the
   * cached B panels directly: swapped, their tiles would be stored
   * transposed (12% of a 1024^3 product). */
  if (m == 1 && !a_constant && b_constant && !(flags & QAT_EPI_INIT_BIAS)) {
    qat_sgemm(n, m, k, b->aligned + b->offset, cs_b, rs_b, 1, a->aligned + a->offset, cs_a,
              rs_a, 0, c->aligned + c->offset, c->strides[1], c->strides[0], e);
    return;
  }
  qat_sgemm(m, n, k, a->aligned + a->offset, rs_a, cs_a, a_constant, b->aligned + b->offset,
            rs_b, cs_b, b_constant, c->aligned + c->offset, c->strides[0], c->strides[1], e);
}

/* NCHW input / F(C/G)HW filter of `groups` groups / NFHW output: the
 * lowered code passes contiguous buffers (identity layouts). */
void _mlir_ciface_qat_grouped_conv2d_f32(qat_memref4d_f32 *in, qat_memref4d_f32 *w,
                                         qat_memref4d_f32 *out, qat_memref1d_f32 *bias,
                                         qat_memref1d_f32 *residual, int64_t pad_top,
                                         int64_t pad_left, int64_t sh, int64_t sw, int64_t dh,
                                         int64_t dw, int64_t groups, int32_t weight_constant,
                                         int32_t flags, float lo, float hi) {
  qat_epilogue epi;
  qat_conv2d(in->sizes[0], in->sizes[1], in->sizes[2], in->sizes[3], in->aligned + in->offset,
             pad_top, pad_left, w->sizes[0], groups, w->sizes[2], w->sizes[3],
             w->aligned + w->offset, weight_constant, out->sizes[2], out->sizes[3], sh, sw, dh,
             dw, out->aligned + out->offset, make_epilogue(&epi, bias, residual, flags, lo, hi));
}

/* One group. */
void _mlir_ciface_qat_conv2d_f32(qat_memref4d_f32 *in, qat_memref4d_f32 *w,
                                 qat_memref4d_f32 *out, qat_memref1d_f32 *bias,
                                 qat_memref1d_f32 *residual, int64_t pad_top, int64_t pad_left,
                                 int64_t sh, int64_t sw, int64_t dh, int64_t dw,
                                 int32_t weight_constant, int32_t flags, float lo, float hi) {
  _mlir_ciface_qat_grouped_conv2d_f32(in, w, out, bias, residual, pad_top, pad_left, sh, sw, dh,
                                      dw, 1, weight_constant, flags, lo, hi);
}

/* NCHW input / NFHW gradient / FCHW weight gradient, contiguous. */
void _mlir_ciface_qat_conv2d_weight_grad_f32(qat_memref4d_f32 *in, qat_memref4d_f32 *grad,
                                             qat_memref4d_f32 *out, int64_t pad_top,
                                             int64_t pad_left, int64_t sh, int64_t sw,
                                             int64_t dh, int64_t dw) {
  qat_conv2d_weight_grad(in->sizes[0], in->sizes[1], in->sizes[2], in->sizes[3],
                         in->aligned + in->offset, pad_top, pad_left, out->sizes[0],
                         out->sizes[2], out->sizes[3], grad->aligned + grad->offset,
                         grad->sizes[2], grad->sizes[3], sh, sw, dh, dw,
                         out->aligned + out->offset);
}
