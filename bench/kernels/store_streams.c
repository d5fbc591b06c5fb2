/* How fast one core writes a layer's output by the order of its stores:
 * the measure behind stop 46's tile-row orders (sgemm_blocked.c's
 * in_place_rows, conv_window_avx2.c's window_rows).
 *
 *   clang-22 -O2 -mavx2 -Ibench/kernels bench/kernels/store_streams.c -o store_streams
 *   ./store_streams [planes size rounds]
 *
 * Writes `planes` NCHW planes of size x size floats (96 x 112 x 112, 4.8
 * MB, by default: a 16 -> 96 pointwise layer's output) from memory (caches
 * flushed before each write), in the orders a kernel can store them:
 *   panels      16 floats of every plane, then the next 16 (a GEMM tile
 *               loop over all rows of C per panel: one stream per plane)
 *   tile rows   6 planes along a chunk of 2048 columns, then the next 6
 *   whole rows  6 planes along the whole plane
 *   NCHW8c      8 planes interleaved per position (onnxruntime's layout):
 *               planes / 8 streams
 * and prints each order's minimum over the rounds, in ms and GB/s. On the
 * Zen 3 of stop 46, over several runs: panels 6-14 GB/s, tile rows 17-26,
 * whole rows 23-34, NCHW8c 16-26. */
#include "alone.h"

#include <immintrin.h>

enum { TILE_ROWS = 6, CHUNK = 2048, LANES = 16 };

/* A chunk of `cols` columns from `q0` of rows [f0, f0 + rows): row by row
 * inside each 16 columns, the order a 6 x 16 tile stores. */
__attribute__((target("avx2"))) static void store_tiles(float *out, int64_t n, int64_t f0,
                                                        int64_t rows, int64_t q0, int64_t cols) {
  __m256 v = _mm256_set1_ps(1.0f);
  for (int64_t q = q0; q < q0 + cols && q < n; q += LANES)
    for (int64_t r = 0; r < rows; ++r) {
      float *o = out + (f0 + r) * n + q;
      _mm256_storeu_ps(o, v);
      _mm256_storeu_ps(o + 8, v);
    }
}

/* The panels order: every plane's 16 columns, then the next 16. */
static void panels(float *out, int64_t planes, int64_t n) {
  for (int64_t q = 0; q < n; q += LANES)
    store_tiles(out, n, 0, planes, q, LANES);
}

/* TILE_ROWS planes at a time along `chunk` columns. */
static void tile_rows(float *out, int64_t planes, int64_t n, int64_t chunk) {
  for (int64_t q0 = 0; q0 < n; q0 += chunk)
    for (int64_t f0 = 0; f0 < planes; f0 += TILE_ROWS)
      store_tiles(out, n, f0, planes - f0 < TILE_ROWS ? planes - f0 : TILE_ROWS, q0, chunk);
}

/* NCHW8c: per block of 8 planes, 8 floats per position. */
__attribute__((target("avx2"))) static void blocked(float *out, int64_t planes, int64_t n) {
  __m256 v = _mm256_set1_ps(1.0f);
  for (int64_t q = 0; q < n; q += LANES)
    for (int64_t b = 0; b < planes / 8; ++b)
      for (int64_t j = q; j < q + LANES && j < n; ++j)
        _mm256_storeu_ps(out + (b * n + j) * 8, v);
}

int main(int argc, char **argv) {
  int64_t planes = argc > 3 ? atoll(argv[1]) : 96, size = argc > 3 ? atoll(argv[2]) : 112;
  int rounds = argc > 3 ? atoi(argv[3]) : 20;
  if (planes < 8 || planes % 8 || size < 4 || size > 4096 || planes > 4096 || rounds < 1) {
    fprintf(stderr, "store_streams: usage: store_streams [planes (a multiple of 8) size rounds]\n");
    return 1;
  }
  int64_t n = size * size;
  float *out = random_floats((size_t)(planes * n));
  const char *names[] = {"panels", "tile rows", "whole rows", "NCHW8c"};
  double best[4] = {1e9, 1e9, 1e9, 1e9};
  for (int r = 0; r < rounds; ++r)
    for (int o = 0; o < 4; ++o) {
      flush_caches();
      double t = now();
      if (o == 0)
        panels(out, planes, n);
      else if (o == 3)
        blocked(out, planes, n);
      else
        tile_rows(out, planes, n, o == 1 ? CHUNK : n);
      /* The stores are the point: keep them (the buffer is freed unread). */
      __asm__ volatile("" : : "r"(out) : "memory");
      t = now() - t;
      best[o] = t < best[o] ? t : best[o];
    }
  char cpu[128];
  cpu_name(cpu, sizeof cpu);
  printf("%s, one thread: %lld planes of %lldx%lld floats (%.1f MB), min of %d rounds, caches "
         "flushed\n",
         cpu, (long long)planes, (long long)size, (long long)size, planes * n * 4e-6, rounds);
  printf("| order | ms | GB/s |\n|---|---:|---:|\n");
  for (int o = 0; o < 4; ++o)
    printf("| %s | %.3f | %.1f |\n", names[o], best[o] * 1e3, planes * n * 4 / best[o] * 1e-9);
  free(out);
  return 0;
}
