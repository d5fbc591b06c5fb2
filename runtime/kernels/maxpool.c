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
#include "thread_pool.h"
#include "maxpool_fold_avx2.h"
#include "maxpool_internal.h"
#include "memref.h"
#include "split_row_avx2.h"

#include <immintrin.h>
#include <stdlib.h>
#include <string.h>

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

enum { POOL_AVX2_MAX_KH = 16, POOL_AVX2_MAX_KW = 16, POOL_STACK_FLOATS = 2048 };

/* AVX2, strides 1 and 2: each input row a tap row reads copied once (stride
 * 2: split into its even and odd columns) between runs of -inf into one of
 * (kh - 1) dh + 1 row buffers, so that every tap reads 8 consecutive values
 * for 8 outputs with no bounds (a -inf never replaces the running maximum,
 * as a position outside the input never counts); the 8 outputs' maxima
 * stay in registers over every tap. plane_rows' loops, vectorized by the
 * compiler, ran their 32-wide bodies once over a 55-column row and the
 * rest one column at a time (squeezenet1_1's first 3x3/2 pooling took 0.84
 * ms alone, resnet18's 0.85; onnxruntime 0.16 in-model). The fold is
 * plane_rows': (ky, kx) order, the same step: the same bits. 1 when the
 * window is larger than the buffers or out of memory. */
__attribute__((target("avx2"))) static int plane_rows_avx2(const pool_plane *p) {
  if (p->kh > POOL_AVX2_MAX_KH || p->kw > POOL_AVX2_MAX_KW)
    return 1;
  int64_t s = p->sw, wide = (p->out_w + 7) / 8 * 8;
  /* Tap column kx of output column ox reads input column s ox + x0(kx),
   * x0 = kx dw - pl: at stride 2 value ox + floor(x0 / 2) of one half. */
  int64_t first = -p->pl, last = (p->kw - 1) * p->dw - p->pl;
  int64_t lo = s == 1 ? first : half_floor(first), hi = s == 1 ? last : half_floor(last);
  int64_t pad = lo < 0 ? -lo : 0, halves = s == 1 ? 1 : 2;
  int64_t data = s == 1 ? p->width : (p->width + 1) / 2;
  int64_t len = pad + (hi > 0 ? hi : 0) + wide + data + 8;
  int64_t slots = (p->kh - 1) * p->dh + 1; /* a window's rows fall in distinct slots */
  /* Small planes (a batch of 28 x 28 images: 112 planes per layer) on the
   * stack: a malloc per plane took longer than the pooling. */
  float stack[POOL_STACK_FLOATS];
  int64_t stack_held[POOL_AVX2_MAX_KH];
  int small = slots * halves * len <= POOL_STACK_FLOATS && slots <= POOL_AVX2_MAX_KH;
  float *buf = small ? stack : malloc((size_t)(slots * halves * len) * sizeof(float));
  int64_t *held = /* the input row in each slot */
      small ? stack_held : malloc((size_t)slots * sizeof(int64_t));
  if (!buf || !held) {
    if (!small) {
      free(buf);
      free(held);
    }
    return 1;
  }
  for (int64_t i = 0; i < slots * halves * len; ++i)
    buf[i] = -__builtin_inff();
  for (int64_t i = 0; i < slots; ++i)
    held[i] = -1;
  const float *src[POOL_AVX2_MAX_KH * POOL_AVX2_MAX_KW];
  const __m256 ninf = _mm256_set1_ps(-__builtin_inff());
  for (int64_t oy = 0; oy < p->out_h; ++oy) {
    /* The taps' runs of this output row, rows outside the input skipped. */
    int64_t taps = 0;
    for (int64_t ky = 0; ky < p->kh; ++ky) {
      int64_t iy = oy * p->sh + ky * p->dh - p->pt;
      if (iy < 0 || iy >= p->height)
        continue;
      float *even = buf + iy % slots * halves * len + pad, *odd = even + len;
      if (held[iy % slots] != iy) {
        const float *in = p->in + iy * p->width;
        if (s == 1)
          memcpy(even, in, (size_t)p->width * sizeof(float));
        else
          split_row_avx2(in, p->width, even, odd);
        held[iy % slots] = iy;
      }
      for (int64_t kx = 0; kx < p->kw; ++kx) {
        int64_t x0 = kx * p->dw - p->pl;
        int64_t half = s == 1 ? x0 : half_floor(x0);
        src[taps++] = (s == 2 && x0 - 2 * half ? odd : even) + half;
      }
    }
    float *row = p->out + oy * p->out_w;
    int64_t split = taps / 2;
    for (int64_t ox = 0; ox < wide; ox += 8) {
      int64_t live = p->out_w - ox < 8 ? p->out_w - ox : 8;
      __m256 a = ninf;
      if (!p->start_neg_inf && live == 8) {
        a = _mm256_loadu_ps(row + ox);
      } else if (!p->start_neg_inf) {
        float start[8];
        for (int64_t l = 0; l < 8; ++l)
          start[l] = l < live ? row[ox + l] : -__builtin_inff();
        a = _mm256_loadu_ps(start);
      }
      /* Taps [0, split) onto the start value, [split, taps) from -inf
       * (the identity of the step), then joined in order. */
      __m256 b = ninf;
      for (int64_t t = 0; t < split; ++t)
        a = pool_fold(a, _mm256_loadu_ps(src[t] + ox));
      for (int64_t t = split; t < taps; ++t)
        b = pool_fold(b, _mm256_loadu_ps(src[t] + ox));
      a = pool_fold(a, b);
      if (live == 8) {
        _mm256_storeu_ps(row + ox, a);
      } else {
        float out[8];
        _mm256_storeu_ps(out, a);
        for (int64_t l = 0; l < live; ++l)
          row[ox + l] = out[l];
      }
    }
  }
  if (!small) {
    free(buf);
    free(held);
  }
  return 0;
}

static void plane_portable(const pool_plane *p) { plane_rows(p); }
__attribute__((target("avx2"))) static void plane_avx2(const pool_plane *p) {
  if ((p->sw == 1 || p->sw == 2) && plane_rows_avx2(p) == 0)
    return;
  plane_rows(p);
}

static void max_pool_serial(int64_t planes, int64_t height, int64_t width, const float *input,
                            int64_t pad_top, int64_t pad_left, int64_t kh, int64_t kw,
                            int64_t out_h, int64_t out_w, int64_t sh, int64_t sw, int64_t dh,
                            int64_t dw, int32_t flags, float *output) {
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
  /* Below AVX-512, 8 planes or more on blocks of 8 planes
   * (maxpool_blocked_avx2.c): 2-4x faster than the planes below at every
   * shape measured alone on Zen 3 (squeezenet1_1's 128 x 55 x 55 3x3/2 0.23
   * -> 0.10 ms, googlenet's 832 x 7 x 7 3x3/1 0.17 -> 0.04); with fewer,
   * most lanes would idle (2 x 224 x 224: 0.03 ms as planes, 0.08 blocked). */
  if (!vector && isa >= QAT_ISA_AVX2 && maxpool_rows_3x3s2_avx2(planes, &first) == 0)
    return;
  /* 3x3/1 "same" on planes up to 32 wide, one flat run per plane: in-model
   * googlenet's 14 x 14 inception poolings 2.4-3.3x onnxruntime's time ->
   * 1.5-1.7x, its 7 x 7 ones 2.0 -> 1.1 (bench/profile.py --rounds 3-4). */
  if (!vector && isa >= QAT_ISA_AVX2 && maxpool_flat_3x3s1_avx2(planes, &first) == 0)
    return;
  if (!vector && isa >= QAT_ISA_AVX2 && planes >= 8 && maxpool_blocked_avx2(planes, &first) == 0)
    return;
  /* Windows that never reach past their plane's rows (no top padding, kh
   * rows within a stride, out_h strides making the height: a 2x2/2 pooling
   * of even planes) read the same rows when the planes are stacked into
   * one: one call instead of one per plane (a batch of 28 x 28 images
   * pooled 128 planes at ~1 us of per-plane setup each, 0.8 us of it
   * beyond the pooling). The same outputs from the same taps: the same
   * bits. Below AVX-512, whose planes have their own paths. */
  if (!vector && planes > 1 && pad_top == 0 && out_h * sh == height && (kh - 1) * dh < sh) {
    first.height = planes * height;
    first.out_h = planes * out_h;
    plane(&first);
    return;
  }
  for (int64_t i = 0; i < planes; ++i) {
    pool_plane p = {input + i * height * width, output + i * out_h * out_w,
                    height, width, kh, kw, pad_top, pad_left, sh, sw, dh, dw, out_h, out_w,
                    (flags & QAT_POOL_START_NEG_INF) != 0};
    plane(&p);
  }
}

/* A pooling cut into ranges of planes, one per thread: below AVX-512 at
 * multiples of 8 planes (the blocked paths' blocks), on AVX-512 at any
 * plane (its paths run plane by plane): resnet18's 64 planes in blocks of
 * 16 were 2 and 2 whatever the balance, a thread idle ~20% of the pool on
 * 2 threads. */
typedef struct pool_job {
  int64_t planes, height, width, pad_top, pad_left, kh, kw, out_h, out_w, sh, sw, dh, dw;
  int32_t flags;
  const float *input;
  float *output;
  int64_t parts, block;
} pool_job;

static void pool_part(void *ctx, int64_t part) {
  const pool_job *j = (const pool_job *)ctx;
  int64_t p0, p1;
  qat_share(j->planes, j->block, j->parts, part, &p0, &p1);
  if (p0 < p1)
    max_pool_serial(p1 - p0, j->height, j->width, j->input + p0 * j->height * j->width,
                    j->pad_top, j->pad_left, j->kh, j->kw, j->out_h, j->out_w, j->sh, j->sw,
                    j->dh, j->dw, j->flags, j->output + p0 * j->out_h * j->out_w);
}

void qat_max_pool2d(int64_t planes, int64_t height, int64_t width, const float *input,
                    int64_t pad_top, int64_t pad_left, int64_t kh, int64_t kw, int64_t out_h,
                    int64_t out_w, int64_t sh, int64_t sw, int64_t dh, int64_t dw, int32_t flags,
                    float *output) {
  int64_t threads = qat_threads_for(planes * out_h * out_w * kh * kw, QAT_PARALLEL_MIN_TAPS);
  int64_t block = qat_isa() >= QAT_ISA_AVX512 ? 1 : 8, blocks = (planes + block - 1) / block;
  pool_job job = {planes, height, width, pad_top, pad_left, kh, kw, out_h, out_w, sh, sw, dh, dw,
                  flags, input, output, threads < blocks ? threads : blocks, block};
  if (job.parts <= 1) {
    max_pool_serial(planes, height, width, input, pad_top, pad_left, kh, kw, out_h, out_w, sh, sw,
                    dh, dw, flags, output);
    return;
  }
  qat_parallel_for(job.parts, pool_part, &job);
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
