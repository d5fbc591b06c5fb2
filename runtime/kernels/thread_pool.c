/*===- thread_pool.c - the threads a model instance's kernels split over ----===*
 *
 * One job at a time per pool (an instance runs one call at a time, and only
 * its calling thread starts jobs). The caller publishes the job by bumping
 * `generation`, runs items itself, and returns once every worker has
 * acknowledged the generation, so no worker can still be reading the job
 * when the next one is written. Between jobs a worker spins a while on
 * `generation` (the kernels of a model follow each other within
 * microseconds) and then sleeps on a condition variable; `sleeping` tells
 * the caller whether it must signal. The while counts from the end of the
 * caller's job (`busy`), not from the worker's own end: a worker done with
 * its share ~50 us before the caller (the caller's core the slower one)
 * used up its spin inside the job and slept, and woke 10-100 us late for
 * the next (resnet18 on 2 threads on the Zen 5: ~17 sleeps per run, 1.6
 * counted this way). Past its spin inside a job it yields rather than
 * pauses (more threads than cores: the caller may want its core). Both
 * sides use sequentially consistent operations on `generation` and
 * `sleeping`, so a worker going to sleep either sees the new generation or
 * is seen sleeping.
 *
 * A job of as many items as threads runs item i on thread i (the caller
 * 0, worker w item w) rather than letting threads take items in turn: the
 * kernels cut such jobs one range per thread, and a layer cut like the one
 * before then reads what its own thread wrote. Those cuts come from
 * qat_share, which follows the threads' measured speeds (rebalance), kept
 * apart per kind of job (its function, or a range job's loop, and the
 * total it cuts): one
 * vCPU of the Zen 5 runs our kernels 5-25% slower than the other at times
 * (seen as its L3 misses at 4 MB, the other's not: a busy neighbour), and
 * with equal shares the other waited for it (resnet18 on 2 threads: the
 * threads' own time per run 12.7 against 11.2 ms in such a phase). With
 * the balance, alternating in one session: 12.2-12.3 against 12.4-12.8 ms
 * per run; in a slow phase 12.9-13.9 against 13.4-15.2. One balance for
 * every kind left the threads' totals per kind 12% apart (the caller
 * slower on the pixel-major convolutions, the worker on the windows);
 * per kind they end within 3%. Range jobs (the compiler's outlined loops)
 * all run range_piece and were one kind per trip count, and resnet18 W8A8
 * (~75 jobs a run) had more kinds than the 48 kept: the caller waited
 * ~0.8 ms a run for the worker inside jobs. Every cut gives the same bits: a thread's
 * share decides which outputs it computes, not how.
 *
 * A child forked from a process with a pool has the pool but not its
 * workers: a pool made before the last fork runs everything on the
 * calling thread (a job would wait for acknowledgements forever), and
 * destroying it frees it without joining.
 *
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "thread_pool.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The most threads whose shares are balanced (more run equal shares), and
 * the most kinds of job balanced (more run equal shares), looked up in
 * KIND_SLOTS slots. */
enum { BALANCED_MAX = 64, KINDS_MAX = 256, KIND_SLOTS = 1024 };

/* What a worker knows of itself. */
typedef struct worker_arg {
  struct qat_thread_pool *pool;
  int self;
} worker_arg;

/* One thread's time on its item of a job cut one per thread, and whether
 * the item was cut by qat_share; a line each (written by its thread). */
typedef struct item_time {
  double seconds;
  int shared;
} __attribute__((aligned(64))) item_time;

/* The balance of one kind of job (its function and the total it cuts):
 * each thread's share (sums to 1), updated by the caller between jobs from
 * the items' times; cut[i] is the sum of the shares before thread i, in
 * 1/2^24. */
typedef struct kind_key {
  const void *key; /* the job's function, or a range job's loop */
  int64_t total;
} kind_key;

typedef struct balance {
  int updates;
  double share[BALANCED_MAX];
  int64_t cut[BALANCED_MAX + 1];
} balance;

struct qat_thread_pool {
  int threads;
  unsigned forks; /* `forks` when it was made */
  pthread_t *workers; /* threads - 1 */
  worker_arg *args;   /* threads - 1 */
  /* The balances, per kind of job: which thread runs slower differs by
   * kernel (on the Zen 5 at one moment the caller ran the pixel-major
   * convolutions 12% slower than the worker and the windows 3% faster),
   * and one balance for all left both waiting. Written by the caller
   * between jobs only. */
  kind_key keys[KINDS_MAX];
  balance kinds[KINDS_MAX];
  int nkinds;
  /* Open addressing over keys: 1 + the index of the kind, 0 for none. A
   * scan of the keys took ~0.2 us per job once there were a hundred or more
   * kinds (shufflenet_v2_x0_5: ~200 jobs in 1 ms, 4% of its time). */
  int16_t slot[KIND_SLOTS];
  item_time took[BALANCED_MAX];
  int per_thread; /* the job runs item i on thread i */
  /* The job: written by the caller before it bumps `generation`. */
  qat_parallel_fn fn;
  const void *key; /* its kind's key (kind_of) */
  void *ctx;
  int64_t items;
  atomic_llong next;          /* the next item to take */
  atomic_ullong generation;   /* one per job */
  atomic_int acks;            /* workers done with this generation */
  atomic_int sleeping;        /* workers waiting on `wake` */
  atomic_int stop;
  atomic_int busy;            /* the caller is inside a job */
  pthread_mutex_t lock;
  pthread_cond_t wake;
};

/* About 0.1-0.3 ms of pause instructions: longer than the gaps between a
 * model's kernels, short enough not to hold a core between calls. */
enum { SPINS = 4096 };

static _Thread_local qat_thread_pool *installed;

/* Forks this process went through as the child (pthread_atfork). */
static atomic_uint forks;
static pthread_once_t fork_handler_once = PTHREAD_ONCE_INIT;
static void count_fork(void) { atomic_fetch_add(&forks, 1); }
static void register_fork_handler(void) { pthread_atfork(NULL, NULL, count_fork); }

/* Whether the pool's workers exist in this process. */
static int workers_alive(const qat_thread_pool *pool) {
  return pool->forks == atomic_load_explicit(&forks, memory_order_relaxed);
}
static _Thread_local int in_item; /* workers, and the caller inside its share */

static inline void relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

/* The pool whose job this thread is running items of, and whether the
 * item in hand was cut by qat_share. */
static _Thread_local qat_thread_pool *running;
static _Thread_local int shared_cut;
static _Thread_local int64_t shared_total; /* what the item in hand cut */

static double seconds_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

enum { CUT_ONE = 1 << 24 };

/* Where the kind (key, total) starts its search in pool->slot. */
static unsigned kind_hash(const void *key, int64_t total) {
  uint64_t h = ((uint64_t)(uintptr_t)key >> 4) * 0x9E3779B97F4A7C15ull ^
               (uint64_t)total * 0xC2B2AE3D27D4EB4Full;
  return (unsigned)(h >> 40) & (KIND_SLOTS - 1);
}

/* The slot of the job in hand's kind cutting `total`, or the empty slot
 * where it would go. */
static int kind_slot(const qat_thread_pool *pool, int64_t total) {
  unsigned i = kind_hash(pool->key, total);
  for (;; i = (i + 1) & (KIND_SLOTS - 1)) {
    int k = pool->slot[i] - 1;
    if (k < 0 || (pool->keys[k].key == pool->key && pool->keys[k].total == total))
      return (int)i;
  }
}

/* The balance of the job in hand's kind cutting `total`, or NULL (none
 * measured yet). */
static balance *kind_of(qat_thread_pool *pool, int64_t total) {
  int k = pool->slot[kind_slot(pool, total)] - 1;
  return k < 0 ? NULL : &pool->kinds[k];
}

void qat_share(int64_t total, int64_t align, int64_t parts, int64_t part, int64_t *begin,
               int64_t *end) {
  qat_thread_pool *pool = running;
  const balance *kind = pool && pool->per_thread && parts == pool->threads ? kind_of(pool, total)
                                                                         : NULL;
  if (pool && pool->per_thread && parts == pool->threads) {
    shared_cut = 1;
    shared_total = total;
  }
  if (!kind) {
    qat_part(total, align, parts, part, begin, end);
    return;
  }
  int64_t blocks = (total + align - 1) / align;
  int64_t b = (int64_t)(((__int128)blocks * kind->cut[part] + CUT_ONE / 2) / CUT_ONE) * align;
  int64_t e = (int64_t)(((__int128)blocks * kind->cut[part + 1] + CUT_ONE / 2) / CUT_ONE) * align;
  *begin = b < total ? b : total;
  *end = e < total ? e : total;
}

/* After a job cut by qat_share on every thread, long enough to time
 * (20 us: a few kernels' calls are shorter than a thread's wake-up): each
 * share of the job's kind moves toward what would have made the threads
 * finish together (half the way on the kind's first job, a third on the
 * second, ... an eighth from the seventh on), within [1/2, 3/2] of an
 * equal share, then all are scaled to sum to 1. One vCPU
 * of the Zen 5 runs our kernels 5-25% slower than the other at times
 * (its L3 shared with a busy neighbour; a register-only FMA loop is equal
 * on both), and equal shares waited for it. */
static void rebalance(qat_thread_pool *pool, int64_t total) {
  int n = pool->threads;
  double longest = 0.0;
  for (int i = 0; i < n; ++i) {
    if (!pool->took[i].shared || pool->took[i].seconds <= 0.0)
      return;
    longest = pool->took[i].seconds > longest ? pool->took[i].seconds : longest;
  }
  if (longest < 20e-6)
    return;
  balance *kind = kind_of(pool, total);
  if (!kind) { /* a new kind starts from equal shares (none past KINDS_MAX) */
    if (pool->nkinds == KINDS_MAX)
      return;
    int at = pool->nkinds++;
    pool->keys[at] = (kind_key){pool->key, total};
    pool->slot[kind_slot(pool, total)] = (int16_t)(at + 1);
    kind = &pool->kinds[at];
    *kind = (balance){0, {0}, {0}};
    for (int i = 0; i < n; ++i) {
      kind->share[i] = 1.0 / n;
      kind->cut[i] = (int64_t)i * CUT_ONE / n;
    }
    kind->cut[n] = CUT_ONE;
  }
  double speed[BALANCED_MAX], sum_speed = 0.0;
  for (int i = 0; i < n; ++i) {
    speed[i] = kind->share[i] / pool->took[i].seconds;
    sum_speed += speed[i];
  }
  /* The first measurements count more (1/2, 1/3, ...), then 1/8 each. */
  double step = kind->updates < 6 ? 1.0 / (kind->updates + 2) : 1.0 / 8.0;
  ++kind->updates;
  double sum = 0.0;
  for (int i = 0; i < n; ++i) {
    double s = kind->share[i] + (speed[i] / sum_speed - kind->share[i]) * step;
    double lo = 0.5 / n, hi = 1.5 / n;
    kind->share[i] = s < lo ? lo : s > hi ? hi : s;
    sum += kind->share[i];
  }
  double at = 0.0;
  for (int i = 0; i < n; ++i) {
    kind->share[i] /= sum;
    kind->cut[i] = (int64_t)(at * CUT_ONE + 0.5);
    at += kind->share[i];
  }
  kind->cut[n] = CUT_ONE;
}

/* Item `self` of a job cut one per thread, timed. */
static void run_own_item(qat_thread_pool *pool, int self) {
  shared_cut = 0;
  shared_total = 0;
  double start = seconds_now();
  pool->fn(pool->ctx, self);
  pool->took[self].seconds = seconds_now() - start;
  pool->took[self].shared = shared_cut;
}

static void run_items(qat_thread_pool *pool, int self) {
  if (pool->per_thread) {
    run_own_item(pool, self);
    return;
  }
  for (;;) {
    int64_t i = atomic_fetch_add_explicit(&pool->next, 1, memory_order_relaxed);
    if (i >= pool->items)
      return;
    pool->fn(pool->ctx, i);
  }
}

static unsigned long long wait_for_job(qat_thread_pool *pool, unsigned long long seen) {
  for (int i = 0, busy_spins = 0; i < SPINS; ++i) {
    unsigned long long g = atomic_load(&pool->generation);
    if (g != seen)
      return g;
    if (atomic_load_explicit(&pool->busy, memory_order_relaxed)) {
      i = 0;
      if (++busy_spins > SPINS) {
        sched_yield();
        continue;
      }
    }
    relax();
  }
  pthread_mutex_lock(&pool->lock);
  atomic_fetch_add(&pool->sleeping, 1);
  unsigned long long g;
  while ((g = atomic_load(&pool->generation)) == seen)
    pthread_cond_wait(&pool->wake, &pool->lock);
  atomic_fetch_sub(&pool->sleeping, 1);
  pthread_mutex_unlock(&pool->lock);
  return g;
}

static void *worker_main(void *arg) {
  qat_thread_pool *pool = ((worker_arg *)arg)->pool;
  int self = ((worker_arg *)arg)->self;
  in_item = 1;
  running = pool;
  unsigned long long seen = 0;
  for (;;) {
    seen = wait_for_job(pool, seen);
    if (atomic_load(&pool->stop))
      return NULL;
    run_items(pool, self);
    atomic_fetch_add_explicit(&pool->acks, 1, memory_order_release);
  }
}

/* Bumps the generation and wakes sleeping workers. */
static void publish(qat_thread_pool *pool) {
  atomic_fetch_add(&pool->generation, 1);
  if (atomic_load(&pool->sleeping) > 0) {
    pthread_mutex_lock(&pool->lock);
    pthread_cond_broadcast(&pool->wake);
    pthread_mutex_unlock(&pool->lock);
  }
}

qat_thread_pool *qat_thread_pool_create(int threads) {
  if (threads < 1)
    return NULL;
  /* Aligned as its item_time lines are (calloc's 16 bytes are not). */
  size_t bytes = (sizeof(qat_thread_pool) + 63) & ~(size_t)63;
  qat_thread_pool *pool = (qat_thread_pool *)aligned_alloc(64, bytes);
  if (!pool)
    return NULL;
  memset(pool, 0, bytes);
  pthread_once(&fork_handler_once, register_fork_handler);
  pool->threads = threads;
  pool->forks = atomic_load(&forks);
  pthread_mutex_init(&pool->lock, NULL);
  pthread_cond_init(&pool->wake, NULL);
  if (threads > 1) {
    pool->workers = (pthread_t *)calloc((size_t)threads - 1, sizeof(pthread_t));
    pool->args = (worker_arg *)calloc((size_t)threads - 1, sizeof(worker_arg));
  }
  if (threads > 1 && (!pool->workers || !pool->args)) {
    free(pool->workers);
    free(pool->args);
    free(pool);
    return NULL;
  }
  for (int i = 0; i + 1 < threads; ++i)
    if ((pool->args[i] = (worker_arg){pool, i + 1},
         pthread_create(&pool->workers[i], NULL, worker_main, &pool->args[i])) != 0) {
      pool->threads = i + 1; /* the ones started */
      qat_thread_pool_destroy(pool);
      return NULL;
    }
  return pool;
}

void qat_thread_pool_destroy(qat_thread_pool *pool) {
  if (!pool)
    return;
  if (workers_alive(pool)) {
    atomic_store(&pool->stop, 1);
    publish(pool);
    for (int i = 0; i + 1 < pool->threads; ++i)
      pthread_join(pool->workers[i], NULL);
    pthread_cond_destroy(&pool->wake);
    pthread_mutex_destroy(&pool->lock);
  }
  free(pool->workers);
  free(pool->args);
  free(pool);
}

qat_thread_pool *qat_thread_pool_install(qat_thread_pool *pool) {
  qat_thread_pool *previous = installed;
  installed = pool;
  return previous;
}

int qat_parallel_threads(void) {
  return installed && !in_item && workers_alive(installed) ? installed->threads : 1;
}

/* qat_parallel_for, its balance kept under `key` (and the total it cuts). */
static void parallel_for_keyed(int64_t items, qat_parallel_fn fn, void *ctx, const void *key) {
  qat_thread_pool *pool = installed;
  if (!pool || in_item || pool->threads == 1 || items <= 1 || !workers_alive(pool)) {
    for (int64_t i = 0; i < items; ++i)
      fn(ctx, i);
    return;
  }
  pool->fn = fn;
  pool->key = key;
  pool->ctx = ctx;
  pool->items = items;
  pool->per_thread = items == pool->threads && pool->threads <= BALANCED_MAX;
  atomic_store_explicit(&pool->next, 0, memory_order_relaxed);
  atomic_store_explicit(&pool->acks, 0, memory_order_relaxed);
  atomic_store_explicit(&pool->busy, 1, memory_order_relaxed);
  publish(pool);
  in_item = 1;
  running = pool;
  run_items(pool, 0);
  running = NULL;
  in_item = 0;
  /* A worker descheduled (more threads than cores) is waited for with
   * yields rather than pauses. */
  for (int spins = 0; atomic_load_explicit(&pool->acks, memory_order_acquire) < pool->threads - 1;
       ++spins) {
    if (spins < SPINS)
      relax();
    else
      sched_yield();
  }
  atomic_store_explicit(&pool->busy, 0, memory_order_relaxed);
  if (pool->per_thread)
    rebalance(pool, shared_total);
}

void qat_parallel_for(int64_t items, qat_parallel_fn fn, void *ctx) {
  parallel_for_keyed(items, fn, ctx, (const void *)fn);
}

typedef struct range_job {
  int64_t lo, hi, step, iterations, pieces;
  qat_range_fn fn;
  void *ctx;
} range_job;

static void range_piece(void *ctx, int64_t i) {
  const range_job *j = (const range_job *)ctx;
  int64_t first, last;
  qat_share(j->iterations, 1, j->pieces, i, &first, &last);
  if (first < last)
    j->fn(j->ctx, j->lo + first * j->step, i + 1 == j->pieces ? j->hi : j->lo + last * j->step);
}

void qat_parallel_range(int64_t lo, int64_t hi, int64_t step, qat_range_fn fn, void *ctx) {
  int64_t iterations = hi > lo && step > 0 ? (hi - lo - 1) / step + 1 : 0;
  int64_t threads = qat_parallel_threads();
  if (threads <= 1 || iterations < 2) {
    fn(ctx, lo, hi);
    return;
  }
  range_job job = {lo, hi, step, iterations, iterations < threads ? iterations : threads, fn, ctx};
  /* Balanced per loop: every outlined loop runs through range_piece, and
   * keyed by it loops of one trip count shared a balance (resnet18 W8A8's
   * ~75 jobs per run, also more kinds than the pool kept). */
  parallel_for_keyed(job.pieces, range_piece, &job, (const void *)fn);
}

/* The CPUs a cgroup CPU quota allows (cgroup v2 cpu.max "quota period",
 * v1 cpu.cfs_quota_us / cpu.cfs_period_us; rounded up), or 0 for none: a
 * container limited to 2 CPUs on a 64-core host sees 64 in its affinity
 * mask, and 64 threads would take turns on 2. */
static int quota_cpus(void) {
  long long quota = -1, period = 0;
  FILE *f = fopen("/sys/fs/cgroup/cpu.max", "r");
  if (f) {
    char text[32];
    if (fscanf(f, "%31s %lld", text, &period) == 2 && text[0] != 'm')
      quota = atoll(text);
    fclose(f);
  } else if ((f = fopen("/sys/fs/cgroup/cpu/cpu.cfs_quota_us", "r"))) {
    if (fscanf(f, "%lld", &quota) != 1)
      quota = -1;
    fclose(f);
    if ((f = fopen("/sys/fs/cgroup/cpu/cpu.cfs_period_us", "r"))) {
      if (fscanf(f, "%lld", &period) != 1)
        period = 0;
      fclose(f);
    }
  }
  if (quota <= 0 || period <= 0)
    return 0;
  long long cpus = (quota + period - 1) / period;
  return cpus > 1024 ? 1024 : (int)cpus;
}

int qat_available_cpus(void) {
  int n = 1;
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) >= 1)
    n = CPU_COUNT(&set);
  int quota = quota_cpus();
  return quota > 0 && quota < n ? quota : n;
}
