/*===- sgemm_kernels_avx2.c - AVX2 + FMA micro-kernels ----------------------===*
 *
 * The f32 GEMM's micro-kernels for CPUs with AVX2 and FMA (Zen 3, Haswell...)
 * but not AVX-512, or with QAT_ISA=avx2: a 6x16 tile in ymm registers, and
 * a 32-row kernel for one-column products. Each is one fma chain per element
 * in K order, so their bits are the AVX-512 kernels'. sgemm_dispatch.c's
 * table runs them; the functions carry their target attribute, so the file
 * compiles with the library's flags.
 *
 *===----------------------------------------------------------------------===*/
#include "sgemm_internal.h"
#include "store_avx2.h"
#include "tile_store_avx2.h"

#include <immintrin.h>

/* A last panel of at most 8 live columns (49 outputs of a 7x7 image are 3
 * panels of 16 and one of 1): the left half of the panel alone, 6
 * accumulators, half the FMAs; each element's chain is the wide kernel's. */
__attribute__((target("avx2,fma"))) static void
kernel_6x8(int64_t kc, const float *ap, const float *bp, float *c, int64_t rs_c, int64_t cs_c,
           int64_t mr, int64_t nr, const store_op *op) {
  __m256 acc[6];
  for (int r = 0; r < 6; ++r)
    acc[r] = _mm256_setzero_ps();
  for (int64_t k = 0; k < kc; ++k) {
    __m256 b0 = _mm256_load_ps(bp);
#pragma GCC unroll 6
    for (int r = 0; r < 6; ++r)
      acc[r] = _mm256_fmadd_ps(_mm256_broadcast_ss(ap + r), b0, acc[r]);
    ap += 6;
    bp += 16;
  }
  float tile[6][16] __attribute__((aligned(32)));
  for (int r = 0; r < 6; ++r)
    _mm256_store_ps(tile[r], acc[r]);
  store_tile_scalar(&tile[0][0], 16, c, rs_c, cs_c, mr, nr, op);
}

/* ROWS (6, or 4 for a last panel of at most 4 live rows: 64 filters are
 * panels of 6 x 10 and 4, and 6 rows computed 2 of padding) x 16 columns:
 * 2 x ROWS ymm accumulators, 2 for B, 1 broadcast. B's rows are ldb floats
 * apart: 16 in a packed panel, the matrix's row stride in place. */
__attribute__((target("avx2,fma"), always_inline)) static inline void
kernel_rows_x16(const int ROWS, int64_t kc, const float *ap, const float *bp, int64_t ldb,
                float *c, int64_t rs_c, int64_t cs_c, int64_t mr, int64_t nr, const store_op *op) {
  __m256 acc[6][2];
#pragma GCC unroll 6
  for (int r = 0; r < ROWS; ++r)
    acc[r][0] = acc[r][1] = _mm256_setzero_ps();
  /* The same rows of C two panels on, for writing: short reductions (a
   * pointwise convolution expanding 8 or 16 channels on 112 x 112) are
   * bound by their stores into an output last touched a model run ago,
   * whose rows lie a page or more apart (one stream per row, more than the
   * hardware prefetchers follow). On Zen 3, caches flushed: 16 -> 96
   * filters on 112 x 112 0.80-1.00 -> 0.71-0.75 ms, 8 -> 48 0.41-0.43 ->
   * 0.37-0.39; in-model (alternating, min of 3 x 30 runs) mobilenet_v2
   * 12.11 -> 11.85 ms, efficientnet_b0 19.48 -> 19.23, mnasnet0_5 4.94 ->
   * 4.90, resnet18 unchanged. (On AVX-512 stop 37 measured the same idea
   * as mixed.) A prefetch past the end of C does not fault. */
  if (cs_c == 1)
    for (int r = 0; r < ROWS; ++r)
      _mm_prefetch((const char *)(c + r * rs_c + 32), _MM_HINT_ET0);
  for (int64_t k = 0; k < kc; ++k) {
    __m256 b0 = _mm256_loadu_ps(bp), b1 = _mm256_loadu_ps(bp + 8);
#pragma GCC unroll 6
    for (int r = 0; r < ROWS; ++r) {
      __m256 a = _mm256_broadcast_ss(ap + r);
      acc[r][0] = _mm256_fmadd_ps(a, b0, acc[r][0]);
      acc[r][1] = _mm256_fmadd_ps(a, b1, acc[r][1]);
    }
    ap += 6; /* the panels stay 6 rows wide */
    bp += ldb;
  }
  if (nr == 16 && cs_c == 1 && !op->bias_columns) { /* full-width rows (the last panel may have fewer) */
    store_rows_x16(ROWS, acc, c, rs_c, mr, op);
    return;
  }
  float tile[6][16] __attribute__((aligned(32)));
#pragma GCC unroll 6
  for (int r = 0; r < ROWS; ++r) {
    _mm256_store_ps(tile[r], acc[r][0]);
    _mm256_store_ps(tile[r] + 8, acc[r][1]);
  }
  store_tile_scalar(&tile[0][0], 16, c, rs_c, cs_c, min64(mr, ROWS), nr, op);
}

/* 6 rows x 16 columns (4 when at most 4 rows are live; at most 8 columns:
 * kernel_6x8). */
__attribute__((target("avx2,fma"))) void
kernel_6x16(int64_t kc, const float *ap, const float *bp, float *c, int64_t rs_c, int64_t cs_c,
            int64_t mr, int64_t nr, const store_op *op) {
  if (nr <= 8)
    kernel_6x8(kc, ap, bp, c, rs_c, cs_c, mr, nr, op);
  else if (mr <= 4)
    kernel_rows_x16(4, kc, ap, bp, 16, c, rs_c, cs_c, mr, nr, op);
  else
    kernel_rows_x16(6, kc, ap, bp, 16, c, rs_c, cs_c, mr, nr, op);
}

/* kernel_6x16 on 16 full columns of a B read in place, rows ldb floats
 * apart (the same chains: the same bits). */
__attribute__((target("avx2,fma"))) void
kernel_6x16_in_place(int64_t kc, const float *ap, const float *b, int64_t ldb, float *c,
                     int64_t rs_c, int64_t cs_c, int64_t mr, const store_op *op) {
  if (mr <= 4)
    kernel_rows_x16(4, kc, ap, b, ldb, c, rs_c, cs_c, mr, 16, op);
  else
    kernel_rows_x16(6, kc, ap, b, ldb, c, rs_c, cs_c, mr, 16, op);
}

/* Columns l and (POS 2) l + 1 of a B panel (steps ldb floats apart) against
 * G A panels (w[g], each 6 x kc), vectors along the rows: step i loads a
 * panel's 6 values (lanes 6 and 7 are the next step's, never kept) and
 * multiplies them by the broadcast B value, G x POS independent chains (8:
 * the FMA latency x its throughput). Each element is one FMA chain from
 * zero in K order over kernel_6x16's products (a b = b a exactly): its
 * bits. The last step's loads are masked: the last panel's 8 floats would
 * end 2 past it. */
__attribute__((target("avx2,fma"), always_inline)) static inline void
column_group(const int POS, const int G, int64_t kc, const float *const *w, const float *bp,
             int64_t ldb, int64_t l, float *tiles) {
  __m256 acc[8][2];
  for (int g = 0; g < G; ++g)
    acc[g][0] = acc[g][1] = _mm256_setzero_ps();
  const float *b = bp + l;
  int64_t i = 0;
  for (; i + 1 < kc; ++i, b += ldb) {
    __m256 b0 = _mm256_broadcast_ss(b), b1 = POS > 1 ? _mm256_broadcast_ss(b + 1) : b0;
#pragma GCC unroll 8
    for (int g = 0; g < G; ++g) {
      __m256 x = _mm256_loadu_ps(w[g] + 6 * i);
      acc[g][0] = _mm256_fmadd_ps(x, b0, acc[g][0]);
      if (POS > 1)
        acc[g][1] = _mm256_fmadd_ps(x, b1, acc[g][1]);
    }
  }
  __m256i six = first_lanes_avx2(6);
  __m256 b0 = _mm256_broadcast_ss(b), b1 = POS > 1 ? _mm256_broadcast_ss(b + 1) : b0;
  for (int g = 0; g < G; ++g) {
    __m256 x = _mm256_maskload_ps(w[g] + 6 * i, six);
    acc[g][0] = _mm256_fmadd_ps(x, b0, acc[g][0]);
    if (POS > 1)
      acc[g][1] = _mm256_fmadd_ps(x, b1, acc[g][1]);
  }
  for (int g = 0; g < G; ++g)
    for (int q = 0; q < POS; ++q) {
      float lanes[8] __attribute__((aligned(32)));
      _mm256_store_ps(lanes, acc[g][q]);
      for (int r = 0; r < 6; ++r)
        tiles[(g * 6 + r) * COLUMN_TILE + l + q] = lanes[r];
    }
}

/* The narrow-panel kernel (sgemm_internal.h's columns_kernel) for 6-row
 * panels: pairs of columns against 4 panels, a last odd column against 8.
 * Past the live panels the last one is computed again and not kept. */
__attribute__((target("avx2,fma"))) void columns_6_avx2(int64_t kc, const float *ap,
                                                        int64_t panels, const float *bp,
                                                        int64_t ldb, int64_t nr, float *tiles) {
  const float *w[COLUMN_PANELS];
  for (int64_t g = 0; g < COLUMN_PANELS; ++g)
    w[g] = ap + min64(g, panels - 1) * 6 * kc;
  int64_t l = 0;
  for (; l + 2 <= nr; l += 2) {
    column_group(2, 4, kc, w, bp, ldb, l, tiles);
    if (panels > 4)
      column_group(2, 4, kc, w + 4, bp, ldb, l, tiles + 4 * 6 * COLUMN_TILE);
  }
  if (l < nr)
    column_group(1, 8, kc, w, bp, ldb, l, tiles);
}

/* One column (a batch-1 fully connected layer computed as C^T = W x^T:
 * N = 1 after the swap). The 6x16 kernel would spend 15 of 16 columns on
 * padding and run one fma chain at a time. This takes 32-row panels (the
 * AVX-512 kernel_64x1's, halved), zero-padded past M, as 4 independent
 * chains of one vector each; each row is still one fma chain in K order, so
 * its bits are the wide kernels'. */
__attribute__((target("avx2,fma"))) void
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
