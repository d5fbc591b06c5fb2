/*===- sgemm.c - packed f32 GEMM for compiled models ------------------------===*
 *
 * C[M,N] += A[M,K] * B[K,N] with arbitrary strides (transposes are strides).
 * BLIS structure: B is packed into KC x NC blocks of 16-column panels, A into
 * MC x KC blocks of 6-row panels, and a 6x16 register-blocked FMA kernel
 * (12 ymm accumulators) runs over them. Packing absorbs every layout, so
 * the kernel only ever sees contiguous panels.
 *
 * Two micro-kernels are compiled as function targets and chosen at run time
 * by qat_isa() (isa.h; QAT_ISA forces a lower level): 12x32 on AVX-512 (24
 * zmm accumulators), 6x16 on AVX2+FMA (12 ymm); the generic level takes the
 * portable loops.
 *
 *===----------------------------------------------------------------------===*/
#include "sgemm.h"
#include "isa.h"
#include "memref.h"

#include <immintrin.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

enum { KC = 256, NC = 3072 };

/* How one micro-kernel call stores its tile T = Ap * Bp: C = base + T, where
 * base is C itself, or bias[row] (or 0) on the first KC block; then, on the
 * last KC block, + residual and a clamp. The order of the additions is that
 * of the unfused graph (bias, partial sums in K order, residual), so fusing
 * changes no bit. `bias` points at the tile's first row, `res` at the same
 * position as c (same strides). */
typedef struct store_op {
  int overwrite;      /* C's contents are not read */
  int clamp;          /* min(max(v, lo), hi), NaN kept */
  int plus_zero;      /* lo is +0: max(+0, -0) must be +0 (IEEE maximum) */
  const float *bias;  /* with overwrite: per-row start value, or NULL for 0 */
  const float *res;   /* residual to add, or NULL */
  float lo, hi;
} store_op;

/* A micro-kernel: C[mr x nr] (op) Ap (MR x kc panel) * Bp (kc x NR panel). */
typedef void (*micro_kernel)(int64_t kc, const float *ap, const float *bp, float *c,
                             int64_t rs_c, int64_t cs_c, int64_t mr, int64_t nr,
                             const store_op *op);

/* The store of an edge tile (or any layout), one element at a time. */
static inline void store_element(const float *tile, int64_t ld, float *c, int64_t rs_c,
                                 int64_t cs_c, int64_t r, int64_t j, const store_op *op) {
  float *dst = c + r * rs_c + j * cs_c;
  float v = tile[r * ld + j];
  v = (op->overwrite ? (op->bias ? op->bias[r] : 0.0f) : *dst) + v;
  if (op->res)
    v += op->res[r * rs_c + j * cs_c];
  if (op->clamp)
    v = qat_clamp(v, op->lo, op->hi);
  *dst = v;
}

/* In memory order: a transposed C (C^T = W x^T of a fully connected layer
 * has unit row stride) is written column by column, each column's rows
 * contiguous, not one element per cache line (a 197 x 3072 output was 3x
 * slower to store than to compute). */
static void store_tile_scalar(const float *tile, int64_t ld, float *c, int64_t rs_c,
                              int64_t cs_c, int64_t mr, int64_t nr, const store_op *op) {
  if (rs_c == 1 && cs_c != 1) {
    for (int64_t j = 0; j < nr; ++j)
      for (int64_t r = 0; r < mr; ++r)
        store_element(tile, ld, c, rs_c, cs_c, r, j, op);
    return;
  }
  for (int64_t r = 0; r < mr; ++r)
    for (int64_t j = 0; j < nr; ++j)
      store_element(tile, ld, c, rs_c, cs_c, r, j, op);
}

static int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }

/* 64-byte aligned memory; C11 wants the size to be a multiple of the alignment. */
static float *alloc_floats(size_t count) {
  return aligned_alloc(64, (count * sizeof(float) + 63) & ~(size_t)63);
}

/* A block (mc x kc) -> panels of MR rows, k-major, zero-padded rows. */
static void pack_a(int64_t MR, int64_t mc, int64_t kc, const float *a, int64_t rs, int64_t cs,
                   float *ap) {
  for (int64_t i = 0; i < mc; i += MR) {
    int64_t mr = min64(MR, mc - i);
    for (int64_t k = 0; k < kc; ++k) {
      const float *src = a + i * rs + k * cs;
      int64_t r = 0;
      for (; r < mr; ++r)
        ap[r] = src[r * rs];
      for (; r < MR; ++r)
        ap[r] = 0.0f;
      ap += MR;
    }
  }
}

/* B block (kc x nc) -> panels of NR columns, k-major, zero-padded columns. */
static void pack_b(int64_t NR, int64_t kc, int64_t nc, const float *b, int64_t rs, int64_t cs,
                   float *bp) {
  for (int64_t j = 0; j < nc; j += NR) {
    int64_t nr = min64(NR, nc - j);
    for (int64_t k = 0; k < kc; ++k) {
      const float *src = b + k * rs + j * cs;
      if (cs == 1 && nr == NR) {
        memcpy(bp, src, NR * sizeof(float));
      } else {
        int64_t c = 0;
        for (; c < nr; ++c)
          bp[c] = src[c * cs];
        for (; c < NR; ++c)
          bp[c] = 0.0f;
      }
      bp += NR;
    }
  }
}

/* 6 rows x 16 columns: 12 ymm accumulators, 2 for B, 1 broadcast. */
__attribute__((target("avx2,fma"))) static void
kernel_6x16(int64_t kc, const float *ap, const float *bp, float *c, int64_t rs_c, int64_t cs_c,
            int64_t mr, int64_t nr, const store_op *op) {
  __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps();
  __m256 c10 = _mm256_setzero_ps(), c11 = _mm256_setzero_ps();
  __m256 c20 = _mm256_setzero_ps(), c21 = _mm256_setzero_ps();
  __m256 c30 = _mm256_setzero_ps(), c31 = _mm256_setzero_ps();
  __m256 c40 = _mm256_setzero_ps(), c41 = _mm256_setzero_ps();
  __m256 c50 = _mm256_setzero_ps(), c51 = _mm256_setzero_ps();
  for (int64_t k = 0; k < kc; ++k) {
    __m256 b0 = _mm256_load_ps(bp), b1 = _mm256_load_ps(bp + 8);
    __m256 a;
    a = _mm256_broadcast_ss(ap + 0); c00 = _mm256_fmadd_ps(a, b0, c00); c01 = _mm256_fmadd_ps(a, b1, c01);
    a = _mm256_broadcast_ss(ap + 1); c10 = _mm256_fmadd_ps(a, b0, c10); c11 = _mm256_fmadd_ps(a, b1, c11);
    a = _mm256_broadcast_ss(ap + 2); c20 = _mm256_fmadd_ps(a, b0, c20); c21 = _mm256_fmadd_ps(a, b1, c21);
    a = _mm256_broadcast_ss(ap + 3); c30 = _mm256_fmadd_ps(a, b0, c30); c31 = _mm256_fmadd_ps(a, b1, c31);
    a = _mm256_broadcast_ss(ap + 4); c40 = _mm256_fmadd_ps(a, b0, c40); c41 = _mm256_fmadd_ps(a, b1, c41);
    a = _mm256_broadcast_ss(ap + 5); c50 = _mm256_fmadd_ps(a, b0, c50); c51 = _mm256_fmadd_ps(a, b1, c51);
    ap += 6;
    bp += 16;
  }
  __m256 acc[6][2] = {{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31}, {c40, c41}, {c50, c51}};
  if (nr == 16 && cs_c == 1) { /* full-width rows (the last panel may have fewer) */
    __m256 lo = _mm256_set1_ps(op->lo), hi = _mm256_set1_ps(op->hi);
    /* Constant bounds, so that the accumulators stay registers. */
#pragma GCC unroll 6
    for (int r = 0; r < 6; ++r) {
      if (r >= mr)
        break;
      float *row = c + r * rs_c;
      for (int h = 0; h < 2; ++h) {
        __m256 base = !op->overwrite ? _mm256_loadu_ps(row + 8 * h)
                      : op->bias     ? _mm256_set1_ps(op->bias[r])
                                     : _mm256_setzero_ps();
        __m256 v = _mm256_add_ps(base, acc[r][h]);
        if (op->res)
          v = _mm256_add_ps(v, _mm256_loadu_ps(op->res + r * rs_c + 8 * h));
        if (op->clamp) { /* max/min return the second operand on NaN: v */
          v = _mm256_max_ps(lo, v);
          if (op->plus_zero) /* -0 + +0 = +0; every other value is unchanged */
            v = _mm256_add_ps(v, _mm256_setzero_ps());
          v = _mm256_min_ps(hi, v);
        }
        _mm256_storeu_ps(row + 8 * h, v);
      }
    }
    return;
  }
  float tile[6][16] __attribute__((aligned(32)));
  for (int r = 0; r < 6; ++r) {
    _mm256_store_ps(tile[r], acc[r][0]);
    _mm256_store_ps(tile[r] + 8, acc[r][1]);
  }
  store_tile_scalar(&tile[0][0], 16, c, rs_c, cs_c, mr, nr, op);
}


/* ROWS (<= 12) rows x 32 columns of a 12-row A panel: 2 * ROWS zmm
 * accumulators, 2 for B, 1 broadcast. Inlined with a constant ROWS. */
__attribute__((target("avx512f"), always_inline)) static inline void
kernel_rows_x32(const int ROWS, int64_t kc, const float *ap, const float *bp, float *c,
                int64_t rs_c, int64_t cs_c, int64_t mr, int64_t nr, const store_op *op) {
  __m512 acc[12][2];
  for (int r = 0; r < ROWS; ++r)
    acc[r][0] = acc[r][1] = _mm512_setzero_ps();
  for (int64_t k = 0; k < kc; ++k) {
    __m512 b0 = _mm512_load_ps(bp), b1 = _mm512_load_ps(bp + 16);
#pragma GCC unroll 12
    for (int r = 0; r < ROWS; ++r) {
      __m512 a = _mm512_set1_ps(ap[r]);
      acc[r][0] = _mm512_fmadd_ps(a, b0, acc[r][0]);
      acc[r][1] = _mm512_fmadd_ps(a, b1, acc[r][1]);
    }
    ap += 12;
    bp += 32;
  }
  if (nr == 32 && cs_c == 1) { /* full-width rows (the last panel may have fewer) */
    __m512 lo = _mm512_set1_ps(op->lo), hi = _mm512_set1_ps(op->hi);
    /* Constant bounds, so that the accumulators stay registers. */
#pragma GCC unroll 12
    for (int r = 0; r < ROWS; ++r) {
      if (r >= mr)
        break;
      float *row = c + r * rs_c;
      for (int h = 0; h < 2; ++h) {
        __m512 base = !op->overwrite ? _mm512_loadu_ps(row + 16 * h)
                      : op->bias     ? _mm512_set1_ps(op->bias[r])
                                     : _mm512_setzero_ps();
        __m512 v = _mm512_add_ps(base, acc[r][h]);
        if (op->res)
          v = _mm512_add_ps(v, _mm512_loadu_ps(op->res + r * rs_c + 16 * h));
        if (op->clamp) { /* max/min return the second operand on NaN: v */
          v = _mm512_max_ps(lo, v);
          if (op->plus_zero) /* -0 + +0 = +0; every other value is unchanged */
            v = _mm512_add_ps(v, _mm512_setzero_ps());
          v = _mm512_min_ps(hi, v);
        }
        _mm512_storeu_ps(row + 16 * h, v);
      }
    }
    return;
  }
  float tile[12][32] __attribute__((aligned(64)));
  for (int r = 0; r < ROWS; ++r) {
    _mm512_store_ps(tile[r], acc[r][0]);
    _mm512_store_ps(tile[r] + 16, acc[r][1]);
  }
  store_tile_scalar(&tile[0][0], 32, c, rs_c, cs_c, mr, nr, op);
}

/* 12 x 32 (24 zmm accumulators); the last panel of M runs only the rows it
 * has, rounded up to 4 or 8 (M = 64 would waste 8 of 72 rows otherwise). */
__attribute__((target("avx512f"))) static void
kernel_12x32(int64_t kc, const float *ap, const float *bp, float *c, int64_t rs_c, int64_t cs_c,
             int64_t mr, int64_t nr, const store_op *op) {
  if (mr <= 4)
    kernel_rows_x32(4, kc, ap, bp, c, rs_c, cs_c, mr, nr, op);
  else if (mr <= 8)
    kernel_rows_x32(8, kc, ap, bp, c, rs_c, cs_c, mr, nr, op);
  else
    kernel_rows_x32(12, kc, ap, bp, c, rs_c, cs_c, mr, nr, op);
}

/* One column (a batch-1 fully connected layer computed as C^T = W x^T:
 * N = 1 after the swap). The wide kernels would spend 31 of 32 (15 of 16)
 * columns on padding and run one fma chain at a time. These take 64-row
 * (AVX2: 32-row) panels, zero-padded past M, as 4 independent chains of one
 * vector each; each row is still one fma chain in K order, so its bits are
 * the wide kernels'. */
__attribute__((target("avx512f"))) static void
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

__attribute__((target("avx2,fma"))) static void
kernel_32x1(int64_t kc, const float *ap, const float *bp, float *c, int64_t rs_c, int64_t cs_c,
            int64_t mr, int64_t nr, const store_op *op) {
  __m256 acc[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(),
                   _mm256_setzero_ps()};
  for (int64_t k = 0; k < kc; ++k) {
    __m256 b = _mm256_set1_ps(bp[k]);
    for (int v = 0; v < 4; ++v)
      acc[v] = _mm256_fmadd_ps(b, _mm256_loadu_ps(ap + 8 * v), acc[v]);
    ap += 32;
  }
  float tile[32] __attribute__((aligned(32)));
  for (int v = 0; v < 4; ++v)
    _mm256_store_ps(tile + 8 * v, acc[v]);
  store_tile_scalar(tile, 1, c, rs_c, cs_c, mr, nr, op);
}

/*===----------------------------------------------------------------------===*
 * Packed constant operands. A model's weights are constant globals, so their
 * packed panels are made once per process and reused: packing A costs about
 * a fifth of a convolution otherwise. The layout is the concatenation over
 * KC blocks of the whole A packed in MR-row panels, so the panels of block
 * (pc, ic) start at pc * Mpad + ic * kc.
 *===----------------------------------------------------------------------===*/
typedef struct packed_a {
  const float *a;
  int64_t rs, cs, m, k, mr;
  float *panels;
  struct packed_a *next;
} packed_a;

static packed_a *packed_cache;
static pthread_mutex_t packed_lock = PTHREAD_MUTEX_INITIALIZER;

static const float *packed_constant_a(int64_t MR, int64_t m, int64_t k, const float *a,
                                      int64_t rs, int64_t cs) {
  pthread_mutex_lock(&packed_lock);
  packed_a *e = packed_cache;
  while (e && !(e->a == a && e->rs == rs && e->cs == cs && e->m == m && e->k == k &&
                e->mr == MR))
    e = e->next;
  if (!e) {
    int64_t mpad = (m + MR - 1) / MR * MR;
    float *panels = alloc_floats((size_t)(mpad * k + 16));
    e = panels ? malloc(sizeof(packed_a)) : NULL;
    if (!e) {
      free(panels);
      pthread_mutex_unlock(&packed_lock);
      return NULL;
    }
    for (int64_t pc = 0; pc < k; pc += KC)
      pack_a(MR, m, min64(KC, k - pc), a + pc * cs, rs, cs, panels + pc * mpad);
    *e = (packed_a){a, rs, cs, m, k, MR, panels, packed_cache};
    packed_cache = e;
  }
  pthread_mutex_unlock(&packed_lock);
  return e->panels;
}

/* Packs rows [pc, pc + kc) and columns [jc, jc + nc) of the logical B. */
typedef struct b_source {
  void (*pack)(const struct b_source *src, int64_t NR, int64_t pc, int64_t kc, int64_t jc,
               int64_t nc, float *bp);
  const float *b;
  int64_t rs, cs;             /* dense B */
  int64_t channels, height, width, kh, kw, out_w, sh, sw, dh, dw; /* implicit im2col */
  int64_t pad_top, pad_left; /* zero padding read as zeros, never stored */
  int64_t out_h;             /* patches (the weight gradient) */
} b_source;

static void pack_dense_b(const b_source *src, int64_t NR, int64_t pc, int64_t kc, int64_t jc,
                         int64_t nc, float *bp) {
  pack_b(NR, kc, nc, src->b + pc * src->rs + jc * src->cs, src->rs, src->cs, bp);
}

/* Per row k = (c, ky, kx) of the block [pc, pc + kc) of an implicit im2col
 * B: where its input plane starts, and the input row and column that output
 * position (0, 0) reads. */
static void im2col_rows(const b_source *src, int64_t pc, int64_t kc, int64_t *plane,
                        int64_t *row0, int64_t *col0) {
  int64_t taps = src->kh * src->kw;
  for (int64_t k = 0; k < kc; ++k) {
    int64_t c = (pc + k) / taps, r = (pc + k) % taps, ky = r / src->kw, kx = r % src->kw;
    plane[k] = c * src->height * src->width;
    row0[k] = ky * src->dh - src->pad_top;
    col0[k] = kx * src->dw - src->pad_left;
  }
}

/* B[k, j] of a convolution: k = (c, kh, kw), j = (oh, ow), read from one
 * (padded) image [channels, height, width] without materializing im2col. */
static void pack_im2col_b(const b_source *src, int64_t NR, int64_t pc, int64_t kc, int64_t jc,
                          int64_t nc, float *bp) {
  int64_t width = src->width, height = src->height, sw = src->sw;
  int64_t plane[KC], row0[KC], col0[KC], ow_lo[KC], ow_hi[KC];
  im2col_rows(src, pc, kc, plane, row0, col0);
  for (int64_t k = 0; k < kc; ++k) {
    /* Output columns ow with 0 <= ow * sw + col0 < width: [ow_lo, ow_hi). */
    ow_lo[k] = col0[k] >= 0 ? 0 : (-col0[k] + sw - 1) / sw;
    ow_hi[k] = width - col0[k] <= 0 ? 0 : (width - col0[k] + sw - 1) / sw;
  }
  /* Panel by panel, so the packed buffer is written sequentially. A panel's
   * columns form runs along output rows; a run reads one input row with
   * stride sw, and positions in the padding read as zero. */
  for (int64_t j = 0; j < nc; j += NR) {
    int64_t nr = min64(NR, nc - j);
    int64_t first_oh = (jc + j) / src->out_w, first_ow = (jc + j) % src->out_w;
    for (int64_t k = 0; k < kc; ++k, bp += NR) {
      int64_t oh = first_oh, ow = first_ow;
      for (int64_t t = 0; t < nr;) {
        int64_t run = min64(src->out_w - ow, nr - t);
        float *dst = bp + t;
        int64_t y = oh * src->sh + row0[k], x0 = ow * sw + col0[k];
        if (y < 0 || y >= height) {
          memset(dst, 0, (size_t)run * sizeof(float));
        } else {
          /* Elements e in [lo, hi) of the run read inside the row. */
          int64_t lo = ow_lo[k] - ow, hi = ow_hi[k] - ow;
          lo = lo < 0 ? 0 : lo > run ? run : lo;
          hi = hi < lo ? lo : hi > run ? run : hi;
          const float *from = src->b + plane[k] + y * width + x0;
          for (int64_t e = 0; e < lo; ++e)
            dst[e] = 0.0f;
          if (sw == 1)
            memcpy(dst + lo, from + lo, (size_t)(hi - lo) * sizeof(float));
          else
            for (int64_t e = lo; e < hi; ++e)
              dst[e] = from[e * sw];
          for (int64_t e = hi; e < run; ++e)
            dst[e] = 0.0f;
        }
        t += run;
        ow += run;
        if (ow == src->out_w) {
          ow = 0;
          ++oh;
        }
      }
      for (int64_t t = nr; t < NR; ++t)
        bp[t] = 0.0f;
    }
  }
}

/* pack_im2col_b for "same" stride-1 convolutions (out_w == width, so output
 * position q = oh * width + ow reads input q + row0 * width + col0 of its
 * plane: one contiguous run per panel row, across output rows) with 32-column
 * panels on AVX-512. A panel row is then two masked loads and stores; the
 * mask zeroes the columns that fall in the padding, and depends only on the
 * tap (ky, kx), so it is computed once per panel and tap from a row mask and
 * a column mask. Masked-off lanes are never read, so the run may start or
 * end outside the image. Most of resnet's and mobilenet's convolutions are
 * this shape; packing them was a sixth of resnet18's time. */
enum { MAX_TAPS = 64 };
__attribute__((target("avx512f"))) static void
pack_im2col_b_same_avx512(const b_source *src, int64_t NR, int64_t pc, int64_t kc, int64_t jc,
                          int64_t nc, float *bp) {
  if (NR != 32) { /* the AVX2 fallback kernel */
    pack_im2col_b(src, NR, pc, kc, jc, nc, bp);
    return;
  }
  int64_t kh = src->kh, kw = src->kw, taps = kh * kw, width = src->width,
          height = src->height;
  int64_t offset[KC], tap[KC];
  for (int64_t k = 0; k < kc; ++k) {
    int64_t c = (pc + k) / taps, r = (pc + k) % taps, ky = r / kw, kx = r % kw;
    offset[k] = c * height * width + (ky * src->dh - src->pad_top) * width +
                kx * src->dw - src->pad_left;
    tap[k] = r;
  }
  for (int64_t j = 0; j < nc; j += NR) {
    int64_t nr = min64(NR, nc - j), q = jc + j;
    /* Lane l of the panel is output (oh[l], ow[l]); lanes >= nr are off. */
    int32_t oh[32], ow[32];
    for (int64_t l = 0, y = q / width, x = q % width; l < 32; ++l) {
      oh[l] = l < nr ? (int32_t)y : INT32_MIN / 2;
      ow[l] = (int32_t)x;
      if (++x == width) {
        x = 0;
        ++y;
      }
    }
    __m512i oh0 = _mm512_loadu_si512(oh), oh1 = _mm512_loadu_si512(oh + 16);
    __m512i ow0 = _mm512_loadu_si512(ow), ow1 = _mm512_loadu_si512(ow + 16);
    /* Valid iff 0 <= o + d < n, i.e. -d <= o < n - d. */
    __mmask16 mask[MAX_TAPS][2];
    for (int64_t ky = 0; ky < kh; ++ky) {
      int32_t d = (int32_t)(ky * src->dh - src->pad_top);
      __m512i lo = _mm512_set1_epi32(-d), hi = _mm512_set1_epi32((int32_t)height - d);
      __mmask16 r0 = _mm512_cmpge_epi32_mask(oh0, lo) & _mm512_cmplt_epi32_mask(oh0, hi);
      __mmask16 r1 = _mm512_cmpge_epi32_mask(oh1, lo) & _mm512_cmplt_epi32_mask(oh1, hi);
      for (int64_t kx = 0; kx < kw; ++kx) {
        int32_t e = (int32_t)(kx * src->dw - src->pad_left);
        __m512i clo = _mm512_set1_epi32(-e), chi = _mm512_set1_epi32((int32_t)width - e);
        mask[ky * kw + kx][0] =
            r0 & _mm512_cmpge_epi32_mask(ow0, clo) & _mm512_cmplt_epi32_mask(ow0, chi);
        mask[ky * kw + kx][1] =
            r1 & _mm512_cmpge_epi32_mask(ow1, clo) & _mm512_cmplt_epi32_mask(ow1, chi);
      }
    }
    /* Integer arithmetic: the run's address may lie outside the image. */
    uintptr_t base = (uintptr_t)src->b + (uintptr_t)q * sizeof(float);
    for (int64_t k = 0; k < kc; ++k, bp += 32) {
      const float *from = (const float *)(base + (uintptr_t)offset[k] * sizeof(float));
      _mm512_store_ps(bp, _mm512_maskz_loadu_ps(mask[tap[k]][0], from));
      _mm512_store_ps(bp + 16, _mm512_maskz_loadu_ps(mask[tap[k]][1], from + 16));
    }
  }
}

/* The bits [lo, hi) of a 16-lane mask, clamped to the vector. */
static __mmask16 lane_range(int64_t lo, int64_t hi) {
  lo = lo < 0 ? 0 : lo > 16 ? 16 : lo;
  hi = hi < lo ? lo : hi > 16 ? 16 : hi;
  return (__mmask16)(((1u << hi) - 1) & ~((1u << lo) - 1));
}

/* pack_im2col_b for stride-2 convolutions (resnet's stem and downsampling)
 * on AVX-512: each run of up to 16 panel columns reads 32 consecutive input
 * columns with two masked loads (the masks zero the padding) and keeps the
 * even ones with one permute, instead of a scalar strided copy. */
__attribute__((target("avx512f"))) static void
pack_im2col_b_s2_avx512(const b_source *src, int64_t NR, int64_t pc, int64_t kc, int64_t jc,
                        int64_t nc, float *bp) {
  int64_t width = src->width, height = src->height;
  int64_t plane[KC], row0[KC], col0[KC];
  im2col_rows(src, pc, kc, plane, row0, col0);
  const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26,
                                         28, 30);
  for (int64_t j = 0; j < nc; j += NR) {
    int64_t nr = min64(NR, nc - j);
    int64_t first_oh = (jc + j) / src->out_w, first_ow = (jc + j) % src->out_w;
    for (int64_t k = 0; k < kc; ++k, bp += NR) {
      int64_t oh = first_oh, ow = first_ow;
      for (int64_t t = 0; t < nr;) {
        int64_t run = min64(src->out_w - ow, nr - t);
        int64_t y = oh * src->sh + row0[k], x0 = 2 * ow + col0[k];
        /* Input columns x0 + p with p in [lo, hi) are inside the row. */
        int64_t lo = -x0, hi = y >= 0 && y < height ? width - x0 : lo;
        /* Integer arithmetic: the address may lie outside the image. */
        uintptr_t from = (uintptr_t)src->b + (uintptr_t)(plane[k] + y * width + x0) * 4;
        for (int64_t e = 0; e < run; e += 16) {
          int64_t p = 2 * e;
          __m512 v0 = _mm512_maskz_loadu_ps(lane_range(lo - p, hi - p),
                                            (const float *)(from + (uintptr_t)p * 4));
          __m512 v1 = _mm512_maskz_loadu_ps(lane_range(lo - p - 16, hi - p - 16),
                                            (const float *)(from + (uintptr_t)(p + 16) * 4));
          _mm512_mask_storeu_ps(bp + t + e, lane_range(0, run - e),
                                _mm512_permutex2var_ps(v0, even, v1));
        }
        t += run;
        ow += run;
        if (ow == src->out_w) {
          ow = 0;
          ++oh;
        }
      }
      for (int64_t t = nr; t < NR; ++t)
        bp[t] = 0.0f;
    }
  }
}

/* Packs rows [ic, ic + mc) and columns [pc, pc + kc) of a logical A that is
 * not one strided matrix (NULL: the dense a/rs_a/cs_a of sgemm_blocked). */
typedef struct a_source {
  void (*pack)(const struct a_source *src, int64_t MR, int64_t ic, int64_t mc, int64_t pc,
               int64_t kc, float *ap);
  const float *a;
  int64_t rows, positions; /* a convolution gradient [N, rows, positions] */
} a_source;

/* A[f, k] = grad[n, f, p] with k = (n, p): the output gradient of a
 * convolution as the left operand of its weight gradient. */
static void pack_grad_a(const a_source *src, int64_t MR, int64_t ic, int64_t mc, int64_t pc,
                        int64_t kc, float *ap) {
  int64_t P = src->positions, F = src->rows;
  for (int64_t i = 0; i < mc; i += MR) {
    int64_t mr = min64(MR, mc - i);
    int64_t n = pc / P, p = pc % P;
    for (int64_t k = 0; k < kc; ++k) {
      const float *col = src->a + (n * F + ic + i) * P + p;
      int64_t r = 0;
      for (; r < mr; ++r)
        ap[r] = col[r * P];
      for (; r < MR; ++r)
        ap[r] = 0.0f;
      ap += MR;
      if (++p == P) {
        p = 0;
        ++n;
      }
    }
  }
}

/* B[k, j] = input[n, c, oh * sh + ky * dh - pad_top, ow * sw + kx * dw - pad_left]
 * with k = (n, oh, ow) and j = (c, ky, kx): the input patches, transposed,
 * as the right operand of a convolution's weight gradient. Column by
 * column, a column's values along one output row are a run of an input row
 * (strided by sw); positions in the padding read as zero. */
static void pack_patches_t_b(const b_source *src, int64_t NR, int64_t pc, int64_t kc,
                             int64_t jc, int64_t nc, float *bp) {
  int64_t H = src->height, W = src->width, OW = src->out_w, taps = src->kh * src->kw;
  int64_t P = src->out_h * OW, plane = H * W, image = src->channels * plane;
  for (int64_t j = 0; j < nc; j += NR, bp += NR * kc) {
    int64_t nr = min64(NR, nc - j);
    for (int64_t t = 0; t < NR; ++t) {
      float *dst = bp + t;
      if (t >= nr) {
        for (int64_t k = 0; k < kc; ++k)
          dst[k * NR] = 0.0f;
        continue;
      }
      int64_t col = jc + j + t, c = col / taps, ky = col % taps / src->kw, kx = col % src->kw;
      int64_t dy = ky * src->dh - src->pad_top, dx = kx * src->dw - src->pad_left;
      int64_t n = pc / P, p = pc % P, oh = p / OW, ow = p % OW;
      for (int64_t k = 0; k < kc;) {
        /* The rest of output row oh of image n, or of the block. */
        int64_t run = min64(OW - ow, kc - k);
        int64_t y = oh * src->sh + dy;
        const float *row = src->b + n * image + c * plane + y * W;
        for (int64_t e = 0; e < run; ++e) {
          int64_t x = (ow + e) * src->sw + dx;
          dst[(k + e) * NR] = y >= 0 && y < H && x >= 0 && x < W ? row[x] : 0.0f;
        }
        k += run;
        ow += run;
        if (ow == OW) {
          ow = 0;
          if (++oh == src->out_h) {
            oh = 0;
            ++n;
          }
        }
      }
    }
  }
}

/* The BLIS loops around a micro-kernel of MR x NR; MC is a multiple of MR.
 * `a_constant`: A never changes between calls (pack it once). The epilogue
 * (NULL: plain C += A * B) is applied by the kernels' stores: the start value
 * on the first KC block, residual and clamp on the last. */
static int sgemm_blocked(int64_t MR, int64_t NR, int64_t MC, micro_kernel kernel, int64_t m,
                         int64_t n, int64_t k, const float *a, int64_t rs_a, int64_t cs_a,
                         int a_constant, const a_source *asrc, const b_source *bsrc, float *c,
                         int64_t rs_c, int64_t cs_c, const qat_epilogue *epi) {
  const float *a_packed = a_constant ? packed_constant_a(MR, m, k, a, rs_a, cs_a) : NULL;
  int64_t mpad = (m + MR - 1) / MR * MR;
  float *ap = alloc_floats((size_t)(MC * KC));
  float *bp = alloc_floats((size_t)(KC * ((NC + NR - 1) / NR * NR)));
  if (!ap || !bp) {
    free(ap);
    free(bp);
    return 1;
  }
  int32_t flags = epi ? epi->flags : 0;
  for (int64_t jc = 0; jc < n; jc += NC) {
    int64_t nc = min64(NC, n - jc);
    for (int64_t pc = 0; pc < k; pc += KC) {
      int64_t kc = min64(KC, k - pc);
      int first = pc == 0, last = pc + kc == k;
      int clamp = last && (flags & QAT_EPI_CLAMP);
      store_op op = {first && (flags & (QAT_EPI_INIT_ZERO | QAT_EPI_INIT_BIAS)), clamp,
                     clamp && qat_lo_is_plus_zero(epi->lo), NULL, NULL,
                     epi ? epi->lo : 0.0f, epi ? epi->hi : 0.0f};
      bsrc->pack(bsrc, NR, pc, kc, jc, nc, bp);
      for (int64_t ic = 0; ic < m; ic += MC) {
        int64_t mc = min64(MC, m - ic);
        const float *panels = ap;
        if (a_packed)
          panels = a_packed + pc * mpad + ic * kc;
        else if (asrc)
          asrc->pack(asrc, MR, ic, mc, pc, kc, ap);
        else
          pack_a(MR, mc, kc, a + ic * rs_a + pc * cs_a, rs_a, cs_a, ap);
        for (int64_t jr = 0; jr < nc; jr += NR)
          for (int64_t ir = 0; ir < mc; ir += MR) {
            int64_t at = (ic + ir) * rs_c + (jc + jr) * cs_c;
            op.bias = first && (flags & QAT_EPI_INIT_BIAS) ? epi->bias + ic + ir : NULL;
            op.res = last && (flags & QAT_EPI_RESIDUAL) ? epi->residual + at : NULL;
            kernel(kc, panels + ir * kc, bp + jr * kc, c + at, rs_c, cs_c, min64(MR, mc - ir),
                   min64(NR, nc - jr), &op);
          }
      }
    }
  }
  free(ap);
  free(bp);
  return 0;
}

/* The epilogue around a plain accumulation (the portable paths): the start
 * value before, residual and clamp after - the same additions in the same
 * order as the kernels' stores. */
static void epilogue_before(const qat_epilogue *epi, int64_t m, int64_t n, float *c,
                            int64_t rs_c, int64_t cs_c) {
  if (!epi || !(epi->flags & (QAT_EPI_INIT_ZERO | QAT_EPI_INIT_BIAS)))
    return;
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j)
      c[i * rs_c + j * cs_c] = epi->flags & QAT_EPI_INIT_BIAS ? epi->bias[i] : 0.0f;
}

static void epilogue_after(const qat_epilogue *epi, int64_t m, int64_t n, float *c,
                           int64_t rs_c, int64_t cs_c) {
  if (!epi || !(epi->flags & (QAT_EPI_RESIDUAL | QAT_EPI_CLAMP)))
    return;
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      float v = c[i * rs_c + j * cs_c];
      if (epi->flags & QAT_EPI_RESIDUAL)
        v += epi->residual[i * rs_c + j * cs_c];
      if (epi->flags & QAT_EPI_CLAMP)
        v = qat_clamp(v, epi->lo, epi->hi);
      c[i * rs_c + j * cs_c] = v;
    }
}

static void sgemm_portable(int64_t m, int64_t n, int64_t k, const float *a, int64_t rs_a,
                           int64_t cs_a, const float *b, int64_t rs_b, int64_t cs_b, float *c,
                           int64_t rs_c, int64_t cs_c) {
  for (int64_t i = 0; i < m; ++i)
    for (int64_t p = 0; p < k; ++p) {
      float av = a[i * rs_a + p * cs_a];
      for (int64_t j = 0; j < n; ++j)
        c[i * rs_c + j * cs_c] += av * b[p * rs_b + j * cs_b];
    }
}

/* Runs the best micro-kernel this CPU has; non-zero if none could run. */
static int sgemm_dispatch(int64_t m, int64_t n, int64_t k, const float *a, int64_t rs_a,
                          int64_t cs_a, int a_constant, const a_source *asrc,
                          const b_source *bsrc, float *c, int64_t rs_c, int64_t cs_c,
                          const qat_epilogue *epi) {
  qat_isa_level isa = qat_isa();
  /* One column: the same panels (and cached weights), one-column kernels. */
  if (n == 1 && isa >= QAT_ISA_AVX512 &&
      sgemm_blocked(64, 1, 128, kernel_64x1, m, n, k, a, rs_a, cs_a, a_constant, asrc, bsrc, c,
                    rs_c, cs_c, epi) == 0)
    return 0;
  if (n == 1 && isa >= QAT_ISA_AVX2 &&
      sgemm_blocked(32, 1, 128, kernel_32x1, m, n, k, a, rs_a, cs_a, a_constant, asrc, bsrc, c,
                    rs_c, cs_c, epi) == 0)
    return 0;
  if (isa >= QAT_ISA_AVX512 &&
      sgemm_blocked(12, 32, 96, kernel_12x32, m, n, k, a, rs_a, cs_a, a_constant, asrc, bsrc, c,
                    rs_c, cs_c, epi) == 0)
    return 0;
  if (isa >= QAT_ISA_AVX2 &&
      sgemm_blocked(6, 16, 72, kernel_6x16, m, n, k, a, rs_a, cs_a, a_constant, asrc, bsrc, c,
                    rs_c, cs_c, epi) == 0)
    return 0;
  return 1;
}

void qat_sgemm(int64_t m, int64_t n, int64_t k, const float *a, int64_t rs_a, int64_t cs_a,
               int a_constant, const float *b, int64_t rs_b, int64_t cs_b, float *c,
               int64_t rs_c, int64_t cs_c, const qat_epilogue *epi) {
  if (m <= 0 || n <= 0)
    return;
  if (k <= 0) { /* no product: the epilogue alone */
    epilogue_before(epi, m, n, c, rs_c, cs_c);
    epilogue_after(epi, m, n, c, rs_c, cs_c);
    return;
  }
  b_source src = {pack_dense_b, b, rs_b, cs_b, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  if (sgemm_dispatch(m, n, k, a, rs_a, cs_a, a_constant, NULL, &src, c, rs_c, cs_c, epi) == 0)
    return;
  epilogue_before(epi, m, n, c, rs_c, cs_c);
  sgemm_portable(m, n, k, a, rs_a, cs_a, b, rs_b, cs_b, c, rs_c, cs_c);
  epilogue_after(epi, m, n, c, rs_c, cs_c);
}

void qat_conv2d(int64_t batch, int64_t channels, int64_t height, int64_t width,
                const float *input, int64_t pad_top, int64_t pad_left, int64_t filters,
                int64_t kh, int64_t kw, const float *weight, int weight_constant,
                int64_t out_h, int64_t out_w, int64_t sh, int64_t sw, int64_t dh, int64_t dw,
                float *output, const qat_epilogue *epi) {
  int64_t k = channels * kh * kw, n = out_h * out_w;
  if (filters <= 0 || n <= 0)
    return;
  for (int64_t img = 0; img < batch; ++img) {
    const float *in = input + img * channels * height * width;
    float *out = output + img * filters * n;
    /* The residual of this image. */
    qat_epilogue image_epi;
    if (epi) {
      image_epi = *epi;
      if (epi->flags & QAT_EPI_RESIDUAL)
        image_epi.residual = epi->residual + img * filters * n;
    }
    const qat_epilogue *e = epi ? &image_epi : NULL;
    b_source src = {pack_im2col_b, in, 0, 0, channels, height, width, kh, kw, out_w,
                    sh, sw, dh, dw, pad_top, pad_left, 0};
    /* The fast packing needs the 32-column panels of the AVX-512 kernel. */
    int avx512 = qat_isa() >= QAT_ISA_AVX512;
    if (sh == 1 && sw == 1 && out_w == width && kh * kw <= MAX_TAPS && avx512)
      src.pack = pack_im2col_b_same_avx512;
    else if (sw == 2 && avx512)
      src.pack = pack_im2col_b_s2_avx512;
    if (k > 0 && sgemm_dispatch(filters, n, k, weight, k, 1, weight_constant, NULL, &src, out, n, 1,
                                e) == 0)
      continue;
    /* Portable: direct loops. */
    epilogue_before(e, filters, n, out, n, 1);
    for (int64_t f = 0; f < filters; ++f)
      for (int64_t c = 0; c < channels; ++c)
        for (int64_t y = 0; y < kh; ++y)
          for (int64_t x = 0; x < kw; ++x) {
            float wv = weight[((f * channels + c) * kh + y) * kw + x];
            for (int64_t oy = 0; oy < out_h; ++oy)
              for (int64_t ox = 0; ox < out_w; ++ox) {
                int64_t iy = oy * sh + y * dh - pad_top, ix = ox * sw + x * dw - pad_left;
                if (iy >= 0 && iy < height && ix >= 0 && ix < width)
                  out[(f * out_h + oy) * out_w + ox] += wv * in[(c * height + iy) * width + ix];
              }
          }
    epilogue_after(e, filters, n, out, n, 1);
  }
}

void qat_conv2d_weight_grad(int64_t batch, int64_t channels, int64_t height, int64_t width,
                            const float *input, int64_t pad_top, int64_t pad_left,
                            int64_t filters, int64_t kh, int64_t kw, const float *grad,
                            int64_t out_h, int64_t out_w, int64_t sh, int64_t sw, int64_t dh,
                            int64_t dw, float *output) {
  int64_t n = channels * kh * kw, k = batch * out_h * out_w;
  if (filters <= 0 || n <= 0)
    return;
  qat_epilogue zero = {QAT_EPI_INIT_ZERO, NULL, NULL, 0.0f, 0.0f};
  if (k <= 0) {
    epilogue_before(&zero, filters, n, output, n, 1);
    return;
  }
  a_source asrc = {pack_grad_a, grad, filters, out_h * out_w};
  b_source bsrc = {pack_patches_t_b, input, 0, 0, channels, height, width, kh, kw, out_w,
                   sh, sw, dh, dw, pad_top, pad_left, out_h};
  if (sgemm_dispatch(filters, n, k, NULL, 0, 0, 0, &asrc, &bsrc, output, n, 1, &zero) == 0)
    return;
  /* Portable: direct loops, in (n, oh, ow) order per weight. */
  epilogue_before(&zero, filters, n, output, n, 1);
  for (int64_t img = 0; img < batch; ++img)
    for (int64_t f = 0; f < filters; ++f)
      for (int64_t c = 0; c < channels; ++c)
        for (int64_t y = 0; y < kh; ++y)
          for (int64_t x = 0; x < kw; ++x) {
            float acc = 0.0f;
            for (int64_t oy = 0; oy < out_h; ++oy)
              for (int64_t ox = 0; ox < out_w; ++ox) {
                int64_t iy = oy * sh + y * dh - pad_top, ix = ox * sw + x * dw - pad_left;
                if (iy >= 0 && iy < height && ix >= 0 && ix < width)
                  acc += grad[((img * filters + f) * out_h + oy) * out_w + ox] *
                         input[((img * channels + c) * height + iy) * width + ix];
              }
            output[((f * channels + c) * kh + y) * kw + x] += acc;
          }
}

/* The entries lowered code calls, on memref descriptors. `bias` (one value
 * per row of C / filter, contiguous) and `residual` (C's elements, contiguous)
 * are read only when `flags` (QAT_EPI_*) says so; the lowered code passes
 * some buffer otherwise. */
static const qat_epilogue *make_epilogue(qat_epilogue *epi, qat_memref1d_f32 *bias,
                                         qat_memref1d_f32 *residual, int32_t flags, float lo,
                                         float hi) {
  *epi = (qat_epilogue){flags, bias->aligned + bias->offset,
                        residual->aligned + residual->offset, lo, hi};
  return flags ? epi : NULL;
}

void _mlir_ciface_qat_sgemm_f32(qat_memref2d_f32 *a, qat_memref2d_f32 *b, qat_memref2d_f32 *c,
                                qat_memref1d_f32 *bias, qat_memref1d_f32 *residual,
                                int32_t trans_a, int32_t trans_b, int32_t a_constant,
                                int32_t b_constant, int32_t flags, float lo, float hi) {
  /* Logical A is [M, K] and B is [K, N]; a transposed operand swaps strides. */
  int64_t m = c->sizes[0], n = c->sizes[1];
  int64_t k = trans_a ? a->sizes[0] : a->sizes[1];
  int64_t rs_a = trans_a ? a->strides[1] : a->strides[0];
  int64_t cs_a = trans_a ? a->strides[0] : a->strides[1];
  int64_t rs_b = trans_b ? b->strides[1] : b->strides[0];
  int64_t cs_b = trans_b ? b->strides[0] : b->strides[1];
  qat_epilogue epi;
  const qat_epilogue *e = make_epilogue(&epi, bias, residual, flags, lo, hi);
  /* Constant weights on the right (a fully connected layer, x W^T): compute
   * C^T = B^T A^T, so that the weights are the cached, packed operand and
   * not packed again at every call (a batch-1 layer is a GEMV: repacking its
   * weights cost 4x reading them). The same products summed in the same
   * order: the same bits. Not with a per-row bias (it would run along C's
   * columns); residual and clamp are elementwise. */
  if (!a_constant && b_constant && !(flags & QAT_EPI_INIT_BIAS)) {
    qat_sgemm(n, m, k, b->aligned + b->offset, cs_b, rs_b, 1, a->aligned + a->offset, cs_a,
              rs_a, c->aligned + c->offset, c->strides[1], c->strides[0], e);
    return;
  }
  qat_sgemm(m, n, k, a->aligned + a->offset, rs_a, cs_a, a_constant, b->aligned + b->offset,
            rs_b, cs_b, c->aligned + c->offset, c->strides[0], c->strides[1], e);
}

/* NCHW input / FCHW filter / NFHW output: the lowered code passes
 * contiguous buffers (identity layouts). */
void _mlir_ciface_qat_conv2d_f32(qat_memref4d_f32 *in, qat_memref4d_f32 *w,
                                 qat_memref4d_f32 *out, qat_memref1d_f32 *bias,
                                 qat_memref1d_f32 *residual, int64_t pad_top, int64_t pad_left,
                                 int64_t sh, int64_t sw, int64_t dh, int64_t dw,
                                 int32_t weight_constant, int32_t flags, float lo, float hi) {
  qat_epilogue epi;
  qat_conv2d(in->sizes[0], in->sizes[1], in->sizes[2], in->sizes[3], in->aligned + in->offset,
             pad_top, pad_left, w->sizes[0], w->sizes[2], w->sizes[3], w->aligned + w->offset,
             weight_constant, out->sizes[2], out->sizes[3], sh, sw, dh, dw,
             out->aligned + out->offset, make_epilogue(&epi, bias, residual, flags, lo, hi));
}

/* NCHW input / NFHW gradient / FCHW weight gradient, contiguous. */
void _mlir_ciface_qat_conv2d_weight_grad_f32(qat_memref4d_f32 *in, qat_memref4d_f32 *grad,
                                             qat_memref4d_f32 *out, int64_t pad_top,
                                             int64_t pad_left, int64_t sh, int64_t sw,
                                             int64_t dh, int64_t dw) {
  qat_conv2d_weight_grad(in->sizes[0], in->sizes[1], in->sizes[2], in->sizes[3],
                         in->aligned + in->offset, pad_top, pad_left, out->sizes[0],
                         out->sizes[2], out->sizes[3], grad->aligned + grad->offset,
                         grad->sizes[2], grad->sizes[3], sh, sw, dh, dw,
                         out->aligned + out->offset);
}
