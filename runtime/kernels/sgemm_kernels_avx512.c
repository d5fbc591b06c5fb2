/*===- sgemm_kernels_avx512.c - AVX-512 micro-kernels -----------------------===*
 *
 * The f32 GEMM's micro-kernels for AVX-512 (F is all they use): a 12x32 tile
 * in 24 zmm accumulators, whose last row panel runs a 4- or 8-row instance
 * when M leaves no more, and a 64-row kernel for one-column products. Each
 * is one fma chain per element in K order, so their bits are the AVX2
 * kernels'. sgemm_dispatch.c's table runs them; the functions carry their
 * target attribute, so the file compiles with the library's flags.
 *
 *===----------------------------------------------------------------------===*/
#include "sgemm_internal.h"
#include "transpose_avx512.h"
#include "window_avx512.h"

#include <immintrin.h>

/* A tile of a transposed C (unit row stride: C^T = X^T W^T, sgemm.c): its
 * columns are contiguous runs of mr <= 12 values. The accumulators are
 * transposed in registers, 16 columns at a time, and each column stored
 * with one masked store (one element per cache line otherwise). */
__attribute__((target("avx512f"), always_inline)) static inline void
store_transposed(const int ROWS, __m512 acc[12][2], float *c, int64_t cs_c, int64_t mr,
                 int64_t nr, const store_op *op) {
  __mmask16 live = (__mmask16)((1u << mr) - 1);
  /* *op read once (see kernel_rows). */
  const int overwrite = op->overwrite, bias_columns = op->bias_columns, clamp = op->clamp;
  const float *bias = op->bias, *res = op->res;
  const float lo = op->lo, hi = op->hi;
  for (int h = 0; h < 2 && 16 * h < nr; ++h) {
    __m512 t[16];
    for (int r = 0; r < 16; ++r)
      t[r] = r < ROWS ? acc[r][h] : _mm512_setzero_ps();
    transpose16(t);
    int64_t cols = nr - 16 * h < 16 ? nr - 16 * h : 16;
    for (int64_t j = 0; j < cols; ++j) {
      int64_t col = 16 * h + j;
      float *dst = c + col * cs_c;
      __m512 base = !overwrite   ? _mm512_maskz_loadu_ps(live, dst)
                    : !bias      ? _mm512_setzero_ps()
                    : bias_columns ? _mm512_set1_ps(bias[col])
                                   : _mm512_maskz_loadu_ps(live, bias);
      __m512 v = finish_vector(_mm512_add_ps(base, t[j]), res ? res + col * cs_c : NULL, live,
                               clamp, lo, hi);
      _mm512_mask_storeu_ps(dst, live, v);
    }
  }
}

/* Stores the ROWS x 16 HALVES accumulators of a tile as *op says. */
__attribute__((target("avx512f"), always_inline)) static inline void
store_acc(const int ROWS, const int HALVES, __m512 acc[12][2], float *c, int64_t rs_c,
          int64_t cs_c, int64_t mr, int64_t nr, const store_op *op) {
  if (rs_c == 1 && cs_c != 1) {
    store_transposed(ROWS, acc, c, cs_c, mr, nr, op);
    return;
  }
  if (cs_c == 1 && !op->bias_columns) {
    /* Rows of C, the columns past nr masked off (an image's last pixels:
     * 169 = 5 x 32 + 9 on 13 x 13). */
    __m512 lo = _mm512_set1_ps(op->lo), hi = _mm512_set1_ps(op->hi);
    /* *op's choices read once: read after every store (which may alias
     * *op) they were reloaded per row half (on AVX2 the same store cost a
     * 27-step tile a third of its time: sgemm_kernels_avx2.c). */
    const int overwrite = op->overwrite, clamp = op->clamp, plus_zero = op->plus_zero;
    const float *bias = op->bias, *res = op->res;
    __mmask16 live[2] = {(__mmask16)(nr >= 16 ? 0xffff : (1u << nr) - 1),
                         (__mmask16)(nr >= 32 ? 0xffff : nr > 16 ? (1u << (nr - 16)) - 1 : 0)};
    /* Constant bounds, so that the accumulators stay registers. */
#pragma GCC unroll 12
    for (int r = 0; r < ROWS; ++r) {
      if (r >= mr)
        break;
      float *row = c + r * rs_c;
      for (int h = 0; h < HALVES; ++h) {
        __mmask16 m = live[h];
        __m512 base = !overwrite ? _mm512_maskz_loadu_ps(m, row + 16 * h)
                      : bias     ? _mm512_set1_ps(bias[r])
                                 : _mm512_setzero_ps();
        __m512 v = _mm512_add_ps(base, acc[r][h]);
        if (res)
          v = _mm512_add_ps(v, _mm512_maskz_loadu_ps(m, res + r * rs_c + 16 * h));
        if (clamp) { /* max/min return the second operand on NaN: v */
          v = _mm512_max_ps(lo, v);
          if (plus_zero) /* -0 + +0 = +0; every other value is unchanged */
            v = _mm512_add_ps(v, _mm512_setzero_ps());
          v = _mm512_min_ps(hi, v);
        }
        _mm512_mask_storeu_ps(row + 16 * h, m, v);
      }
    }
    return;
  }
  float tile[12][32] __attribute__((aligned(64)));
  for (int r = 0; r < ROWS; ++r) {
    _mm512_store_ps(tile[r], acc[r][0]);
    _mm512_store_ps(tile[r] + 16, HALVES > 1 ? acc[r][1] : _mm512_setzero_ps());
  }
  store_tile_scalar(&tile[0][0], 32, c, rs_c, cs_c, mr, nr, op);
}

/* ROWS (<= 12) rows x 16 HALVES (1 or 2) columns of a 12-row A panel over
 * 32-column B panels: ROWS * HALVES zmm accumulators, HALVES for B, 1
 * broadcast. Inlined with constant ROWS and HALVES. */
__attribute__((target("avx512f"), always_inline)) static inline void
kernel_rows(const int ROWS, const int HALVES, int64_t kc, const float *ap, const float *bp,
            float *c, int64_t rs_c, int64_t cs_c, int64_t mr, int64_t nr, const store_op *op) {
  __m512 acc[12][2];
  for (int r = 0; r < ROWS; ++r)
    acc[r][0] = acc[r][1] = _mm512_setzero_ps();
  const char *pf = op->prefetch;
  int64_t pf_lines = op->prefetch_lines;
  for (int64_t k = 0; k < kc; ++k) {
    if (k < pf_lines)
      _mm_prefetch(pf + 64 * k, _MM_HINT_T1);
    __m512 b0 = _mm512_load_ps(bp), b1 = HALVES > 1 ? _mm512_load_ps(bp + 16) : b0;
#pragma GCC unroll 12
    for (int r = 0; r < ROWS; ++r) {
      __m512 a = _mm512_set1_ps(ap[r]);
      acc[r][0] = _mm512_fmadd_ps(a, b0, acc[r][0]);
      if (HALVES > 1)
        acc[r][1] = _mm512_fmadd_ps(a, b1, acc[r][1]);
    }
    ap += 12;
    bp += 32;
  }
  store_acc(ROWS, HALVES, acc, c, rs_c, cs_c, mr, nr, op);
}

/* kernel_rows with A read where it lies (pixels_kernel, sgemm_internal.h):
 * row r's value at step k is pix[r][steps[k]]. The same products in the
 * same order: kernel_rows' bits. */
__attribute__((target("avx512f"), always_inline)) static inline void
pixel_rows(const int ROWS, const int HALVES, int64_t kc, const float *const *pix,
           const int64_t *steps, const float *bp, float *c, int64_t rs_c, int64_t cs_c,
           int64_t mr, int64_t nr, const store_op *op) {
  __m512 acc[12][2];
  const float *p[12];
  for (int r = 0; r < ROWS; ++r) {
    acc[r][0] = acc[r][1] = _mm512_setzero_ps();
    p[r] = pix[r];
  }
  const char *pf = op->prefetch;
  int64_t pf_lines = op->prefetch_lines;
  for (int64_t k = 0; k < kc; ++k) {
    if (k < pf_lines)
      _mm_prefetch(pf + 64 * k, _MM_HINT_T1);
    int64_t o = steps[k];
    __m512 b0 = _mm512_load_ps(bp), b1 = HALVES > 1 ? _mm512_load_ps(bp + 16) : b0;
#pragma GCC unroll 12
    for (int r = 0; r < ROWS; ++r) {
      /* acc += a * b, as _mm512_fmadd_ps(a, b, acc); the broadcast inside
       * the statement: as an intrinsic the compiler hoisted all twelve
       * above the FMAs (12 more live vectors, the pointers reloaded from
       * the stack) and spilled accumulators. */
      __m512 a;
      if (HALVES > 1)
        __asm__("vbroadcastss (%[p],%[o],4), %[a]\n\t"
                "vfmadd231ps %[b0], %[a], %[acc0]\n\t"
                "vfmadd231ps %[b1], %[a], %[acc1]"
                : [acc0] "+v"(acc[r][0]), [acc1] "+v"(acc[r][1]), [a] "=&v"(a)
                : [p] "r"(p[r]), [o] "r"(o), [b0] "v"(b0), [b1] "v"(b1));
      else
        __asm__("vbroadcastss (%[p],%[o],4), %[a]\n\t"
                "vfmadd231ps %[b0], %[a], %[acc0]"
                : [acc0] "+v"(acc[r][0]), [a] "=&v"(a)
                : [p] "r"(p[r]), [o] "r"(o), [b0] "v"(b0));
    }
    bp += 32;
  }
  store_acc(ROWS, HALVES, acc, c, rs_c, cs_c, mr, nr, op);
}

/* kernel_12x32's shapes, with A read where it lies. */
__attribute__((target("avx512f"))) void
pixels_12x32(int64_t kc, const float *const *pix, const int64_t *steps, const float *bp,
             float *c, int64_t rs_c, int64_t cs_c, int64_t mr, int64_t nr, const store_op *op) {
  /* The pixel route's tiles are as equal as can be (9-12 pixels once an
   * image has more than 12): each of those sizes runs its own rows. */
#define PIXEL_ROWS(halves)                                                                        \
  switch (mr <= 4 ? 4 : mr <= 8 ? 8 : mr) {                                                        \
  case 4: pixel_rows(4, halves, kc, pix, steps, bp, c, rs_c, cs_c, mr, nr, op); break;             \
  case 8: pixel_rows(8, halves, kc, pix, steps, bp, c, rs_c, cs_c, mr, nr, op); break;             \
  case 9: pixel_rows(9, halves, kc, pix, steps, bp, c, rs_c, cs_c, mr, nr, op); break;             \
  case 10: pixel_rows(10, halves, kc, pix, steps, bp, c, rs_c, cs_c, mr, nr, op); break;           \
  case 11: pixel_rows(11, halves, kc, pix, steps, bp, c, rs_c, cs_c, mr, nr, op); break;           \
  default: pixel_rows(12, halves, kc, pix, steps, bp, c, rs_c, cs_c, mr, nr, op); break;           \
  }
  if (nr <= 16)
    PIXEL_ROWS(1)
  else
    PIXEL_ROWS(2)
#undef PIXEL_ROWS
}

/* 12 x 32 (24 zmm accumulators); the last panel of M runs only the rows it
 * has, rounded up to 4 or 8 (M = 64 would waste 8 of 72 rows otherwise),
 * and the last panel of N only its first 16 columns when it has no more
 * (an edge of 9 columns cost a whole tile). */
__attribute__((target("avx512f"))) void
kernel_12x32(int64_t kc, const float *ap, const float *bp, float *c, int64_t rs_c, int64_t cs_c,
             int64_t mr, int64_t nr, const store_op *op) {
  if (nr <= 16) {
    if (mr <= 4)
      kernel_rows(4, 1, kc, ap, bp, c, rs_c, cs_c, mr, nr, op);
    else if (mr <= 8)
      kernel_rows(8, 1, kc, ap, bp, c, rs_c, cs_c, mr, nr, op);
    else
      kernel_rows(12, 1, kc, ap, bp, c, rs_c, cs_c, mr, nr, op);
  } else if (mr <= 4)
    kernel_rows(4, 2, kc, ap, bp, c, rs_c, cs_c, mr, nr, op);
  else if (mr <= 8)
    kernel_rows(8, 2, kc, ap, bp, c, rs_c, cs_c, mr, nr, op);
  else
    kernel_rows(12, 2, kc, ap, bp, c, rs_c, cs_c, mr, nr, op);
}

/* One column (a batch-1 fully connected layer computed as C^T = W x^T:
 * N = 1 after the swap). The wide kernels would spend 31 of 32 (15 of 16)
 * columns on padding and run one fma chain at a time. This takes 64-row
 * panels (AVX2's kernel_32x1: 32-row), zero-padded past M, as 4 independent
 * chains of one vector each; each row is still one fma chain in K order, so
 * its bits are the wide kernels'. */
__attribute__((target("avx512f"))) void
kernel_64x1(int64_t kc, const float *ap, const float *bp, float *c, int64_t rs_c, int64_t cs_c,
            int64_t mr, int64_t nr, const store_op *op) {
  __m512 acc[4] = {_mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps(),
                   _mm512_setzero_ps()};
  for (int64_t k = 0; k < kc; ++k) {
    __m512 b = _mm512_set1_ps(bp[k]);
    for (int v = 0; v < 4; ++v)
      acc[v] = _mm512_fmadd_ps(b, _mm512_loadu_ps(ap + 16 * v), acc[v]);
    ap += 64;
  }
  float tile[64] __attribute__((aligned(64)));
  for (int v = 0; v < 4; ++v)
    _mm512_store_ps(tile + 16 * v, acc[v]);
  store_tile_scalar(tile, 1, c, rs_c, cs_c, mr, nr, op);
}
