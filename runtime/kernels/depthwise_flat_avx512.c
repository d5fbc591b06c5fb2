/*===- depthwise_flat_avx512.c - depthwise convolution of small images ------===*
 *
 * The planes of depthwise_avx512.c run 16 output columns of a row per
 * vector: on a 7x7 image (the last stage of mobilenets, mnasnet,
 * efficientnet) 7 of 16 lanes are live. For a stride-1 convolution whose
 * output rows are as wide as the input's, output q of the plane reads input
 * q + a per-tap offset, so 16 consecutive outputs of the plane (across rows)
 * form one vector: a 7x7 plane is 4 strips instead of 7 rows. Each lane's
 * tap is masked where it falls in the padding; the masks depend only on the
 * strip and the tap, so they are made once per layer, not per channel. The
 * strips of a plane are independent add chains (at most 16 strips: planes
 * of up to 256 outputs).
 *
 * The arithmetic is the planes' (and the loop nest's): per output, from the
 * start value, each tap a multiply then an add in (ky, kx) order, padding
 * read as +0; then residual and clamp. Same bits whichever path runs.
 *
 *===----------------------------------------------------------------------===*/
#include "depthwise_internal.h"
#include "window_avx512.h"

#include <immintrin.h>

enum { MAX_STRIPS = 16 };

/* One plane: `in` and `out` of one image and channel, its taps' weights. */
__attribute__((target("avx512f"))) static void
flat_plane(const float *in, const float *w, float *out, const float *residual, int64_t c,
           int64_t strips, int64_t taps, const int64_t *off,
           const __mmask16 mask[MAX_STRIPS][DW_MAX_TAPS], int64_t plane,
           const qat_epilogue *epi) {
  int32_t flags = epi ? epi->flags : 0;
  __m512 acc[MAX_STRIPS];
  for (int64_t s = 0; s < strips; ++s) {
    int64_t n = plane - 16 * s < 16 ? plane - 16 * s : 16;
    __mmask16 live = (__mmask16)((1u << n) - 1);
    acc[s] = (flags & QAT_EPI_INIT_ZERO)   ? _mm512_setzero_ps()
             : (flags & QAT_EPI_INIT_BIAS) ? _mm512_set1_ps(epi->bias[c])
                                           : _mm512_maskz_loadu_ps(live, out + 16 * s);
  }
  for (int64_t t = 0; t < taps; ++t) {
    __m512 tap = _mm512_set1_ps(w[t]);
    const float *at = in + off[t];
    /* Masked-off lanes are not read: the addresses may lie off the plane. */
    for (int64_t s = 0; s < strips; ++s)
      acc[s] = _mm512_add_ps(acc[s],
                             _mm512_mul_ps(_mm512_maskz_loadu_ps(mask[s][t], at + 16 * s), tap));
  }
  for (int64_t s = 0; s < strips; ++s) {
    int64_t n = plane - 16 * s < 16 ? plane - 16 * s : 16;
    __mmask16 live = (__mmask16)((1u << n) - 1);
    __m512 v = finish_vector(acc[s], residual ? residual + 16 * s : NULL, live,
                             flags & QAT_EPI_CLAMP, epi ? epi->lo : 0.0f, epi ? epi->hi : 0.0f);
    _mm512_mask_storeu_ps(out + 16 * s, live, v);
  }
}

__attribute__((target("avx512f"))) int
depthwise_flat_avx512(int64_t batch, int64_t channels, int64_t height, int64_t width,
                      const float *input, int64_t pt, int64_t pl, int64_t kh, int64_t kw,
                      const float *weight, int64_t out_h, int64_t out_w, int64_t sh, int64_t sw,
                      int64_t dh, int64_t dw, float *output, const qat_epilogue *epi) {
  int64_t plane = out_h * out_w, strips = (plane + 15) / 16, taps = kh * kw;
  /* Only where it saves strips: a quarter of the row-wise vectors or more
   * (7x7: 4 instead of 7; 14x14 would be 13 instead of 14). */
  int64_t row_strips = out_h * ((out_w + 15) / 16);
  if (sh != 1 || sw != 1 || dw != 1 || out_w != width || strips > MAX_STRIPS ||
      taps > DW_MAX_TAPS || strips * 4 > row_strips * 3 || height >= (1 << 20))
    return 1;
  int64_t off[DW_MAX_TAPS];
  __mmask16 mask[MAX_STRIPS][DW_MAX_TAPS];
  for (int64_t s = 0; s < strips; ++s) {
    int64_t n = plane - 16 * s < 16 ? plane - 16 * s : 16;
    flat_window_masks(16 * s, (__mmask16)((1u << n) - 1), height, width, kh, kw, dh, pt, pl,
                      mask[s]);
  }
  for (int64_t ky = 0; ky < kh; ++ky)
    for (int64_t kx = 0; kx < kw; ++kx)
      off[ky * kw + kx] = (ky * dh - pt) * width + kx - pl;
  for (int64_t img = 0; img < batch; ++img)
    for (int64_t c = 0; c < channels; ++c) {
      int64_t at = (img * channels + c) * plane;
      const float *residual =
          epi && (epi->flags & QAT_EPI_RESIDUAL) ? epi->residual + at : NULL;
      flat_plane(input + (img * channels + c) * height * width, weight + c * taps, output + at,
                 residual, c, strips, taps, off, mask, plane, epi);
    }
  return 0;
}
