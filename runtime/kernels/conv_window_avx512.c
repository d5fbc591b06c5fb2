/*===- conv_window_avx512.c - stride-1 convolutions read in place -----------===*
 *
 * A stride-1 convolution whose output rows are as wide as the input's
 * ("same" padding: resnet's and squeezenet's 3x3 layers) as the GEMM's 12x32
 * tile, its B operand read straight from the input instead of packed im2col
 * panels. Output position q = oh * width + ow of a panel reads input q +
 * (ky dh - pad_top) width + kx dw - pad_left of its channel's plane: per
 * reduction step k = (c, ky, kx) one contiguous run of 32 values across
 * output rows (two masked loads; the masks zero the padding and depend on
 * the panel and the tap only, as in pack_im2col_b_same_avx512). Each K block
 * runs over every tile of a panel before the next panel, so the panel's
 * runs (the taps of a channel share rows: ~16 KB per block) stay in L1
 * while the weights stream from L2. The im2col GEMM wrote and re-read 32 KB
 * of panels per 32 outputs and K block (3 MB per block, beyond the L2
 * cache), and the direct convolution's 3 strips x 8 filters ran short
 * reductions on wide images at 58-90 GMAC/s (squeezenet's expand3x3 on
 * 55x55); alone, with the weights out of cache and the input warm, a
 * 64-channel 3x3 on 56x56 runs at ~100 GMAC/s here against 76 as the GEMM,
 * a 16-channel one on 55x55 at ~94 against 77-93 direct.
 *
 * The arithmetic is the GEMM's: per output, the products of each K block of
 * KC summed by FMA from zero in K order, the blocks added to the start value
 * (C, 0 or the bias) in order, then + residual and the clamp, so the outputs
 * are the same bits as sgemm_blocked with kernel_12x32 (and the AVX2
 * kernels, and the other paths of qat_conv2d). The weights are the GEMM's
 * cached 12-row A panels (sgemm_weight_cache.c).
 *
 *===----------------------------------------------------------------------===*/
#include "conv_direct.h"
#include "sgemm_internal.h"
#include "window_avx512.h"

#include <immintrin.h>
#include <stdlib.h>

/* One reduction step: where its run starts, relative to the panel's first
 * output position, and its tap (ky kw + kx), which picks the masks. */
typedef struct window_step {
  int64_t offset, tap;
} window_step;

/* ROWS (4, 8 or 12) filters from `row` x 16 HALVES (1 or 2) output
 * positions from `q` (nr of them live), over the K block [pc, pc + kc):
 * `w` is the tile's cached A panel of that block, `inside` the panel's
 * masks per tap. The tile's value runs in C between blocks, as the GEMM's
 * stores do: start value (0, the bias, or C) + the first block's sums,
 * + each next block's, then + residual and the clamp after the last. */
__attribute__((target("avx512f"), always_inline)) static inline void
window_tile(const int ROWS, const int HALVES, const conv_direct_args *a, const float *w,
            int64_t pc, int64_t kc, int64_t k, const window_step *steps,
            const __mmask16 (*inside)[2], int64_t row, int64_t mr, int64_t q, int64_t nr) {
  __m512 acc[12][2];
  for (int r = 0; r < ROWS; ++r)
    acc[r][0] = acc[r][1] = _mm512_setzero_ps();
  /* Integer arithmetic: a run may start outside the image (masked off). */
  uintptr_t base = (uintptr_t)a->in + (uintptr_t)q * sizeof(float);
  const window_step *s = steps + pc;
  for (int64_t i = 0; i < kc; ++i, ++s, w += 12) {
    const float *from = (const float *)(base + (uintptr_t)s->offset * sizeof(float));
    __m512 b0 = _mm512_maskz_loadu_ps(inside[s->tap][0], from);
    __m512 b1 = HALVES > 1 ? _mm512_maskz_loadu_ps(inside[s->tap][1], from + 16) : b0;
#pragma GCC unroll 12
    for (int r = 0; r < ROWS; ++r) {
      __m512 x = _mm512_set1_ps(w[r]);
      acc[r][0] = _mm512_fmadd_ps(x, b0, acc[r][0]);
      if (HALVES > 1)
        acc[r][1] = _mm512_fmadd_ps(x, b1, acc[r][1]);
    }
  }
  const qat_epilogue *epi = a->epi;
  int32_t flags = epi ? epi->flags : 0;
  int first = pc == 0, last = pc + kc == k;
  int64_t plane = a->out_h * a->out_w;
  __mmask16 live[2] = {(__mmask16)(nr >= 16 ? 0xffff : (1u << nr) - 1),
                       (__mmask16)(nr >= 32 ? 0xffff : nr > 16 ? (1u << (nr - 16)) - 1 : 0)};
#pragma GCC unroll 12
  for (int r = 0; r < ROWS; ++r) {
    if (r >= mr)
      break;
    for (int h = 0; h < HALVES; ++h) {
      float *at = a->out + (row + r) * plane + q + 16 * h;
      __m512 start = !first || !(flags & (QAT_EPI_INIT_ZERO | QAT_EPI_INIT_BIAS))
                         ? _mm512_maskz_loadu_ps(live[h], at)
                     : flags & QAT_EPI_INIT_BIAS ? _mm512_set1_ps(epi->bias[row + r])
                                                 : _mm512_setzero_ps();
      __m512 v = _mm512_add_ps(start, acc[r][h]);
      if (last)
        v = finish_vector(v, flags & QAT_EPI_RESIDUAL ? epi->residual + (at - a->out) : NULL,
                          live[h], flags & QAT_EPI_CLAMP, epi ? epi->lo : 0.0f,
                          epi ? epi->hi : 0.0f);
      _mm512_mask_storeu_ps(at, live[h], v);
    }
  }
}

/* The masks of the panel of nr (<= 32) outputs from position q, per tap:
 * which lanes read inside the image. Lane l is output (oh[l], ow[l]);
 * lanes >= nr are off. */
__attribute__((target("avx512f"))) static void
panel_masks(const conv_direct_args *a, int64_t q, int64_t nr, __mmask16 (*mask)[2]) {
  int64_t width = a->width;
  int32_t oh[32], ow[32];
  for (int64_t l = 0, y = q / width, x = q % width; l < 32; ++l) {
    oh[l] = l < nr ? (int32_t)y : INT32_MIN / 2;
    ow[l] = (int32_t)x;
    if (++x == width) {
      x = 0;
      ++y;
    }
  }
  __m512i oh0 = _mm512_loadu_si512(oh), oh1 = _mm512_loadu_si512(oh + 16);
  __m512i ow0 = _mm512_loadu_si512(ow), ow1 = _mm512_loadu_si512(ow + 16);
  /* Valid iff 0 <= o + d < n, i.e. -d <= o < n - d. */
  for (int64_t ky = 0; ky < a->kh; ++ky) {
    int32_t d = (int32_t)(ky * a->dh - a->pt);
    __m512i lo = _mm512_set1_epi32(-d), hi = _mm512_set1_epi32((int32_t)a->height - d);
    __mmask16 r0 = _mm512_cmpge_epi32_mask(oh0, lo) & _mm512_cmplt_epi32_mask(oh0, hi);
    __mmask16 r1 = _mm512_cmpge_epi32_mask(oh1, lo) & _mm512_cmplt_epi32_mask(oh1, hi);
    for (int64_t kx = 0; kx < a->kw; ++kx) {
      int32_t e = (int32_t)(kx * a->dw - a->pl);
      __m512i clo = _mm512_set1_epi32(-e), chi = _mm512_set1_epi32((int32_t)width - e);
      mask[ky * a->kw + kx][0] =
          r0 & _mm512_cmpge_epi32_mask(ow0, clo) & _mm512_cmplt_epi32_mask(ow0, chi);
      mask[ky * a->kw + kx][1] =
          r1 & _mm512_cmpge_epi32_mask(ow1, clo) & _mm512_cmplt_epi32_mask(ow1, chi);
    }
  }
}

/* The tiles of one K block: each 32-output panel's runs (a few KB of the
 * image: the taps of a channel share rows) stay in the L1 cache while the
 * tiles of filters [f0, f1) pass over it, their A panels from the L2. */
__attribute__((target("avx512f"))) static void
window_block(const conv_direct_args *a, const float *ap, int64_t mpad, int64_t pc, int64_t k,
             const window_step *steps, const __mmask16 (*masks)[2], int64_t f0, int64_t f1) {
  int64_t kc = min64(KC, k - pc), n = a->out_h * a->out_w, taps = a->kh * a->kw;
  for (int64_t q = 0; q < n; q += 32) {
    int64_t nr = min64(32, n - q);
    const __mmask16(*inside)[2] = masks + q / 32 * taps;
    for (int64_t row = f0; row < f1; row += 12) {
      int64_t mr = min64(12, f1 - row);
      const float *w = ap + pc * mpad + row * kc;
      if (nr > 16) {
        if (mr > 8)
          window_tile(12, 2, a, w, pc, kc, k, steps, inside, row, mr, q, nr);
        else if (mr > 4)
          window_tile(8, 2, a, w, pc, kc, k, steps, inside, row, mr, q, nr);
        else
          window_tile(4, 2, a, w, pc, kc, k, steps, inside, row, mr, q, nr);
      } else if (mr > 8)
        window_tile(12, 1, a, w, pc, kc, k, steps, inside, row, mr, q, nr);
      else if (mr > 4)
        window_tile(8, 1, a, w, pc, kc, k, steps, inside, row, mr, q, nr);
      else
        window_tile(4, 1, a, w, pc, kc, k, steps, inside, row, mr, q, nr);
    }
  }
}

/* Rows of filters whose A block (one K block) stays in the L2 cache. */
enum { WINDOW_A_FLOATS = 96 * 1024 };

__attribute__((target("avx512f"))) int conv2d_window_avx512(const conv_direct_args *a) {
  int64_t taps = a->kh * a->kw, k = a->channels * taps, n = a->out_h * a->out_w;
  /* Stride 1, "same" width (so outputs run on across rows, as the input's
   * positions do), a window (1x1 convolutions are dense GEMMs). */
  if (a->sh != 1 || a->sw != 1 || a->out_w != a->width || taps <= 1 || taps > MAX_TAPS ||
      a->filters <= 0 || n <= 0 || a->width >= ((int64_t)1 << 30) ||
      a->height >= ((int64_t)1 << 30))
    return 1;
  float *own = NULL;
  const float *ap = a->weight_constant ? packed_constant_a(12, a->filters, k, a->w, k, 1) : NULL;
  int64_t mpad = (a->filters + 11) / 12 * 12, panels = (n + 31) / 32;
  if (!ap) {
    own = alloc_floats((size_t)(mpad * k));
    if (own)
      for (int64_t pc = 0; pc < k; pc += KC)
        pack_a(12, a->filters, min64(KC, k - pc), a->w + pc, k, 1, own + pc * mpad);
    ap = own;
  }
  window_step *steps = malloc((size_t)k * sizeof(window_step));
  __mmask16(*masks)[2] = malloc((size_t)(panels * taps) * sizeof(*masks));
  if (!ap || !steps || !masks) {
    free(own);
    free(steps);
    free(masks);
    return 1;
  }
  /* K order (c, ky, kx), as the GEMM's im2col rows. */
  for (int64_t i = 0; i < k; ++i) {
    int64_t c = i / taps, t = i % taps, ky = t / a->kw, kx = t % a->kw;
    steps[i] = (window_step){c * a->height * a->width + (ky * a->dh - a->pt) * a->width +
                                 kx * a->dw - a->pl,
                             t};
  }
  for (int64_t p = 0; p < panels; ++p)
    panel_masks(a, 32 * p, min64(32, n - 32 * p), masks + p * taps);
  int64_t block = WINDOW_A_FLOATS / KC / 12 * 12;
  for (int64_t f0 = 0; f0 < a->filters; f0 += block)
    for (int64_t pc = 0; pc < k; pc += KC)
      window_block(a, ap, mpad, pc, k, steps, (const __mmask16(*)[2])masks, f0,
                   min64(a->filters, f0 + block));
  free(own);
  free(steps);
  free(masks);
  return 0;
}
