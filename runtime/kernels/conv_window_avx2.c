/*===- conv_window_avx2.c - convolutions read in place (AVX2) ---------------===*
 *
 * The windows of conv_window_avx512.c for CPUs with AVX2 and FMA but not
 * AVX-512 (Zen 3), on the geometry of conv_window.c (planes, steps, panels):
 * per panel of 16 outputs and K block, each reduction step's run of 16
 * inputs is read from the input (or its stride-2 phase planes) with two
 * loads, masked where the panel reaches the padding (masks per panel and
 * tap, made where the panel is packed), into a 16 KB panel as the GEMM packs
 * B; the GEMM's 6x16 micro-kernel (kernel_6x16) then runs it against every
 * tile of the cached 6-row weight panels. The im2col GEMM before packed
 * 16-column panels of a whole K block first (megabytes, from the L3) and ran
 * resnet18's 3x3 layers at 29-35 GMAC/s where onnxruntime's direct
 * convolutions reach 43-48 (the FMA peak measured here: 51); a tile of its
 * own reading the runs in place (stop 39) reached 35-42, the panel packed
 * per K block 37-45 (stop 40). Layers of fewer than 32 filters keep the
 * in-place tile; a panel of 8 outputs or fewer goes through the GEMM's
 * narrow-panel kernel (columns_6_avx2) when there are 24 filters or more.
 *
 * The arithmetic is the GEMM's: per output, each K block's products summed
 * by FMA from zero in K order, the blocks added to the start value (C, 0
 * or the bias) in order, then + residual and the clamp: the same bits as
 * sgemm_blocked with kernel_6x16 (and the AVX-512 windows); the packed
 * panels by construction, the same micro-kernel on the same values. The
 * functions carry their target attribute, so the file compiles with the
 * library's flags.
 *
 *===----------------------------------------------------------------------===*/
#include "conv_window.h"
#include "split_row_avx2.h"
#include "store_avx2.h"
#include "tile_store_avx2.h"
#include "thread_pool.h"

#include <immintrin.h>
#include <stdlib.h>

enum { MR = 6, LANES = 16 };

/* Which of a panel's 16 lanes read inside their plane at one tap: all ones
 * (read) or zero (+0), lanes 0-7 and 8-15. */
typedef struct lane_masks {
  __m256i half[2];
} lane_masks;

/* The masks of panel `at` (nr <= 16 outputs from (at.oh, at.ow)) per
 * tap; lanes >= nr get a row far below zero, which no bounds check
 * accepts. Vector compares per tap: a scalar loop over 16 lanes and 49
 * taps cost a 7x7 stem ~10% of its time. Made per panel and K block where
 * they are used, for the panels that reach the padding (panel_inner): kept
 * for the whole call, a 7x7 stem's were 49 x 64 bytes for each of 784
 * panels, 2.4 MB written and read back through the L3. */
__attribute__((target("avx2"))) static void panel_masks(const conv_direct_args *a,
                                                         const window_source *src,
                                                         window_panel at, lane_masks *mask) {
  int32_t oh[LANES] __attribute__((aligned(32))), ow[LANES] __attribute__((aligned(32)));
  for (int64_t l = 0, y = at.oh, x = at.ow; l < LANES; ++l) {
    oh[l] = l < at.nr ? (int32_t)y : INT32_MIN / 2;
    ow[l] = (int32_t)x;
    if (++x == a->out_w) {
      x = 0;
      ++y;
    }
  }
  __m256i rows[2] = {_mm256_load_si256((const __m256i *)oh),
                     _mm256_load_si256((const __m256i *)(oh + 8))};
  __m256i cols[2] = {_mm256_load_si256((const __m256i *)ow),
                     _mm256_load_si256((const __m256i *)(ow + 8))};
  for (int64_t t = 0; t < a->kh * a->kw; ++t) {
    /* Inside iff -d <= o < n - d: o > -d - 1 and n - d > o. */
    __m256i lo = _mm256_set1_epi32((int32_t)(-src->dy[t] - 1)),
            hi = _mm256_set1_epi32((int32_t)(src->rows - src->dy[t])),
            clo = _mm256_set1_epi32((int32_t)(-src->dx[t] - 1)),
            chi = _mm256_set1_epi32((int32_t)(src->cols - src->dx[t]));
    for (int h = 0; h < 2; ++h)
      mask[t].half[h] = _mm256_and_si256(
          _mm256_and_si256(_mm256_cmpgt_epi32(rows[h], lo), _mm256_cmpgt_epi32(hi, rows[h])),
          _mm256_and_si256(_mm256_cmpgt_epi32(cols[h], clo), _mm256_cmpgt_epi32(chi, cols[h])));
  }
}

/* The outputs (y, x) whose every tap reads inside the planes: r_lo <= y <
 * r_hi and c_lo <= x < c_hi (inside for tap t iff 0 <= y + dy[t] < rows and
 * 0 <= x + dx[t] < cols, a condition on y and one on x). */
typedef struct window_interior {
  int64_t r_lo, r_hi, c_lo, c_hi;
} window_interior;

static window_interior interior_of(const conv_direct_args *a, const window_source *src) {
  window_interior in = {INT64_MIN, INT64_MAX, INT64_MIN, INT64_MAX};
  for (int64_t t = 0; t < a->kh * a->kw; ++t) {
    in.r_lo = -src->dy[t] > in.r_lo ? -src->dy[t] : in.r_lo;
    in.r_hi = src->rows - src->dy[t] < in.r_hi ? src->rows - src->dy[t] : in.r_hi;
    in.c_lo = -src->dx[t] > in.c_lo ? -src->dx[t] : in.c_lo;
    in.c_hi = src->cols - src->dx[t] < in.c_hi ? src->cols - src->dx[t] : in.c_hi;
  }
  return in;
}

/* Whether every lane of every tap of a full panel reads inside (what
 * panel_masks finds, in a few compares: the masks are made only for the
 * other panels; making them for every panel was 15% of a 16 -> 8 pointwise
 * layer on 112 x 112). A flat panel that wraps to the next row holds its
 * row's last column and the next row's first. */
static int panel_inner(const conv_direct_args *a, const window_interior *in, window_panel at) {
  if (at.nr != LANES)
    return 0;
  int64_t last = at.ow + LANES - 1;
  if (last < a->out_w)
    return at.oh >= in->r_lo && at.oh < in->r_hi && at.ow >= in->c_lo && last < in->c_hi;
  return in->c_lo <= 0 && in->c_hi >= a->out_w && at.oh >= in->r_lo &&
         at.oh + last / a->out_w < in->r_hi;
}

/* split_row_avx2 as conv_window.c's row splitter (the phase planes). */
__attribute__((target("avx2"))) static void split_row(const float *src, int64_t width,
                                                       float *even, float *odd) {
  split_row_avx2(src, width, even, odd);
}

/* ROWS (6, or 4 for a last tile of 4 filters or fewer: 16 filters are
 * tiles of 6, 6 and 4; the 3x3/2 stem of 16 filters 0.246 -> 0.236 ms, 16 ->
 * 16 on 56x56 0.193 -> 0.183, alone) filters from `row` (A's panels stay 6
 * rows wide) x 8 HALVES (1 or 2) output positions from `qout`
 * (nr of them live; their runs start at `qin` of the planes), over the K
 * block [pc, pc + kc): `w` is the tile's cached A panel of that block,
 * `inside` the panel's masks per tap. The tile's value runs in C between
 * blocks, as the GEMM's stores do: start value (0, the bias, or C) + the
 * first block's sums, + each next block's, then + residual and the clamp
 * after the last. PREFETCH: fetch each step's run two panels on (1x1).
 * MASKED: 0 when every tap of the panel reads inside the planes (plain
 * loads: the masked ones cost a 3x3 layer ~5%). `pack`, unless NULL:
 * also store each step's run at pack + 16 i, as pack_panel does, for the
 * panel's next tiles. */
__attribute__((target("avx2,fma"), always_inline)) static inline void
window_tile(const int ROWS, const int HALVES, const int PREFETCH, const int MASKED,
            float *pack, const conv_direct_args *a,
            const float *src,
            const float *w, int64_t pc, int64_t kc, int64_t k, const window_step *steps,
            const lane_masks *inside, int64_t row, int64_t mr, int64_t qin, int64_t qout,
            int64_t nr) {
  __m256 acc[MR][2];
  for (int r = 0; r < ROWS; ++r)
    acc[r][0] = acc[r][1] = _mm256_setzero_ps();
  /* Integer arithmetic: a run may start outside the image (masked off). */
  uintptr_t base = (uintptr_t)src + (uintptr_t)qin * sizeof(float);
  const window_step *s = steps + pc;
  for (int64_t i = 0; i < kc; ++i, ++s, w += MR) {
    const float *from = (const float *)(base + (uintptr_t)s->offset * sizeof(float));
    if (PREFETCH) {
      _mm_prefetch((const char *)(from + 2 * LANES), _MM_HINT_T0);
      _mm_prefetch((const char *)(from + 3 * LANES - 1), _MM_HINT_T0);
    }
    __m256 b0, b1;
    if (MASKED) {
      const lane_masks *m = inside + s->tap;
      b0 = _mm256_maskload_ps(from, m->half[0]);
      b1 = HALVES > 1 ? _mm256_maskload_ps(from + 8, m->half[1]) : b0;
    } else {
      b0 = _mm256_loadu_ps(from);
      b1 = HALVES > 1 ? _mm256_loadu_ps(from + 8) : b0;
    }
    if (pack) {
      _mm256_store_ps(pack + LANES * i, b0);
      _mm256_store_ps(pack + LANES * i + 8, b1);
    }
#pragma GCC unroll 6
    for (int r = 0; r < ROWS; ++r) {
      __m256 x = _mm256_broadcast_ss(w + r);
      acc[r][0] = _mm256_fmadd_ps(x, b0, acc[r][0]);
      if (HALVES > 1)
        acc[r][1] = _mm256_fmadd_ps(x, b1, acc[r][1]);
    }
  }
  const qat_epilogue *epi = a->epi;
  int32_t flags = epi ? epi->flags : 0;
  int first = pc == 0, last = pc + kc == k;
  int init = first && (flags & (QAT_EPI_INIT_ZERO | QAT_EPI_INIT_BIAS));
  int clamp = last && (flags & QAT_EPI_CLAMP);
  int plus_zero = clamp && qat_lo_is_plus_zero(epi->lo);
  const float *res = last && (flags & QAT_EPI_RESIDUAL) ? epi->residual : NULL;
  int64_t plane = a->out_h * a->out_w;
  if (HALVES == 2 && nr == LANES) { /* a full panel: the micro-kernel's store */
    store_op op = {init, clamp, plus_zero, 0,
                   init && (flags & QAT_EPI_INIT_BIAS) ? epi->bias + row : NULL,
                   res ? res + row * plane + qout : NULL, epi ? epi->lo : 0.0f,
                   epi ? epi->hi : 0.0f, NULL, 0};
    store_rows_x16(ROWS, acc, a->out + row * plane + qout, plane, mr, &op);
    return;
  }
  __m256 lo = _mm256_set1_ps(epi ? epi->lo : 0.0f), hi = _mm256_set1_ps(epi ? epi->hi : 0.0f);
  __m256i live[2] = {first_lanes_avx2(nr), first_lanes_avx2(nr - 8)};
#pragma GCC unroll 6
  for (int r = 0; r < ROWS; ++r) {
    if (r >= mr)
      break;
    for (int h = 0; h < HALVES; ++h) {
      /* Full halves with plain loads and stores (a masked store is slow
       * on Zen 3). */
      int full = nr >= 8 * (h + 1);
      float *at = a->out + (row + r) * plane + qout + 8 * h;
      __m256 start = !init ? (full ? _mm256_loadu_ps(at) : _mm256_maskload_ps(at, live[h]))
                     : flags & QAT_EPI_INIT_BIAS ? _mm256_set1_ps(epi->bias[row + r])
                                                 : _mm256_setzero_ps();
      __m256 v = _mm256_add_ps(start, acc[r][h]);
      if (res) {
        const float *rp = res + (at - a->out);
        v = _mm256_add_ps(v, full ? _mm256_loadu_ps(rp) : _mm256_maskload_ps(rp, live[h]));
      }
      if (clamp)
        v = clamp_avx2(v, lo, hi, plus_zero);
      if (full)
        _mm256_storeu_ps(at, v);
      else
        _mm256_maskstore_ps(at, live[h], v);
    }
  }
}

/* One panel's K block [pc, pc + kc) as the GEMM packs B: step i's run of
 * 16 inputs at bp + 16 i, lanes outside the planes +0 (masked loads, or
 * plain ones when every tap of the panel reads inside). */
__attribute__((target("avx2"))) static void pack_panel(const window_plan *plan,
                                                      const lane_masks *inside, int masked,
                                                      int64_t qin, int64_t pc, int64_t kc,
                                                      float *bp) {
  uintptr_t base = (uintptr_t)plan->src.planes + (uintptr_t)qin * sizeof(float);
  const window_step *s = plan->steps + pc;
  for (int64_t i = 0; i < kc; ++i, ++s, bp += LANES) {
    const float *from = (const float *)(base + (uintptr_t)s->offset * sizeof(float));
    __m256 b0, b1;
    if (masked) {
      const lane_masks *m = inside + s->tap;
      b0 = _mm256_maskload_ps(from, m->half[0]);
      b1 = _mm256_maskload_ps(from + 8, m->half[1]);
    } else {
      b0 = _mm256_loadu_ps(from);
      b1 = _mm256_loadu_ps(from + 8);
    }
    _mm256_store_ps(bp, b0);
    _mm256_store_ps(bp + 8, b1);
  }
}

/* The GEMM's store of a K block's tiles, `first` and/or `last` of the
 * reduction: the start value on the first, the clamp on the last; each
 * tile sets its bias and residual pointers. */
static store_op block_store_op(const qat_epilogue *epi, int first, int last) {
  int32_t flags = epi ? epi->flags : 0;
  int clamp = last && (flags & QAT_EPI_CLAMP);
  return (store_op){first && (flags & (QAT_EPI_INIT_ZERO | QAT_EPI_INIT_BIAS)), clamp,
                    clamp && qat_lo_is_plus_zero(epi->lo), 0, NULL, NULL,
                    epi ? epi->lo : 0.0f, epi ? epi->hi : 0.0f, NULL, 0};
}

/* A panel of nr <= 8 outputs (7 x 7 images: 3 panels of 16 and one of 1)
 * against filters [f0, f1), 48 at a time through the GEMM's narrow-panel
 * kernel (columns_6_avx2), then the GEMM's store of each 6 x nr tile. The
 * 16-lane tile at half width ran 6 chains on 8 lanes for 1 live output: a
 * sixth of resnet18's 512 x 7 x 7 layers' time for 1 of their 49 outputs
 * (alone on Zen 3: 3.26 -> 2.84 ms; 256 -> 512 3x3/2 on 14x14 1.66 ->
 * 1.40). */
__attribute__((target("avx2,fma"))) static void
window_columns(const conv_direct_args *a, const window_plan *plan, store_op op, int64_t pc,
               int64_t kc, int64_t f0, int64_t f1, window_panel at, const float *bp) {
  const qat_epilogue *epi = a->epi;
  int32_t flags = epi ? epi->flags : 0;
  int first = pc == 0, last = pc + kc == plan->k;
  int64_t plane = a->out_h * a->out_w;
  float tiles[COLUMN_PANELS * MR * COLUMN_TILE] __attribute__((aligned(32)));
  for (int64_t row = f0; row < f1; row += COLUMN_PANELS * MR) {
    int64_t panels = min64(COLUMN_PANELS, (f1 - row + MR - 1) / MR);
    columns_6_avx2(kc, plan->ap + pc * plan->mpad + row * kc, panels, bp, LANES, at.nr, tiles);
    for (int64_t g = 0; g < panels; ++g) {
      int64_t r0 = row + g * MR, q = r0 * plane + at.qout;
      op.bias = first && (flags & QAT_EPI_INIT_BIAS) ? epi->bias + r0 : NULL;
      op.res = last && (flags & QAT_EPI_RESIDUAL) ? epi->residual + q : NULL;
      store_tile_scalar(tiles + g * MR * COLUMN_TILE, COLUMN_TILE, a->out + q, plane, 1,
                        min64(MR, f1 - r0), at.nr, &op);
    }
  }
}

/* The tiles of one K block, panel by panel, each panel's runs in the L1
 * cache while the tiles of filters [f0, f1) pass over it, their A panels
 * from the L2. With 32 filters or more a panel of more than 8 outputs is
 * packed into `bp` (16 KB) and run by the GEMM's micro-kernel, with the
 * GEMM's store of the start value, residual and clamp. Alone on Zen 3, min
 * of 4 alternating runs, in place -> packed: 64 -> 64 filters on 56x56 3x3
 * 2.91 -> 2.79 ms, 128 on 28x28 2.86 -> 2.68, 256 on 14x14 2.86 -> 2.73,
 * 64 -> 128 3x3/2 1.59 -> 1.39, 1x1/2 0.197 -> 0.177, the 3x3/2 stem of 32
 * filters 0.449 -> 0.416, 32 -> 32 on 28x28 0.193 / 0.196, 48 -> 48 0.368
 * / 0.375. Fewer filters do not repay the packing (16 -> 16 on 56x56 0.193
 * in place, 0.213 packed; 24 -> 24 on 28x28 0.095 and 0.101). A panel of
 * 8 outputs or fewer, packed, runs against 8 filter panels at once
 * (window_columns); the in-place tile ran it at half width (512 x 7 x 7:
 * 3.34 ms, 3.55 with such panels through kernel_6x16). The first filter
 * tile of a wide panel packs it as it goes (stop 45; before, pack_panel's
 * loop cost 64 -> 64 on 56x56 ~6% alone): that layer 2.70 -> 2.62 ms
 * alone, resnet18 in-model 0.985 (one and two threads), googlenet 0.974. */
__attribute__((target("avx2,fma"))) static void
window_block(const conv_direct_args *a, const window_plan *plan, const window_interior *interior,
             int64_t pc, int64_t f0, int64_t f1, int64_t p0, int64_t p1, float *bp) {
  const window_source *source = &plan->src;
  int64_t k = plan->k, kc = min64(KC, k - pc), taps = plan->taps;
  const float *src = source->planes;
  int64_t plane = a->out_h * a->out_w;
  const qat_epilogue *epi = a->epi;
  int32_t flags = epi ? epi->flags : 0;
  int first = pc == 0, last = pc + kc == k;
  store_op op = block_store_op(epi, first, last);
  lane_masks inside[MAX_TAPS];
  for (int64_t p = p0; p < p1; ++p) {
    window_panel at = window_panel_at(a, source, p);
    int inner = panel_inner(a, interior, at);
    if (!inner)
      panel_masks(a, source, at, inside);
    if (f1 - f0 >= 4 * MR && at.nr <= 8) {
      pack_panel(plan, inside, 1, at.qin, pc, kc, bp);
      window_columns(a, plan, op, pc, kc, f0, f1, at, bp);
      continue;
    }
    /* A 1x1 window's runs are each read by one panel alone: the first tile
     * fetches the panel two on. */
    int prefetch = taps == 1 && source->flat && p + 2 < p1;
    if (f1 - f0 >= 32 && at.nr > 8) {
      /* The first tile packs the panel as it reads it: its loads of the
       * runs (from the L2, or the L3 in-model) overlap its FMAs, where
       * pack_panel's loop waited for them; 1x1 windows fetch ahead as
       * below (32 -> 32 filters on 112 x 112, caches flushed: 0.81 of the
       * time without; a 3x3 window gains nothing from it). */
      const float *w = plan->ap + pc * plan->mpad + f0 * kc;
#define PACKING_TILE(P, M)                                                                     \
  window_tile(6, 2, P, M, bp, a, src, w, pc, kc, k, plan->steps, inside, f0, MR, at.qin, at.qout, \
              at.nr)
      if (prefetch)
        inner ? PACKING_TILE(1, 0) : PACKING_TILE(1, 1);
      else
        inner ? PACKING_TILE(0, 0) : PACKING_TILE(0, 1);
#undef PACKING_TILE
      for (int64_t row = f0 + MR; row < f1; row += MR) {
        int64_t q = row * plane + at.qout;
        op.bias = first && (flags & QAT_EPI_INIT_BIAS) ? epi->bias + row : NULL;
        op.res = last && (flags & QAT_EPI_RESIDUAL) ? epi->residual + q : NULL;
        kernel_6x16(kc, plan->ap + pc * plan->mpad + row * kc, bp, a->out + q, plane, 1,
                    min64(MR, f1 - row), at.nr, &op);
      }
      continue;
    }
    /* The next panel's outputs, for writing, on the first K block (as on
     * AVX-512: the output was last touched a model run ago). */
    if (pc == 0 && p + 1 < p1) {
      window_panel next = window_panel_at(a, source, p + 1);
      for (int64_t row = f0; row < f1; ++row) {
        const char *o = (const char *)(a->out + row * plane + next.qout);
        _mm_prefetch(o, _MM_HINT_ET0);
        _mm_prefetch(o + 63, _MM_HINT_ET0);
      }
    }
    for (int64_t row = f0; row < f1; row += MR) {
      int64_t mr = min64(MR, f1 - row);
      const float *w = plan->ap + pc * plan->mpad + row * kc;
#define TILE(H, P, M)                                                                      \
  (mr <= 4 ? window_tile(4, H, P, M, NULL, a, src, w, pc, kc, k, plan->steps, inside, row, mr,  \
                         at.qin, at.qout, at.nr)                                              \
           : window_tile(6, H, P, M, NULL, a, src, w, pc, kc, k, plan->steps, inside, row, mr,  \
                         at.qin, at.qout, at.nr))
      if (at.nr > 8 && prefetch && row == f0)
        inner ? TILE(2, 1, 0) : TILE(2, 1, 1);
      else if (at.nr > 8)
        inner ? TILE(2, 0, 0) : TILE(2, 0, 1);
      else
        TILE(1, 0, 1);
#undef TILE
    }
  }
}

/* Panels of a short window packed at a time by window_rows (128 KB: they
 * stay in the L2 while every filter tile passes over them; at most 256
 * panels, whose positions it keeps on the stack). */
enum { WINDOW_ROWS_FLOATS = 32 * 1024, ROWS_MAX_K = 32, ROWS_MAX_PANELS = 256 };

/* A window of one short K block (a 3-channel 3x3 stem: k = 27) over panels
 * [p0, p1), filter tile by filter tile: chunks of panels are packed into
 * `cb`, then each tile of MR filters runs along the chunk, its stores
 * along its MR output planes. Panel by panel (window_block) a 27-step tile
 * stores as much as it computes, and every filter is a store stream of its
 * own, a plane apart (64 streams of 64 bytes per panel: bench/kernels'
 * measure of such writes on Zen 3 read ~7 GB/s, 6 at a time ~20). Alone,
 * caches flushed: 3 -> 64 filters 3x3/2 on 224x224 0.83-0.93 -> 0.70-0.80
 * ms, 3 -> 32 0.51-0.63 -> 0.47-0.52 (warm 0.96-0.99); in-model, runs
 * interleaved in one process, medians squeezenet1_1 -1.1%, regnet_x_400mf
 * -0.9%, mobilenet_v2 -2%. Longer reductions lost (1x1 32 -> 32 on 112x112
 * 1.05-1.17, 8 -> 48 3x3 0.97-1.06): their tiles compute long enough to
 * hide the stores, and the packing tile of window_block overlaps the
 * panel's loads with FMAs. Same micro-kernel, same chains: the same bits. */
__attribute__((target("avx2,fma"))) static void
window_rows(const conv_direct_args *a, const window_plan *plan, const window_interior *interior,
            int64_t p0, int64_t p1, float *cb) {
  const window_source *source = &plan->src;
  int64_t k = plan->k, plane = a->out_h * a->out_w;
  const qat_epilogue *epi = a->epi;
  int32_t flags = epi ? epi->flags : 0;
  store_op op = block_store_op(epi, 1, 1);
  int64_t chunk = min64(ROWS_MAX_PANELS, WINDOW_ROWS_FLOATS / (k * LANES));
  lane_masks inside[MAX_TAPS];
  int64_t qout[ROWS_MAX_PANELS], nr[ROWS_MAX_PANELS]; /* the chunk's panels, found once */
  for (int64_t q0 = p0; q0 < p1; q0 += chunk) {
    int64_t panels = min64(p1 - q0, chunk);
    for (int64_t i = 0; i < panels; ++i) {
      window_panel at = window_panel_at(a, source, q0 + i);
      int inner = panel_inner(a, interior, at);
      if (!inner)
        panel_masks(a, source, at, inside);
      pack_panel(plan, inside, !inner, at.qin, 0, k, cb + i * k * LANES);
      qout[i] = at.qout;
      nr[i] = at.nr;
    }
    for (int64_t row = 0; row < a->filters; row += MR) {
      op.bias = flags & QAT_EPI_INIT_BIAS ? epi->bias + row : NULL;
      for (int64_t i = 0; i < panels; ++i) {
        int64_t q = row * plane + qout[i];
        op.res = flags & QAT_EPI_RESIDUAL ? epi->residual + q : NULL;
        kernel_6x16(k, plan->ap + row * k, cb + i * k * LANES, a->out + q, plane, 1,
                    min64(MR, a->filters - row), nr[i], &op);
      }
    }
  }
}

/* Rows of filters whose A block (one K block) stays in Zen 3's 512 KB L2. */
enum { WINDOW_A_FLOATS = 48 * 1024 };

/* Outputs whose partial sums stay in the L2 between K blocks: the panels
 * pass through every K block a chunk at a time. */
enum { WINDOW_C_FLOATS = 32 * 1024 };

/* One call's plan and masks, cut into `ranges` ranges of panels (each
 * thread computes every filter of its panels: the panels are packed once)
 * or, with too few panels, of filters at multiples of MR. */
typedef struct window_job {
  const conv_direct_args *a;
  const window_plan *plan;
  window_interior interior;
  float *bp; /* KC x LANES per range (WINDOW_ROWS_FLOATS with rows) */
  int by_panels, rows; /* rows: window_rows */
  int64_t ranges;
} window_job;

__attribute__((target("avx2,fma"))) static void window_range(void *ctx, int64_t r) {
  const window_job *j = (const window_job *)ctx;
  const conv_direct_args *a = j->a;
  int64_t panels = j->plan->panels, tiles = (a->filters + MR - 1) / MR;
  int64_t p0 = 0, p1 = panels, t0 = 0, t1 = tiles;
  if (j->by_panels)
    qat_share(panels, 1, j->ranges, r, &p0, &p1);
  else
    qat_share(tiles, 1, j->ranges, r, &t0, &t1);
  if (j->rows) {
    window_rows(a, j->plan, &j->interior, p0, p1, j->bp + r * WINDOW_ROWS_FLOATS);
    return;
  }
  int64_t f_end = min64(a->filters, t1 * MR), block = WINDOW_A_FLOATS / KC / MR * MR;
  float *bp = j->bp + r * KC * LANES;
  for (int64_t f0 = t0 * MR; f0 < f_end; f0 += block) {
    int64_t f1 = min64(f_end, f0 + block);
    int64_t chunk = WINDOW_C_FLOATS / ((f1 - f0) * LANES);
    chunk = chunk < 1 ? 1 : chunk;
    for (int64_t q0 = p0; q0 < p1; q0 += chunk)
      for (int64_t pc = 0; pc < j->plan->k; pc += KC)
        window_block(a, j->plan, &j->interior, pc, f0, f1, q0, min64(p1, q0 + chunk), bp);
  }
}

__attribute__((target("avx2,fma"))) static int window_conv(const conv_direct_args *a) {
  window_plan plan;
  if (window_plan_make(a, MR, LANES, split_row, 0, &plan) != 0)
    return 1;
  /* Panels when every thread gets four (resnet18's 7x7 layers are 3 panels
   * of 16 and one of 1: by panels one thread had 32 outputs, the other 17),
   * else filter tiles when every thread gets one; the work of one call is
   * above a few microseconds. */
  int64_t tiles = (a->filters + MR - 1) / MR;
  int64_t threads = qat_threads_for(a->filters * a->out_h * a->out_w * plan.k,
                                    QAT_PARALLEL_MIN_MACS);
  window_job job = {a, &plan, interior_of(a, &plan.src), NULL, 1, 0, 1};
  if (threads > 1 && plan.panels >= 4 * threads)
    job.ranges = threads;
  else if (threads > 1 && tiles >= threads) {
    job.by_panels = 0;
    job.ranges = threads;
  }
  job.rows = job.by_panels && plan.taps > 1 && plan.k <= ROWS_MAX_K && a->filters >= 32;
  job.bp = aligned_alloc(32, (size_t)job.ranges * (job.rows ? WINDOW_ROWS_FLOATS : KC * LANES) *
                                 sizeof(float));
  if (!job.bp) {
    window_plan_free(&plan);
    return 1;
  }
  qat_parallel_for(job.ranges, window_range, &job);
  free(job.bp);
  window_plan_free(&plan);
  return 0;
}

/* Windows at stride 1 or 2, 1x1 ones too (qat_conv2d's at batch > 1 or
 * stride 2: 16 -> 64 filters on 55x55 0.24 -> 0.14 ms against the im2col
 * GEMM, alone). Short reductions too: a 3-channel 3x3 stem (K = 27) of 64
 * filters on 224x224 at stride 2 0.85 ms as the im2col GEMM, 0.82 here,
 * of 16 filters 0.44 there, 0.25 here. Alone on Zen 3, weights cached:
 * 64 channels on 56x56 3.44 -> 2.93 ms, 256 on 14x14 3.00 -> 2.74, 512 on
 * 7x7 3.60 -> 3.24, the 7x7 stride-2 stem 4.12 -> 3.14 (stop 39, the
 * in-place tile; window_block has stop 40's packed panels). */
__attribute__((target("avx2,fma"))) int conv2d_window_avx2(const conv_direct_args *a) {
  int64_t taps = a->kh * a->kw, n = a->out_h * a->out_w;
  if (taps > MAX_TAPS || a->filters <= 0 || n < (taps == 1 ? LANES : 1) || a->channels <= 0 ||
      a->width >= ((int64_t)1 << 30) || a->height >= ((int64_t)1 << 30))
    return 1;
  return window_conv(a);
}
