/* What the bench/kernels harnesses share: a monotonic clock, random
 * operands, the CPU's name, and a cache flush between calls. */
#ifndef QAT_BENCH_KERNELS_ALONE_H
#define QAT_BENCH_KERNELS_ALONE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

/* n floats in [-0.5, 0.5], 64-byte aligned. */
static float *random_floats(size_t n) {
  float *p = aligned_alloc(64, (n * sizeof(float) + 63) / 64 * 64);
  for (size_t i = 0; i < n; ++i)
    p[i] = (float)rand() / (float)RAND_MAX - 0.5f;
  return p;
}

/* /proc/cpuinfo's model name, for the tables. */
static void cpu_name(char *name, size_t size) {
  snprintf(name, size, "unknown CPU");
  FILE *f = fopen("/proc/cpuinfo", "r");
  char line[256];
  while (f && fgets(line, sizeof line, f))
    if (strncmp(line, "model name", 10) == 0 && strchr(line, ':')) {
      snprintf(name, size, "%s", strchr(line, ':') + 2);
      name[strcspn(name, "\n")] = 0;
      break;
    }
  if (f)
    fclose(f);
}

/* Writes 16 MB (more than the L2 and most of an L3 slice): the next
 * call's operands come from memory, as a layer's do a model run later. */
static void flush_caches(void) {
  static float *junk;
  if (!junk)
    junk = random_floats(4 << 20);
  for (int j = 0; j < (4 << 20); j += 16)
    junk[j] += 1.0f;
}

#endif
