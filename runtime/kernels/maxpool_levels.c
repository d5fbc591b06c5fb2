/*===- maxpool_levels.c - 2-D max pooling of integer levels -----------------===*
 *
 * qat_max_pool2d_u8 / _i8: the stride-1 "same" max pooling of quantized
 * levels (googlenet's 3x3 inception pools, padding 1) that the integer
 * lowering keeps in bytes; the lowering marks only these (other windows
 * keep its separable loops). Max is exact and associative on integers, so
 * a plane is pooled flat, in whole-plane loops the compiler vectorizes (64
 * bytes per vpmaxub): first each window row's input row into V (output row
 * oy reads input row oy + ky dh - pt: a shift by whole rows of the flat
 * plane), then each column tap of V, its positions outside the row masked
 * to the lowest level by per-position masks made once per call. Signed
 * levels are pooled as unsigned ones with the sign bit flipped (x ^ 0x80
 * keeps their order). The separable loops over a padded copy took 3-8x
 * onnxruntime's time on googlenet's pools.
 *
 * out[p, oy, ox] = max(start, in[p, oy + ky*dh - pt, ox + kx*dw - pl] over
 * the window positions inside the input), start = out's own value, or the
 * lowest level with QAT_POOL_START_NEG_INF in flags (maxpool.h).
 *
 *===----------------------------------------------------------------------===*/
#include "isa.h"
#include "maxpool.h"
#include "memref.h"

#include <stdlib.h>
#include <string.h>

#define MAX_OF(a, b) ((a) > (b) ? (a) : (b))
#define VEC _Pragma("clang loop vectorize(enable) interleave_count(1)")

/* One plane (n = H W bytes, biased when signed: bias 0x80, else 0), for
 * every ISA (the caller's target attribute). v: n bytes; keep + kx n: n
 * bytes, 0xFF where column tap kx lies inside the row, else 0. */
#define POOL_PLANE(name, TARGET)                                                              \
  TARGET static void name(const uint8_t *restrict in, uint8_t *restrict out,                 \
                          uint8_t *restrict v, const uint8_t *keep, int64_t height,            \
                          int64_t width, int64_t kh, int64_t kw, int64_t pt, int64_t pl,       \
                          int64_t dh, int64_t dw, int from_lowest, uint8_t bias) {             \
    int64_t n = height * width;                                                              \
    VEC for (int64_t i = 0; i < n; ++i) v[i] = 0;                                            \
    for (int64_t ky = 0; ky < kh; ++ky) {                                                    \
      int64_t d = (ky * dh - pt) * width; /* output i reads input i + d */                   \
      int64_t lo = d < 0 ? -d : 0, hi = d > 0 ? n - d : n;                                   \
      VEC for (int64_t i = lo; i < hi; ++i) v[i] = MAX_OF(v[i], (uint8_t)(in[i + d] ^ bias)); \
    }                                                                                        \
    if (from_lowest) {                                                                       \
      VEC for (int64_t i = 0; i < n; ++i) out[i] = 0;                                        \
    } else {                                                                                 \
      VEC for (int64_t i = 0; i < n; ++i) out[i] ^= bias;                                    \
    }                                                                                        \
    for (int64_t kx = 0; kx < kw; ++kx) {                                                    \
      int64_t e = kx * dw - pl;                                                              \
      int64_t lo = e < 0 ? -e : 0, hi = e > 0 ? n - e : n;                                   \
      const uint8_t *restrict k = keep + kx * n;                                             \
      VEC for (int64_t i = lo; i < hi; ++i) out[i] = MAX_OF(out[i], (uint8_t)(v[i + e] & k[i])); \
    }                                                                                        \
    VEC for (int64_t i = 0; i < n; ++i) out[i] ^= bias;                                      \
  }

POOL_PLANE(plane_portable, )
POOL_PLANE(plane_avx2, __attribute__((target("avx2"))))
POOL_PLANE(plane_avx512, __attribute__((target("avx512f,avx512bw"))))
#undef POOL_PLANE
#undef VEC
#undef MAX_OF

static void pool_levels(int is_signed, qat_memref4d_i8 *in, qat_memref4d_i8 *out, int64_t pt,
                        int64_t pl, int64_t kh, int64_t kw, int64_t sh, int64_t sw, int64_t dh,
                        int64_t dw, int64_t flags) {
  int64_t planes = in->sizes[0] * in->sizes[1], height = in->sizes[2], width = in->sizes[3];
  /* The lowering marks stride-1 windows whose output is the input's size. */
  if (sh != 1 || sw != 1 || out->sizes[2] != height || out->sizes[3] != width || kw < 1)
    abort();
  int64_t n = height * width;
  if (planes <= 0 || n <= 0)
    return;
  uint8_t *scratch = malloc((size_t)(n * (kw + 1)));
  if (!scratch)
    abort();
  uint8_t *v = scratch, *keep = scratch + n;
  for (int64_t kx = 0; kx < kw; ++kx) {
    int64_t e = kx * dw - pl;
    for (int64_t i = 0; i < n; ++i) {
      int64_t x = i % width + e;
      keep[kx * n + i] = x >= 0 && x < width ? 0xFF : 0;
    }
  }
  qat_isa_level isa = qat_isa(); /* QAT_ISA=avx2 or generic forces the others */
  void (*plane)(const uint8_t *restrict, uint8_t *restrict, uint8_t *restrict,
                const uint8_t *, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t,
                int64_t, int, uint8_t) = isa >= QAT_ISA_AVX512 ? plane_avx512
                                         : isa >= QAT_ISA_AVX2  ? plane_avx2
                                                                : plane_portable;
  const uint8_t *x = (const uint8_t *)(in->aligned + in->offset);
  uint8_t *y = (uint8_t *)(out->aligned + out->offset);
  for (int64_t p = 0; p < planes; ++p)
    plane(x + p * n, y + p * n, v, keep, height, width, kh, kw, pt, pl, dh, dw,
          (flags & QAT_POOL_START_NEG_INF) != 0, is_signed ? 0x80 : 0);
  free(scratch);
}

/* The entries lowered code calls (NCHW levels, contiguous), with the
 * arguments of _mlir_ciface_qat_max_pool2d_f32 (maxpool.c). */
void _mlir_ciface_qat_max_pool2d_u8(qat_memref4d_i8 *in, qat_memref4d_i8 *out, int64_t pad_top,
                                    int64_t pad_left, int64_t kh, int64_t kw, int64_t sh,
                                    int64_t sw, int64_t dh, int64_t dw, int64_t flags) {
  pool_levels(0, in, out, pad_top, pad_left, kh, kw, sh, sw, dh, dw, flags);
}

void _mlir_ciface_qat_max_pool2d_i8(qat_memref4d_i8 *in, qat_memref4d_i8 *out, int64_t pad_top,
                                    int64_t pad_left, int64_t kh, int64_t kw, int64_t sh,
                                    int64_t sw, int64_t dh, int64_t dw, int64_t flags) {
  pool_levels(1, in, out, pad_top, pad_left, kh, kw, sh, sw, dh, dw, flags);
}
