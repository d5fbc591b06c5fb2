/*===- maxpool.c - 2-D max pooling for compiled models ----------------------===*
 *
 * qat_max_pool2d (maxpool.h) plane by plane: on AVX-512 the planes of
 * maxpool_avx512.c (16 output columns per vector); elsewhere the output
 * column innermost, per tap over the columns inside the row, a select the
 * compiler vectorizes (compiled for AVX2 and for the baseline). The window
 * loops of the pooling generic (a padded copy of the input and scalar code:
 * resnet18's and squeezenet's first pooling layer took 0.4 ms, six times
 * onnxruntime's) computed the same fold, so the outputs are their bits,
 * NaNs and signed zeros included (a NaN replaces acc, -0 and +0 keep the
 * first seen).
 *
 *===----------------------------------------------------------------------===*/
#include "maxpool.h"
#include "isa.h"
#include "maxpool_internal.h"
#include "memref.h"

__attribute__((always_inline)) static inline void plane_rows(const pool_plane *p) {
  for (int64_t oy = 0; oy < p->out_h; ++oy) {
    float *row = p->out + oy * p->out_w;
    if (p->start_neg_inf)
      for (int64_t ox = 0; ox < p->out_w; ++ox)
        row[ox] = -__builtin_inff();
    for (int64_t ky = 0; ky < p->kh; ++ky) {
      int64_t iy = oy * p->sh + ky * p->dh - p->pt;
      if (iy < 0 || iy >= p->height)
        continue;
      for (int64_t kx = 0; kx < p->kw; ++kx) {
        int64_t x0 = kx * p->dw - p->pl, sw = p->sw; /* input column of output column 0 */
        /* Columns ox with 0 <= ox * sw + x0 < width. */
        int64_t lo = x0 >= 0 ? 0 : (-x0 + sw - 1) / sw;
        int64_t hi = p->width - x0 <= 0 ? 0 : (p->width - x0 + sw - 1) / sw;
        hi = hi > p->out_w ? p->out_w : hi;
        const float *src = p->in + iy * p->width + x0;
        for (int64_t ox = lo; ox < hi; ++ox) {
          float x = src[ox * sw], acc = row[ox];
          row[ox] = x > acc || x != x ? x : acc;
        }
      }
    }
  }
}

static void plane_portable(const pool_plane *p) { plane_rows(p); }
__attribute__((target("avx2"))) static void plane_avx2(const pool_plane *p) { plane_rows(p); }

void qat_max_pool2d(int64_t planes, int64_t height, int64_t width, const float *input,
                    int64_t pad_top, int64_t pad_left, int64_t kh, int64_t kw, int64_t out_h,
                    int64_t out_w, int64_t sh, int64_t sw, int64_t dh, int64_t dw, int32_t flags,
                    float *output) {
  /* QAT_ISA=avx2 or generic forces the other paths (the tests run each);
   * the AVX-512 plane computes column indices in 32-bit lanes. */
  qat_isa_level isa = qat_isa();
  int vector = isa >= QAT_ISA_AVX512 && kw <= POOL_MAX_KW && width < (1 << 30) &&
               out_w * sw + kw * dw < (1 << 30);
  void (*plane)(const pool_plane *) = vector                  ? maxpool_plane_avx512
                                      : isa >= QAT_ISA_AVX2 ? plane_avx2
                                                            : plane_portable;
  pool_plane first = {input, output, height, width, kh, kw, pad_top, pad_left, sh, sw, dh, dw,
                      out_h, out_w, (flags & QAT_POOL_START_NEG_INF) != 0};
  if (vector && maxpool_flat_avx512(planes, &first) == 0)
    return;
  for (int64_t i = 0; i < planes; ++i) {
    pool_plane p = {input + i * height * width, output + i * out_h * out_w,
                    height, width, kh, kw, pad_top, pad_left, sh, sw, dh, dw, out_h, out_w,
                    (flags & QAT_POOL_START_NEG_INF) != 0};
    plane(&p);
  }
}

/* The entry lowered code calls, on memref descriptors (NCHW, contiguous). */
void _mlir_ciface_qat_max_pool2d_f32(qat_memref4d_f32 *in, qat_memref4d_f32 *out,
                                     int64_t pad_top, int64_t pad_left, int64_t kh, int64_t kw,
                                     int64_t sh, int64_t sw, int64_t dh, int64_t dw,
                                     int64_t flags) {
  qat_max_pool2d(in->sizes[0] * in->sizes[1], in->sizes[2], in->sizes[3],
                 in->aligned + in->offset, pad_top, pad_left, kh, kw, out->sizes[2],
                 out->sizes[3], sh, sw, dh, dw, (int32_t)flags, out->aligned + out->offset);
}
