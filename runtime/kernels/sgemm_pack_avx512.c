/*===- sgemm_pack_avx512.c - AVX-512 im2col packers -------------------------===*
 *
 * Two shapes cover most of the convolutions of resnet- and mobilenet-like
 * models, and packing their implicit im2col B one element at a time cost a
 * sixth of resnet18's time: "same" stride-1 convolutions and stride-2 ones.
 * For those, masked AVX-512 loads pack a panel row at once, the masks zeroing
 * the padding. They make the same panels as pack_im2col_b (sgemm_pack.c),
 * which the stride-1 packer falls back to for panels other than the AVX-512
 * kernel's 32 columns; sgemm_dispatch.c's packer table says when each
 * applies. The functions carry their target attribute, so the file compiles
 * with the library's flags.
 *
 *===----------------------------------------------------------------------===*/
#include "sgemm_internal.h"
#include "window_avx512.h"

#include <immintrin.h>

/* pack_im2col_b for "same" stride-1 convolutions (out_w == width, so output
 * position q = oh * width + ow reads input q + row0 * width + col0 of its
 * plane: one contiguous run per panel row, across output rows) with 32-column
 * panels on AVX-512. A panel row is then two masked loads and stores; the
 * mask zeroes the columns that fall in the padding, and depends only on the
 * tap (ky, kx), so it is computed once per panel and tap from a row mask and
 * a column mask. Masked-off lanes are never read, so the run may start or
 * end outside the image. Most of resnet's and mobilenet's convolutions are
 * this shape; packing them was a sixth of resnet18's time. At most MAX_TAPS
 * taps (sgemm_internal.h; the table in sgemm_dispatch.c checks). */
__attribute__((target("avx512f"))) void
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
    /* The lanes' outputs (window_avx512.h); lanes >= nr are off. */
    __m512i oh[2], ow[2];
    panel_lanes(q / width, q % width, width, nr, oh, ow);
    __m512i oh0 = oh[0], oh1 = oh[1], ow0 = ow[0], ow1 = ow[1];
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
__attribute__((target("avx512f"))) void
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
