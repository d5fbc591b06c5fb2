/*===- sgemm_pack_a_avx512.c - AVX-512 packer of a row-major A --------------===*
 *
 * A row-major A (a fully connected layer's input, [M, K] with unit K step)
 * packs into the 12-row panels of the AVX-512 kernel as a transpose: panel
 * element (k, r) is A[r, k]. One element at a time that cost 28% of a
 * 64x3136x64 product; here 16 columns of a panel's 12 rows are loaded as 12
 * vectors, transposed in registers (a 16x16 transpose whose last 4 rows are
 * zero) and stored as 16 panel rows of 12. The panels are pack_a's
 * (sgemm_pack.c), which takes every other case: sgemm_dispatch.c's kernel
 * table names this packer beside the 12x32 kernel. The function carries its
 * target attribute, so the file compiles with the library's flags.
 *
 *===----------------------------------------------------------------------===*/
#include "sgemm_internal.h"
#include "transpose_avx512.h"

#include <immintrin.h>

__attribute__((target("avx512f"))) void pack_a_rows_avx512(int64_t MR, int64_t mc, int64_t kc,
                                                           const float *a, int64_t rs,
                                                           int64_t cs, float *ap) {
  if (MR == 12 && rs == 1) {
    /* Column-major (the input of a pointwise convolution as A of C^T =
     * X^T W^T, sgemm.c): a panel row is 12 contiguous values. */
    for (int64_t i = 0; i < mc; i += 12, ap += 12 * kc) {
      __mmask16 rows = (__mmask16)((1u << (mc - i < 12 ? mc - i : 12)) - 1);
      for (int64_t k = 0; k < kc; ++k)
        _mm512_mask_storeu_ps(ap + k * 12, 0x0fff, _mm512_maskz_loadu_ps(rows, a + i + k * cs));
    }
    return;
  }
  if (MR != 12 || cs != 1) {
    pack_a(MR, mc, kc, a, rs, cs, ap);
    return;
  }
  for (int64_t i = 0; i < mc; i += 12, ap += 12 * kc) {
    const float *rows = a + i * rs;
    if (mc - i < 12) { /* the last, zero-padded panel */
      pack_a(12, mc - i, kc, rows, rs, 1, ap);
      continue;
    }
    int64_t k = 0;
    for (; k + 16 <= kc; k += 16) {
      __m512 r[16];
      for (int j = 0; j < 12; ++j)
        r[j] = _mm512_loadu_ps(rows + j * rs + k);
      for (int j = 12; j < 16; ++j)
        r[j] = _mm512_setzero_ps();
      transpose16(r);
      for (int j = 0; j < 16; ++j)
        _mm512_mask_storeu_ps(ap + (k + j) * 12, 0x0fff, r[j]);
    }
    for (; k < kc; ++k)
      for (int j = 0; j < 12; ++j)
        ap[k * 12 + j] = rows[j * rs + k];
  }
}
