/* Random depthwise convolutions through qat_depthwise_conv2d
 * (runtime/kernels/depthwise.c), at the ISA level QAT_ISA selects: batches
 * of 1-2, 1-40 channels (full and partial blocks of 8 for the AVX2 blocked
 * layer, fewer than 8 for the planes), planes of 1-40 x 1-40, windows of
 * 1-7 x 1-7, strides 1-3, dilations 1-3, paddings 0-3 on each side (a
 * window may reach past the input or skip its last rows), a third of them
 * the planes' fixed shapes (3x3 and 5x5 at stride 1 or 2), every epilogue
 * (bias or zero start, the output's own contents, residual, a clamp whose
 * lower bound is +0 or -1), and inputs with NaNs, infinities and signed
 * zeros in some cases. Per case one line: the shape, a hash of the output's
 * bits (every level must give the same bits: lit compares the lines; a NaN
 * hashes as any NaN, since which of two NaN operands an add passes on, and
 * so the sign of the result, follows the operand order the compiler picked
 * for a commutative instruction), and
 * whether every finite output is within 1e-4 of the largest magnitude of a
 * double-precision reference that multiplies and adds in the kernel's order
 * (and whether the non-finite ones are where the reference has them). */
#include "depthwise.h"
#include "isa.h"
#include "random-cases.h"
#include "test-threads.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static float value(int specials) {
  if (specials && next() % 50 == 0) {
    static const float kSpecial[4] = {NAN, INFINITY, -INFINITY, -0.0f};
    return kSpecial[next() % 4];
  }
  return (float)((int)(next() % 2001) - 1000) / 997.0f;
}

static const int32_t kFlags[6] = {QAT_EPI_INIT_BIAS,
                                  QAT_EPI_INIT_ZERO,
                                  QAT_EPI_INIT_BIAS | QAT_EPI_CLAMP,
                                  QAT_EPI_INIT_ZERO | QAT_EPI_RESIDUAL,
                                  QAT_EPI_INIT_BIAS | QAT_EPI_RESIDUAL | QAT_EPI_CLAMP,
                                  0 /* start from the output's contents */};

/* The kernel's sum in double: start, taps in (ky, kx) order, residual, the
 * clamp. */
static double reference(const float *in, const float *w, const float *start, int64_t c,
                        int64_t oy, int64_t ox, int64_t H, int64_t W, int64_t kh, int64_t kw,
                        int64_t pt, int64_t pl, int64_t sh, int64_t sw, int64_t dh,
                        int64_t dw) {
  double sum = *start;
  for (int64_t ky = 0; ky < kh; ++ky)
    for (int64_t kx = 0; kx < kw; ++kx) {
      int64_t iy = oy * sh + ky * dh - pt, ix = ox * sw + kx * dw - pl;
      double x = iy >= 0 && iy < H && ix >= 0 && ix < W ? in[iy * W + ix] : 0.0;
      sum += x * w[c * kh * kw + ky * kw + kx];
    }
  return sum;
}

static int one_case(int index) {
  int64_t batch = pick(1, 2), channels = pick(1, 40), H = pick(1, 40), W = pick(1, 40);
  int64_t kh = pick(1, 7), kw = pick(1, 7), sh = pick(1, 3), sw = pick(1, 3);
  int64_t dh = pick(1, 3), dw = pick(1, 3);
  int64_t pt = pick(0, 3), pb = pick(0, 3), pl = pick(0, 3), pr = pick(0, 3);
  /* One case in three takes the shapes the planes have kernels of their
   * own for (square 3x3 or 5x5, equal strides 1 or 2, no dilation), mostly
   * with fewer than 8 channels (the AVX2 planes) and rows of up to 40
   * outputs (two vectors of 8 and a partial one at a time). */
  if (next() % 3 == 0) {
    kh = kw = next() % 2 ? 3 : 5;
    sh = sw = pick(1, 2);
    dh = dw = 1;
    pt = pb = pl = pr = pick(0, kh / 2);
    if (next() % 4)
      channels = pick(1, 7);
  }
  int64_t span_h = (kh - 1) * dh + 1, span_w = (kw - 1) * dw + 1;
  if (H + pt + pb < span_h || W + pl + pr < span_w)
    return one_case(index); /* no output: draw again */
  int64_t out_h = (H + pt + pb - span_h) / sh + 1, out_w = (W + pl + pr - span_w) / sw + 1;
  int32_t flags = kFlags[next() % 6];
  int specials = next() % 4 == 0;
  float lo = next() % 2 ? 0.0f : -1.0f, hi = 1.5f;
  size_t ni = (size_t)(batch * channels * H * W), no = (size_t)(batch * channels * out_h * out_w);
  float *in = malloc(ni * sizeof(float)), *w = malloc((size_t)(channels * kh * kw) * sizeof(float));
  float *bias = malloc((size_t)channels * sizeof(float)), *out = malloc(no * sizeof(float));
  float *residual = malloc(no * sizeof(float)), *start = malloc(no * sizeof(float));
  for (size_t i = 0; i < ni; ++i)
    in[i] = value(specials);
  for (int64_t i = 0; i < channels * kh * kw; ++i)
    w[i] = value(0);
  for (int64_t i = 0; i < channels; ++i)
    bias[i] = value(0);
  for (size_t i = 0; i < no; ++i) {
    residual[i] = value(specials);
    out[i] = value(0); /* the start under flags 0; overwritten otherwise */
    start[i] = out[i];
  }
  qat_epilogue epi = {flags, bias, residual, lo, hi};
  qat_depthwise_conv2d(batch, channels, H, W, in, pt, pl, kh, kw, w, out_h, out_w, sh, sw, dh, dw,
                       out, flags ? &epi : NULL);

  double worst = 0.0, largest = 1.0;
  int misplaced = 0;
  unsigned long long hash = 1469598103934665603ull;
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t c = 0; c < channels; ++c)
      for (int64_t oy = 0; oy < out_h; ++oy)
        for (int64_t ox = 0; ox < out_w; ++ox) {
          size_t at = (size_t)(((b * channels + c) * out_h + oy) * out_w + ox);
          float s = flags & QAT_EPI_INIT_BIAS   ? bias[c]
                    : flags & QAT_EPI_INIT_ZERO ? 0.0f
                                                : start[at];
          double ref = reference(in + (b * channels + c) * H * W, w, &s, c, oy, ox, H, W, kh, kw,
                                 pt, pl, sh, sw, dh, dw);
          if (flags & QAT_EPI_RESIDUAL)
            ref += residual[at];
          if (flags & QAT_EPI_CLAMP && !isnan(ref))
            ref = ref < lo ? lo : ref > hi ? hi : ref;
          unsigned bits = 0x7fc00000u; /* every NaN alike: see the top */
          if (!isnan(out[at]))
            memcpy(&bits, &out[at], sizeof bits);
          hash = (hash ^ bits) * 1099511628211ull;
          if (isnan(ref) || isinf(ref)) { /* the same NaN or infinity */
            misplaced |= isnan(ref) ? !isnan(out[at]) : out[at] != ref;
          } else {
            double d = fabs(out[at] - ref);
            worst = d > worst ? d : worst;
            largest = fabs(ref) > largest ? fabs(ref) : largest;
          }
        }
  int ok = !misplaced && worst <= 1e-4 * largest;
  printf("case %d: n%lld c%lld %lldx%lld k%lldx%lld s%lldx%lld d%lldx%lld p%lld,%lld,%lld,%lld "
         "flags %d%s: %016llx %s\n",
         index, (long long)batch, (long long)channels, (long long)H, (long long)W, (long long)kh,
         (long long)kw, (long long)sh, (long long)sw, (long long)dh, (long long)dw, (long long)pt,
         (long long)pl, (long long)pb, (long long)pr, flags, specials ? " specials" : "", hash,
         ok ? "ok" : "WRONG");
  free(in);
  free(w);
  free(bias);
  free(out);
  free(residual);
  free(start);
  return !ok;
}

int main(int argc, char **argv) {
  /* QAT_ISA, as qat_model_create reads it; the level goes to stderr. */
  char error[256];
  if (qat_isa_init(error, sizeof error) != 0) {
    fprintf(stderr, "%s\n", error);
    return 1;
  }
  if (install_test_threads() != 0)
    return 1;
  fprintf(stderr, "level %s\n", qat_isa_name(qat_isa()));
  int cases = argc > 1 ? atoi(argv[1]) : 300, failed = 0;
  rng_state = 0x2545F4914F6CDD1Dull;
  for (int i = 0; i < cases; ++i)
    failed += one_case(i);
  return failed != 0;
}
