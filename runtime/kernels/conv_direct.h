/*===- conv_direct.h - convolutions computed in place -----------------------===*/
#ifndef QAT_RUNTIME_KERNELS_CONV_DIRECT_H
#define QAT_RUNTIME_KERNELS_CONV_DIRECT_H

#include "epilogue.h"

#include <stdint.h>

/* The widest window the direct convolution takes (per-kx column masks on
 * the stack); it takes reductions (channels kh kw per group) up to the
 * GEMM's K block (conv_direct_avx512.c). */
enum { CONV_DIRECT_MAX_KW = 16 };

/* One image and group: NCHW input, [filters][channels][kh][kw] weights,
 * NFHW output; the epilogue as for the GEMM (epilogue.h). */
typedef struct conv_direct_args {
  const float *in, *w;
  float *out;
  int64_t channels, height, width, pt, pl, filters, kh, kw, out_h, out_w, sh, sw, dh, dw;
  int weight_constant; /* w never changes: its packed blocks are cached */
  const qat_epilogue *epi;
} conv_direct_args;

/* conv_direct_avx512.c (target("avx512f")): 0 when it computed the
 * convolution, 1 when the shape is not one it takes (or no memory). */
__attribute__((visibility("hidden"))) int conv2d_direct_avx512(const conv_direct_args *a);

/* conv_direct_avx512.c: whether conv2d_direct_avx512 takes a's shape
 * (pointers unread). It runs on the calling thread: qat_conv2d cuts its
 * image-groups by filters. */
__attribute__((visibility("hidden"))) int conv2d_direct_avx512_takes(const conv_direct_args *a);

/* conv_window_avx512.c (target("avx512f")): the same contract, for
 * windows at stride 1 or 2 (1x1 ones: pointwise_window_avx512). */
__attribute__((visibility("hidden"))) int conv2d_window_avx512(const conv_direct_args *a);

/* conv_window_avx512.c: whether conv2d_window_avx512 (or, for 1x1,
 * pointwise_window_avx512) takes a's shape (pointers unread). The windows
 * split their own work over the threads. */
__attribute__((visibility("hidden"))) int conv2d_window_avx512_takes(const conv_direct_args *a);

/* conv_window_avx512.c: the same contract, for a 1x1 window at stride 1
 * or 2 with at least 32 outputs (qat_sgemm's pointwise convolutions;
 * conv2d_window_avx512 hands it its 1x1 windows). */
__attribute__((visibility("hidden"))) int pointwise_window_avx512(const conv_direct_args *a);

/* conv_window_avx2.c (target("avx2,fma")): the same contract, for every
 * window at stride 1 or 2, 1x1 ones with at least 16 outputs. */
__attribute__((visibility("hidden"))) int conv2d_window_avx2(const conv_direct_args *a);

#endif
