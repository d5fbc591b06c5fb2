/* What two cores of this machine give one kernel: the instrument behind
 * stop 46's reading of the 2-thread figures (issue 12).
 *
 *   clang-22 -O2 -mavx2 -mfma -Iruntime/kernels bench/kernels/core_pair.c \
 *       build/lib/libqatkernels.a -lm -lpthread -o core_pair
 *   ./core_pair [rounds] [channels size filters]
 *
 * Prints (1) the round trip of one cache line between the first two CPUs
 * this process may run on, (2) an FMA loop on registers, one core alone
 * and both at once, and (3) one AVX2 convolution window (3x3, stride 1,
 * "same"; resnet18's 64 -> 64 on 56x56 unless given) on one thread, alone
 * and on both cores at once, each core with operands of its own (no data
 * shared, no pool): minimum and median of `rounds` alternating rounds.
 * "both / alone" is how much a core slows while the other one works: with
 * the kernel at 1.25, no split of a layer over the two cores can run it
 * more than 2 / 1.25 = 1.6x faster than one core in that phase. On the
 * Zen 3 of stop 46 the round trip read 71-122 ns in most runs and 312-460
 * ns in others (the host moves the two vCPUs: a line one core wrote cost
 * the other up to ~230 ns), the window's ratio 1.02-1.25 by minima and
 * 1.04-1.92 by medians from minute to minute, the FMA loop's 1.00-1.05. */
#define _GNU_SOURCE
#include "alone.h"
#include "conv_direct.h"

#include <immintrin.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>

enum { MAX_ROUNDS = 1000, PINGS = 200000 };

static int cpus[2];

static void pin(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

/* Cache-line round trip: each side waits for the other's value. */
static _Alignas(64) atomic_int ball;

static void *pong(void *arg) {
  (void)arg;
  pin(cpus[1]);
  for (int i = 0; i < PINGS; ++i) {
    while (atomic_load(&ball) != 2 * i + 1)
      _mm_pause();
    atomic_store(&ball, 2 * i + 2);
  }
  return NULL;
}

static double round_trip_ns(void) {
  pthread_t t;
  atomic_store(&ball, 0);
  pthread_create(&t, NULL, pong, NULL);
  pin(cpus[0]);
  double t0 = now();
  for (int i = 0; i < PINGS; ++i) {
    atomic_store(&ball, 2 * i + 1);
    while (atomic_load(&ball) != 2 * i + 2)
      _mm_pause();
  }
  double t1 = now();
  pthread_join(t, NULL);
  return (t1 - t0) / PINGS * 1e9;
}

/* 10 independent FMA chains: the FMA units' rate, no memory. */
__attribute__((target("avx2,fma"))) static void fma_loop(void) {
  __m256 a[10], b = _mm256_set1_ps(0.9999999f), c = _mm256_set1_ps(1e-7f);
  for (int j = 0; j < 10; ++j)
    a[j] = _mm256_set1_ps(1.0f + j);
  for (int i = 0; i < 2000000; ++i)
#pragma GCC unroll 10
    for (int j = 0; j < 10; ++j) {
      a[j] = _mm256_fmadd_ps(a[j], b, c);
      __asm__ volatile("" : "+x"(a[j]));
    }
}

typedef struct side {
  int cpu, which; /* which: 0 the FMA loop, 1 the window */
  conv_direct_args conv;
  double t;
} side;

static pthread_barrier_t start;

static void work(side *s) {
  double t0 = now();
  if (s->which == 0)
    fma_loop();
  else if (conv2d_window_avx2(&s->conv) != 0) {
    fprintf(stderr, "core_pair: the shape is not a window\n");
    exit(1);
  }
  s->t = now() - t0;
}

static void *other_side(void *arg) {
  side *s = (side *)arg;
  pin(s->cpu);
  pthread_barrier_wait(&start);
  work(s);
  return NULL;
}

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* Min and median of n times, in ms. */
static void summary(double *t, int n, double *min, double *median) {
  qsort(t, (size_t)n, sizeof *t, by_value);
  *min = t[0] * 1e3;
  *median = t[n / 2] * 1e3;
}

static void compare(const char *name, side sides[2], int rounds) {
  static double alone[MAX_ROUNDS], both[MAX_ROUNDS];
  for (int r = 0; r < rounds; ++r) {
    pin(cpus[0]);
    work(&sides[0]);
    alone[r] = sides[0].t;
    pthread_t t;
    pthread_barrier_init(&start, NULL, 2);
    pthread_create(&t, NULL, other_side, &sides[1]);
    pthread_barrier_wait(&start);
    work(&sides[0]);
    pthread_join(t, NULL);
    pthread_barrier_destroy(&start);
    both[r] = sides[0].t > sides[1].t ? sides[0].t : sides[1].t;
  }
  double amin, amed, bmin, bmed;
  summary(alone, rounds, &amin, &amed);
  summary(both, rounds, &bmin, &bmed);
  printf("| %s | %.3f / %.3f | %.3f / %.3f | %.2f / %.2f |\n", name, amin, amed, bmin, bmed,
         bmin / amin, bmed / amed);
}

int main(int argc, char **argv) {
  int rounds = argc > 1 ? atoi(argv[1]) : 20;
  int c = argc > 4 ? atoi(argv[2]) : 64, h = argc > 4 ? atoi(argv[3]) : 56,
      f = argc > 4 ? atoi(argv[4]) : 64;
  if (rounds < 1 || rounds > MAX_ROUNDS || c < 1 || h < 1 || f < 1 || c > 4096 || h > 1024 ||
      f > 4096) {
    fprintf(stderr, "core_pair: usage: core_pair [rounds 1-%d] [channels size filters]\n",
            MAX_ROUNDS);
    return 1;
  }
  cpu_set_t set;
  int found = 0;
  if (sched_getaffinity(0, sizeof set, &set) == 0)
    for (int i = 0; i < CPU_SETSIZE && found < 2; ++i)
      if (CPU_ISSET(i, &set))
        cpus[found++] = i;
  if (found < 2) {
    fprintf(stderr, "core_pair: this process may run on one CPU only\n");
    return 1;
  }
  char cpu[128];
  cpu_name(cpu, sizeof cpu);
  printf("%s, CPUs %d and %d: cache line round trip %.0f ns\n", cpu, cpus[0], cpus[1],
         round_trip_ns());
  printf("| kernel | alone ms (min / median) | both cores ms | both / alone |\n");
  printf("|---|---:|---:|---:|\n");
  side sides[2];
  for (int k = 0; k < 2; ++k) {
    float *in = random_floats((size_t)c * h * h), *w = random_floats((size_t)f * c * 9);
    float *out = random_floats((size_t)f * h * h), *bias = random_floats((size_t)f);
    qat_epilogue *epi = malloc(sizeof *epi);
    *epi = (qat_epilogue){QAT_EPI_INIT_BIAS | QAT_EPI_CLAMP, bias, NULL, 0.0f, 1e30f};
    sides[k] = (side){cpus[k], 0, {in, w, out, c, h, h, 1, 1, f, 3, 3, h, h, 1, 1, 1, 1, 1, epi}, 0};
  }
  compare("FMA loop (registers)", sides, rounds);
  sides[0].which = sides[1].which = 1;
  char name[96];
  snprintf(name, sizeof name, "window %d -> %d on %dx%d 3x3", c, f, h, h);
  compare(name, sides, rounds);
  return 0;
}
