/*===- blocked_avx2.c - planes into blocks of 8 channels (blocked_avx2.h) --===*/
#include "blocked_avx2.h"
#include "scratch.h"
#include "store_avx2.h"

#include <stdlib.h>

static int64_t clamp64(int64_t v, int64_t lo, int64_t hi) { return v < lo ? lo : v > hi ? hi : v; }

block_layout block_layout_make(int64_t height, int64_t width, int64_t pt, int64_t pl, int64_t kh,
                               int64_t kw, int64_t sh, int64_t sw, int64_t dh, int64_t dw,
                               int64_t out_h, int64_t out_w) {
  block_layout L = {height, width, pt, pl, (out_h - 1) * sh + (kh - 1) * dh + 1,
                    (out_w - 1) * sw + (kw - 1) * dw + 1, 0, 0, 0, 0, BLOCK_LANES * sw};
  /* A padding larger than the windows' reach puts some input nowhere. */
  L.y0 = clamp64(-pt, 0, height);
  L.y1 = clamp64(L.ph - pt, L.y0, height);
  L.x0 = clamp64(-pl, 0, width);
  L.x1 = clamp64(L.pw - pl, L.x0, width);
  return L;
}

static void fill(float *at, int64_t positions, float value) {
  for (int64_t i = 0; i < positions * BLOCK_LANES; ++i)
    at[i] = value;
}

float *block_buffer(const block_layout *L, float border) {
  int64_t positions = L->ph * L->pw + L->slack;
  if (positions > BLOCK_MAX_POSITIONS)
    return NULL;
  float *buf = scratch_floats((uint64_t)(positions * BLOCK_LANES));
  if (!buf)
    return NULL;
  int64_t top = clamp64(L->y0 + L->pt, 0, L->ph), bottom = clamp64(L->y1 + L->pt, top, L->ph);
  int64_t left = clamp64(L->x0 + L->pl, 0, L->pw), right = clamp64(L->x1 + L->pl, left, L->pw);
  fill(buf, top * L->pw, border);
  for (int64_t y = top; y < bottom; ++y) {
    fill(buf + y * L->pw * BLOCK_LANES, left, border);
    fill(buf + (y * L->pw + right) * BLOCK_LANES, L->pw - right, border);
  }
  fill(buf + bottom * L->pw * BLOCK_LANES, (L->ph - bottom) * L->pw + L->slack, border);
  return buf;
}

__attribute__((target("avx2"))) void block_pack(const block_layout *L, const float *in,
                                                int64_t live, float *buf) {
  int64_t plane = L->height * L->width;
  for (int64_t y = L->y0; y < L->y1; ++y) {
    float *dst_row = buf + ((y + L->pt) * L->pw + L->pl) * BLOCK_LANES;
    for (int64_t x = L->x0; x < L->x1; x += BLOCK_LANES) {
      int64_t n = L->x1 - x < BLOCK_LANES ? L->x1 - x : BLOCK_LANES;
      __m256i mask = first_lanes_avx2(n);
      __m256 r[BLOCK_LANES];
      for (int64_t c = 0; c < BLOCK_LANES; ++c) {
        const float *src = in + c * plane + y * L->width + x;
        r[c] = c >= live           ? _mm256_setzero_ps()
               : n == BLOCK_LANES ? _mm256_loadu_ps(src)
                                  : _mm256_maskload_ps(src, mask);
      }
      block_transpose8(r);
      /* Spelled out: as a loop, clang stored r to the stack and called
       * memcpy (7% of a 56x56 depthwise layer). */
      float *dst = dst_row + x * BLOCK_LANES;
      switch (n) {
      case 8: _mm256_store_ps(dst + 7 * BLOCK_LANES, r[7]); __attribute__((fallthrough));
      case 7: _mm256_store_ps(dst + 6 * BLOCK_LANES, r[6]); __attribute__((fallthrough));
      case 6: _mm256_store_ps(dst + 5 * BLOCK_LANES, r[5]); __attribute__((fallthrough));
      case 5: _mm256_store_ps(dst + 4 * BLOCK_LANES, r[4]); __attribute__((fallthrough));
      case 4: _mm256_store_ps(dst + 3 * BLOCK_LANES, r[3]); __attribute__((fallthrough));
      case 3: _mm256_store_ps(dst + 2 * BLOCK_LANES, r[2]); __attribute__((fallthrough));
      case 2: _mm256_store_ps(dst + 1 * BLOCK_LANES, r[1]); __attribute__((fallthrough));
      default: _mm256_store_ps(dst, r[0]);
      }
    }
  }
}
