/*===- depthwise_avx2.c - AVX2 depthwise convolution planes -----------------===*
 *
 * The 3x3 and 5x5 filters at stride 1 or 2 (unit dilation) on CPUs without
 * AVX-512: depthwise_avx512.c's fixed-shape planes with 8 output columns per
 * ymm vector, ROWS output rows at a time. AVX2 has no mask registers: a
 * strip's columns inside the row are a lane mask for vmaskmovps, used only
 * where a strip touches the border (full loads elsewhere); stride 2 loads 16
 * input columns and keeps the even ones (a shuffle and a lane permute).
 * Input rows in the padding read a row of zeros. Every other shape keeps the
 * output-column-innermost loops of depthwise.c.
 *
 * The arithmetic is that of the loops (and of the AVX-512 planes): per
 * output element each tap is a multiply then an add in (ky, kx) order, the
 * padding read as +0, so every level gives the same bits. The functions carry
 * their target attribute, so the file compiles with the library's flags.
 *
 *===----------------------------------------------------------------------===*/
#include "depthwise_internal.h"

#include <immintrin.h>

enum { ROWS = 4, MAX_K = 5, MAX_IN_ROWS = (ROWS - 1) * 2 + MAX_K };

/* Lanes [0, n) set (n in 0..8): a vmaskmovps mask. */
__attribute__((target("avx2"), always_inline)) static inline __m256i first_lanes(int64_t n) {
  return _mm256_cmpgt_epi32(_mm256_set1_epi32((int32_t)n),
                            _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

/* Lanes whose column first + lane lies in [0, width), among the first n. */
__attribute__((target("avx2"), always_inline)) static inline __m256i
inside_lanes(int64_t first, int64_t width, int64_t n) {
  __m256i col = _mm256_add_epi32(_mm256_set1_epi32((int32_t)first),
                                 _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
  __m256i ge = _mm256_cmpgt_epi32(col, _mm256_set1_epi32(-1));
  __m256i lt = _mm256_cmpgt_epi32(_mm256_set1_epi32((int32_t)width), col);
  return _mm256_and_si256(_mm256_and_si256(ge, lt), first_lanes(n));
}

/* 8 floats at `at`, lanes outside `mask` read as +0 and not touched. */
__attribute__((target("avx2"), always_inline)) static inline __m256
load_lanes(const float *at, __m256i mask, int full) {
  return full ? _mm256_loadu_ps(at) : _mm256_maskload_ps(at, mask);
}

__attribute__((target("avx2"), always_inline)) static inline void
plane_fixed(const int K, const int S, const dw_plane *p) {
  int64_t height = p->height, width = p->width, pt = p->pt, pl = p->pl, out_w = p->out_w;
  const qat_epilogue *epi = p->epi;
  int32_t flags = epi ? epi->flags : 0;
  __m256 taps[MAX_K * MAX_K];
  for (int t = 0; t < K * K; ++t)
    taps[t] = _mm256_set1_ps(p->w[t]);
  for (int64_t oy0 = 0; oy0 < p->out_h; oy0 += ROWS) {
    int64_t rows = p->out_h - oy0 < ROWS ? p->out_h - oy0 : ROWS;
    const float *src[MAX_IN_ROWS];
    for (int j = 0; j < (ROWS - 1) * S + K; ++j) {
      int64_t iy = oy0 * S - pt + j;
      src[j] = iy >= 0 && iy < height ? p->in + iy * width : p->zero_row;
    }
    for (int64_t ox = 0; ox < out_w; ox += 8) {
      int64_t n = out_w - ox < 8 ? out_w - ox : 8;
      __m256i live = first_lanes(n);
      /* Per kx and half (stride 2: 16 loaded columns), which columns lie in
       * the row, and whether all 8 do (a plain load). */
      __m256i mask[MAX_K][2];
      int full[MAX_K][2];
      for (int kx = 0; kx < K; ++kx)
        for (int h = 0; h < S; ++h) {
          int64_t first = ox * S + kx - pl + 8 * h;
          /* Stride 1: the output lanes' columns; stride 2: the loaded ones
           * (all 8 of each half, the odd ones dropped by the shuffle). */
          mask[kx][h] = inside_lanes(first, width, S == 1 ? n : 8);
          full[kx][h] = _mm256_movemask_ps(_mm256_castsi256_ps(mask[kx][h])) == 0xff;
        }
      __m256 acc[ROWS];
      for (int r = 0; r < ROWS; ++r) {
        const float *dst = p->out + (oy0 + r) * out_w + ox;
        if (r >= rows || (flags & QAT_EPI_INIT_ZERO))
          acc[r] = _mm256_setzero_ps();
        else if (flags & QAT_EPI_INIT_BIAS)
          acc[r] = _mm256_set1_ps(epi->bias[p->c]);
        else
          acc[r] = _mm256_maskload_ps(dst, live);
      }
      for (int ky = 0; ky < K; ++ky)
        for (int kx = 0; kx < K; ++kx) {
          intptr_t shift = (intptr_t)(ox * S + kx - pl) * 4;
          for (int r = 0; r < ROWS; ++r) {
            /* Masked-off lanes are not read: the addresses may lie off the row. */
            const float *at = (const float *)((uintptr_t)src[r * S + ky] + shift);
            __m256 x;
            if (S == 1) {
              x = load_lanes(at, mask[kx][0], full[kx][0]);
            } else {
              __m256 lo = load_lanes(at, mask[kx][0], full[kx][0]);
              __m256 hi = load_lanes(at + 8, mask[kx][1], full[kx][1]);
              /* Even columns: [lo0 lo2 hi0 hi2 | lo4 lo6 hi4 hi6], then the
               * middle 64-bit pairs swapped. */
              x = _mm256_castpd_ps(_mm256_permute4x64_pd(
                  _mm256_castps_pd(_mm256_shuffle_ps(lo, hi, _MM_SHUFFLE(2, 0, 2, 0))),
                  _MM_SHUFFLE(3, 1, 2, 0)));
            }
            acc[r] = _mm256_add_ps(acc[r], _mm256_mul_ps(x, taps[ky * K + kx]));
          }
        }
      for (int r = 0; r < ROWS && r < rows; ++r) {
        int64_t at = (oy0 + r) * out_w + ox;
        __m256 v = acc[r];
        if (flags & QAT_EPI_RESIDUAL)
          v = _mm256_add_ps(v, _mm256_maskload_ps(p->residual + at, live));
        if (flags & QAT_EPI_CLAMP) { /* max/min return the second operand on NaN: v */
          v = _mm256_max_ps(_mm256_set1_ps(epi->lo), v);
          if (qat_lo_is_plus_zero(epi->lo)) /* -0 + +0 = +0; every other value is unchanged */
            v = _mm256_add_ps(v, _mm256_setzero_ps());
          v = _mm256_min_ps(_mm256_set1_ps(epi->hi), v);
        }
        if (n == 8)
          _mm256_storeu_ps(p->out + at, v);
        else
          _mm256_maskstore_ps(p->out + at, live, v);
      }
    }
  }
}

__attribute__((target("avx2"))) static void plane_3x3_s1(const dw_plane *p) {
  plane_fixed(3, 1, p);
}
__attribute__((target("avx2"))) static void plane_3x3_s2(const dw_plane *p) {
  plane_fixed(3, 2, p);
}
__attribute__((target("avx2"))) static void plane_5x5_s1(const dw_plane *p) {
  plane_fixed(5, 1, p);
}
__attribute__((target("avx2"))) static void plane_5x5_s2(const dw_plane *p) {
  plane_fixed(5, 2, p);
}

int depthwise_plane_avx2(const dw_plane *p) {
  int fixed = p->kh == p->kw && (p->kh == 3 || p->kh == 5) && p->dh == 1 && p->dw == 1 &&
              p->sh == p->sw && (p->sh == 1 || p->sh == 2) && p->zero_row;
  if (!fixed)
    return 0;
  if (p->kh == 3)
    (p->sh == 1 ? plane_3x3_s1 : plane_3x3_s2)(p);
  else
    (p->sh == 1 ? plane_5x5_s1 : plane_5x5_s2)(p);
  return 1;
}
