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

#include <immintrin.h>

/* In-register transpose of 16 rows of 16: r[i][j] -> r[j][i]. Unpacks
 * interleave pairs of rows, then 64-bit pairs, then 128-bit lanes twice. */
__attribute__((target("avx512f"), always_inline)) static inline void transpose16(__m512 r[16]) {
  __m512 t[16];
  for (int i = 0; i < 16; i += 2) {
    t[i] = _mm512_unpacklo_ps(r[i], r[i + 1]);
    t[i + 1] = _mm512_unpackhi_ps(r[i], r[i + 1]);
  }
  for (int i = 0; i < 16; i += 4) {
    __m512d a = _mm512_castps_pd(t[i]), b = _mm512_castps_pd(t[i + 1]),
            c = _mm512_castps_pd(t[i + 2]), d = _mm512_castps_pd(t[i + 3]);
    r[i] = _mm512_castpd_ps(_mm512_unpacklo_pd(a, c));
    r[i + 1] = _mm512_castpd_ps(_mm512_unpackhi_pd(a, c));
    r[i + 2] = _mm512_castpd_ps(_mm512_unpacklo_pd(b, d));
    r[i + 3] = _mm512_castpd_ps(_mm512_unpackhi_pd(b, d));
  }
  for (int h = 0; h < 16; h += 8)
    for (int i = 0; i < 4; ++i) {
      t[h + i] = _mm512_shuffle_f32x4(r[h + i], r[h + i + 4], 0x88);
      t[h + i + 4] = _mm512_shuffle_f32x4(r[h + i], r[h + i + 4], 0xdd);
    }
  for (int i = 0; i < 8; ++i) {
    r[i] = _mm512_shuffle_f32x4(t[i], t[i + 8], 0x88);
    r[i + 8] = _mm512_shuffle_f32x4(t[i], t[i + 8], 0xdd);
  }
}

__attribute__((target("avx512f"))) void pack_a_rows_avx512(int64_t MR, int64_t mc, int64_t kc,
                                                           const float *a, int64_t rs,
                                                           int64_t cs, float *ap) {
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
