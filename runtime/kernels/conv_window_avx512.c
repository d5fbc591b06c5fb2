/*===- conv_window_avx512.c - convolutions read in place ---------------------===*
 *
 * A stride-1 convolution whose output rows are as wide as the input's
 * ("same" padding: resnet's and squeezenet's 3x3 layers) as the GEMM's 12x32
 * tile, its B operand read straight from the input instead of packed im2col
 * panels. Output position q = oh * width + ow of a panel reads input q +
 * (ky dh - pad_top) width + kx dw - pad_left of its channel's plane: per
 * reduction step k = (c, ky, kx) one contiguous run of 32 values across
 * output rows (two masked loads; the masks zero the padding and depend on
 * the panel and the tap only, as in pack_im2col_b_same_avx512). At stride 2
 * the input is first split into four phase planes per channel (even/odd
 * rows x even/odd columns, as wide as the output's rows), in which every
 * tap is a stride-1 shift again: one pass over the input instead of
 * strided gathers (resnet18's stem 56-59 -> 66-69 GMAC/s in-model, its
 * 3x3 stride-2 layers 50-60 -> 63-72). Each K block
 * runs over every tile of a panel before the next panel, so the panel's
 * runs (the taps of a channel share rows: ~16 KB per block) stay in L1
 * while the weights stream from L2. The im2col GEMM wrote and re-read 32 KB
 * of panels per 32 outputs and K block (3 MB per block, beyond the L2
 * cache), and the direct convolution's 3 strips x 8 filters ran short
 * reductions on wide images at 58-90 GMAC/s (squeezenet's expand3x3 on
 * 55x55); alone, with the weights out of cache and the input warm, a
 * 64-channel 3x3 on 56x56 runs at ~100 GMAC/s here against 76 as the GEMM,
 * a 16-channel one on 55x55 at ~94 against 77-93 direct. A 1x1 window (a
 * pointwise convolution: pointwise_window_avx512) is one tap whose runs
 * are the input's rows.
 *
 * The arithmetic is the GEMM's: per output, the products of each K block of
 * KC summed by FMA from zero in K order, the blocks added to the start value
 * (C, 0 or the bias) in order, then + residual and the clamp, so the outputs
 * are the same bits as sgemm_blocked with kernel_12x32 (and the AVX2
 * kernels, and the other paths of qat_conv2d). The weights are the GEMM's
 * cached 12-row A panels (sgemm_weight_cache.c). Where the runs lie
 * (planes, steps, panels) is shared with the AVX2 variant (conv_window.c,
 * conv_window_avx2.c); the masks and tiles here are AVX-512's.
 *
 *===----------------------------------------------------------------------===*/
#include "conv_window.h"
#include "shape_cache.h"
#include "thread_pool.h"
#include "window_avx512.h"

#include <immintrin.h>
#include <stdlib.h>

/* ROWS (4, 8 or 12) filters from `row` x 16 HALVES (1 or 2) output
 * positions from `qout` (nr of them live; their runs start at `qin` of the
 * planes), over the K block [pc, pc + kc): `w` is the tile's cached A
 * panel of that block, `inside` the panel's masks per tap. The tile's value runs in C between blocks, as the GEMM's
 * stores do: start value (0, the bias, or C) + the first block's sums,
 * + each next block's, then + residual and the clamp after the last. */
__attribute__((target("avx512f"), always_inline)) static inline void
window_tile(const int ROWS, const int HALVES, const int PREFETCH, const conv_direct_args *a,
            const float *src, const float *w, int64_t pc, int64_t kc, int64_t k, const window_step *steps,
            const __mmask16 (*inside)[2], int64_t row, int64_t mr, int64_t qin, int64_t qout,
            int64_t nr) {
  __m512 acc[12][2];
  for (int r = 0; r < ROWS; ++r)
    acc[r][0] = acc[r][1] = _mm512_setzero_ps();
  /* Integer arithmetic: a run may start outside the image (masked off). */
  uintptr_t base = (uintptr_t)src + (uintptr_t)qin * sizeof(float);
  const window_step *s = steps + pc;
  for (int64_t i = 0; i < kc; ++i, ++s, w += 12) {
    const float *from = (const float *)(base + (uintptr_t)s->offset * sizeof(float));
    if (PREFETCH) { /* this step's run two panels on (window_block) */
      _mm_prefetch((const char *)(from + 64), _MM_HINT_T0);
      _mm_prefetch((const char *)(from + 80), _MM_HINT_T0);
    }
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
      float *at = a->out + (row + r) * plane + qout + 16 * h;
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

/* The masks of the panel of nr (<= 32) outputs from (first_oh, first_ow), per tap:
 * which lanes read inside their plane. Lane l is output (oh[l], ow[l]);
 * lanes >= nr are off. */
__attribute__((target("avx512f"))) static void
panel_masks(const conv_direct_args *a, const window_source *src, int64_t first_oh,
            int64_t first_ow, int64_t nr, __mmask16 (*mask)[2]) {
  __m512i oh[2], ow[2];
  panel_lanes(first_oh, first_ow, a->out_w, nr, oh, ow);
  __m512i oh0 = oh[0], oh1 = oh[1], ow0 = ow[0], ow1 = ow[1];
  /* Valid iff 0 <= o + d < n, i.e. -d <= o < n - d. */
  for (int64_t t = 0; t < a->kh * a->kw; ++t) {
    int32_t d = (int32_t)src->dy[t], e = (int32_t)src->dx[t];
    __m512i lo = _mm512_set1_epi32(-d), hi = _mm512_set1_epi32((int32_t)src->rows - d);
    __m512i clo = _mm512_set1_epi32(-e), chi = _mm512_set1_epi32((int32_t)src->cols - e);
    mask[t][0] = _mm512_cmpge_epi32_mask(oh0, lo) & _mm512_cmplt_epi32_mask(oh0, hi) &
                 _mm512_cmpge_epi32_mask(ow0, clo) & _mm512_cmplt_epi32_mask(ow0, chi);
    mask[t][1] = _mm512_cmpge_epi32_mask(oh1, lo) & _mm512_cmplt_epi32_mask(oh1, hi) &
                 _mm512_cmpge_epi32_mask(ow1, clo) & _mm512_cmplt_epi32_mask(ow1, chi);
  }
}

/* Filter tile t's first filter: 12 t, or with `even` weights' panels
 * (pack_a_even: the filters dealt out as evenly as can be) even_row's. The
 * windows take even panels unless the filters leave 8 over 12s: 64 filters
 * as 5 x 12 + 4 ran the last 4 on the 4-row instance (two thirds as fast),
 * and 10, 11, 11, 10, 11, 11 took resnet18's 64 -> 64 layers on 56x56
 * 1.168-1.177 -> 1.146-1.165 ms alone on one thread, its stem 1.29 ->
 * 1.273-1.277; 128 as 10 x 12 + 8 kept the 8-row instance (even, 7 x 12 +
 * 4 x 11: 1.054-1.059 -> 1.066-1.070 ms). */
static inline int64_t tile_row(const conv_direct_args *a, int even, int64_t t) {
  int64_t tiles = (a->filters + 11) / 12;
  return even ? even_row(a->filters, tiles, t) : min64(12 * t, a->filters);
}

/* Whether `a`'s windows take pack_a_even's weights (tile_row). */
static inline int even_tiles(const conv_direct_args *a) { return a->filters % 12 != 8; }

/* window_tile for filters [row, row + mr) of the panel `at`, instantiated
 * with constant ROWS (mr, rounded up to 4 or 8 below 9: the weights'
 * panels deal the filters out evenly, 9-12 each once there are more than
 * 12) and HALVES (2 when the panel holds more than 16 outputs);
 * `prefetch`: the panel two on (the first tile of a flat panel,
 * window_block). */
__attribute__((target("avx512f"), always_inline)) static inline void
panel_tile(int prefetch, const conv_direct_args *a, const float *src, const float *w,
           int64_t pc, int64_t kc, int64_t k, const window_step *steps,
           const __mmask16 (*inside)[2], int64_t row, int64_t mr, window_panel at) {
  int64_t rows = mr > 8 ? mr : mr > 4 ? 8 : 4;
#define TILE(R, H, P)                                                                      \
  window_tile(R, H, P, a, src, w, pc, kc, k, steps, inside, row, mr, at.qin, at.qout, at.nr)
#define TILES(H, P)                                                                        \
  switch (rows) {                                                                          \
  case 4: TILE(4, H, P); break;                                                            \
  case 8: TILE(8, H, P); break;                                                            \
  case 9: TILE(9, H, P); break;                                                            \
  case 10: TILE(10, H, P); break;                                                          \
  case 11: TILE(11, H, P); break;                                                          \
  default: TILE(12, H, P); break;                                                          \
  }
  if (at.nr > 16 && prefetch)
    TILES(2, 1)
  else if (at.nr > 16)
    TILES(2, 0)
  else
    TILES(1, 0)
#undef TILES
#undef TILE
}

/* A window of one short K block (k <= ROWS_MAX_K: a pointwise layer over
 * 8-32 channels; the 3x3 windows take k >= 64) over panels [p0, p1),
 * filter tile by filter tile along chunks of ROWS_CHUNK panels (64 KB of
 * runs at k = 16). Panel by panel a 16-step tile stores about as much as it
 * computes, and every filter row is a store stream of its own a plane
 * apart; along a chunk each tile's stores run along its 12 rows (the AVX2
 * windows' window_rows, stop 46). In-model on the Zen 5 (mnasnet0_5,
 * --profile, runs alternated): 8 -> 24 filters on 112x112 0.078 -> 0.070
 * ms, 16 -> 48 on 56x56 0.046 -> 0.042, 24 -> 72 on 28x28 0.021 -> 0.0195.
 * Stride-2 windows of one K block too (resnet18's 7x7 stem, k = 147: its
 * 3.2 MB of output in 64 streams; alone, alternating in one process,
 * 0.96-0.97 of the time flushed and warm; 1x1/2 projections 0.97-1.0);
 * stride-1 3x3 windows of one block lost (16 -> 64 on 56x56 1.04-1.14
 * flushed). Same tile, same chains: the same bits. */
enum { ROWS_MAX_K = 32, ROWS_CHUNK = 64 };

__attribute__((target("avx512f"))) static void
window_rows(const conv_direct_args *a, const window_source *source, const float *ap, int even,
            int64_t k, const window_step *steps, const __mmask16 (*masks)[2], int64_t p0,
            int64_t p1, int64_t t0, int64_t t1) {
  int64_t taps = a->kh * a->kw;
  const float *src = source->planes;
  for (int64_t q0 = p0; q0 < p1; q0 += ROWS_CHUNK) {
    int64_t q1 = min64(p1, q0 + ROWS_CHUNK);
    for (int64_t t = t0; t < t1; ++t) {
      int64_t row = tile_row(a, even, t), mr = tile_row(a, even, t + 1) - row;
      for (int64_t p = q0; p < q1; ++p)
        panel_tile(0, a, src, ap + t * 12 * k, 0, k, k, steps, masks + p * taps, row, mr,
                   window_panel_at(a, source, p));
    }
  }
}

/* The tiles of one K block: each 32-output panel's runs (a few KB of the
 * image: the taps of a channel share rows) stay in the L1 cache while the
 * tiles of filters [f0, f1) pass over it, their A panels from the L2. */
__attribute__((target("avx512f"))) static void
window_block(const conv_direct_args *a, const window_source *source, const float *ap,
             int64_t mpad, int64_t pc, int64_t k, const window_step *steps,
             const __mmask16 (*masks)[2], int64_t p0, int64_t p1, int64_t t0, int64_t t1,
             int even) {
  int64_t kc = min64(KC, k - pc), taps = a->kh * a->kw;
  int64_t f0 = tile_row(a, even, t0), f1 = tile_row(a, even, t1);
  const float *src = source->planes;
  int64_t plane = a->out_h * a->out_w;
  const float *residual =
      a->epi && (a->epi->flags & QAT_EPI_RESIDUAL) ? a->epi->residual : NULL;
  for (int64_t p = p0; p < p1; ++p) {
    window_panel at = window_panel_at(a, source, p);
    const __mmask16(*inside)[2] = masks + p * taps;
    /* The next panel's outputs, for writing, on the first K block: the
     * output was last touched a model run ago, and over short reductions
     * the tiles' stores waited on it (squeezenet1_1's K = 27 stem, 3.2 MB
     * of output, as a window: 0.59-0.65 -> 0.52-0.56 ms). */
    if (pc == 0 && p + 1 < p1) {
      window_panel next = window_panel_at(a, source, p + 1);
      for (int64_t row = f0; row < f1; ++row) {
        const char *o = (const char *)(a->out + row * plane + next.qout);
        _mm_prefetch(o, _MM_HINT_ET0);
        _mm_prefetch(o + 64, _MM_HINT_ET0);
        _mm_prefetch(o + 127, _MM_HINT_ET0);
      }
    }
    /* And on the last, its residual (from two layers back, one stream
     * per filter row: resnet18's 56x56 conv2 layers 1.33 -> 1.28 ms on one
     * thread, 0.72 -> 0.68 on two, in-model, alternated). */
    if (residual && pc + KC >= k && p + 1 < p1) {
      window_panel next = window_panel_at(a, source, p + 1);
      for (int64_t row = f0; row < f1; ++row) {
        const char *o = (const char *)(residual + row * plane + next.qout);
        _mm_prefetch(o, _MM_HINT_T0);
        _mm_prefetch(o + 64, _MM_HINT_T0);
        _mm_prefetch(o + 127, _MM_HINT_T0);
      }
    }
    /* The first tile fetches the panel two on, each step's run (a 1x1
     * window's runs are each read by one panel alone, in as many pages as
     * there are channels; a 3x3 window's taps read a channel's rows 28-84
     * runs apart, more streams than the hardware's prefetchers follow).
     * 3x3 windows alone, alternating in one process on the Zen 5, caches
     * flushed: 64 -> 64 on 56x56 0.76-0.80 of the time, 128 -> 128 on
     * 28x28 0.86-0.90, 256 -> 256 on 14x14 0.95, stride 2 0.95-0.97 (warm
     * 0.98-1.0); in-model resnet18 (--profile, alternated) its 56x56
     * layers 0.87-0.92, the run 0.95-0.97. One panel on lost (1.03-1.10),
     * four on matched two. */
    int prefetch = source->flat && p + 2 < p1;
    for (int64_t t = t0; t < t1; ++t) {
      int64_t row = tile_row(a, even, t), mr = tile_row(a, even, t + 1) - row;
      panel_tile(prefetch && t == t0, a, src, ap + pc * mpad + t * 12 * kc, pc, kc, k, steps,
                 inside, row, mr, at);
    }
  }
}

/* Rows of filters whose A block (one K block) stays in the L2 cache. */
enum { WINDOW_A_FLOATS = 96 * 1024 };
/* Outputs whose partial sums stay in the L2 cache between K blocks: the
 * panels pass through every K block a chunk at a time (as AVX2's do). Over
 * the whole image at once, resnet18's 64 -> 64 layers on 56x56 reloaded
 * 800 KB of sums per K block from beyond the L2: alone, alternating in one
 * process on the Zen 5, 0.92-0.99 of the time with caches flushed, 0.98
 * warm; 28x28 and smaller images, and the stem, within 1%. */
enum { WINDOW_C_FLOATS = 64 * 1024 };

/* split_row (window_avx512.h) as conv_window.c's row splitter. */
__attribute__((target("avx512f"))) static void split_row_avx512(const float *src, int64_t width,
                                                                  float *even, float *odd) {
  split_row(src, width, even, odd);
}

/* One call's plan and masks, cut into `ranges` ranges of panels (each
 * thread computes every filter of its outputs) or, with too few panels,
 * of filters at multiples of 12 (the cached A panels' rows). By panels a thread reads the rows of the
 * input its own part of the previous layer wrote (that layer was cut the
 * same way): on the Zen 5 of stop 47, whose two vCPUs pass a cache line in
 * ~420 ns, cutting resnet18's 64 -> 64 layers on 56x56 by filters (each
 * thread reading the whole input, half of it from the other core's cache)
 * made them slower on 2 threads than on 1 (1.17 -> 1.40 ms). */
typedef struct window_job {
  const conv_direct_args *a;
  const window_plan *plan;
  /* Per panel and tap (shape_masks). */
  const __mmask16 (*masks)[2];
  int by_panels, even; /* even: the weights' panels are pack_a_even's */
  int64_t ranges;
} window_job;

/* Panels [p0, p1) x filter tiles [t_begin, t_end) of the job (tile t:
 * filters [even_row(F, T, t), even_row(F, T, t + 1)) of the T = ceil(F /
 * 12)). */
__attribute__((target("avx512f"))) static void window_piece(const window_job *j, int64_t p0,
                                                              int64_t p1, int64_t t_begin,
                                                              int64_t t_end) {
  const __mmask16(*masks)[2] = j->masks;
  const conv_direct_args *a = j->a;
  const window_plan *plan = j->plan;
  if (p1 <= p0 || t_end <= t_begin)
    return;
  if (plan->k <= ROWS_MAX_K || (a->sh == 2 && plan->k <= KC)) {
    window_rows(a, &plan->src, plan->ap, j->even, plan->k, plan->steps, masks, p0, p1, t_begin,
                t_end);
    return;
  }
  int64_t block = WINDOW_A_FLOATS / KC / 12; /* tiles of filters */
  int even = j->even;
  for (int64_t t0 = t_begin; t0 < t_end; t0 += block) {
    int64_t t1 = min64(t_end, t0 + block);
    int64_t rows = tile_row(a, even, t1) - tile_row(a, even, t0);
    int64_t chunk = WINDOW_C_FLOATS / (rows * 32);
    chunk = chunk < 1 ? 1 : chunk;
    for (int64_t q0 = p0; q0 < p1; q0 += chunk)
      for (int64_t pc = 0; pc < plan->k; pc += KC)
        window_block(a, &plan->src, plan->ap, plan->mpad, pc, plan->k, plan->steps, masks, q0,
                     min64(p1, q0 + chunk), t0, t1, j->even);
  }
}

/* The job's cached masks of panels [p0, p1), fetched before the tiles
 * read them: last read a model run ago, they stalled the masked loads one
 * line at a time. */
__attribute__((target("avx512f"))) static void fetch_masks(const window_job *j, int64_t p0,
                                                             int64_t p1) {
  const char *m1 = (const char *)(j->masks + p1 * j->plan->taps);
  for (const char *m = (const char *)(j->masks + p0 * j->plan->taps); m < m1; m += 64)
    _mm_prefetch(m, _MM_HINT_T0);
}

/* By panels a thread's range is of (panel, 12-filter tile) units, panel
 * by panel (qat_grid_pieces): cut by whole panels, resnet18's 28x28 layers
 * (25 panels) left one thread waiting up to 4% of each. */
__attribute__((target("avx512f"))) static void window_range(void *ctx, int64_t r) {
  const window_job *j = (const window_job *)ctx;
  int64_t panels = j->plan->panels;
  int64_t tiles = j->plan->mpad / 12, u0, u1; /* of filters */
  if (!j->by_panels) {
    int64_t t_begin, t_end;
    qat_share(tiles, 1, j->ranges, r, &t_begin, &t_end);
    fetch_masks(j, 0, panels);
    window_piece(j, 0, panels, t_begin, t_end);
    return;
  }
  qat_share(panels * tiles, 1, j->ranges, r, &u0, &u1);
  qat_grid_piece piece[3];
  int n = qat_grid_pieces(u0, u1, tiles, piece);
  if (n == 0)
    return;
  fetch_masks(j, piece[0].row0, piece[n - 1].row1);
  for (int i = 0; i < n; ++i)
    window_piece(j, piece[i].row0, piece[i].row1, piece[i].col0, piece[i].col1);
}

/* What a window's masks depend on, as the words of a shape_cache key: the
 * panels' outputs and where each tap reads. */
enum { MASK_KEY_FIXED = 10 };

/* The masks of every panel and tap of `plan`, made once per shape: made
 * per call they were 4% of the stem's samples (392 panels x 49 taps); the
 * stem alone on one thread 1.23-1.27 -> 1.17-1.22 ms, in-model (pinned to
 * one vCPU, alternated) 0.96-0.98 of its time, the other layers within 1%
 * once the ranges fetch their cached masks first (window_range). NULL
 * when out of memory; else `*own` is NULL or a table the caller frees. */
__attribute__((target("avx512f"))) static const __mmask16 (*shape_masks(
    const conv_direct_args *a, const window_plan *plan, __mmask16 (**own)[2]))[2] {
  const window_source *src = &plan->src;
  int64_t key[MASK_KEY_FIXED + 2 * MAX_TAPS] = {512,        a->out_h,  a->out_w,
                                                src->rows,  src->cols, src->lanes,
                                                src->flat,  src->per_row, plan->panels,
                                                plan->taps};
  for (int64_t t = 0; t < plan->taps; ++t) {
    key[MASK_KEY_FIXED + 2 * t] = src->dy[t];
    key[MASK_KEY_FIXED + 2 * t + 1] = src->dx[t];
  }
  size_t key_bytes = (size_t)(MASK_KEY_FIXED + 2 * plan->taps) * sizeof(int64_t);
  *own = NULL;
  const __mmask16(*masks)[2] = qat_shape_cache_find(key, key_bytes);
  if (masks)
    return masks;
  size_t bytes = (size_t)(plan->panels * plan->taps) * sizeof(*masks);
  __mmask16(*made)[2] = malloc(bytes);
  if (!made)
    return NULL;
  for (int64_t p = 0; p < plan->panels; ++p) {
    window_panel at = window_panel_at(a, src, p);
    panel_masks(a, src, at.oh, at.ow, at.nr, made + p * plan->taps);
  }
  masks = qat_shape_cache_put(key, key_bytes, made, bytes);
  if (masks)
    return masks;
  *own = made; /* not filed (the cache is full): this call's own */
  return (const __mmask16(*)[2])made;
}

/* The windows of `a`, whatever its shape (the callers below choose). */
__attribute__((target("avx512f"))) static int window_conv(const conv_direct_args *a) {
  window_plan plan;
  if (window_plan_make(a, 12, 32, split_row_avx512, even_tiles(a), &plan) != 0)
    return 1;
  int64_t panels = plan.panels;
  /* Panels when every thread gets four, else filters when every thread
   * gets a tile's worth (resnet18's 14x14 and 7x7 layers: their weights
   * are most of what they read). */
  int64_t threads = qat_threads_for(a->filters * a->out_h * a->out_w * plan.k,
                                    QAT_PARALLEL_MIN_MACS);
  window_job job = {a, &plan, NULL, 1, even_tiles(a), 1};
  if (threads > 1 && panels >= 4 * threads)
    job.ranges = threads;
  else if (threads > 1 && a->filters >= 12 * threads) {
    job.by_panels = 0;
    job.ranges = threads;
  }
  __mmask16(*own)[2];
  job.masks = shape_masks(a, &plan, &own);
  if (!job.masks) {
    window_plan_free(&plan);
    return 1;
  }
  qat_parallel_for(job.ranges, window_range, &job);
  free(own);
  window_plan_free(&plan);
  return 0;
}

int conv2d_window_avx512_takes(const conv_direct_args *a) {
  int64_t taps = a->kh * a->kw, k = a->channels * taps, n = a->out_h * a->out_w;
  if (a->sh != a->sw || a->sh < 1 || a->sh > 2 || a->filters <= 0 || a->channels <= 0 ||
      a->width >= ((int64_t)1 << 30) || a->height >= ((int64_t)1 << 30))
    return 0;
  /* A 1x1 window: pointwise_window_avx512 (below). Narrower outputs than a
   * panel (a GEMV) are left to the GEMM. */
  if (taps == 1)
    return n >= 32;
  /* Left to the direct convolution: reductions shorter than 64 (a stem of
   * 3 channels, K = 27: each tile's 24 stores follow 27 steps, and the
   * direct convolution's 3 strips x 8 filters store less per step;
   * squeezenet1_1's stem 0.43-0.47 ms there, 0.52-0.56 here), and fewer
   * than 24 filters over one K block (16 filters are a 12-row and a 4-row
   * tile here, two 8-filter blocks there: mnasnet's 16-filter stem 28
   * against 30 GMAC/s in-model). */
  return taps <= MAX_TAPS && n > 0 && k >= 64 && !(a->filters < 24 && k <= KC);
}

__attribute__((target("avx512f"))) int conv2d_window_avx512(const conv_direct_args *a) {
  return conv2d_window_avx512_takes(a) ? window_conv(a) : 1;
}

/* A 1x1 convolution (qat_sgemm's products of constant weights by a dense
 * input, which packed B panels of it first; qat_conv2d's at batch > 1 or
 * stride 2, which packed im2col panels) as a window of one tap: its runs
 * are the input's rows read in place (at stride 2 the even rows' phase
 * planes), each step's two panels on prefetched by the panel's first
 * tile. The packed panels cost a copy of the input, and with few filters
 * (squeezenet's 16-filter squeezes, mobilenet_v2's 24-filter projections
 * over K = 96-144) the copy was the layer: in-model, 3 rounds,
 * mobilenet_v2's projection at 56x56 0.243 -> 0.116 ms, squeezenet1_1's
 * squeeze at 55x55 0.165 -> 0.099, resnet18's stride-2 downsampling
 * 0.141 -> 0.124 (5 rounds). Without the prefetch that squeeze stayed at
 * 0.165: its 128 runs of a panel lie 12 KB apart, one page each, which the
 * hardware's prefetchers do not follow. Narrower outputs than a panel (a
 * GEMV) are left to the GEMM. */
__attribute__((target("avx512f"))) int pointwise_window_avx512(const conv_direct_args *a) {
  return a->kh == 1 && a->kw == 1 && conv2d_window_avx512_takes(a) ? window_conv(a) : 1;
}

