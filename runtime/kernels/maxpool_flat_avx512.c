/*===- maxpool_flat_avx512.c - 3x3 stride-1 max pooling of small planes -----===*
 *
 * googlenet's inception branches pool 3x3 at stride 1, padding 1, over
 * hundreds of 28x28, 14x14 and 7x7 planes. By rows (maxpool_avx512.c) a
 * 14-column row fills 14 of 16 lanes and each plane and row pays its own
 * masks and bookkeeping: 512 planes of 14x14 took 0.05 ms alone and 0.10
 * in the model, onnxruntime's NCHWc pooling 0.018. Here a plane runs flat,
 * as strips of 16 consecutive positions across rows (as the flat depthwise
 * strips), in two passes: each position's row fold h = fold(x[-1], x[0],
 * x[+1]) (masked at the row's ends), then the output fold(h[-W], h[0],
 * h[+W]) (masked at the plane's top and bottom). The masks depend only on
 * the strip, so they are made once per call for every plane. 512 x 14x14
 * 0.055 -> 0.024 ms, 256 x 28x28 0.082 -> 0.053, 832 x 7x7 0.047 -> 0.015.
 *
 * The fold is the pooling loops' (maxpool.h): acc = x if x > acc or x is
 * NaN, taps in (ky, kx) order from -inf, outside positions skipped. It is
 * associative (the first maximum, or the last NaN), so rows first is the
 * same; without NaNs each step is vmaxps(x, acc) (ties keep acc, an
 * outside -inf is never taken). Every input position is loaded by the row
 * pass; a NaN there sends every plane through the row kernel, which folds
 * NaNs one by one.
 *
 *===----------------------------------------------------------------------===*/
#include "maxpool_internal.h"

#include <immintrin.h>

enum { FLAT_MAX_STRIPS = 64 };

__attribute__((target("avx512f"))) int maxpool_flat_avx512(int64_t planes, const pool_plane *p) {
  int64_t height = p->height, width = p->width, plane = height * width;
  int64_t strips = (plane + 15) / 16;
  if (!p->start_neg_inf || p->kh != 3 || p->kw != 3 || p->pt != 1 || p->pl != 1 ||
      p->sh != 1 || p->sw != 1 || p->dh != 1 || p->dw != 1 || p->out_h != height ||
      p->out_w != width || strips > FLAT_MAX_STRIPS || plane <= 0)
    return 1;
  /* Per strip: the live lanes, those with a left and a right neighbour in
   * their row, and those with a row above and below. */
  __mmask16 live[FLAT_MAX_STRIPS], left[FLAT_MAX_STRIPS], right[FLAT_MAX_STRIPS],
      up[FLAT_MAX_STRIPS], down[FLAT_MAX_STRIPS];
  for (int64_t s = 0; s < strips; ++s) {
    live[s] = left[s] = right[s] = up[s] = down[s] = 0;
    for (int l = 0; l < 16 && 16 * s + l < plane; ++l) {
      int64_t q = 16 * s + l, oy = q / width, ox = q % width;
      __mmask16 bit = (__mmask16)(1u << l);
      live[s] |= bit;
      left[s] |= ox > 0 ? bit : 0;
      right[s] |= ox + 1 < width ? bit : 0;
      up[s] |= oy > 0 ? bit : 0;
      down[s] |= oy + 1 < height ? bit : 0;
    }
  }
  const __m512 none = _mm512_set1_ps(-__builtin_inff());
  float h[FLAT_MAX_STRIPS * 16] __attribute__((aligned(64)));
  __mmask16 nan = 0;
  for (int64_t i = 0; i < planes; ++i) {
    const float *in = p->in + i * plane;
    float *out = p->out + i * plane;
    /* Masked-off lanes are not read: the addresses may lie off the plane
     * (or off h). */
    for (int64_t s = 0; s < strips; ++s) {
      const float *at = in + 16 * s;
      __m512 a = _mm512_mask_loadu_ps(none, left[s], at - 1),
             b = _mm512_mask_loadu_ps(none, live[s], at),
             c = _mm512_mask_loadu_ps(none, right[s], at + 1);
      nan |= _mm512_cmp_ps_mask(b, b, _CMP_UNORD_Q);
      _mm512_store_ps(h + 16 * s, _mm512_max_ps(c, _mm512_max_ps(b, a)));
    }
    for (int64_t s = 0; s < strips; ++s) {
      const float *at = h + 16 * s;
      __m512 a = _mm512_mask_loadu_ps(none, up[s], at - width), b = _mm512_load_ps(at),
             c = _mm512_mask_loadu_ps(none, down[s], at + width);
      _mm512_mask_storeu_ps(out + 16 * s, live[s], _mm512_max_ps(c, _mm512_max_ps(b, a)));
    }
  }
  if (nan)
    for (int64_t i = 0; i < planes; ++i) {
      pool_plane one = *p;
      one.in = p->in + i * plane;
      one.out = p->out + i * plane;
      maxpool_plane_avx512(&one);
    }
  return 0;
}
