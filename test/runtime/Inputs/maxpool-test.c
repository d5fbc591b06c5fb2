/* The max pooling kernel (runtime/kernels/maxpool.c) against the fold the
 * pooling generic computes, bit for bit, at the ISA level QAT_ISA selects:
 * random planes with -0 and +0 sprinkled in, with NaNs too or without (the
 * separable planes take another path where a NaN is), windows of 2, 3, 5
 * and 7 (the AVX-512 planes' fixed 3x3 and 2x2 shapes, the flat 3x3 planes
 * and the general one),
 * strides 1 to 3, dilation 1 and 2, padding, ceil-mode windows past the
 * input, widths across several 16-column strips, 8 planes or more (the
 * AVX2 blocks of 8 planes), 300 random poolings (windows, strides,
 * dilations and paddings drawn per direction), and the fold starting from
 * out or from -inf (QAT_POOL_START_NEG_INF). Prints one line per case. */
#include "isa.h"
#include "random-cases.h"
#include "test-threads.h"
#include "maxpool.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static float sample(unsigned *state, int nans) {
  *state = *state * 1103515245u + 12345u;
  unsigned r = (*state >> 8) % 1000;
  if (r < 10)
    return nans ? NAN : INFINITY;
  if (r < 20)
    return -0.0f;
  if (r < 30)
    return 0.0f;
  return (float)((int)r - 500) / 37.0f;
}

/* One pooling of `planes` planes of h x w: windows kh x kw at strides
 * (sh, sw) and dilations (dh, dw), pt / pl rows / columns of padding, oh x
 * ow outputs, against the fold computed here. 1 when the bits match. */
static int pool_case(int planes, int h, int w, int kh, int kw, int pt, int pl, int sh, int sw,
                     int dh, int dw, int oh, int ow, int nans, int start_neg_inf,
                     unsigned *state) {
  float *in = malloc(sizeof(float) * planes * h * w);
  float *out = malloc(sizeof(float) * planes * oh * ow);
  float *ref = malloc(sizeof(float) * planes * oh * ow);
  for (int i = 0; i < planes * h * w; ++i)
    in[i] = sample(state, nans);
  for (int i = 0; i < planes * oh * ow; ++i) /* the start values */
    out[i] = ref[i] = start_neg_inf || i % 5 == 0 ? -INFINITY : sample(state, nans);
  for (int p = 0; p < planes; ++p)
    for (int oy = 0; oy < oh; ++oy)
      for (int ox = 0; ox < ow; ++ox) {
        float acc = ref[(p * oh + oy) * ow + ox];
        for (int ky = 0; ky < kh; ++ky)
          for (int kx = 0; kx < kw; ++kx) {
            int iy = oy * sh + ky * dh - pt, ix = ox * sw + kx * dw - pl;
            float x = iy >= 0 && iy < h && ix >= 0 && ix < w ? in[(p * h + iy) * w + ix]
                                                            : -INFINITY;
            acc = x > acc || x != x ? x : acc;
          }
        ref[(p * oh + oy) * ow + ox] = acc;
      }
  if (start_neg_inf) /* out is not read */
    for (int i = 0; i < planes * oh * ow; ++i)
      out[i] = NAN;
  qat_max_pool2d(planes, h, w, in, pt, pl, kh, kw, oh, ow, sh, sw, dh, dw,
                 start_neg_inf ? QAT_POOL_START_NEG_INF : 0, out);
  int same = memcmp(out, ref, sizeof(float) * planes * oh * ow) == 0;
  free(in);
  free(out);
  free(ref);
  return same;
}

/* A random pooling: 1-20 planes of 1-40 x 1-40, windows of 1-5 x 1-5 at
 * strides 1-3 and dilations 1-2 (each direction its own), paddings below
 * the window's reach, and a ceil-mode row or column when its window starts
 * inside the input. */
static int random_case(unsigned *state) {
  int planes = pick(1, 20), h = pick(1, 40), w = pick(1, 40), kh = pick(1, 5), kw = pick(1, 5);
  int sh = pick(1, 3), sw = pick(1, 3), dh = pick(1, 2), dw = pick(1, 2);
  int span_h = (kh - 1) * dh + 1, span_w = (kw - 1) * dw + 1;
  int pt = pick(0, span_h - 1), pb = pick(0, span_h - 1);
  int pl = pick(0, span_w - 1), pr = pick(0, span_w - 1);
  if (h + pt + pb < span_h || w + pl + pr < span_w)
    return random_case(state); /* no output: draw again */
  int oh = (h + pt + pb - span_h) / sh + 1, ow = (w + pl + pr - span_w) / sw + 1;
  if (pick(0, 1) && oh * sh - pt < h)
    ++oh;
  if (pick(0, 1) && ow * sw - pl < w)
    ++ow;
  return pool_case(planes, h, w, kh, kw, pt, pl, sh, sw, dh, dw, oh, ow, pick(0, 1), pick(0, 1),
                   state);
}

int main(void) {
  /* QAT_ISA, as qat_model_create reads it (a level the CPU lacks: exit 1). */
  char error[128];
  if (qat_isa_init(error, sizeof error) != 0) {
    fprintf(stderr, "%s\n", error);
    return 1;
  }
  if (install_test_threads() != 0)
    return 1;
  /* planes, h, w, kh, kw, pt, pl, s, d, extra output rows/columns (ceil) */
  static const int shapes[][10] = {
      {3, 19, 37, 3, 3, 1, 1, 2, 1, 1}, {2, 17, 50, 3, 3, 1, 1, 1, 1, 0},
      {2, 16, 33, 2, 2, 0, 0, 2, 1, 0}, {1, 23, 41, 5, 5, 2, 2, 3, 1, 1},
      {2, 20, 35, 3, 3, 2, 2, 1, 2, 0}, {1, 9, 70, 7, 7, 3, 3, 2, 1, 0},
      {1, 5, 5, 3, 3, 0, 0, 2, 1, 1},
      /* 3x3 stride 1 "same" on small planes: flat strips across rows
       * (maxpool_flat_avx512.c) from -inf; a plane of one row, of one
       * column, of one element. */
      {5, 14, 14, 3, 3, 1, 1, 1, 1, 0}, {3, 7, 7, 3, 3, 1, 1, 1, 1, 0},
      {2, 28, 28, 3, 3, 1, 1, 1, 1, 0}, {2, 1, 20, 3, 3, 1, 1, 1, 1, 0},
      {2, 20, 1, 3, 3, 1, 1, 1, 1, 0}, {3, 1, 1, 3, 3, 1, 1, 1, 1, 0},
      /* 8 planes or more: blocks of 8 planes below AVX-512
       * (maxpool_blocked_avx2.c), a partial last block, strides 1 to 3. */
      {9, 19, 37, 3, 3, 1, 1, 2, 1, 1}, {16, 14, 14, 3, 3, 1, 1, 1, 1, 0},
      {8, 5, 5, 3, 3, 0, 0, 2, 1, 1},   {11, 23, 41, 5, 5, 2, 2, 3, 1, 1},
      {8, 20, 35, 3, 3, 2, 2, 1, 2, 0}, {12, 1, 20, 3, 3, 1, 1, 1, 1, 0},
      {10, 16, 33, 2, 2, 0, 0, 2, 1, 0},
      /* Enough planes and work to be split over threads (QAT_TEST_THREADS):
       * ranges of 16 planes, the last one partial. */
      {48, 30, 30, 3, 3, 1, 1, 2, 1, 0}, {100, 28, 28, 2, 2, 0, 0, 2, 1, 0},
      {40, 56, 56, 3, 3, 1, 1, 1, 1, 0},
      /* Large planes: one alone, a 5x5 dilated window, a 4x4 stride-3
       * ceil-mode window (the general AVX-512 plane). */
      {1, 200, 200, 3, 3, 1, 1, 2, 1, 1}, {2, 90, 61, 5, 5, 2, 2, 1, 2, 0},
      {3, 200, 160, 4, 4, 1, 1, 3, 1, 1},
      /* 3x3 stride 2 with output rows of 48 or more: along the rows
       * (maxpool_rows_avx2.c); odd widths, ceil mode, padding 0 to 2, a
       * plane count split over threads. */
      {3, 21, 113, 3, 3, 1, 1, 2, 1, 1}, {2, 12, 98, 3, 3, 0, 0, 2, 1, 0},
      {9, 17, 112, 3, 3, 2, 2, 2, 1, 0}, {40, 24, 111, 3, 3, 1, 1, 2, 1, 1},
      /* 3x3 stride 1 "same" on planes 5 to 32 wide: one flat run per plane
       * (maxpool_flat_avx2.c); rows narrower than a vector (several row
       * ends per run), one vector wide, odd widths, the widest taken. */
      {3, 9, 5, 3, 3, 1, 1, 1, 1, 0}, {4, 11, 8, 3, 3, 1, 1, 1, 1, 0},
      {2, 6, 31, 3, 3, 1, 1, 1, 1, 0}, {2, 3, 32, 3, 3, 1, 1, 1, 1, 0}};
  int failed = 0;
  unsigned state = 1;
  for (size_t t = 0; t < 4 * sizeof(shapes) / sizeof(shapes[0]); ++t) {
    const int *s = shapes[t / 4];
    int nans = t % 2 == 0, start_neg_inf = t % 4 >= 2;
    int h = s[1], w = s[2], kh = s[3], kw = s[4], pt = s[5], pl = s[6], st = s[7], d = s[8];
    int oh = (h + 2 * pt - d * (kh - 1) - 1) / st + 1 + s[9];
    int ow = (w + 2 * pl - d * (kw - 1) - 1) / st + 1 + s[9];
    int same = pool_case(s[0], h, w, kh, kw, pt, pl, st, st, d, d, oh, ow, nans, start_neg_inf,
                         &state);
    printf("%dx%d s%d d%d on %dx%d%s%s: %s\n", kh, kw, st, d, h, w, nans ? " with NaNs" : "",
           start_neg_inf ? " from -inf" : "", same ? "same bits" : "DIFFERENT");
    failed |= !same;
  }
  int random_same = 0;
  for (int i = 0; i < 300; ++i)
    random_same += random_case(&state);
  printf("random poolings: %d of 300 same bits\n", random_same);
  return failed || random_same != 300;
}
