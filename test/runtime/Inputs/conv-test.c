/* Random convolutions through qat_conv2d (runtime/kernels/sgemm.c), at the
 * ISA level QAT_ISA selects: batches of 1-2, 1-2 groups, 1-40 channels and
 * 20-64 filters per group, windows of 1-5 x 1-5 (1x1: the pointwise
 * windows at batch 2 or stride 2), strides 1 and 2, dilations
 * 1 and 2, "same" or any padding, every epilogue (bias, zero start or C's
 * contents, residual, clamp), constant or changing weights: the shapes that
 * route a convolution to the in-place windows (stride 1 and 2, flat and by
 * rows), the direct convolution, the pixel-major product and the im2col
 * GEMM. Per case one line: the shape, a hash of the output's bits (the
 * AVX-512 paths must give the AVX2 GEMM's bits: lit compares the lines),
 * whether it agrees with a double-precision reference within 1e-4 of the
 * largest magnitude (every level, the portable loops too), and whether its
 * bits are those of the packed GEMM of the same level (sgemm_dispatch over
 * packed im2col or dense panels; not at the generic level, which has
 * none), which the in-place paths replace. Then the pointwise convolutions
 * qat_sgemm takes (pointwise_cases), and products of a changing A
 * (gemm_cases). */
#include "isa.h"
#include "random-cases.h"
#include "test-threads.h"
#include "sgemm.h"
#include "sgemm_internal.h"
#include "conv_winograd.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static float value(void) { return (float)((int)(next() % 2001) - 1000) / 997.0f; }

static const int32_t kFlags[4] = {0, QAT_EPI_INIT_BIAS | QAT_EPI_CLAMP,
                                  QAT_EPI_INIT_ZERO | QAT_EPI_RESIDUAL,
                                  QAT_EPI_INIT_BIAS | QAT_EPI_RESIDUAL | QAT_EPI_CLAMP};

/* One line per case: its hash of the output's bits and whether every output
 * is within 1e-4 of the largest reference magnitude. 1 when it is not. */
static int report(const char *shape, const float *out, const double *ref, const float *gemm,
                  size_t no) {
  if (gemm && memcmp(out, gemm, no * sizeof(float)) != 0) {
    printf("%s: WRONG: not the packed GEMM's bits\n", shape);
    return 1;
  }
  double worst = 0.0, largest = 1.0;
  unsigned long long hash = 1469598103934665603ull;
  for (size_t i = 0; i < no; ++i) {
    unsigned bits;
    memcpy(&bits, &out[i], sizeof bits);
    hash = (hash ^ bits) * 1099511628211ull;
    double d = fabs(out[i] - ref[i]);
    worst = d > worst ? d : worst;
    largest = fabs(ref[i]) > largest ? fabs(ref[i]) : largest;
  }
  int ok = worst <= 1e-4 * largest;
  printf("%s: %016llx %s\n", shape, hash, ok ? "ok" : "WRONG");
  return !ok;
}

/* The convolution as the packed GEMM of this level computes it (qat_conv2d's
 * last resort before the portable loops): per image and group, im2col
 * panels packed from the input, the weights packed per call. `out` starts
 * as C's contents. 0 when it ran; 1 at the generic level (no kernels). */
static int gemm_conv(int batch, int channels, int h, int w, const float *in, int pt, int pl,
                     int filters, int groups, int kh, int kw, const float *wt, int oh, int ow,
                     int s, int dh, int dw, float *out, const qat_epilogue *epi) {
  int64_t cg = channels / groups, fg = filters / groups, k = cg * kh * kw, n = (int64_t)oh * ow;
  for (int img = 0; img < batch; ++img)
    for (int g = 0; g < groups; ++g) {
      float *o = out + ((int64_t)img * filters + g * fg) * n;
      qat_epilogue part;
      if (epi) {
        part = *epi;
        if (epi->flags & QAT_EPI_INIT_BIAS)
          part.bias = epi->bias + g * fg;
        if (epi->flags & QAT_EPI_RESIDUAL)
          part.residual = epi->residual + (o - out);
      }
      b_source src = {pack_im2col_b, in + ((int64_t)img * channels + g * cg) * h * w, 0, 0, cg, h,
                      w, kh, kw, ow, s, s, dh, dw, pt, pl, 0, 0};
      if (sgemm_dispatch(fg, n, k, wt + g * fg * k, k, 1, 0, NULL, &src, o, n, 1,
                         epi ? &part : NULL) != 0)
        return 1;
    }
  return 0;
}

/* A random product's operands: A (m x k), B (k x cols, row-major), C's
 * contents (half the residual), the residual, a bias per row of C, and the
 * reference's room. */
typedef struct product {
  float *a, *b, *c, *res, *bias;
  double *ref;
} product;

static product product_make(int m, int k, int cols) {
  size_t na = (size_t)m * k, nb = (size_t)k * cols, no = (size_t)m * cols;
  product p = {malloc(na * sizeof(float)), malloc(nb * sizeof(float)),
               malloc(no * sizeof(float)), malloc(no * sizeof(float)),
               malloc((size_t)m * sizeof(float)), malloc(no * sizeof(double))};
  for (size_t i = 0; i < na; ++i)
    p.a[i] = value();
  for (size_t i = 0; i < nb; ++i)
    p.b[i] = value();
  for (size_t i = 0; i < no; ++i) {
    p.res[i] = value();
    p.c[i] = p.res[i] * 0.5f;
  }
  for (int i = 0; i < m; ++i)
    p.bias[i] = value();
  return p;
}

/* Frees the operands a case did not keep (set to NULL). */
static void product_free(product *p) {
  free(p->a);
  free(p->b);
  free(p->c);
  free(p->res);
  free(p->bias);
  free(p->ref);
}

/* C = start + A B, + residual, clamped, in double, as the epilogue's flags
 * say (start: the bias, 0 or C's contents `c`); B dense row-major. */
static void reference_product(int m, int k, int cols, const float *a, int64_t rs_a, int64_t cs_a,
                              const float *b, const float *c, const qat_epilogue *epi,
                              double *ref) {
  int32_t flags = epi->flags;
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < cols; ++j) {
      size_t at = (size_t)i * cols + j;
      double v = (flags & QAT_EPI_INIT_BIAS)   ? epi->bias[i]
                 : (flags & QAT_EPI_INIT_ZERO) ? 0.0
                                               : c[at];
      for (int q = 0; q < k; ++q)
        v += (double)a[i * rs_a + q * cs_a] * b[(size_t)q * cols + j];
      if (flags & QAT_EPI_RESIDUAL)
        v += epi->residual[at];
      if (flags & QAT_EPI_CLAMP)
        v = v < 0.0 ? 0.0 : v > 6.0 ? 6.0 : v;
      ref[at] = v;
    }
}

/* Pointwise convolutions of one image through qat_sgemm (constant weights,
 * m x k, by a dense k x n input): the shapes pointwise_window_avx512 reads
 * in place (n >= 32), those the AVX2 window does (n >= 784, m <= 96, k >=
 * 32), narrow ones (n of 16-64, which AVX-512 computes transposed: C^T,
 * its tiles stored transposed), and the GEMV-like ones they leave to the
 * GEMM, over
 * one or two K blocks and one or two blocks of filters, every epilogue.
 * The weights are freed only after the last case: the weight cache knows
 * them by address, and a case's weights at an earlier case's address would
 * find that case's packed panels. */
static int pointwise_cases(int cases) {
  int bad = 0;
  float **weights = malloc((size_t)cases * sizeof(float *));
  for (int n = 0; n < cases; ++n) {
    int m = pick(0, 4) ? pick(1, 48) : pick(380, 420);
    int k = pick(0, 3) ? pick(1, 300) : pick(257, 600);
    int cols = pick(0, 5) ? pick(32, 300) : pick(1, 31), mode = pick(0, 3);
    if (pick(0, 4) == 0) { /* the AVX2 window's shapes: >= 784 columns, <= 96 filters */
      cols = pick(784, 1000);
      m = pick(1, 100);
    } else if (pick(0, 3) == 0) { /* a 7x7 image's: AVX-512 computes them transposed */
      cols = pick(16, 64);
      m = pick(16, 200);
    }
    if (n == cases - 1) { /* a short reduction's columns in two chunks (in_place_rows) */
      m = 48;
      k = 16;
      cols = 3136;
    }
    size_t no = (size_t)m * cols;
    product p = product_make(m, k, cols);
    float *a = weights[n] = p.a, *b = p.b, *c = p.c;
    int32_t flags = kFlags[mode];
    qat_epilogue epi = {flags, p.bias, p.res, 0.0f, 6.0f};
    reference_product(m, k, cols, a, k, 1, b, c, &epi, p.ref);
    float *gemm = malloc(no * sizeof(float));
    memcpy(gemm, c, no * sizeof(float));
    b_source dense = {pack_dense_b, b, cols, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    int gemm_ran = sgemm_dispatch(m, cols, k, a, k, 1, 0, NULL, &dense, gemm, cols, 1,
                                  flags ? &epi : NULL) == 0;
    qat_sgemm(m, cols, k, a, k, 1, 1, b, cols, 1, 0, c, cols, 1, flags ? &epi : NULL);
    char shape[128];
    snprintf(shape, sizeof shape, "pointwise %d: m%d k%d n%d epilogue %d", n, m, k, cols, mode);
    bad += report(shape, c, p.ref, gemm_ran ? gemm : NULL, no);
    free(gemm);
    p.a = NULL; /* kept in weights[n] */
    product_free(&p);
  }
  for (int n = 0; n < cases; ++n)
    free(weights[n]);
  free(weights);
  return bad;
}

/* Products whose A is not constant (a MatMul's activations): row-major
 * (pack_a_rows_avx2 / _avx512 transpose 8 or 16 columns of a panel's rows)
 * or column-major, by a dense B, constant or not; narrow last column panels
 * against many rows (the AVX2 narrow-panel kernel, columns_6_avx2) among
 * them; every epilogue. Each within 1e-4 of the double reference; lit
 * compares the lines of every level with AVX2's. */
static int gemm_cases(int cases) {
  int bad = 0;
  float **constants = calloc((size_t)(cases > 0 ? cases : 1), sizeof(float *));
  for (int n = 0; n < cases; ++n) {
    int m = pick(0, 2) ? pick(1, 120) : pick(24, 200), k = pick(1, 600);
    int cols = pick(0, 2) ? pick(1, 100) : 16 * pick(1, 6) + pick(1, 8);
    int column_major = pick(0, 1), b_constant = pick(0, 1), mode = pick(0, 3);
    product p = product_make(m, k, cols);
    int32_t flags = kFlags[mode];
    qat_epilogue epi = {flags, p.bias, p.res, 0.0f, 6.0f};
    int64_t rs_a = column_major ? 1 : k, cs_a = column_major ? m : 1;
    reference_product(m, k, cols, p.a, rs_a, cs_a, p.b, p.c, &epi, p.ref);
    qat_sgemm(m, cols, k, p.a, rs_a, cs_a, 0, p.b, cols, 1, b_constant, p.c, cols, 1,
              flags ? &epi : NULL);
    char shape[128];
    snprintf(shape, sizeof shape, "gemm %d: m%d k%d n%d %s b_constant %d epilogue %d", n, m, k,
             cols, column_major ? "column-major" : "row-major", b_constant, mode);
    bad += report(shape, p.c, p.ref, NULL, (size_t)m * cols);
    if (b_constant) { /* the weight cache knows it by address: kept to the end */
      constants[n] = p.b;
      p.b = NULL;
    }
    product_free(&p);
  }
  for (int n = 0; n < cases; ++n)
    free(constants[n]);
  free(constants);
  return bad;
}

int main(int argc, char **argv) {
  /* QAT_ISA, as qat_model_create reads it; the level goes to stderr. */
  char error[128];
  if (qat_isa_init(error, sizeof error) != 0) {
    fprintf(stderr, "%s\n", error);
    return 1;
  }
  if (install_test_threads() != 0)
    return 1;
  fprintf(stderr, "level %s\n", qat_isa_name(qat_isa()));
  int cases = argc > 1 ? atoi(argv[1]) : 300, bad = 0;
  /* Constant weights live until the last product, as in pointwise_cases: the
   * weight cache knows them by address and shape, and a later case's
   * weights of the same shape at a freed case's address would find that
   * case's panels (a model's weights are globals of its library, which
   * holds its own cache). */
  float **constants = calloc((size_t)(cases > 0 ? cases : 1), sizeof(float *));
  for (int n = 0; n < cases;) {
    int batch = pick(1, 2), groups = pick(1, 2), cg = pick(1, 40), fg = pick(20, 64);
    int channels = cg * groups, filters = fg * groups;
    int kh = pick(1, 5), kw = pick(1, 5);
    int s = pick(1, 2), dh = pick(1, 2), dw = pick(1, 2);
    if (n % 4 == 3) { /* a 3x3 window at stride 1: F(2x2, 3x3) where it takes the shape */
      kh = kw = 3;
      s = dh = dw = 1;
      cg = pick(64, 80);
      channels = cg * groups;
    }
    int h = pick(kh * dh, 24), w = pick(kw * dw, 40);
    int pt = pick(0, 3), pl = pick(0, 3), pb = pick(0, 3), pr = pick(0, 3);
    if (pick(0, 1)) { /* "same" */
      pt = pb = dh * (kh - 1) / 2;
      pl = pr = dw * (kw - 1) / 2;
    }
    int mode = pick(0, 3), constant = pick(0, 1);
    if (n == cases - 1) {
      /* The last case a stride-2 layer of resnet18's size (64 x 56 x 56,
       * 3x3 "same"): an input above QAT_PARALLEL_MIN_TAPS floats, whose
       * phase planes the threads split between them. */
      batch = groups = 1;
      cg = channels = fg = filters = 64;
      kh = kw = 3;
      s = 2;
      dh = dw = 1;
      h = w = 56;
      pt = pb = pl = pr = 1;
    }
    int oh = (h + pt + pb - dh * (kh - 1) - 1) / s + 1, ow = (w + pl + pr - dw * (kw - 1) - 1) / s + 1;
    size_t ni = (size_t)batch * channels * h * w, nw = (size_t)filters * cg * kh * kw,
           no = (size_t)batch * filters * oh * ow;
    float *in = malloc(ni * sizeof(float)), *wt = malloc(nw * sizeof(float));
    float *out = malloc(no * sizeof(float)), *res = malloc(no * sizeof(float));
    float *bias = malloc((size_t)filters * sizeof(float));
    for (size_t i = 0; i < ni; ++i)
      in[i] = value();
    for (size_t i = 0; i < nw; ++i)
      wt[i] = value();
    for (size_t i = 0; i < no; ++i) {
      res[i] = value();
      out[i] = res[i] * 0.5f; /* C's contents, read when the epilogue does not start it */
    }
    for (int i = 0; i < filters; ++i)
      bias[i] = value();
    int32_t flags = kFlags[mode];
    qat_epilogue epi = {flags, bias, res, 0.0f, 6.0f};
    double *ref = malloc(no * sizeof(double));
    for (size_t i = 0; i < no; ++i)
      ref[i] = out[i];
    float *gemm = malloc(no * sizeof(float));
    memcpy(gemm, out, no * sizeof(float));
    int gemm_ran = gemm_conv(batch, channels, h, w, in, pt, pl, filters, groups, kh, kw, wt, oh,
                             ow, s, dh, dw, gemm, flags ? &epi : NULL) == 0;
    qat_conv2d(batch, channels, h, w, in, pt, pl, filters, groups, kh, kw, wt, constant, oh, ow,
               s, s, dh, dw, out, flags ? &epi : NULL);
    /* The reference: start, sum in double, residual, clamp. */
    for (int b = 0; b < batch; ++b)
      for (int f = 0; f < filters; ++f)
        for (int y = 0; y < oh; ++y)
          for (int x = 0; x < ow; ++x) {
            size_t at = (((size_t)b * filters + f) * oh + y) * ow + x;
            double v = (flags & QAT_EPI_INIT_BIAS) ? bias[f] : (flags & QAT_EPI_INIT_ZERO) ? 0.0 : ref[at];
            int g = f / fg;
            for (int c = 0; c < cg; ++c)
              for (int ky = 0; ky < kh; ++ky)
                for (int kx = 0; kx < kw; ++kx) {
                  int iy = y * s + ky * dh - pt, ix = x * s + kx * dw - pl;
                  if (iy < 0 || iy >= h || ix < 0 || ix >= w)
                    continue;
                  v += (double)wt[(((size_t)f * cg + c) * kh + ky) * kw + kx] *
                       in[(((size_t)b * channels + g * cg + c) * h + iy) * w + ix];
                }
            if (flags & QAT_EPI_RESIDUAL)
              v += res[at];
            if (flags & QAT_EPI_CLAMP)
              v = v < 0.0 ? 0.0 : v > 6.0 ? 6.0 : v;
            ref[at] = v;
          }
    char shape[160];
    snprintf(shape, sizeof shape,
             "case %d: b%d g%d c%d f%d k%dx%d s%d d%dx%d %dx%d pad %d,%d -> %dx%d epilogue %d "
             "constant %d",
             n, batch, groups, channels, filters, kh, kw, s, dh, dw, h, w, pt, pl, oh, ow, mode,
             constant);
    /* F(2x2, 3x3) sums in another order: not the GEMM's bits, but the
     * same at every level that takes the shape (lit compares the lines). */
    conv_direct_args args = {in, wt, out, cg, h, w, pt, pl, fg, kh, kw, oh, ow, s, s, dh, dw,
                             constant, NULL};
    int winograd = conv2d_winograd_takes(&args);
    if (winograd)
      strncat(shape, " winograd", sizeof shape - strlen(shape) - 1);
    bad += report(shape, out, ref, gemm_ran && !winograd ? gemm : NULL, no);
    free(gemm);
    free(in);
    if (constant)
      constants[n] = wt;
    else
      free(wt);
    free(out);
    free(res);
    free(bias);
    free(ref);
    ++n;
  }
  bad += pointwise_cases(argc > 2 ? atoi(argv[2]) : 100);
  bad += gemm_cases(argc > 3 ? atoi(argv[3]) : 100);
  /* Freed only now: a pointwise case's weights at a freed convolution's
   * address, with the shape of that convolution's group, found its panels
   * (a WRONG line once this file's last case grew to 800 KB of input and
   * moved malloc's addresses). */
  for (int n = 0; n < cases; ++n)
    free(constants[n]);
  free(constants);
  return bad != 0;
}
