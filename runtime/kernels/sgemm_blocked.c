/*===- sgemm_blocked.c - the BLIS loops of the f32 GEMM ---------------------===*
 *
 * C[M,N] += A[M,K] * B[K,N] with arbitrary strides (transposes are strides).
 * BLIS structure: B is packed into KC x NC blocks of NR-column panels, A into
 * MC x KC blocks of MR-row panels, and an MR x NR register-blocked FMA
 * micro-kernel runs over them (6x16 with 12 ymm accumulators on AVX2, 12x32
 * with 24 zmm on AVX-512; sgemm_dispatch.c's table gives MR, NR and MC).
 * Packing absorbs every layout, so the kernel only ever sees contiguous
 * panels. The loops are the same for every kernel, packer and ISA level; a
 * constant A or dense B comes packed from sgemm_weight_cache.c. A short
 * reduction's dense, changing B (k <= IN_PLACE_MAX_K) is not packed where
 * the level has an in-place kernel (AVX2): its full panels are read where
 * they lie. Alone on Zen 3 (alternating builds in one process, min of 40
 * calls, warm): 16 -> 8 filters on 112x112 0.168 -> 0.126 ms, 8 -> 24 0.132
 * -> 0.116, 24 -> 24 on 56x56 0.068 -> 0.055, 24 -> 144 0.331 -> 0.316,
 * 16 -> 96 on 112x112 0.77 -> 0.73-0.80 (caches flushed: 0.70-1.08). Its
 * tiles run tile row by tile row (in_place_rows), a chunk of columns at a
 * time: the stores of a panel's tiles were one stream per row of C.
 *
 * With several threads (thread_pool.h) C is cut into column ranges of
 * whole NR panels, one per thread, each with its own packing buffers (as
 * BLIS's jc loop), or, when C has too few panels for that, into row ranges
 * of whole MR tiles (each range then packs the B blocks it reads itself).
 * Column ranges share one packed A: a cached constant, or the whole A
 * packed first by the threads together (a weight gradient's A, the output
 * gradient, was packed by every range).
 * Every element's sum runs over the same K blocks in the same order: the
 * bits of one thread.
 *
 *===----------------------------------------------------------------------===*/
#include "sgemm_internal.h"
#include "thread_pool.h"

/* What every range of one product reads. */
typedef struct blocked_gemm {
  int64_t MR, NR, MC;
  micro_kernel kernel;
  columns_kernel narrow; /* or NULL: narrow panels go through `kernel` too */
  in_place_kernel in_place; /* or NULL: B is always packed */
  a_packer pack_a_block;
  int64_t m, n, k;
  const float *a;
  int64_t rs_a, cs_a;
  const a_source *asrc;
  const b_source *bsrc;
  float *c;
  int64_t rs_c, cs_c;
  const qat_epilogue *epi;
  const float *a_packed, *b_packed; /* cached constant operands, or NULL */
  int64_t mpad, npad;
} blocked_gemm;

/* The store of the tile at row `row`, column `col` (C offset `at`) of a KC
 * block: its bias on the first block, its residual on the last, no
 * prefetch. */
static inline void tile_op(const blocked_gemm *g, store_op *op, int64_t row, int64_t col,
                           int64_t at, int first, int last) {
  const qat_epilogue *epi = g->epi;
  int32_t flags = epi ? epi->flags : 0;
  op->prefetch = NULL;
  op->prefetch_lines = 0;
  op->bias = !(first && (flags & QAT_EPI_INIT_BIAS)) ? NULL
             : op->bias_columns                      ? epi->bias + col
                                                     : epi->bias + row;
  op->res = last && (flags & QAT_EPI_RESIDUAL) ? epi->residual + at : NULL;
}

/* Columns of B read in place that one pass of a tile row may span: the
 * B they hold (k <= IN_PLACE_MAX_K rows) stays in the L2 while every tile
 * row of the A block passes over it. */
enum { IN_PLACE_CHUNK_FLOATS = 32 * 1024 };

/* The full panels [0, full) of a B read in place (k <= IN_PLACE_MAX_K:
 * one K block), tile row by tile row: each tile row's stores run along its
 * MR rows of C for a chunk of columns. Panel by panel (stop 44's loop)
 * every row of the A block was a store stream of its own, an output page
 * apart: 96 rows x 64 bytes per panel wrote 4.8 MB at ~7 GB/s on Zen 3
 * where 6 rows at a time write at ~20 (bench/kernels: the NCHWc layout of
 * onnxruntime writes 12 such streams).
 * Alone, caches flushed: 16 -> 96 filters on 112 x 112 0.94 -> 0.68 ms,
 * 8 -> 48 0.37 -> 0.26, 16 -> 24 0.27 -> 0.22. The rows of B two panels on
 * are fetched by the first tile row, as the packer's sequential reads had
 * them (caches flushed, 8 -> 48 filters on 112x112 ran 1.25x the packed
 * time without). */
static void in_place_rows(const blocked_gemm *g, store_op *op, const float *panels, int64_t ic,
                          int64_t mc, int64_t jc, int64_t full, int64_t kc) {
  const b_source *s = g->bsrc;
  int64_t chunk = IN_PLACE_CHUNK_FLOATS / kc / g->NR * g->NR;
  chunk = chunk < g->NR ? g->NR : chunk;
  for (int64_t j0 = 0; j0 < full; j0 += chunk) {
    int64_t j1 = min64(full, j0 + chunk);
    for (int64_t ir = 0; ir < mc; ir += g->MR)
      for (int64_t jr = j0; jr < j1; jr += g->NR) {
        const float *b = s->b + (jc + jr);
        /* The first tile row reads B from memory: its rows two panels on. */
        if (ir == 0 && jr + 2 * g->NR < j1)
          for (int64_t p = 0; p < kc; ++p)
            __builtin_prefetch(b + p * s->rs + 2 * g->NR);
        int64_t at = (ic + ir) * g->rs_c + (jc + jr) * g->cs_c;
        tile_op(g, op, ic + ir, jc + jr, at, 1, 1);
        g->in_place(kc, panels + ir * kc, b, s->rs, g->c + at, g->rs_c, g->cs_c,
                    min64(g->MR, mc - ir), op);
      }
  }
}

/* Rows [m0, m1) by columns [n0, n1) of C (m0 a multiple of MR, n0 of NR),
 * with packing buffers `ap` (MC x KC) and `bp` (KC x NC). */
static void blocked_range(const blocked_gemm *g, int64_t m0, int64_t m1, int64_t n0, int64_t n1,
                          float *ap, float *bp) {
  int64_t MR = g->MR, NR = g->NR, MC = g->MC, k = g->k;
  const qat_epilogue *epi = g->epi;
  const float *a_packed = g->a_packed, *b_packed = g->b_packed;
  int32_t flags = epi ? epi->flags : 0;
  for (int64_t jc = n0; jc < n1; jc += NC) {
    int64_t nc = min64(NC, n1 - jc);
    for (int64_t pc = 0; pc < k; pc += KC) {
      int64_t kc = min64(KC, k - pc);
      int first = pc == 0, last = pc + kc == k;
      int clamp = last && (flags & QAT_EPI_CLAMP);
      int bias_columns = (flags & QAT_EPI_BIAS_COLUMNS) != 0;
      store_op op = {first && (flags & (QAT_EPI_INIT_ZERO | QAT_EPI_INIT_BIAS)), clamp,
                     clamp && qat_lo_is_plus_zero(epi->lo), bias_columns, NULL, NULL,
                     epi ? epi->lo : 0.0f, epi ? epi->hi : 0.0f, NULL, 0};
      const float *b_panels = bp;
      /* Read in place, only a partial last panel is packed (reading it in
       * place would pass the row's end), once for every A block. */
      int64_t full = g->in_place ? nc / NR * NR : nc;
      if (b_packed)
        b_panels = b_packed + pc * g->npad + jc * kc;
      else if (!g->in_place)
        g->bsrc->pack(g->bsrc, NR, pc, kc, jc, nc, bp);
      else if (full < nc)
        g->bsrc->pack(g->bsrc, NR, pc, kc, jc + full, nc - full, bp);
      for (int64_t ic = m0; ic < m1; ic += MC) {
        int64_t mc = min64(MC, m1 - ic);
        const float *panels = ap;
        if (a_packed)
          panels = a_packed + pc * g->mpad + ic * kc;
        else if (g->asrc)
          g->asrc->pack(g->asrc, MR, ic, mc, pc, kc, ap);
        else
          g->pack_a_block(MR, mc, kc, g->a + ic * g->rs_a + pc * g->cs_a, g->rs_a, g->cs_a, ap);
        int64_t tiles = (mc + MR - 1) / MR, jr0 = 0;
        if (g->in_place) {
          in_place_rows(g, &op, panels, ic, mc, jc, full, kc);
          jr0 = full;
        }
        for (int64_t jr = jr0; jr < nc; jr += NR) {
          int64_t nr = min64(NR, nc - jr);
          const float *panel = b_panels + jr * kc;
          if (g->in_place)
            panel = bp; /* the partial last panel, packed above */
          /* A narrow last panel (a 7x7 image's 49th column) against several
           * A panels at once, vectors along the rows. */
          if (g->narrow && nr <= NR / 2 && mc >= 4 * MR) {
            float tiles[COLUMN_PANELS * COLUMN_MAX_MR * COLUMN_TILE] __attribute__((aligned(64)));
            for (int64_t ir = 0; ir < mc; ir += COLUMN_PANELS * MR) {
              int64_t live = min64(COLUMN_PANELS, (mc - ir + MR - 1) / MR);
              g->narrow(kc, panels + ir * kc, live, panel, NR, nr, tiles);
              for (int64_t t = 0; t < live; ++t) {
                int64_t row = ic + ir + t * MR, at = row * g->rs_c + (jc + jr) * g->cs_c;
                tile_op(g, &op, row, jc + jr, at, first, last);
                store_tile_scalar(tiles + t * MR * COLUMN_TILE, COLUMN_TILE, g->c + at, g->rs_c,
                                  g->cs_c, min64(MR, mc - (ir + t * MR)), nr, &op);
              }
            }
            continue;
          }
          /* A constant B comes from memory panel by panel (a layer's
           * weights, used by few tiles: resnet18's layer4 as C^T runs 5
           * tiles per panel): its next panel is fetched while this one's
           * tiles compute, each tile a share, one line per step. */
          int64_t lines = b_packed && jr + NR < nc ? kc * NR * (int64_t)sizeof(float) / 64 : 0;
          const char *next = lines ? (const char *)(b_panels + (jr + NR) * kc) : NULL;
          for (int64_t ir = 0, t = 0; ir < mc; ir += MR, ++t) {
            int64_t at = (ic + ir) * g->rs_c + (jc + jr) * g->cs_c;
            tile_op(g, &op, ic + ir, jc + jr, at, first, last);
            /* Divisions only when there is a panel to fetch: two per tile
             * were a tenth of a short reduction's tile (8 -> 24 filters on
             * 112x112: 8 steps per tile). */
            if (next) {
              op.prefetch = next + t * lines / tiles * 64;
              op.prefetch_lines = min64(kc, (t + 1) * lines / tiles - t * lines / tiles);
            }
            g->kernel(kc, panels + ir * kc, panel, g->c + at, g->rs_c, g->cs_c,
                      min64(MR, mc - ir), nr, &op);
          }
        }
      }
    }
  }
}

/* The most floats a whole packed A shared by column ranges may take
 * (64 MiB); beyond it each range packs its own blocks. */
enum { SHARED_A_MAX_FLOATS = 1 << 24 };

/* Packs the whole A as the weight cache lays a constant out (block (pc,
 * ic) at pc * mpad + ic * kc), one KC block per item. */
typedef struct shared_a_job {
  const blocked_gemm *g;
  float *panels;
} shared_a_job;

static void pack_shared_a(void *ctx, int64_t block) {
  const shared_a_job *j = (const shared_a_job *)ctx;
  const blocked_gemm *g = j->g;
  int64_t pc = block * KC, kc = min64(KC, g->k - pc);
  for (int64_t ic = 0; ic < g->m; ic += g->MC) {
    int64_t mc = min64(g->MC, g->m - ic);
    float *to = j->panels + pc * g->mpad + ic * kc;
    if (g->asrc)
      g->asrc->pack(g->asrc, g->MR, ic, mc, pc, kc, to);
    else
      g->pack_a_block(g->MR, mc, kc, g->a + ic * g->rs_a + pc * g->cs_a, g->rs_a, g->cs_a, to);
  }
}

/* One range per thread, over columns (by_columns) or rows, each range's
 * packing buffers at ap + r * ap_floats and bp + r * bp_floats. */
typedef struct blocked_split {
  const blocked_gemm *g;
  int by_columns;
  int64_t units, ranges; /* NR panels or MR tiles, cut into `ranges` */
  float *ap, *bp;
  size_t ap_floats, bp_floats;
} blocked_split;

static void run_range(void *ctx, int64_t r) {
  const blocked_split *s = (const blocked_split *)ctx;
  const blocked_gemm *g = s->g;
  int64_t u0, u1;
  qat_share(s->units, 1, s->ranges, r, &u0, &u1);
  float *ap = s->ap + (size_t)r * s->ap_floats, *bp = s->bp + (size_t)r * s->bp_floats;
  if (s->by_columns)
    blocked_range(g, 0, g->m, u0 * g->NR, min64(g->n, u1 * g->NR), ap, bp);
  else
    blocked_range(g, u0 * g->MR, min64(g->m, u1 * g->MR), 0, g->n, ap, bp);
}

/* The BLIS loops around a micro-kernel of MR x NR; MC is a multiple of MR.
 * `a_constant`: A never changes between calls (pack it once). The epilogue
 * (NULL: plain C += A * B) is applied by the kernels' stores: the start value
 * on the first KC block, residual and clamp on the last. Non-zero, before
 * touching C, when there is no memory for the packing buffers. */
int sgemm_blocked(int64_t MR, int64_t NR, int64_t MC, micro_kernel kernel, columns_kernel narrow,
                  in_place_kernel in_place, a_packer pack_a_block,
                  int64_t m, int64_t n, int64_t k, const float *a, int64_t rs_a, int64_t cs_a,
                  int a_constant, const a_source *asrc, const b_source *bsrc, float *c,
                  int64_t rs_c, int64_t cs_c, const qat_epilogue *epi) {
  /* B read in place: a short reduction over a dense, changing B with
   * contiguous rows (one KC block). */
  int dense = bsrc->pack == pack_dense_b || bsrc->pack == pack_dense_b_avx2;
  if (!(dense && !bsrc->constant && bsrc->cs == 1 && k <= IN_PLACE_MAX_K))
    in_place = NULL;
  blocked_gemm g = {MR,   NR,   MC,   kernel, narrow, in_place, pack_a_block, m,    n,
                    k,    a,    rs_a, cs_a,   asrc,   bsrc,     c,            rs_c, cs_c,
                    epi,  NULL, NULL, (m + MR - 1) / MR * MR, (n + NR - 1) / NR * NR};
  g.a_packed = a_constant ? packed_constant_a(MR, m, k, a, rs_a, cs_a) : NULL;
  g.b_packed = bsrc->constant ? packed_constant_b(NR, n, k, bsrc->b, bsrc->rs, bsrc->cs) : NULL;
  /* Columns when every thread gets four panels or more (a 7x7 image's 49
   * columns are panels of 16, 16, 16 and 1: by columns one thread had 32,
   * the other 17), else rows when every thread gets a tile, else columns
   * when every thread gets a panel, else one range. */
  int64_t threads = qat_threads_for(m * n * k, QAT_PARALLEL_MIN_MACS);
  int64_t panels = g.npad / NR, tiles = g.mpad / MR;
  blocked_split s = {&g, 1, panels, 1, NULL, NULL, (size_t)(MC * KC),
                     (size_t)(KC * ((NC + NR - 1) / NR * NR))};
  if (threads > 1 && panels >= 4 * threads)
    s.ranges = threads;
  else if (threads > 1 && tiles >= threads)
    s = (blocked_split){&g, 0, tiles, threads, NULL, NULL, s.ap_floats, s.bp_floats};
  else if (threads > 1 && panels >= threads)
    s.ranges = threads;
  float *shared_a = NULL;
  if (s.by_columns && s.ranges > 1 && !g.a_packed && g.mpad * k <= SHARED_A_MAX_FLOATS)
    shared_a = alloc_floats((size_t)(g.mpad * k));
  s.ap = alloc_floats(s.ap_floats * (size_t)s.ranges);
  s.bp = alloc_floats(s.bp_floats * (size_t)s.ranges);
  if (!s.ap || !s.bp) {
    free_floats(shared_a);
    free_floats(s.ap);
    free_floats(s.bp);
    return 1;
  }
  if (shared_a) {
    shared_a_job pack = {&g, shared_a};
    qat_parallel_for((k + KC - 1) / KC, pack_shared_a, &pack);
    g.a_packed = shared_a;
  }
  qat_parallel_for(s.ranges, run_range, &s);
  free_floats(shared_a);
  free_floats(s.ap);
  free_floats(s.bp);
  return 0;
}
