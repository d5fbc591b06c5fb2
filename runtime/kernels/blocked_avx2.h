/*===- blocked_avx2.h - planes on blocks of 8 channels for AVX2 windows ----===*
 *
 * The depthwise and max pooling layers of AVX2 CPUs put 8 consecutive NCHW
 * planes into the lanes of one vector, as onnxruntime's NCHWc layout does:
 * the planes are transposed once into a buffer of [row][column][8 lanes],
 * with a border of the layer's identity (+0 for a sum, -inf for a maximum)
 * wherever a window reaches past the input, so that every tap of every
 * output is one aligned load at an address step of any stride or dilation;
 * 8 output positions are transposed back into the 8 planes. Along NCHW rows
 * instead, a 7- or 14-column plane fills its vectors 7/8 or 14/16, every
 * plane pays its own setup, and stride 2 loads and shuffles 16 columns per
 * 8 outputs.
 *
 *===----------------------------------------------------------------------===*/
#ifndef QAT_RUNTIME_KERNELS_BLOCKED_AVX2_H
#define QAT_RUNTIME_KERNELS_BLOCKED_AVX2_H

#include <immintrin.h>
#include <stdint.h>

enum { BLOCK_LANES = 8 };

/* Where a layer's input planes land in the block buffer: padded rows
 * [0, ph) and columns [0, pw), exactly those the outputs' windows read,
 * input (y, x) at (y + pt, x + pl); input rows [y0, y1) and columns
 * [x0, x1) land inside, every other position holds the border value.
 * `slack` positions follow the last row: the last vector of a row reads up
 * to 7 strides past its outputs. */
typedef struct block_layout {
  int64_t height, width, pt, pl, ph, pw, y0, y1, x0, x1, slack;
} block_layout;

__attribute__((visibility("hidden"))) block_layout
block_layout_make(int64_t height, int64_t width, int64_t pt, int64_t pl, int64_t kh, int64_t kw,
                  int64_t sh, int64_t sw, int64_t dh, int64_t dw, int64_t out_h, int64_t out_w);

/* A 32-byte aligned buffer of the layout, `border` in every position no
 * input lands on (the rest is rewritten by each block_pack); NULL when out
 * of memory or larger than BLOCK_MAX_POSITIONS positions (128 MB: planes of
 * 4096 x 1024 and more stay with the callers' row-by-row kernels).
 * scratch_free() it (scratch.h). */
enum { BLOCK_MAX_POSITIONS = 1 << 22 };
__attribute__((visibility("hidden"))) float *block_buffer(const block_layout *L, float border);

/* `live` (1..8) planes from `in` (consecutive planes of height x width)
 * into the buffer's lanes 0..live-1; the other lanes get +0. */
__attribute__((visibility("hidden"))) void block_pack(const block_layout *L, const float *in,
                                                      int64_t live, float *buf);

/* r[i] lane j becomes r[j] lane i. */
__attribute__((target("avx2"), always_inline)) static inline void block_transpose8(__m256 r[8]) {
  __m256 t0 = _mm256_unpacklo_ps(r[0], r[1]), t1 = _mm256_unpackhi_ps(r[0], r[1]);
  __m256 t2 = _mm256_unpacklo_ps(r[2], r[3]), t3 = _mm256_unpackhi_ps(r[2], r[3]);
  __m256 t4 = _mm256_unpacklo_ps(r[4], r[5]), t5 = _mm256_unpackhi_ps(r[4], r[5]);
  __m256 t6 = _mm256_unpacklo_ps(r[6], r[7]), t7 = _mm256_unpackhi_ps(r[6], r[7]);
  __m256 s0 = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(1, 0, 1, 0));
  __m256 s1 = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(3, 2, 3, 2));
  __m256 s2 = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(1, 0, 1, 0));
  __m256 s3 = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(3, 2, 3, 2));
  __m256 s4 = _mm256_shuffle_ps(t4, t6, _MM_SHUFFLE(1, 0, 1, 0));
  __m256 s5 = _mm256_shuffle_ps(t4, t6, _MM_SHUFFLE(3, 2, 3, 2));
  __m256 s6 = _mm256_shuffle_ps(t5, t7, _MM_SHUFFLE(1, 0, 1, 0));
  __m256 s7 = _mm256_shuffle_ps(t5, t7, _MM_SHUFFLE(3, 2, 3, 2));
  r[0] = _mm256_permute2f128_ps(s0, s4, 0x20);
  r[1] = _mm256_permute2f128_ps(s1, s5, 0x20);
  r[2] = _mm256_permute2f128_ps(s2, s6, 0x20);
  r[3] = _mm256_permute2f128_ps(s3, s7, 0x20);
  r[4] = _mm256_permute2f128_ps(s0, s4, 0x31);
  r[5] = _mm256_permute2f128_ps(s1, s5, 0x31);
  r[6] = _mm256_permute2f128_ps(s2, s6, 0x31);
  r[7] = _mm256_permute2f128_ps(s3, s7, 0x31);
}

#endif
