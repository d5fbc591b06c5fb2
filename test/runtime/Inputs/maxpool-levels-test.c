/* The max pooling kernel of 8-bit levels (runtime/kernels/maxpool_levels.c)
 * against the fold the pooling generic computes, at the ISA level QAT_ISA
 * selects: random levels, unsigned and signed (the signed kernel pools
 * them with the sign bit flipped), windows of 1 to 7 (3x3 takes the
 * unrolled taps), strides 1 and 2, dilation 1 and 2, padding, ceil-mode
 * windows past the input, widths from 1 to 120 (runs below 8, 16, 32 and 64
 * bytes, and long ones), output rows the input's width in contiguous rows
 * (one run over the plane) or strided (a padded buffer's interior, planes
 * and rows apart), and the fold starting from out or from the lowest level
 * (QAT_POOL_START_NEG_INF); on QAT_TEST_THREADS threads the cases with
 * enough work split their planes. Prints one line per case. */
#include "isa.h"
#include "maxpool.h"
#include "memref.h"
#include "test-threads.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void _mlir_ciface_qat_max_pool2d_u8(qat_memref4d_i8 *, qat_memref4d_i8 *, int64_t, int64_t,
                                    int64_t, int64_t, int64_t, int64_t, int64_t, int64_t,
                                    int64_t);
void _mlir_ciface_qat_max_pool2d_i8(qat_memref4d_i8 *, qat_memref4d_i8 *, int64_t, int64_t,
                                    int64_t, int64_t, int64_t, int64_t, int64_t, int64_t,
                                    int64_t);

static unsigned next(unsigned *state) {
  *state = *state * 1103515245u + 12345u;
  return *state >> 8;
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
  /* batch, channels, h, w, kh, kw, pt, pl, stride, dilation, extra output
   * rows/columns (ceil), padding of the output rows (0: contiguous) */
  static const int shapes[][12] = {
      {1, 3, 112, 112, 3, 3, 1, 1, 2, 1, 0, 2}, /* resnet18's pool into a padded buffer */
      {1, 4, 111, 111, 3, 3, 0, 0, 2, 1, 1, 0}, /* squeezenet's, ceil mode */
      {2, 3, 27, 27, 3, 3, 0, 0, 2, 1, 1, 3},   {1, 5, 14, 14, 2, 2, 0, 0, 2, 1, 0, 0},
      {1, 3, 28, 28, 3, 3, 1, 1, 1, 1, 0, 0},   /* googlenet's inception pools */
      {2, 2, 7, 7, 3, 3, 1, 1, 1, 1, 0, 0},     {1, 2, 13, 40, 5, 5, 2, 2, 1, 1, 0, 4},
      {1, 3, 20, 35, 3, 3, 2, 2, 1, 2, 0, 0},   {1, 2, 19, 37, 3, 5, 1, 2, 2, 2, 1, 1},
      {1, 2, 9, 120, 7, 7, 3, 3, 2, 1, 0, 0},   {1, 3, 5, 5, 3, 3, 0, 0, 2, 1, 1, 0},
      {1, 2, 1, 20, 3, 3, 1, 1, 1, 1, 0, 0},    {1, 2, 20, 1, 3, 3, 1, 1, 1, 1, 0, 0},
      {1, 3, 1, 1, 3, 3, 1, 1, 1, 1, 0, 0},     {1, 2, 6, 6, 1, 1, 0, 0, 2, 1, 0, 1},
      {1, 2, 33, 66, 4, 2, 1, 0, 2, 1, 0, 0},   {1, 2, 10, 17, 3, 3, 0, 0, 1, 1, 0, 2},
      /* Enough work to split the planes over threads: resnet18's 64, and
       * 2 images of 13 (a part ends inside an image). */
      {1, 64, 112, 112, 3, 3, 1, 1, 2, 1, 0, 2}, {2, 13, 55, 55, 3, 3, 0, 0, 2, 1, 0, 0}};
  int failed = 0;
  unsigned state = 7;
  for (size_t t = 0; t < 4 * sizeof(shapes) / sizeof(shapes[0]); ++t) {
    const int *s = shapes[t / 4];
    int is_signed = t % 2 == 1, from_lowest = t % 4 >= 2;
    int batch = s[0], channels = s[1], h = s[2], w = s[3], kh = s[4], kw = s[5], pt = s[6],
        pl = s[7], st = s[8], d = s[9], gap = s[11];
    int oh = (h + 2 * pt - d * (kh - 1) - 1) / st + 1 + s[10];
    int ow = (w + 2 * pl - d * (kw - 1) - 1) / st + 1 + s[10];
    int planes = batch * channels, pitch = ow + gap, rows = oh + (gap ? 2 : 0);
    int8_t *in = malloc((size_t)planes * h * w);
    int8_t *out = malloc((size_t)planes * rows * pitch);
    int8_t *ref = malloc((size_t)planes * rows * pitch);
    for (int i = 0; i < planes * h * w; ++i)
      in[i] = (int8_t)next(&state);
    for (int i = 0; i < planes * rows * pitch; ++i) /* start values and the gaps */
      out[i] = ref[i] = (int8_t)next(&state);
    int lowest = is_signed ? -128 : 0;
    for (int p = 0; p < planes; ++p)
      for (int oy = 0; oy < oh; ++oy)
        for (int ox = 0; ox < ow; ++ox) {
          int8_t *at = ref + ((size_t)p * rows + oy) * pitch + ox;
          int acc = from_lowest ? lowest : is_signed ? *at : (uint8_t)*at;
          for (int ky = 0; ky < kh; ++ky)
            for (int kx = 0; kx < kw; ++kx) {
              int iy = oy * st + ky * d - pt, ix = ox * st + kx * d - pl;
              if (iy < 0 || iy >= h || ix < 0 || ix >= w)
                continue;
              int8_t x = in[((size_t)p * h + iy) * w + ix];
              int v = is_signed ? x : (uint8_t)x;
              acc = v > acc ? v : acc;
            }
          *at = (int8_t)acc;
        }
    qat_memref4d_i8 x = {in, in, 0, {batch, channels, h, w},
                         {(int64_t)channels * h * w, (int64_t)h * w, w, 1}};
    qat_memref4d_i8 y = {out, out, 0, {batch, channels, oh, ow},
                         {(int64_t)channels * rows * pitch, (int64_t)rows * pitch, pitch, 1}};
    int64_t flags = from_lowest ? QAT_POOL_START_NEG_INF : 0;
    (is_signed ? _mlir_ciface_qat_max_pool2d_i8 : _mlir_ciface_qat_max_pool2d_u8)(
        &x, &y, pt, pl, kh, kw, st, st, d, d, flags);
    int same = memcmp(out, ref, (size_t)planes * rows * pitch) == 0;
    printf("%dx%d s%d d%d on %dx%d %s%s%s: %s\n", kh, kw, st, d, h, w,
           is_signed ? "signed" : "unsigned", gap ? " into strided rows" : "",
           from_lowest ? " from the lowest level" : "", same ? "same bits" : "DIFFERENT");
    failed |= !same;
    free(in);
    free(out);
    free(ref);
  }
  return failed;
}
