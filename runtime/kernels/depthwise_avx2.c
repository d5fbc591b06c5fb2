/*===- depthwise_avx2.c - AVX2 depthwise convolution planes -----------------===*
 *
 * The 3x3 and 5x5 filters at stride 1 or 2 (unit dilation) on CPUs without
 * AVX-512: depthwise_avx512.c's fixed-shape planes with 8 output columns per
 * ymm vector, ROWS output rows at a time. At stride 1 (plane_padded) each
 * input row is first copied between zeros into a row buffer, so that every
 * tap is a plain load, with no masks and no branches: on Zen 3, alone,
 * 144 x 56 x 56 0.45 -> 0.36 ms, 32 x 112 x 112 0.40 -> 0.29, 5x5 on
 * 240 x 28 x 28 0.49 -> 0.35. There each input vector is loaded once for
 * every output row it is a tap row of, 2 x ROWS sums at a time
 * (padded_columns): 16 x 112 x 112 0.160 -> 0.137 ms, 4 x 56 x 56 0.0143 ->
 * 0.0127 (alone, warm, alternating builds). At stride 2 (plane_masked) a strip's columns
 * inside the row are a lane mask for vmaskmovps, used only where a strip
 * touches the border (full loads elsewhere), and each tap loads 16 input
 * columns and keeps the even ones (a shuffle and a lane permute); the
 * padded rows split into even and odd halves measured slower there (96 x
 * 112 x 112: 0.44 against 0.54 ms). Input rows in the padding read a row
 * of zeros. Every other shape keeps the output-column-innermost loops of
 * depthwise.c.
 *
 * The arithmetic is that of the loops (and of the AVX-512 planes): per
 * output element each tap is a multiply then an add in (ky, kx) order, the
 * padding read as +0, so every level gives the same bits. The functions carry
 * their target attribute, so the file compiles with the library's flags.
 *
 *===----------------------------------------------------------------------===*/
#include "depthwise_internal.h"
#include "store_avx2.h"

#include <immintrin.h>
#include <stdlib.h>

enum { ROWS = 4, MAX_K = 5, MAX_IN_ROWS = (ROWS - 1) * 2 + MAX_K };

/* The middle 64-bit pairs of v swapped (its own inverse). */
__attribute__((target("avx2"), always_inline)) static inline __m256 swap_middle(__m256 v) {
  return _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(v), _MM_SHUFFLE(3, 1, 2, 0)));
}

/* The plane's epilogue, read once per plane: re-reading it from the
 * qat_epilogue per vector (its flags, bounds, the +0 test) was a third of
 * a 56x56 plane's time. */
typedef struct plane_epilogue {
  int32_t flags;
  int plus_zero;       /* the clamp's lo is +0 */
  __m256 lo, hi, bias; /* bias: the channel's start value under INIT_BIAS */
} plane_epilogue;

__attribute__((target("avx2"), always_inline)) static inline plane_epilogue
epilogue_of(const dw_plane *p) {
  const qat_epilogue *epi = p->epi;
  int32_t flags = epi ? epi->flags : 0;
  return (plane_epilogue){flags, (flags & QAT_EPI_CLAMP) && qat_lo_is_plus_zero(epi->lo),
                          _mm256_set1_ps(epi ? epi->lo : 0.0f),
                          _mm256_set1_ps(epi ? epi->hi : 0.0f),
                          _mm256_set1_ps(flags & QAT_EPI_INIT_BIAS ? epi->bias[p->c] : 0.0f)};
}

/* The epilogue of ROWS x 8 outputs from output (oy0, ox), `rows` and `n`
 * (lanes `live`) of them live: + residual, the clamp, the store. */
__attribute__((target("avx2"), always_inline)) static inline void
store_rows(const dw_plane *p, const plane_epilogue *e, __m256 acc[ROWS], int64_t oy0,
           int64_t rows, int64_t ox, int64_t n, __m256i live) {
  for (int r = 0; r < ROWS && r < rows; ++r) {
    int64_t at = (oy0 + r) * p->out_w + ox;
    __m256 v = acc[r];
    if (e->flags & QAT_EPI_RESIDUAL)
      v = _mm256_add_ps(v, n == 8 ? _mm256_loadu_ps(p->residual + at)
                                  : _mm256_maskload_ps(p->residual + at, live));
    if (e->flags & QAT_EPI_CLAMP)
      v = clamp_avx2(v, e->lo, e->hi, e->plus_zero);
    store_first_avx2(p->out + at, v, n);
  }
}

/* The start values of ROWS x 8 outputs (the bias, 0, or out itself). */
__attribute__((target("avx2"), always_inline)) static inline void
start_rows(const dw_plane *p, const plane_epilogue *e, __m256 acc[ROWS], int64_t oy0,
           int64_t rows, int64_t ox, int64_t n, __m256i live) {
  for (int r = 0; r < ROWS; ++r) {
    const float *dst = p->out + (oy0 + r) * p->out_w + ox;
    if (r >= rows || (e->flags & QAT_EPI_INIT_ZERO))
      acc[r] = _mm256_setzero_ps();
    else if (e->flags & QAT_EPI_INIT_BIAS)
      acc[r] = e->bias;
    else
      acc[r] = n == 8 ? _mm256_loadu_ps(dst) : _mm256_maskload_ps(dst, live);
  }
}

/* Row buffers on the stack up to this many floats; larger planes allocate. */
enum { STACK_FLOATS = 4096 };

/* Stride 1: input row iy as the taps read it, padded column x (input
 * column x - pl, +0 outside the input) at buf[x], `len` of them. Only the
 * columns inside the input are written: the rest stay the zeros the
 * buffer started as. */
__attribute__((target("avx2"), always_inline)) static inline void
fill_row(const dw_plane *p, int64_t iy, int64_t len, float *buf) {
  const float *in = p->in + iy * p->width;
  int64_t n = p->width < len - p->pl ? p->width : len - p->pl;
  for (int64_t x = 0; x < n; ++x)
    buf[p->pl + x] = in[x];
}

/* ROWS output rows by V (1 or 2) vectors of 8 columns from column ox, on
 * the padded rows src[0 .. ROWS + K - 2]. Input row j is loaded once per kx
 * and added into every output row r it is a tap row of (ky = j - r): for
 * each output the taps still come in (ky, kx) order. Each input vector
 * serves up to K rows (K * K loads per output vector were K), and 2 x ROWS
 * independent sums hide the adds' latency; the taps stay in memory as
 * operands of the multiplies (8 sums and 9 or 25 taps do not fit 16
 * registers). */
__attribute__((target("avx2"), always_inline)) static inline void
padded_columns(const int K, const int V, const dw_plane *p, const plane_epilogue *e,
               const float *const *src, const __m256 *taps, int64_t oy0, int64_t rows,
               int64_t ox) {
  __m256 acc[2][ROWS];
  int64_t n[2];
  __m256i live[2];
  for (int v = 0; v < V; ++v) {
    n[v] = p->out_w - (ox + 8 * v) < 8 ? p->out_w - (ox + 8 * v) : 8;
    live[v] = first_lanes_avx2(n[v]);
    start_rows(p, e, acc[v], oy0, rows, ox + 8 * v, n[v], live[v]);
  }
  /* Unrolled whole (clang left the rows a loop of branches on ky). */
#pragma unroll
  for (int j = 0; j < ROWS - 1 + K; ++j)
#pragma unroll
    for (int kx = 0; kx < K; ++kx) {
      __m256 x[2];
      for (int v = 0; v < V; ++v)
        x[v] = _mm256_loadu_ps(src[j] + ox + 8 * v + kx);
#pragma unroll
      for (int r = 0; r < ROWS; ++r) {
        int ky = j - r;
        if (ky < 0 || ky >= K)
          continue;
        for (int v = 0; v < V; ++v)
          acc[v][r] = _mm256_add_ps(acc[v][r], _mm256_mul_ps(x[v], taps[ky * K + kx]));
      }
    }
  for (int v = 0; v < V; ++v)
    store_rows(p, e, acc[v], oy0, rows, ox + 8 * v, n[v], live[v]);
}

/* Stride 1 over zero-padded row buffers, each input row copied once (a
 * slot per row of a row group's window, iy mod MAX_IN_ROWS). 0 when out of
 * memory. */
__attribute__((target("avx2"), always_inline)) static inline int
plane_padded(const int K, const dw_plane *p) {
  int64_t out_w = p->out_w, wide = (out_w + 7) / 8 * 8;
  /* Every column the wide outputs' taps read, and 8 more. */
  int64_t len = wide + K + 8, slots = MAX_IN_ROWS + 1; /* + 1: the zero row */
  float stack[STACK_FLOATS] __attribute__((aligned(32)));
  float *bufs = slots * len <= STACK_FLOATS ? stack : malloc((size_t)(slots * len) * sizeof(float));
  if (!bufs)
    return 0;
  for (int64_t i = 0; i < slots * len; ++i)
    bufs[i] = 0.0f;
  const float *zero = bufs + MAX_IN_ROWS * len;
  int64_t held[MAX_IN_ROWS]; /* the input row in each slot */
  for (int j = 0; j < MAX_IN_ROWS; ++j)
    held[j] = -1;
  __m256 taps[MAX_K * MAX_K];
  for (int t = 0; t < K * K; ++t)
    taps[t] = _mm256_set1_ps(p->w[t]);
  const plane_epilogue e = epilogue_of(p);
  for (int64_t oy0 = 0; oy0 < p->out_h; oy0 += ROWS) {
    int64_t rows = p->out_h - oy0 < ROWS ? p->out_h - oy0 : ROWS;
    const float *src[MAX_IN_ROWS];
    for (int j = 0; j < ROWS - 1 + K; ++j) {
      int64_t iy = oy0 - p->pt + j;
      if (iy < 0 || iy >= p->height) {
        src[j] = zero;
        continue;
      }
      float *buf = bufs + iy % MAX_IN_ROWS * len;
      if (held[iy % MAX_IN_ROWS] != iy) {
        fill_row(p, iy, len, buf);
        held[iy % MAX_IN_ROWS] = iy;
      }
      src[j] = buf;
    }
    int64_t ox = 0;
    for (; ox + 16 <= wide; ox += 16)
      padded_columns(K, 2, p, &e, src, taps, oy0, rows, ox);
    if (ox < wide)
      padded_columns(K, 1, p, &e, src, taps, oy0, rows, ox);
  }
  if (bufs != stack)
    free(bufs);
  return 1;
}

/* Lanes whose column first + lane lies in [0, width), among the first n. */
__attribute__((target("avx2"), always_inline)) static inline __m256i
inside_lanes(int64_t first, int64_t width, int64_t n) {
  __m256i col = _mm256_add_epi32(_mm256_set1_epi32((int32_t)first),
                                 _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
  __m256i ge = _mm256_cmpgt_epi32(col, _mm256_set1_epi32(-1));
  __m256i lt = _mm256_cmpgt_epi32(_mm256_set1_epi32((int32_t)width), col);
  return _mm256_and_si256(_mm256_and_si256(ge, lt), first_lanes_avx2(n));
}

/* 8 floats at `at`, lanes outside `mask` read as +0 and not touched. */
__attribute__((target("avx2"), always_inline)) static inline __m256
load_lanes(const float *at, __m256i mask, int full) {
  return full ? _mm256_loadu_ps(at) : _mm256_maskload_ps(at, mask);
}

__attribute__((target("avx2"), always_inline)) static inline void
plane_masked(const int K, const int S, const dw_plane *p) {
  int64_t height = p->height, width = p->width, pt = p->pt, pl = p->pl, out_w = p->out_w;
  __m256 taps[MAX_K * MAX_K];
  for (int t = 0; t < K * K; ++t)
    taps[t] = _mm256_set1_ps(p->w[t]);
  const plane_epilogue e = epilogue_of(p);
  for (int64_t oy0 = 0; oy0 < p->out_h; oy0 += ROWS) {
    int64_t rows = p->out_h - oy0 < ROWS ? p->out_h - oy0 : ROWS;
    const float *src[MAX_IN_ROWS];
    for (int j = 0; j < (ROWS - 1) * S + K; ++j) {
      int64_t iy = oy0 * S - pt + j;
      src[j] = iy >= 0 && iy < height ? p->in + iy * width : p->zero_row;
    }
    for (int64_t ox = 0; ox < out_w; ox += 8) {
      int64_t n = out_w - ox < 8 ? out_w - ox : 8;
      __m256i live = first_lanes_avx2(n);
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
      start_rows(p, &e, acc, oy0, rows, ox, n, live);
      /* Stride 2 keeps its sums with the middle 64-bit pairs swapped (the
       * order one shuffle of 16 loaded columns leaves the even ones in):
       * the start values go in that order and the sums come back out of
       * it once per vector, not once per tap and row (36 lane-crossing
       * permutes per 4 x 8 outputs at 3x3). Elementwise arithmetic: the
       * same bits. */
      if (S == 2)
        for (int r = 0; r < ROWS; ++r)
          acc[r] = swap_middle(acc[r]);
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
              /* Even columns: [lo0 lo2 hi0 hi2 | lo4 lo6 hi4 hi6], the
               * middle 64-bit pairs swapped. */
              x = _mm256_shuffle_ps(lo, hi, _MM_SHUFFLE(2, 0, 2, 0));
            }
            acc[r] = _mm256_add_ps(acc[r], _mm256_mul_ps(x, taps[ky * K + kx]));
          }
        }
      if (S == 2)
        for (int r = 0; r < ROWS; ++r)
          acc[r] = swap_middle(acc[r]);
      store_rows(p, &e, acc, oy0, rows, ox, n, live);
    }
  }
}

__attribute__((target("avx2"))) static int plane_3x3_s1(const dw_plane *p) {
  return plane_padded(3, p);
}
__attribute__((target("avx2"))) static int plane_3x3_s2(const dw_plane *p) {
  plane_masked(3, 2, p);
  return 1;
}
__attribute__((target("avx2"))) static int plane_5x5_s1(const dw_plane *p) {
  return plane_padded(5, p);
}
__attribute__((target("avx2"))) static int plane_5x5_s2(const dw_plane *p) {
  plane_masked(5, 2, p);
  return 1;
}

int depthwise_plane_avx2(const dw_plane *p) {
  int fixed = p->kh == p->kw && (p->kh == 3 || p->kh == 5) && p->dh == 1 && p->dw == 1 &&
              p->sh == p->sw && (p->sh == 1 || p->sh == 2) && p->zero_row;
  if (!fixed)
    return 0;
  if (p->kh == 3)
    return (p->sh == 1 ? plane_3x3_s1 : plane_3x3_s2)(p);
  return (p->sh == 1 ? plane_5x5_s1 : plane_5x5_s2)(p);
}
