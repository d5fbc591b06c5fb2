/*===- window_avx512.h - column masks and loads of the AVX-512 window planes ===*
 *
 * What the AVX-512 window planes (depthwise, max pooling, direct
 * convolution) and the im2col^T packer share: 16 output columns per vector,
 * each tap reading input columns ox * sw + kx * dw - pad_left of a row,
 * masked to the row; stride 1 is one masked load, stride 2 two masked loads
 * whose even lanes a permute keeps (or one, from rows split into even and
 * odd columns), any other stride a masked gather. Flat strips (16
 * consecutive outputs of a plane, across rows) and the vector epilogue of
 * the kernels' stores too. Included by files compiled with the
 * library's flags, so every function carries its target attribute.
 *
 *===----------------------------------------------------------------------===*/
#ifndef QAT_RUNTIME_KERNELS_WINDOW_AVX512_H
#define QAT_RUNTIME_KERNELS_WINDOW_AVX512_H

#include "epilogue.h"

#include <immintrin.h>
#include <stdint.h>

/* The input rows [y0, y0 + count) of the next row group, into the cache
 * while this one computes: a plane was just written by the layer before, and
 * with the hardware prefetchers alone the kernel waited on it (mobilenet_v2's
 * first stride-2 depthwise layer took 0.93 ms instead of 0.38). */
__attribute__((target("avx512f"), always_inline)) static inline void
prefetch_rows(const float *in, int64_t height, int64_t width, int64_t y0, int64_t count) {
  int64_t y1 = y0 + count;
  y0 = y0 < 0 ? 0 : y0;
  y1 = y1 > height ? height : y1;
  for (int64_t y = y0; y < y1; ++y)
    for (int64_t x = 0; x < width; x += 16)
      _mm_prefetch((const char *)(in + y * width + x), _MM_HINT_T0);
}

/* The output coordinates of a panel's 32 lanes from output (oh, ow), running
 * on across rows of `width` outputs: rows[h], cols[h] for lanes 16 h ..
 * 16 h + 15. Lanes >= nr get a row far below zero, which no bounds check
 * accepts. */
__attribute__((target("avx512f"), always_inline)) static inline void
panel_lanes(int64_t oh, int64_t ow, int64_t width, int64_t nr, __m512i rows[2],
            __m512i cols[2]) {
  int32_t r[32], c[32];
  for (int64_t l = 0, y = oh, x = ow; l < 32; ++l) {
    r[l] = l < nr ? (int32_t)y : INT32_MIN / 2;
    c[l] = (int32_t)x;
    if (++x == width) {
      x = 0;
      ++y;
    }
  }
  for (int h = 0; h < 2; ++h) {
    rows[h] = _mm512_loadu_si512(r + 16 * h);
    cols[h] = _mm512_loadu_si512(c + 16 * h);
  }
}

/* Per tap column kx < kw of the strip at output column ox: the lanes' input
 * columns (cols), those inside the row among `live` (inside), and, for
 * stride 2, which of the 32 loaded columns [first, first + 32) are (pair). */
__attribute__((target("avx512f"), always_inline)) static inline void
strip_columns(int64_t ox, int64_t sw, int64_t dw, int64_t pl, int64_t kw, int64_t width,
              __mmask16 live, __m512i cols[], __mmask16 inside[], __mmask16 pair[][2]) {
  const __m512i lane = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  const __m512i step = _mm512_mullo_epi32(lane, _mm512_set1_epi32((int32_t)sw));
  const __m512i zero = _mm512_setzero_si512(), end = _mm512_set1_epi32((int32_t)width);
  for (int64_t kx = 0; kx < kw; ++kx) {
    int32_t first = (int32_t)(ox * sw + kx * dw - pl);
    cols[kx] = _mm512_add_epi32(step, _mm512_set1_epi32(first));
    inside[kx] = live & _mm512_cmpge_epi32_mask(cols[kx], zero) &
                 _mm512_cmplt_epi32_mask(cols[kx], end);
    for (int h = 0; h < 2; ++h) {
      __m512i e = _mm512_add_epi32(lane, _mm512_set1_epi32(first + 16 * h));
      pair[kx][h] = _mm512_cmpge_epi32_mask(e, zero) & _mm512_cmplt_epi32_mask(e, end);
    }
  }
}

/* One tap's 16 input values, +0 where masked off: `at` is the row's column
 * of lane 0 (masked-off lanes are not read, so it may lie off the row), and
 * the masks are strip_columns' for that tap (the gather reads `row` at
 * `cols`). */
__attribute__((target("avx512f"), always_inline)) static inline __m512
load_tap(int64_t sw, const float *at, const float *row, __m512i cols, __mmask16 inside,
         __mmask16 pair0, __mmask16 pair1) {
  if (sw == 1)
    return _mm512_maskz_loadu_ps(inside, at);
  if (sw == 2) {
    const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26,
                                           28, 30);
    return _mm512_permutex2var_ps(_mm512_maskz_loadu_ps(pair0, at), even,
                                  _mm512_maskz_loadu_ps(pair1, at + 16));
  }
  return _mm512_mask_i32gather_ps(_mm512_setzero_ps(), inside, cols, row, 4);
}

/* One row of `width` values split: its even columns to `even`, its odd
 * ones to `odd`. */
__attribute__((target("avx512f"), always_inline)) static inline void
split_row(const float *src, int64_t width, float *even_out, float *odd_out) {
  const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26,
                                         28, 30),
                odd = _mm512_add_epi32(even, _mm512_set1_epi32(1)),
                lane = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  const __m512i w = _mm512_set1_epi32((int32_t)width);
  int64_t evens = (width + 1) / 2, odds = width / 2;
  for (int64_t j = 0; j < evens; j += 16) {
    __m512i col = _mm512_add_epi32(lane, _mm512_set1_epi32((int32_t)(2 * j)));
    __mmask16 m0 = _mm512_cmplt_epi32_mask(col, w),
              m1 = _mm512_cmplt_epi32_mask(_mm512_add_epi32(col, _mm512_set1_epi32(16)), w);
    __m512 v0 = _mm512_maskz_loadu_ps(m0, src + 2 * j),
           v1 = _mm512_maskz_loadu_ps(m1, src + 2 * j + 16);
    __m512i idx = _mm512_add_epi32(lane, _mm512_set1_epi32((int32_t)j));
    _mm512_mask_storeu_ps(even_out + j,
                          _mm512_cmplt_epi32_mask(idx, _mm512_set1_epi32((int32_t)evens)),
                          _mm512_permutex2var_ps(v0, even, v1));
    _mm512_mask_storeu_ps(odd_out + j,
                          _mm512_cmplt_epi32_mask(idx, _mm512_set1_epi32((int32_t)odds)),
                          _mm512_permutex2var_ps(v0, odd, v1));
  }
}

/* For stride 2: each of `rows` input rows split into its even columns, then
 * its odd ones (`out`, rows as long), so that a tap reads 16 consecutive
 * values of one half with one masked load, where the strided row took two
 * loads and a permute (a convolution stem ran at 50 GMAC/s, a stride-1
 * convolution at 100). Input column 2 x + d is then even column x + d / 2
 * (d even) or odd column x + (d - 1) / 2 (d odd): split_tap. */
__attribute__((target("avx512f"), unused)) static void split_columns(const float *in, int64_t rows,
                                                                     int64_t width, float *out) {
  for (int64_t r = 0; r < rows; ++r)
    split_row(in + r * width, width, out + r * width, out + r * width + (width + 1) / 2);
}

/* Where tap offset d (kx - pad_left) of the strip at output column x reads
 * in a split row (split_columns): the row offset of lane 0, and which of
 * the `live` lanes lie inside the row. */
__attribute__((target("avx512f"), always_inline)) static inline int64_t
split_tap(int64_t x, int64_t d, int64_t width, __mmask16 live, __mmask16 *inside) {
  const __m512i lane = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  int64_t evens = (width + 1) / 2, m = d % 2 == 0 ? d / 2 : (d - 1) / 2;
  int64_t bound = d % 2 == 0 ? evens : width / 2;
  __m512i idx = _mm512_add_epi32(lane, _mm512_set1_epi32((int32_t)(x + m)));
  *inside = live & _mm512_cmpge_epi32_mask(idx, _mm512_setzero_si512()) &
            _mm512_cmplt_epi32_mask(idx, _mm512_set1_epi32((int32_t)bound));
  return (d % 2 == 0 ? 0 : evens) + x + m;
}

/* The output row and column of each lane of a flat strip: 16 consecutive
 * outputs q0 + lane of a plane out_w wide, across rows (columns past a
 * row's end wrap; a row may be shorter than the strip). */
__attribute__((target("avx512f"), always_inline)) static inline void
flat_lanes(int64_t q0, int64_t out_w, __m512i *oy, __m512i *ox) {
  const __m512i lane = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  const __m512i w = _mm512_set1_epi32((int32_t)out_w);
  *oy = _mm512_set1_epi32((int32_t)(q0 / out_w));
  *ox = _mm512_add_epi32(lane, _mm512_set1_epi32((int32_t)(q0 % out_w)));
  for (__mmask16 over; (over = _mm512_cmpge_epi32_mask(*ox, w));) {
    *ox = _mm512_mask_sub_epi32(*ox, over, *ox, w);
    *oy = _mm512_mask_add_epi32(*oy, over, *oy, _mm512_set1_epi32(1));
  }
}

/* Per window position ky kw + kx: which `live` lanes of the flat strip at
 * q0 (outputs of a plane out_w wide) read inside their source, when output
 * (oy, ox) reads row oy + row_off[ky] of a source row_end[ky] rows high and
 * column ox + col_off[kx] of one col_end[kx] columns wide. */
__attribute__((target("avx512f"), always_inline)) static inline void
window_masks(int64_t q0, __mmask16 live, int64_t out_w, int64_t kh, int64_t kw,
             const int64_t row_off[], const int64_t row_end[], const int64_t col_off[],
             const int64_t col_end[], __mmask16 mask[]) {
  const __m512i zero = _mm512_setzero_si512();
  __m512i oy, ox;
  flat_lanes(q0, out_w, &oy, &ox);
  for (int64_t ky = 0; ky < kh; ++ky) {
    __m512i iy = _mm512_add_epi32(oy, _mm512_set1_epi32((int32_t)row_off[ky]));
    __mmask16 rows = live & _mm512_cmpge_epi32_mask(iy, zero) &
                     _mm512_cmplt_epi32_mask(iy, _mm512_set1_epi32((int32_t)row_end[ky]));
    for (int64_t kx = 0; kx < kw; ++kx) {
      __m512i ix = _mm512_add_epi32(ox, _mm512_set1_epi32((int32_t)col_off[kx]));
      mask[ky * kw + kx] =
          rows & _mm512_cmpge_epi32_mask(ix, zero) &
          _mm512_cmplt_epi32_mask(ix, _mm512_set1_epi32((int32_t)col_end[kx]));
    }
  }
}

/* window_masks of a stride-1 convolution whose output rows are as wide as
 * the input's (out_w == width): output q reads input q + (ky dh - pt) width
 * + kx - pl; the lanes off the input read +0. */
__attribute__((target("avx512f"), always_inline)) static inline void
flat_window_masks(int64_t q0, __mmask16 live, int64_t height, int64_t width, int64_t kh,
                  int64_t kw, int64_t dh, int64_t pt, int64_t pl, __mmask16 mask[]) {
  int64_t row_off[kh], row_end[kh], col_off[kw], col_end[kw];
  for (int64_t ky = 0; ky < kh; ++ky)
    row_off[ky] = ky * dh - pt, row_end[ky] = height;
  for (int64_t kx = 0; kx < kw; ++kx)
    col_off[kx] = kx - pl, col_end[kx] = width;
  window_masks(q0, live, width, kh, kw, row_off, row_end, col_off, col_end, mask);
}

/* The epilogue of one stored vector after its start value and sums:
 * + residual (`res`, its `live` lanes, when not NULL), then the clamp
 * min(max(v, lo), hi) as the graph's maximumf/minimumf compute it. */
__attribute__((target("avx512f"), always_inline)) static inline __m512
finish_vector(__m512 v, const float *res, __mmask16 live, int clamp, float lo, float hi) {
  if (res)
    v = _mm512_add_ps(v, _mm512_maskz_loadu_ps(live, res));
  if (clamp) { /* max/min return the second operand on NaN: v */
    v = _mm512_max_ps(_mm512_set1_ps(lo), v);
    if (qat_lo_is_plus_zero(lo)) /* -0 + +0 = +0; every other value is unchanged */
      v = _mm512_add_ps(v, _mm512_setzero_ps());
    v = _mm512_min_ps(_mm512_set1_ps(hi), v);
  }
  return v;
}

#endif
