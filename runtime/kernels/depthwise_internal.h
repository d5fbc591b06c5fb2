/*===- depthwise_internal.h - shared by the depthwise kernel's files --------===*/
#ifndef QAT_RUNTIME_KERNELS_DEPTHWISE_INTERNAL_H
#define QAT_RUNTIME_KERNELS_DEPTHWISE_INTERNAL_H

#include "epilogue.h"

#include <stdint.h>

/* The most taps (kh * kw) and the widest kernel the AVX-512 planes take. */
enum { DW_MAX_TAPS = 64 };

/* One output plane: out = start + sum of taps, then the epilogue; start is
 * the bias, 0, or out itself (epilogue.h). `zero_row` holds `width` zeros:
 * the AVX-512 planes read it for input rows in the padding. `scratch`
 * (NULL, or height x width floats the plane may overwrite) holds the
 * AVX-512 stride-2 planes' copy of the input; without it they take the
 * general plane. */
typedef struct dw_plane {
  const float *in, *w, *zero_row, *residual;
  float *out;
  int64_t height, width, kh, kw, pt, pl, sh, sw, dh, dw, out_h, out_w, c;
  const qat_epilogue *epi;
  float *scratch;
} dw_plane;

/* depthwise_avx512.c (target("avx512f") definitions): every shape whose
 * taps fit DW_MAX_TAPS, 3x3 and 5x5 with unit dilation and equal strides 1
 * or 2 by kernels of their own. */
__attribute__((visibility("hidden"))) void depthwise_plane_avx512(const dw_plane *p);

/* depthwise_avx2.c (target("avx2") definitions): 3x3 and 5x5 with unit
 * dilation and equal strides 1 or 2; 0 (nothing done) for other shapes. */
__attribute__((visibility("hidden"))) int depthwise_plane_avx2(const dw_plane *p);

/* depthwise_flat_avx512.c: a whole layer of stride-1 planes up to 56x56, or
 * of stride-2 ones with a "same" padding, in strips across rows; 0 when it
 * ran, 1 when the shape is not one it takes (or no memory). */
__attribute__((visibility("hidden"))) int
depthwise_flat_avx512(int64_t batch, int64_t channels, int64_t height, int64_t width,
                      const float *input, int64_t pt, int64_t pl, int64_t kh, int64_t kw,
                      const float *weight, int64_t out_h, int64_t out_w, int64_t sh, int64_t sw,
                      int64_t dh, int64_t dw, float *output, const qat_epilogue *epi);

/* depthwise_blocked_avx2.c: a whole layer on blocks of 8 channels (any
 * stride, dilation and padding, taps up to DW_MAX_TAPS) whose start value is
 * the bias or 0; 0 when it ran, 1 when not taken (or no memory). */
__attribute__((visibility("hidden"))) int
depthwise_blocked_avx2(int64_t batch, int64_t channels, int64_t height, int64_t width,
                       const float *input, int64_t pt, int64_t pl, int64_t kh, int64_t kw,
                       const float *weight, int64_t out_h, int64_t out_w, int64_t sh, int64_t sw,
                       int64_t dh, int64_t dw, float *output, const qat_epilogue *epi);

#endif
