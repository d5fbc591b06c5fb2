/*===- maxpool_internal.h - shared by the max pooling kernel's files --------===*/
#ifndef QAT_RUNTIME_KERNELS_MAXPOOL_INTERNAL_H
#define QAT_RUNTIME_KERNELS_MAXPOOL_INTERNAL_H

#include <stdint.h>

/* The widest window the AVX-512 plane takes (per-kx masks on the stack). */
enum { POOL_MAX_KW = 16 };

/* One plane of qat_max_pool2d (maxpool.h). */
typedef struct pool_plane {
  const float *in;
  float *out;
  int64_t height, width, kh, kw, pt, pl, sh, sw, dh, dw, out_h, out_w;
  int start_neg_inf; /* QAT_POOL_START_NEG_INF: acc starts at -inf, out is not read */
} pool_plane;

/* maxpool_avx512.c (target("avx512f") definitions). */
__attribute__((visibility("hidden"))) void maxpool_plane_avx512(const pool_plane *p);

/* maxpool_flat_avx512.c: `planes` consecutive planes from p's (3x3, stride 1,
 * output as large as the input, small planes, from -inf); 0 when it
 * pooled them, 1 when the shape is not one it takes. */
__attribute__((visibility("hidden"))) int maxpool_flat_avx512(int64_t planes, const pool_plane *p);

/* maxpool_blocked_avx2.c: `planes` consecutive planes from p's on blocks of
 * 8 planes (any window, stride and dilation, from -inf); 0 when it pooled
 * them, 1 when not taken (or no memory). */
__attribute__((visibility("hidden"))) int maxpool_blocked_avx2(int64_t planes, const pool_plane *p);

/* maxpool_rows_avx2.c: `planes` consecutive planes from p's, 3x3 windows at
 * stride 2 along their rows, output rows 48 to 512 wide (from -inf or from
 * out); 0 when it pooled them, 1 when the shape is not one it takes. */
__attribute__((visibility("hidden"))) int maxpool_rows_3x3s2_avx2(int64_t planes,
                                                                  const pool_plane *p);

/* maxpool_flat_avx2.c: `planes` consecutive planes from p's, 3x3 windows at
 * stride 1 with padding 1 ("same"), planes 5 to 32 wide of at most 3721
 * values (from -inf or from out); 0 when it pooled them, 1 when not taken. */
__attribute__((visibility("hidden"))) int maxpool_flat_3x3s1_avx2(int64_t planes,
                                                                  const pool_plane *p);

#endif
