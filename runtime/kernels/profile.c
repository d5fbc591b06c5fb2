/*===- profile.c - per-layer timers of a library built with --profile -----===*/
#include "profile.h"

#include <string.h>
#include <time.h>

/* Layer ids are dense, from 0; a model has at most a few thousand nodes. */
enum { kMaxLayers = 1 << 14 };
static int64_t total[kMaxLayers], entries[kMaxLayers];
static int32_t running = -1, seen = 0;
static int64_t since;

static int64_t now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

void qat_prof_mark(int32_t layer) {
  int64_t t = now();
  if (running >= 0)
    total[running] += t - since;
  running = layer >= 0 && layer < kMaxLayers ? layer : -1;
  if (running >= 0) {
    ++entries[running];
    if (running >= seen)
      seen = running + 1;
  }
  since = t;
}

void qat_profile_reset(void) {
  memset(total, 0, sizeof total);
  memset(entries, 0, sizeof entries);
}

int32_t qat_profile_read(int64_t *nanoseconds, int64_t *counts, int32_t n) {
  for (int32_t i = 0; i < n && i < kMaxLayers; ++i) {
    nanoseconds[i] = total[i];
    counts[i] = entries[i];
  }
  return seen;
}
