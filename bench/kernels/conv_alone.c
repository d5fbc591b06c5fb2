/* One qat_conv2d at a time, alone (any route, the one the library picks):
 * the harness behind stop 50's "alone" figures (the stem, resnet18's
 * 64 -> 64 on 56x56, 128 -> 128 on 28x28, 256 -> 256 on 14x14). Bias +
 * ReLU epilogue; `copies` weight tensors used in turn (their packed forms
 * cached apart: 20 copies of 2.4 MB put a layer's weights beyond the L3,
 * as in a model run); prints the minimum and the mean of the second half
 * of the calls. Compare kernel builds by linking one binary per archive
 * and running them alternately.
 *
 *   clang-22 -O2 -march=native -Iruntime/kernels bench/kernels/conv_alone.c \
 *       build/lib/libqatkernels.a -lm -lpthread -o conv_alone
 *   ./conv_alone C H F K S P calls flush [threads] [copies]
 *   ./conv_alone 3 224 64 7 2 3 200 0 2      # the stem on 2 threads
 */
#include "alone.h"
#include "epilogue.h"
#include "sgemm.h"
#include "thread_pool.h"

int main(int argc, char **argv) {
  if (argc < 9) {
    fprintf(stderr, "usage: conv_alone C H F K S P calls flush [threads] [copies]\n");
    return 1;
  }
  int c = atoi(argv[1]), h = atoi(argv[2]), f = atoi(argv[3]), k = atoi(argv[4]),
      s = atoi(argv[5]), p = atoi(argv[6]), calls = atoi(argv[7]), flush = atoi(argv[8]);
  int threads = argc > 9 ? atoi(argv[9]) : 1, copies = argc > 10 ? atoi(argv[10]) : 1;
  int oh = (h + 2 * p - k) / s + 1;
  if (c < 1 || h < 1 || f < 1 || k < 1 || s < 1 || p < 0 || oh < 1 || calls < 2 || threads < 1 ||
      copies < 1) {
    fprintf(stderr, "conv_alone: bad shape or counts\n");
    return 1;
  }
  size_t weights = (size_t)f * c * k * k;
  float *in = random_floats((size_t)c * h * h), *w = random_floats(weights * copies);
  float *out = random_floats((size_t)f * oh * oh), *bias = random_floats((size_t)f);
  qat_epilogue epi = {QAT_EPI_INIT_BIAS | QAT_EPI_CLAMP, bias, NULL, 0.0f, 1e30f};
  qat_thread_pool *pool = qat_thread_pool_create(threads);
  qat_thread_pool_install(pool);
  double best = 1e9, late = 0.0;
  for (int r = 0; r < calls; ++r) {
    if (flush)
      flush_caches();
    double t = now();
    qat_conv2d(1, c, h, h, in, p, p, f, 1, k, k, w + (size_t)(r % copies) * weights, 1, oh, oh,
               s, s, 1, 1, out, &epi);
    t = now() - t;
    best = t < best ? t : best;
    if (r >= calls / 2)
      late += t;
  }
  char cpu[128];
  cpu_name(cpu, sizeof cpu);
  double macs = (double)f * oh * oh * c * k * k;
  printf("%s: %d -> %d on %dx%d, %dx%d/%d, %d thread(s), flush %d, %d weight copies: min %.4f ms "
         "(%.1f GMAC/s), mean of the second half %.4f ms\n",
         cpu, c, f, h, h, k, k, s, threads, flush, copies, best * 1e3, macs / best * 1e-9,
         late / (calls - calls / 2) * 1e3);
  qat_thread_pool_install(NULL);
  qat_thread_pool_destroy(pool);
  return 0;
}
