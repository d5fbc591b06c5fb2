/*===- sgemm_dispatch.c - which f32 GEMM variant runs -----------------------===*
 *
 * The micro-kernels are compiled as function targets (sgemm_kernels_*.c) and
 * chosen at run time by qat_isa() (isa.h; QAT_ISA forces a lower level): 12x32
 * on AVX-512 (24 zmm accumulators), 6x16 on AVX2+FMA (12 ymm), and for one
 * column (N = 1) 64-row and 32-row kernels; the generic level takes the
 * portable loops (sgemm_portable.c). The choice is a table walked in order:
 * the first entry whose level and shape fit and whose sgemm_blocked call
 * succeeds (it fails only without memory for its buffers) runs the product.
 * Adding a variant is a row (and its file), not another branch.
 *
 * The convolution's im2col packers are chosen the same way: the AVX-512
 * packers of sgemm_pack_avx512.c for the shapes they handle, else the
 * portable one; a dense B's, by level (sgemm_pack_dense.c).
 *
 *===----------------------------------------------------------------------===*/
#include "isa.h"
#include "sgemm_internal.h"

/* One micro-kernel variant: what it needs, and the blocking it runs with. */
typedef struct kernel_variant {
  qat_isa_level min_isa;              /* the least qat_isa() level it runs at */
  enum { ANY_N, ONE_COLUMN } columns; /* ONE_COLUMN: only when n == 1 */
  int64_t MR, NR;                     /* the register tile */
  int64_t MC;                         /* rows of an A block, a multiple of MR */
  micro_kernel kernel;
  columns_kernel narrow; /* a narrow last panel's kernel, or NULL */
  in_place_kernel in_place; /* the kernel on a B read in place, or NULL */
  a_packer pack_a; /* packs a dense, not constant A into its panels */
} kernel_variant;

/* Best first. One column: the same panels (and cached weights), one-column
 * kernels. Entries of a level above qat_isa() are skipped, so the generic
 * level finds none and takes the portable loops. */
static const kernel_variant kKernels[] = {
    {QAT_ISA_AVX512, ONE_COLUMN, 64, 1, 128, kernel_64x1, NULL, NULL, pack_a},
    {QAT_ISA_AVX2, ONE_COLUMN, 32, 1, 128, kernel_32x1, NULL, NULL, pack_a},
    {QAT_ISA_AVX512, ANY_N, 12, 32, 96, kernel_12x32, NULL, NULL, pack_a_rows_avx512},
    {QAT_ISA_AVX2, ANY_N, 6, 16, 72, kernel_6x16, columns_6_avx2, kernel_6x16_in_place,
     pack_a_rows_avx2},
};

/* Runs the best micro-kernel this CPU has; non-zero if none could run. */
int sgemm_dispatch(int64_t m, int64_t n, int64_t k, const float *a, int64_t rs_a, int64_t cs_a,
                   int a_constant, const a_source *asrc, const b_source *bsrc, float *c,
                   int64_t rs_c, int64_t cs_c, const qat_epilogue *epi) {
  qat_isa_level isa = qat_isa();
  for (size_t i = 0; i < sizeof(kKernels) / sizeof(kKernels[0]); ++i) {
    const kernel_variant *v = &kKernels[i];
    if (isa >= v->min_isa && (v->columns == ANY_N || n == 1) &&
        sgemm_blocked(v->MR, v->NR, v->MC, v->kernel, v->narrow, v->in_place, v->pack_a, m, n, k,
                      a, rs_a, cs_a, a_constant, asrc,
                      bsrc, c, rs_c, cs_c, epi) == 0)
      return 0;
  }
  return 1;
}

/* "Same" stride-1 convolutions: out_w == width, so output position q reads
 * input q + a per-tap offset of its plane; masks for at most MAX_TAPS taps. */
static int same_stride1(const b_source *src) {
  return src->sh == 1 && src->sw == 1 && src->out_w == src->width &&
         src->kh * src->kw <= MAX_TAPS;
}

static int stride2_columns(const b_source *src) { return src->sw == 2; }

static int any_shape(const b_source *src) {
  (void)src;
  return 1;
}

/* One im2col packer and when it applies. */
typedef struct packer_variant {
  qat_isa_level min_isa;            /* the least qat_isa() level it runs at */
  int (*fits)(const b_source *src); /* whether it handles this convolution */
  b_packer pack;
} packer_variant;

/* First fit wins. The fast packing needs the 32-column panels of the
 * AVX-512 kernel: the same-convolution packer falls back to pack_im2col_b
 * for other panel widths (the one-column kernels', or AVX2's when the
 * AVX-512 kernel could not run). */
static const packer_variant kIm2colPackers[] = {
    {QAT_ISA_AVX512, same_stride1, pack_im2col_b_same_avx512},
    {QAT_ISA_AVX512, stride2_columns, pack_im2col_b_s2_avx512},
    {QAT_ISA_GENERIC, any_shape, pack_im2col_b},
};

/* The packer for a convolution's implicit im2col B (src's shape fields). */
b_packer im2col_packer(const b_source *src) {
  qat_isa_level isa = qat_isa();
  for (size_t i = 0; i < sizeof(kIm2colPackers) / sizeof(kIm2colPackers[0]); ++i)
    if (isa >= kIm2colPackers[i].min_isa && kIm2colPackers[i].fits(src))
      return kIm2colPackers[i].pack;
  return pack_im2col_b;
}

/* The packer of a dense B: vector copies of its rows when its columns are
 * contiguous (sgemm_pack_dense.c; it falls back to pack_dense_b itself). */
b_packer dense_packer(void) {
  qat_isa_level isa = qat_isa();
  return isa >= QAT_ISA_AVX512 ? pack_dense_b_avx512
         : isa >= QAT_ISA_AVX2 ? pack_dense_b_avx2
                               : pack_dense_b;
}
