/*===- sgemm_internal.h - what the f32 GEMM files share ---------------------===*
 *
 * The f32 GEMM is laid out after IREE's micro-kernels: one file per concern
 * and per ISA variant, and tables that pick the variant.
 *
 *   sgemm.c                 the public entry points (sgemm.h) and their
 *                           memref wrappers
 *   sgemm_dispatch.c        the tables of micro-kernels and of im2col packers,
 *                           walked by qat_isa() level
 *   sgemm_blocked.c         the BLIS loops around one micro-kernel
 *   sgemm_kernels_avx512.c  12x32 and 64x1 micro-kernels (AVX-512)
 *   sgemm_kernels_avx2.c    6x16 and 32x1 micro-kernels (AVX2 + FMA)
 *   sgemm_store.c           the scalar store of edge tiles, with the epilogue
 *   sgemm_pack.c            the portable packers (dense, im2col, gradients)
 *   sgemm_pack_avx512.c     the AVX-512 im2col packers
 *   sgemm_pack_dense.c      the AVX-512 and AVX2 packers of a dense B
 *   sgemm_pack_a_avx512.c   the AVX-512 packer of a row-major (or
 *                           column-major) A
 *   sgemm_pack_a_avx2.c     the same for AVX2's 6-row panels
 *   sgemm_conv_pixels.c     pixel-major convolutions read in place
 *   sgemm_weight_cache.c    packed constant A operands, once per process
 *   sgemm_portable.c        the generic level's plain loops and epilogue
 *
 * This header is their private interface: the types they exchange, small
 * inline helpers, and the functions one file calls in another. Those are
 * hidden (SGEMM_HIDDEN): a model library linking the archive exports only
 * sgemm.h's entry points, as when all of this was one file of statics.
 *
 *===----------------------------------------------------------------------===*/
#ifndef QAT_RUNTIME_KERNELS_SGEMM_INTERNAL_H
#define QAT_RUNTIME_KERNELS_SGEMM_INTERNAL_H

#include "conv_direct.h"
#include "epilogue.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/* Defined in one sgemm file, called from another, never from outside the
 * archive: not in a model library's dynamic symbol table. */
#define SGEMM_HIDDEN __attribute__((visibility("hidden")))

enum { KC = 256, NC = 3072 };

/* The most taps (kh * kw) pack_im2col_b_same_avx512 keeps masks for. */
enum { MAX_TAPS = 64 };

/* How one micro-kernel call stores its tile T = Ap * Bp: C = base + T, where
 * base is C itself, or bias[row] (or 0) on the first KC block; then, on the
 * last KC block, + residual and a clamp. The order of the additions is that
 * of the unfused graph (bias, partial sums in K order, residual), so fusing
 * changes no bit. `res` points at the same position as c (same strides). */
typedef struct store_op {
  int overwrite;      /* C's contents are not read */
  int clamp;          /* min(max(v, lo), hi), NaN kept */
  int plus_zero;      /* lo is +0: max(+0, -0) must be +0 (IEEE maximum) */
  int bias_columns;   /* bias is per column (C^T of a per-row bias) */
  const float *bias;  /* with overwrite: per-row (per-column) start value, or
                         NULL for 0; points at the tile's first row (column) */
  const float *res;   /* residual to add, or NULL */
  float lo, hi;
  /* Not a store: lines the AVX-512 kernel prefetches into L2, one per
   * reduction step (the next panel of a constant B, which streams from
   * memory), or NULL. */
  const char *prefetch;
  int64_t prefetch_lines;
} store_op;

/* A narrow panel's kernel: columns [0, nr) (nr <= NR / 2) of a B panel
 * (steps ldb floats apart) against `panels` (1 to COLUMN_PANELS) MR-row A
 * panels at once (panel g at ap + g MR kc), vectors along the rows. A
 * micro-kernel at half width runs one chain per row on mostly empty lanes
 * (a 7x7 image's 49 columns are panels of 16, 16, 16 and 1). Element (r,
 * j) of tile g goes to tiles[(g MR + r) COLUMN_TILE + j]; each is one FMA
 * chain in K order over the micro-kernel's products: its bits. MR is at
 * most COLUMN_MAX_MR. */
enum { COLUMN_PANELS = 8, COLUMN_TILE = 16, COLUMN_MAX_MR = 16 };
typedef void (*columns_kernel)(int64_t kc, const float *ap, int64_t panels, const float *bp,
                               int64_t ldb, int64_t nr, float *tiles);

/* The micro-kernel on NR full columns of a dense B read where it lies, rows
 * ldb floats apart, instead of from a packed panel. A short reduction (a
 * pointwise convolution of 8-24 input channels) does as much work copying
 * its B into panels as multiplying them, and the copy is one more pass over
 * a 112x112 activation; its kc rows are few streams. */
enum { IN_PLACE_MAX_K = 24 };
typedef void (*in_place_kernel)(int64_t kc, const float *ap, const float *b, int64_t ldb,
                                float *c, int64_t rs_c, int64_t cs_c, int64_t mr,
                                const store_op *op);

/* Packs an A block (mc x kc, steps rs and cs) into MR-row panels. */
typedef void (*a_packer)(int64_t MR, int64_t mc, int64_t kc, const float *a, int64_t rs,
                         int64_t cs, float *ap);

/* A micro-kernel: C[mr x nr] (op) Ap (MR x kc panel) * Bp (kc x NR panel). */
typedef void (*micro_kernel)(int64_t kc, const float *ap, const float *bp, float *c,
                             int64_t rs_c, int64_t cs_c, int64_t mr, int64_t nr,
                             const store_op *op);

static inline int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }

/* A call's 64-byte aligned scratch (packed panels, phase planes, padded
 * copies), freed by free_floats; C11 wants the size to be a multiple of the
 * alignment. Not from the buffer pool (scratch.h): its mutex and lists cost
 * ~0.1 us per allocation, 3% of shufflenet_v2_x0_5's 1 ms on two threads
 * (~300 of them a run), and on resnet18 the pool was no faster. */
static inline float *alloc_floats(size_t count) {
  return aligned_alloc(64, (count * sizeof(float) + 63) & ~(size_t)63);
}
static inline void free_floats(void *p) { free(p); }

/* Packs rows [pc, pc + kc) and columns [jc, jc + nc) of the logical B. */
typedef struct b_source b_source;
typedef void (*b_packer)(const b_source *src, int64_t NR, int64_t pc, int64_t kc, int64_t jc,
                         int64_t nc, float *bp);
struct b_source {
  b_packer pack;
  const float *b;
  int64_t rs, cs;             /* dense B */
  int64_t channels, height, width, kh, kw, out_w, sh, sw, dh, dw; /* implicit im2col */
  int64_t pad_top, pad_left; /* zero padding read as zeros, never stored */
  int64_t out_h;             /* patches (the weight gradient) */
  int constant;              /* dense B whose memory never changes: packed once */
};

/* Packs rows [ic, ic + mc) and columns [pc, pc + kc) of a logical A that is
 * not one strided matrix (NULL: the dense a/rs_a/cs_a of sgemm_blocked). */
typedef struct a_source {
  void (*pack)(const struct a_source *src, int64_t MR, int64_t ic, int64_t mc, int64_t pc,
               int64_t kc, float *ap);
  const float *a;
  int64_t rows, positions; /* a convolution gradient [N, rows, positions] */
} a_source;

/* Per row k = (c, ky, kx) of the block [pc, pc + kc) of an implicit im2col
 * B: where its input plane starts, and the input row and column that output
 * position (0, 0) reads. */
static inline void im2col_rows(const b_source *src, int64_t pc, int64_t kc, int64_t *plane,
                               int64_t *row0, int64_t *col0) {
  int64_t taps = src->kh * src->kw;
  for (int64_t k = 0; k < kc; ++k) {
    int64_t c = (pc + k) / taps, r = (pc + k) % taps, ky = r / src->kw, kx = r % src->kw;
    plane[k] = c * src->height * src->width;
    row0[k] = ky * src->dh - src->pad_top;
    col0[k] = kx * src->dw - src->pad_left;
  }
}

/* sgemm_store.c */
SGEMM_HIDDEN void store_tile_scalar(const float *tile, int64_t ld, float *c, int64_t rs_c,
                                    int64_t cs_c, int64_t mr, int64_t nr, const store_op *op);

/* sgemm_pack.c */
SGEMM_HIDDEN void pack_a(int64_t MR, int64_t mc, int64_t kc, const float *a, int64_t rs,
                         int64_t cs, float *ap);
/* A whole m x k A as its KC blocks of MR-row panels, block pc at pc * Mpad
 * (the weight cache's layout; Mpad = m rounded up to MR). */
SGEMM_HIDDEN void pack_a_blocks(int64_t MR, int64_t m, int64_t k, const float *a, int64_t rs,
                                int64_t cs, float *ap);
/* pack_a_blocks with the rows dealt to the panels as evenly as can be:
 * panel t of the T = ceil(m / MR) holds rows [even_row(m, T, t),
 * even_row(m, T, t + 1)), zeros after them (64 rows: 10, 11, 11, 10, 11,
 * 11 rather than 5 x 12 + 4). */
static inline int64_t even_row(int64_t m, int64_t panels, int64_t t) { return t * m / panels; }
SGEMM_HIDDEN void pack_a_even(int64_t MR, int64_t m, int64_t k, const float *a, int64_t rs,
                              int64_t cs, float *ap);
SGEMM_HIDDEN void pack_b(int64_t NR, int64_t kc, int64_t nc, const float *b, int64_t rs,
                         int64_t cs, float *bp);
SGEMM_HIDDEN void pack_dense_b(const b_source *src, int64_t NR, int64_t pc, int64_t kc,
                               int64_t jc, int64_t nc, float *bp);
SGEMM_HIDDEN void pack_im2col_b(const b_source *src, int64_t NR, int64_t pc, int64_t kc,
                                int64_t jc, int64_t nc, float *bp);
SGEMM_HIDDEN void pack_grad_a(const a_source *src, int64_t MR, int64_t ic, int64_t mc,
                              int64_t pc, int64_t kc, float *ap);
SGEMM_HIDDEN void pack_patches_t_b(const b_source *src, int64_t NR, int64_t pc, int64_t kc,
                                   int64_t jc, int64_t nc, float *bp);

/* sgemm_pack_avx512.c (target("avx512f") definitions) */
SGEMM_HIDDEN void pack_im2col_b_same_avx512(const b_source *src, int64_t NR, int64_t pc,
                                            int64_t kc, int64_t jc, int64_t nc, float *bp);
SGEMM_HIDDEN void pack_im2col_b_s2_avx512(const b_source *src, int64_t NR, int64_t pc,
                                          int64_t kc, int64_t jc, int64_t nc, float *bp);

/* sgemm_pack_dense.c (target("avx512f") and target("avx2") definitions) */
SGEMM_HIDDEN void pack_dense_b_avx512(const b_source *src, int64_t NR, int64_t pc, int64_t kc,
                                      int64_t jc, int64_t nc, float *bp);
SGEMM_HIDDEN void pack_dense_b_avx2(const b_source *src, int64_t NR, int64_t pc, int64_t kc,
                                    int64_t jc, int64_t nc, float *bp);

/* sgemm_pack_a_avx2.c (a target("avx2") definition) */
SGEMM_HIDDEN void pack_a_rows_avx2(int64_t MR, int64_t mc, int64_t kc, const float *a,
                                   int64_t rs, int64_t cs, float *ap);

/* sgemm_pack_a_avx512.c (a target("avx512f") definition) */
SGEMM_HIDDEN void pack_a_rows_avx512(int64_t MR, int64_t mc, int64_t kc, const float *a,
                                     int64_t rs, int64_t cs, float *ap);

/* sgemm_kernels_avx2.c (target("avx2,fma") definitions) */
SGEMM_HIDDEN void kernel_6x16(int64_t kc, const float *ap, const float *bp, float *c,
                              int64_t rs_c, int64_t cs_c, int64_t mr, int64_t nr,
                              const store_op *op);
/* A short reduction's B read in place (in_place_kernel) */
SGEMM_HIDDEN void kernel_6x16_in_place(int64_t kc, const float *ap, const float *b, int64_t ldb,
                                       float *c, int64_t rs_c, int64_t cs_c, int64_t mr,
                                       const store_op *op);
SGEMM_HIDDEN void columns_6_avx2(int64_t kc, const float *ap, int64_t panels, const float *bp,
                                 int64_t ldb, int64_t nr, float *tiles);
SGEMM_HIDDEN void kernel_32x1(int64_t kc, const float *ap, const float *bp, float *c,
                              int64_t rs_c, int64_t cs_c, int64_t mr, int64_t nr,
                              const store_op *op);

/* sgemm_kernels_avx512.c (target("avx512f") definitions) */
SGEMM_HIDDEN void kernel_12x32(int64_t kc, const float *ap, const float *bp, float *c,
                               int64_t rs_c, int64_t cs_c, int64_t mr, int64_t nr,
                               const store_op *op);
SGEMM_HIDDEN void kernel_64x1(int64_t kc, const float *ap, const float *bp, float *c,
                              int64_t rs_c, int64_t cs_c, int64_t mr, int64_t nr,
                              const store_op *op);

/* A micro-kernel whose A is read where it lies (sgemm_conv_pixels.c): row r's
 * value at reduction step k is pix[r][steps[k]] (rows past mr repeat the
 * last), B and the store as for micro_kernel. */
typedef void (*pixels_kernel)(int64_t kc, const float *const *pix, const int64_t *steps,
                              const float *bp, float *c, int64_t rs_c, int64_t cs_c,
                              int64_t mr, int64_t nr, const store_op *op);
SGEMM_HIDDEN void pixels_12x32(int64_t kc, const float *const *pix, const int64_t *steps,
                               const float *bp, float *c, int64_t rs_c, int64_t cs_c,
                               int64_t mr, int64_t nr, const store_op *op);

/* sgemm_conv_pixels.c: one convolution group computed pixel-major with a
 * 12x32 pixels_kernel (its tiles stored transposed, as C^T), the bits of
 * the packed C^T route. 0 when it ran, 1 when out of memory (nothing
 * written). */
SGEMM_HIDDEN int conv_pixels(const conv_direct_args *a, pixels_kernel kernel);

/* sgemm_weight_cache.c: A packed in MR-row panels (B in NR-column panels)
 * per KC block, or NULL when out of memory. */
SGEMM_HIDDEN const float *packed_constant_a(int64_t MR, int64_t m, int64_t k, const float *a,
                                            int64_t rs, int64_t cs);
/* The same, packed by pack_a_even. */
SGEMM_HIDDEN const float *packed_constant_a_even(int64_t MR, int64_t m, int64_t k,
                                                 const float *a, int64_t rs, int64_t cs);
/* A 3x3 convolution's weights [filters][channels][3][3] as F(2x2, 3x3)'s
 * U in MR-row panels (conv_winograd.h's layout). */
SGEMM_HIDDEN const float *packed_constant_winograd(int64_t MR, int64_t filters,
                                                   int64_t channels, const float *w);
SGEMM_HIDDEN const float *packed_constant_b(int64_t NR, int64_t n, int64_t k, const float *b,
                                            int64_t rs, int64_t cs);

/* sgemm_blocked.c: 0, or non-zero when its buffers could not be allocated. */
SGEMM_HIDDEN int sgemm_blocked(int64_t MR, int64_t NR, int64_t MC, micro_kernel kernel,
                               columns_kernel narrow, in_place_kernel in_place,
                               a_packer pack_a_block, int64_t m, int64_t n, int64_t k,
                               const float *a, int64_t rs_a, int64_t cs_a, int a_constant,
                               const a_source *asrc,
                               const b_source *bsrc, float *c, int64_t rs_c, int64_t cs_c,
                               const qat_epilogue *epi);

/* sgemm_dispatch.c */
SGEMM_HIDDEN int sgemm_dispatch(int64_t m, int64_t n, int64_t k, const float *a, int64_t rs_a,
                                int64_t cs_a, int a_constant, const a_source *asrc,
                                const b_source *bsrc, float *c, int64_t rs_c, int64_t cs_c,
                                const qat_epilogue *epi);
SGEMM_HIDDEN b_packer im2col_packer(const b_source *src);
SGEMM_HIDDEN b_packer dense_packer(void);

/* sgemm_portable.c */
SGEMM_HIDDEN void epilogue_before(const qat_epilogue *epi, int64_t m, int64_t n, float *c,
                                  int64_t rs_c, int64_t cs_c);
SGEMM_HIDDEN void epilogue_after(const qat_epilogue *epi, int64_t m, int64_t n, float *c,
                                 int64_t rs_c, int64_t cs_c);
SGEMM_HIDDEN void sgemm_portable(int64_t m, int64_t n, int64_t k, const float *a, int64_t rs_a,
                                 int64_t cs_a, const float *b, int64_t rs_b, int64_t cs_b,
                                 float *c, int64_t rs_c, int64_t cs_c);
SGEMM_HIDDEN void conv2d_portable(int64_t channels, int64_t height, int64_t width,
                                  const float *in, int64_t pad_top, int64_t pad_left,
                                  int64_t filters, int64_t kh, int64_t kw, const float *weight,
                                  int64_t out_h, int64_t out_w, int64_t sh, int64_t sw,
                                  int64_t dh, int64_t dw, float *out);
SGEMM_HIDDEN void conv2d_weight_grad_portable(int64_t batch, int64_t channels, int64_t height,
                                              int64_t width, const float *input,
                                              int64_t pad_top, int64_t pad_left,
                                              int64_t filters, int64_t kh, int64_t kw,
                                              const float *grad, int64_t out_h, int64_t out_w,
                                              int64_t sh, int64_t sw, int64_t dh, int64_t dw,
                                              float *output);

#endif
