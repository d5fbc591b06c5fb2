/*===- sgemm_blocked.c - the BLIS loops of the f32 GEMM ---------------------===*
 *
 * C[M,N] += A[M,K] * B[K,N] with arbitrary strides (transposes are strides).
 * BLIS structure: B is packed into KC x NC blocks of NR-column panels, A into
 * MC x KC blocks of MR-row panels, and an MR x NR register-blocked FMA
 * micro-kernel runs over them (6x16 with 12 ymm accumulators on AVX2, 12x32
 * with 24 zmm on AVX-512; sgemm_dispatch.c's table gives MR, NR and MC).
 * Packing absorbs every layout, so the kernel only ever sees contiguous
 * panels. The loops are the same for every kernel, packer and ISA level; a
 * constant A or dense B comes packed from sgemm_weight_cache.c.
 *
 *===----------------------------------------------------------------------===*/
#include "sgemm_internal.h"

/* The BLIS loops around a micro-kernel of MR x NR; MC is a multiple of MR.
 * `a_constant`: A never changes between calls (pack it once). The epilogue
 * (NULL: plain C += A * B) is applied by the kernels' stores: the start value
 * on the first KC block, residual and clamp on the last. */
int sgemm_blocked(int64_t MR, int64_t NR, int64_t MC, micro_kernel kernel, a_packer pack_a_block,
                  int64_t m, int64_t n,
                  int64_t k, const float *a, int64_t rs_a, int64_t cs_a, int a_constant,
                  const a_source *asrc, const b_source *bsrc, float *c, int64_t rs_c,
                  int64_t cs_c, const qat_epilogue *epi) {
  const float *a_packed = a_constant ? packed_constant_a(MR, m, k, a, rs_a, cs_a) : NULL;
  const float *b_packed =
      bsrc->constant ? packed_constant_b(NR, n, k, bsrc->b, bsrc->rs, bsrc->cs) : NULL;
  int64_t mpad = (m + MR - 1) / MR * MR, npad = (n + NR - 1) / NR * NR;
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
      int bias_columns = (flags & QAT_EPI_BIAS_COLUMNS) != 0;
      store_op op = {first && (flags & (QAT_EPI_INIT_ZERO | QAT_EPI_INIT_BIAS)), clamp,
                     clamp && qat_lo_is_plus_zero(epi->lo), bias_columns, NULL, NULL,
                     epi ? epi->lo : 0.0f, epi ? epi->hi : 0.0f, NULL, 0};
      const float *b_panels = bp;
      if (b_packed)
        b_panels = b_packed + pc * npad + jc * kc;
      else
        bsrc->pack(bsrc, NR, pc, kc, jc, nc, bp);
      for (int64_t ic = 0; ic < m; ic += MC) {
        int64_t mc = min64(MC, m - ic);
        const float *panels = ap;
        if (a_packed)
          panels = a_packed + pc * mpad + ic * kc;
        else if (asrc)
          asrc->pack(asrc, MR, ic, mc, pc, kc, ap);
        else
          pack_a_block(MR, mc, kc, a + ic * rs_a + pc * cs_a, rs_a, cs_a, ap);
        int64_t tiles = (mc + MR - 1) / MR;
        for (int64_t jr = 0; jr < nc; jr += NR) {
          /* A constant B comes from memory panel by panel (a layer's
           * weights, used by few tiles: resnet18's layer4 as C^T runs 5
           * tiles per panel): its next panel is fetched while this one's
           * tiles compute, each tile a share, one line per step. */
          int64_t lines = b_packed && jr + NR < nc ? kc * NR * (int64_t)sizeof(float) / 64 : 0;
          const char *next = lines ? (const char *)(b_panels + (jr + NR) * kc) : NULL;
          for (int64_t ir = 0, t = 0; ir < mc; ir += MR, ++t) {
            int64_t at = (ic + ir) * rs_c + (jc + jr) * cs_c;
            /* Divisions only when there is a panel to fetch: two per tile
             * were a tenth of a short reduction's tile (8 -> 24 filters on
             * 112x112: 8 steps per tile). */
            op.prefetch = NULL;
            op.prefetch_lines = 0;
            if (next) {
              op.prefetch = next + t * lines / tiles * 64;
              op.prefetch_lines = min64(kc, (t + 1) * lines / tiles - t * lines / tiles);
            }
            op.bias = !(first && (flags & QAT_EPI_INIT_BIAS)) ? NULL
                      : bias_columns                         ? epi->bias + jc + jr
                                                             : epi->bias + ic + ir;
            op.res = last && (flags & QAT_EPI_RESIDUAL) ? epi->residual + at : NULL;
            kernel(kc, panels + ir * kc, b_panels + jr * kc, c + at, rs_c, cs_c, min64(MR, mc - ir),
                   min64(NR, nc - jr), &op);
          }
        }
      }
    }
  }
  free(ap);
  free(bp);
  return 0;
}
