/* One AVX2 convolution window at a time, alone: the harness behind the
 * README's "alone on Zen 3" figures of stop 43 (runtime/kernels/
 * conv_window_avx2.c). Weights cached, bias + ReLU epilogue, the caches
 * flushed (a 16 MB write) before every call; prints the minimum over the
 * calls. Compare two kernel builds by running one binary per build
 * alternately (bench/ab.py does that on whole models).
 *
 *   clang-22 -O2 -mavx2 -mfma -Iruntime/kernels bench/kernels/window_alone.c \
 *       build/lib/libqatkernels.a -lm -lpthread -o window_alone
 *   ./window_alone [calls] [shape index]
 */
#include "alone.h"
#include "conv_direct.h"


int main(int argc, char **argv) {
  /* channels, image size, filters, window, stride, padding: resnet18's
   * layers and the pointwise and stem shapes the README names. */
  static const struct {
    int c, h, f, k, s, p;
  } shapes[] = {{64, 56, 64, 3, 1, 1},   {128, 28, 128, 3, 1, 1}, {256, 14, 256, 3, 1, 1},
                {512, 7, 512, 3, 1, 1},  {64, 56, 128, 3, 2, 1},  {256, 14, 512, 3, 2, 1},
                {3, 224, 64, 7, 2, 3},   {64, 56, 128, 1, 2, 0},  {960, 7, 320, 1, 1, 0},
                {3, 224, 16, 3, 2, 1},   {16, 112, 8, 1, 1, 0},   {16, 14, 32, 3, 1, 1}};
  int calls = argc > 1 ? atoi(argv[1]) : 30, only = argc > 2 ? atoi(argv[2]) : -1;
  char cpu[128];
  cpu_name(cpu, sizeof cpu);
  printf("%s, one thread, min of %d calls, caches flushed\n", cpu, calls);
  for (int i = 0; i < (int)(sizeof shapes / sizeof shapes[0]); ++i) {
    if (only >= 0 && only != i)
      continue;
    int c = shapes[i].c, h = shapes[i].h, f = shapes[i].f, k = shapes[i].k, s = shapes[i].s,
        p = shapes[i].p, oh = (h + 2 * p - k) / s + 1;
    float *in = random_floats((size_t)c * h * h), *w = random_floats((size_t)f * c * k * k);
    float *out = random_floats((size_t)f * oh * oh), *bias = random_floats((size_t)f);
    qat_epilogue epi = {QAT_EPI_INIT_BIAS | QAT_EPI_CLAMP, bias, NULL, 0.0f, 1e30f};
    conv_direct_args a = {in, w, out, c, h, h, p, p, f, k, k, oh, oh, s, s, 1, 1, 1, &epi};
    double best = 1e9;
    for (int r = 0; r < calls; ++r) {
      flush_caches();
      double t = now();
      if (conv2d_window_avx2(&a) != 0) {
        printf("%d: not a window\n", i);
        break;
      }
      t = now() - t;
      best = t < best ? t : best;
    }
    double macs = (double)f * oh * oh * c * k * k;
    printf("%2d: %4d -> %4d on %3dx%-3d %dx%d/%d: %.4f ms %.1f GMAC/s\n", i, c, f, h, h, k, k, s,
           best * 1e3, macs / best * 1e-9);
    free(in);
    free(w);
    free(out);
    free(bias);
  }
  return 0;
}
