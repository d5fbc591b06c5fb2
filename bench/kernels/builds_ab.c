/* Two (or more) builds of the runtime kernels in one process, called in
 * turn on the same operands: the harness behind stop 44's "alternating
 * builds in one process" figures. On a shared machine whose speed moves
 * within seconds, alternating call by call is the comparison that holds;
 * bench/ab.py does the same on whole models, process by process.
 *
 * Each build is a shared object made from a kernels archive (the one of the
 * build, or bench/ab.py's of a revision), keeping the entry points used:
 *
 *   clang-22 -shared -o old.so -Wl,-u,qat_sgemm -Wl,-u,qat_max_pool2d \
 *       -Wl,-u,qat_depthwise_conv2d old/libqatkernels.a -lm -lpthread
 *   clang-22 -O2 -Iruntime/kernels bench/kernels/builds_ab.c -ldl -lm -o builds_ab
 *   echo "pointwise 24 8 12544" | ./builds_ab 40 0 old.so new.so
 *
 * Arguments: calls per build, 1 to flush the caches before every call (0:
 * warm), the builds. Lines on stdin, one shape each:
 *   pointwise F K N        qat_sgemm: F x K constant weights by a K x N dense
 *                          input, bias + clamp epilogue (a 1x1 convolution)
 *   pool C H K S P OH      qat_max_pool2d of C planes H x H, window K x K,
 *                          stride S, padding P, output OH x OH
 *   depthwise C H K S      qat_depthwise_conv2d, "same" padding K / 2, bias
 *                          + clamp epilogue
 * Prints each build's minimum in ms, the last build's over the first's, and
 * whether every build gave the first's bits. */
#include "alone.h"
#include "depthwise.h"
#include "maxpool.h"
#include "sgemm.h"

#include <dlfcn.h>

enum { MAX_BUILDS = 8 };

typedef void (*sgemm_fn)(int64_t, int64_t, int64_t, const float *, int64_t, int64_t, int,
                         const float *, int64_t, int64_t, int, float *, int64_t, int64_t,
                         const qat_epilogue *);
typedef void (*pool_fn)(int64_t, int64_t, int64_t, const float *, int64_t, int64_t, int64_t,
                        int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int32_t,
                        float *);
typedef void (*depthwise_fn)(int64_t, int64_t, int64_t, int64_t, const float *, int64_t, int64_t,
                             int64_t, int64_t, const float *, int64_t, int64_t, int64_t, int64_t,
                             int64_t, int64_t, float *, const qat_epilogue *);

typedef struct build {
  sgemm_fn sgemm;
  pool_fn pool;
  depthwise_fn depthwise;
} build;

/* One shape: the operands every build reads, and its call. */
typedef struct shape {
  char kind[16];
  int a[6];
  float *in, *w, *bias;
  size_t out_floats;
} shape;

static void call(const build *b, const shape *s, float *out) {
  qat_epilogue epi = {QAT_EPI_INIT_BIAS | QAT_EPI_CLAMP, s->bias, NULL, 0.0f, 6.0f};
  const int *a = s->a;
  if (strcmp(s->kind, "pointwise") == 0)
    b->sgemm(a[0], a[2], a[1], s->w, a[1], 1, 1, s->in, a[2], 1, 0, out, a[2], 1, &epi);
  else if (strcmp(s->kind, "pool") == 0)
    b->pool(a[0], a[1], a[1], s->in, a[4], a[4], a[2], a[2], a[5], a[5], a[3], a[3], 1, 1,
            QAT_POOL_START_NEG_INF, out);
  else {
    int p = a[2] / 2, oh = (a[1] + 2 * p - a[2]) / a[3] + 1;
    b->depthwise(1, a[0], a[1], a[1], s->in, p, p, a[2], a[2], s->w, oh, oh, a[3], a[3], 1, 1,
                 out, &epi);
  }
}

int main(int argc, char **argv) {
  if (argc < 4 || argc - 3 > MAX_BUILDS) {
    fprintf(stderr, "usage: builds_ab CALLS FLUSH build.so... < shapes\n");
    return 1;
  }
  int calls = atoi(argv[1]), flush = atoi(argv[2]), builds = argc - 3;
  build b[MAX_BUILDS];
  for (int i = 0; i < builds; ++i) {
    void *h = dlopen(argv[3 + i], RTLD_NOW | RTLD_LOCAL);
    if (!h) {
      fprintf(stderr, "builds_ab: %s\n", dlerror());
      return 1;
    }
    b[i] = (build){(sgemm_fn)dlsym(h, "qat_sgemm"), (pool_fn)dlsym(h, "qat_max_pool2d"),
                   (depthwise_fn)dlsym(h, "qat_depthwise_conv2d")};
    if (!b[i].sgemm || !b[i].pool || !b[i].depthwise) {
      fprintf(stderr, "builds_ab: %s lacks an entry point (link it with -u for each)\n",
              argv[3 + i]);
      return 1;
    }
  }
  char cpu[128];
  cpu_name(cpu, sizeof cpu);
  printf("%s, one thread, min of %d calls per build, %s\n", cpu, calls,
         flush ? "caches flushed" : "warm");
  shape s;
  char line[256];
  while (fgets(line, sizeof line, stdin)) {
    memset(&s, 0, sizeof s);
    int n = sscanf(line, "%15s %d %d %d %d %d %d", s.kind, &s.a[0], &s.a[1], &s.a[2], &s.a[3],
                   &s.a[4], &s.a[5]);
    const int *a = s.a;
    size_t in_floats, w_floats, bias_floats;
    if (strcmp(s.kind, "pointwise") == 0 && n == 4) {
      in_floats = (size_t)a[1] * a[2], w_floats = (size_t)a[0] * a[1], bias_floats = a[0];
      s.out_floats = (size_t)a[0] * a[2];
    } else if (strcmp(s.kind, "pool") == 0 && n == 7) {
      in_floats = (size_t)a[0] * a[1] * a[1], w_floats = 1, bias_floats = 1;
      s.out_floats = (size_t)a[0] * a[5] * a[5];
    } else if (strcmp(s.kind, "depthwise") == 0 && n == 5) {
      int p = a[2] / 2, oh = (a[1] + 2 * p - a[2]) / a[3] + 1;
      in_floats = (size_t)a[0] * a[1] * a[1], w_floats = (size_t)a[0] * a[2] * a[2];
      bias_floats = a[0], s.out_floats = (size_t)a[0] * oh * oh;
    } else {
      fprintf(stderr, "builds_ab: not a shape: %s", line);
      return 1;
    }
    s.in = random_floats(in_floats), s.w = random_floats(w_floats),
    s.bias = random_floats(bias_floats);
    float *out[MAX_BUILDS];
    double best[MAX_BUILDS];
    for (int i = 0; i < builds; ++i)
      out[i] = random_floats(s.out_floats), best[i] = 1e9;
    for (int r = 0; r < calls; ++r)
      for (int i = 0; i < builds; ++i) {
        if (flush)
          flush_caches();
        double t = now();
        call(&b[i], &s, out[i]);
        t = now() - t;
        best[i] = t < best[i] ? t : best[i];
      }
    int same = 1;
    for (int i = 1; i < builds; ++i)
      same &= memcmp(out[0], out[i], s.out_floats * sizeof(float)) == 0;
    line[strcspn(line, "\n")] = 0;
    printf("%-28s", line);
    for (int i = 0; i < builds; ++i)
      printf(" %.4f", best[i] * 1e3);
    printf(" ms  %.3f  %s\n", best[builds - 1] / best[0], same ? "same bits" : "DIFFERENT BITS");
    free(s.in), free(s.w), free(s.bias);
    for (int i = 0; i < builds; ++i)
      free(out[i]);
  }
  return 0;
}
