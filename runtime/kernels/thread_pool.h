/*===- thread_pool.h - the threads a model instance's kernels split over ----===*
 *
 * Each model instance owns a pool of `threads - 1` worker threads
 * (qat_model_create_with_options). qat_model_call installs its instance's
 * pool on the calling thread for the duration of the call; a kernel then
 * splits its outputs into items and runs them with qat_parallel_for. Items
 * write disjoint outputs and each output is computed by the same code in
 * the same order as on one thread: the results are the same bits whatever
 * the thread count. Inside an item (on a worker, or on the caller while it
 * runs a share) qat_parallel_for runs serially: one level of parallelism.
 * A job of one item runs on the caller as plain code (a parallel loop in
 * it may use the pool: a convolution of one image-group splits inside).
 *
 *===----------------------------------------------------------------------===*/
#ifndef QAT_RUNTIME_KERNELS_THREAD_POOL_H
#define QAT_RUNTIME_KERNELS_THREAD_POOL_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct qat_thread_pool qat_thread_pool;

/* A pool running `threads` (>= 1) threads in all: the caller and
 * threads - 1 workers. NULL when the workers cannot be started. */
qat_thread_pool *qat_thread_pool_create(int threads);
void qat_thread_pool_destroy(qat_thread_pool *pool);

/* Makes `pool` (NULL: none) the calling thread's; returns the previous. */
qat_thread_pool *qat_thread_pool_install(qat_thread_pool *pool);

/* How many threads qat_parallel_for would use here (1 with no pool, or
 * inside an item). */
int qat_parallel_threads(void);

/* Below this much work a kernel runs on one thread: waking the workers
 * costs a few microseconds. Products (GEMMs, convolutions) count
 * multiply-adds; depthwise layers and poolings, whose windows are split
 * in smaller pieces, count window taps. */
enum { QAT_PARALLEL_MIN_MACS = 1 << 18, QAT_PARALLEL_MIN_TAPS = 1 << 16 };

/* qat_parallel_threads() for `work` of at least `min_work`, else 1. */
static inline int qat_threads_for(int64_t work, int64_t min_work) {
  return work >= min_work ? qat_parallel_threads() : 1;
}

/* Part `part` of `parts` of [0, total), cut at multiples of `align`:
 * [*begin, *end), empty when the parts outnumber the blocks. */
static inline void qat_part(int64_t total, int64_t align, int64_t parts, int64_t part,
                            int64_t *begin, int64_t *end) {
  int64_t blocks = (total + align - 1) / align;
  int64_t b = part * blocks / parts * align, e = (part + 1) * blocks / parts * align;
  *begin = b < total ? b : total;
  *end = e < total ? e : total;
}

/* qat_part for the items of a job cut one per thread (parts equal to the
 * pool's threads, inside qat_parallel_for): the cuts follow the threads'
 * measured speeds on earlier jobs of the same function cutting the same
 * total (thread_pool.c's balances) instead of equal shares.
 * Anywhere else qat_part. Only where the cut changes no bit: who computes
 * an output, not how. */
void qat_share(int64_t total, int64_t align, int64_t parts, int64_t part, int64_t *begin,
               int64_t *end);

/* Units [u0, u1) of a grid of `width` units per row, numbered row by row
 * (a kernel's share of (panel, tile) units), as at most three rectangles
 * of rows [row0, row1) x columns [col0, col1): the units ending a first
 * row, whole rows, the units starting a last row. Returns how many. */
typedef struct qat_grid_piece {
  int64_t row0, row1, col0, col1;
} qat_grid_piece;

static inline int qat_grid_pieces(int64_t u0, int64_t u1, int64_t width,
                                  qat_grid_piece piece[3]) {
  if (u1 <= u0)
    return 0;
  int64_t r0 = u0 / width, c0 = u0 % width, r1 = u1 / width, c1 = u1 % width;
  if (r0 == r1) {
    piece[0] = (qat_grid_piece){r0, r0 + 1, c0, c1};
    return 1;
  }
  int n = 0;
  if (c0 > 0)
    piece[n++] = (qat_grid_piece){r0, r0 + 1, c0, width};
  if (r0 + (c0 > 0) < r1)
    piece[n++] = (qat_grid_piece){r0 + (c0 > 0), r1, 0, width};
  if (c1 > 0)
    piece[n++] = (qat_grid_piece){r1, r1 + 1, 0, c1};
  return n;
}

/* Runs fn(ctx, i) for every i in [0, items), spread over the installed
 * pool's threads; returns when all have run. With as many items as
 * threads, item i runs on thread i (the caller is 0): a layer cut the same
 * way as the one before reads what its own thread wrote. */
typedef void (*qat_parallel_fn)(void *ctx, int64_t item);
void qat_parallel_for(int64_t items, qat_parallel_fn fn, void *ctx);

/* Runs fn(ctx, lo_i, hi_i) over pieces of [lo, hi) cut at multiples of
 * `step` from lo, one per thread (or once, whole, on one thread): the
 * loops compiled code outlines as functions of their range (codegen's
 * qat-parallel-calls). */
typedef void (*qat_range_fn)(void *ctx, int64_t lo, int64_t hi);
void qat_parallel_range(int64_t lo, int64_t hi, int64_t step, qat_range_fn fn, void *ctx);

/* The processors this process may run on (sched_getaffinity), or fewer
 * when a cgroup CPU quota allows fewer (rounded up), >= 1. */
int qat_available_cpus(void);

#ifdef __cplusplus
}
#endif

#endif
