/*===- sgemm_pack_conv_a_avx512.c - im2col^T as the A operand (AVX-512) -----===*
 *
 * A convolution computed pixel-major, C^T = im2col^T W^T (sgemm.c): output
 * pixels are the rows of A, the reduction k = (c, ky, kx) its columns, so a
 * 12-row panel holds, per k, the input values 12 consecutive output pixels
 * read at that tap. When the panel's pixels lie in one output row they read
 * one input row at stride sw: a masked load (stride 1) or two and a permute
 * (stride 2), the column masks made once per panel (window_avx512.h, as the
 * direct convolution's strips); otherwise (a panel across rows, other
 * strides) a masked gather. Padding reads +0, lanes past the last pixel are
 * zero, as pack_a makes them. The function carries its target attribute, so
 * the file compiles with the library's flags.
 *
 *===----------------------------------------------------------------------===*/
#include "sgemm_internal.h"
#include "window_avx512.h"

#include <immintrin.h>

enum { PANEL_MAX_KW = 16 };

__attribute__((target("avx512f"))) void pack_im2col_t_a_avx512(const a_source *s, int64_t MR,
                                                               int64_t ic, int64_t mc,
                                                               int64_t pc, int64_t kc,
                                                               float *ap) {
  const b_source *g = ((const conv_a_source *)s)->geometry;
  int64_t kh = g->kh, kw = g->kw, taps = kh * kw, width = g->width, height = g->height,
          plane = height * width, out_w = g->out_w;
  const __m512i zero_i = _mm512_setzero_si512(), w_end = _mm512_set1_epi32((int32_t)width),
                h_end = _mm512_set1_epi32((int32_t)height);
  __mmask16 store = (__mmask16)((1u << MR) - 1);
  for (int64_t i = 0; i < mc; i += MR, ap += MR * kc) {
    int64_t mr = min64(MR, mc - i), p0 = ic + i, oy0 = p0 / out_w, ox0 = p0 % out_w;
    __mmask16 live = (__mmask16)((1u << mr) - 1);
    int64_t c = pc / taps, t = pc % taps, ky = t / kw, kx = t % kw;
    if (ox0 + mr <= out_w && (g->sw == 1 || g->sw == 2) && kw <= PANEL_MAX_KW) {
      /* One output row: each tap reads a run of one input row. */
      __m512i cols[PANEL_MAX_KW];
      __mmask16 inside[PANEL_MAX_KW], pair[PANEL_MAX_KW][2];
      strip_columns(ox0, g->sw, g->dw, g->pad_left, kw, width, live, cols, inside, pair);
      int64_t iy0 = oy0 * g->sh - g->pad_top, ix0 = ox0 * g->sw - g->pad_left;
      for (int64_t k = 0; k < kc; ++k) {
        int64_t iy = iy0 + ky * g->dh;
        __m512 x = _mm512_setzero_ps(); /* a row in the padding reads +0 */
        if (iy >= 0 && iy < height) {
          const float *row = g->b + c * plane + iy * width;
          /* Masked-off lanes are not read: the run may start off the row. */
          x = load_tap(g->sw, row + ix0 + kx * g->dw, row, cols[kx], inside[kx], pair[kx][0],
                       pair[kx][1]);
        }
        _mm512_mask_storeu_ps(ap + k * MR, store, x);
        if (++kx == kw) {
          kx = 0;
          if (++ky == kh)
            ky = 0, ++c;
        }
      }
      continue;
    }
    /* Across output rows: each lane's input row and column, gathered. */
    __m512i oy, ox;
    flat_lanes(p0, out_w, &oy, &ox);
    __m512i iy0 = _mm512_sub_epi32(_mm512_mullo_epi32(oy, _mm512_set1_epi32((int32_t)g->sh)),
                                   _mm512_set1_epi32((int32_t)g->pad_top));
    __m512i ix0 = _mm512_sub_epi32(_mm512_mullo_epi32(ox, _mm512_set1_epi32((int32_t)g->sw)),
                                   _mm512_set1_epi32((int32_t)g->pad_left));
    for (int64_t k = 0; k < kc; ++k) {
      __m512i iy = _mm512_add_epi32(iy0, _mm512_set1_epi32((int32_t)(ky * g->dh)));
      __m512i ix = _mm512_add_epi32(ix0, _mm512_set1_epi32((int32_t)(kx * g->dw)));
      __mmask16 in = live & _mm512_cmpge_epi32_mask(iy, zero_i) &
                     _mm512_cmplt_epi32_mask(iy, h_end) & _mm512_cmpge_epi32_mask(ix, zero_i) &
                     _mm512_cmplt_epi32_mask(ix, w_end);
      __m512i at = _mm512_add_epi32(_mm512_mullo_epi32(iy, w_end), ix);
      __m512 x = _mm512_mask_i32gather_ps(_mm512_setzero_ps(), in, at, g->b + c * plane, 4);
      _mm512_mask_storeu_ps(ap + k * MR, store, x);
      if (++kx == kw) {
        kx = 0;
        if (++ky == kh)
          ky = 0, ++c;
      }
    }
  }
}
