/*===- sgemm_pack_a_avx2.c - AVX2 packer of a row-major A -------------------===*
 *
 * A row-major A (the activations of a MatMul, [M, K] with unit K step) packs
 * into the 6-row panels of the AVX2 kernel as a transpose: panel element
 * (k, r) is A[r, k]. pack_a gathered one element at a time, 6 rows apart:
 * on Zen 3 a 3136 x 576 by 576 x 64 product spent about a third of its
 * time there. Here 8 columns of a panel's 6 rows are loaded as 6 vectors,
 * transposed in registers (an 8x8 transpose whose last 2 rows are zero) and
 * stored as 8 panel rows of 6, each an 8-float store whose last 2 floats
 * the next row's store overwrites (the group's last row is stored as 4 +
 * 2, so nothing is written past the panel). A column-major A (rs == 1)
 * copies 6 contiguous values per panel row the same way. Every other case,
 * and the last, zero-padded panel, is pack_a's (sgemm_pack.c). The same
 * values in the same places: the bits of the product do not change.
 * sgemm_dispatch.c's kernel table names this packer beside the 6x16
 * kernel; the function carries its target attribute, so the file compiles
 * with the library's flags.
 *
 *===----------------------------------------------------------------------===*/
#include "blocked_avx2.h"
#include "sgemm_internal.h"

#include <immintrin.h>

/* Row j of a panel's 6 values, from the low 6 lanes of v: 8 floats when
 * the next row's store follows, else 4 + 2. */
__attribute__((target("avx2"), always_inline)) static inline void store_row(float *to, __m256 v,
                                                                             int followed) {
  if (followed) {
    _mm256_storeu_ps(to, v);
    return;
  }
  _mm_storeu_ps(to, _mm256_castps256_ps128(v));
  _mm_storel_pi((__m64 *)(to + 4), _mm256_extractf128_ps(v, 1));
}

__attribute__((target("avx2"))) void pack_a_rows_avx2(int64_t MR, int64_t mc, int64_t kc,
                                                      const float *a, int64_t rs, int64_t cs,
                                                      float *ap) {
  if (MR != 6 || (cs != 1 && rs != 1)) {
    pack_a(MR, mc, kc, a, rs, cs, ap);
    return;
  }
  for (int64_t i = 0; i < mc; i += 6, ap += 6 * kc) {
    if (mc - i < 6) { /* the last, zero-padded panel */
      pack_a(6, mc - i, kc, a + i * rs, rs, cs, ap);
      continue;
    }
    if (rs == 1) { /* column-major: a panel row is 6 contiguous values */
      const float *col = a + i;
      __m256i six = _mm256_setr_epi32(-1, -1, -1, -1, -1, -1, 0, 0);
      for (int64_t k = 0; k < kc; ++k)
        store_row(ap + k * 6, _mm256_maskload_ps(col + k * cs, six), k + 1 < kc);
      continue;
    }
    const float *rows = a + i * rs;
    int64_t k = 0;
    for (; k + 8 <= kc; k += 8) {
      __m256 r[8];
      for (int j = 0; j < 6; ++j)
        r[j] = _mm256_loadu_ps(rows + j * rs + k);
      r[6] = r[7] = _mm256_setzero_ps();
      block_transpose8(r); /* r[j]: the 6 rows' values at column k + j */
      for (int j = 0; j < 8; ++j)
        store_row(ap + (k + j) * 6, r[j], j < 7 || k + 8 < kc);
    }
    for (; k < kc; ++k)
      for (int j = 0; j < 6; ++j)
        ap[k * 6 + j] = rows[j * rs + k];
  }
}
