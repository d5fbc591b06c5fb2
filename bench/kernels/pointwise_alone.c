/* Pointwise convolutions alone, through qat_sgemm (the route a compiled
 * model takes: the packed GEMM, or the AVX2 window where sgemm.c's
 * pointwise_route sends it) and through conv2d_window_avx2 directly: the
 * harness behind the README's "pointwise through qat_sgemm" figures of
 * stop 43. Constant weights, bias + clamp epilogue, the caches flushed
 * before every call; the minimum over the calls, and whether both routes
 * give the same bits.
 *
 *   clang-22 -O2 -mavx2 -mfma -Iruntime/kernels bench/kernels/pointwise_alone.c \
 *       build/lib/libqatkernels.a -lm -lpthread -o pointwise_alone
 *   QAT_ISA=avx2 ./pointwise_alone [calls]
 */
#include "alone.h"
#include "conv_direct.h"
#include "sgemm.h"


int main(int argc, char **argv) {
  /* input channels, image size, filters: mobilenet_v2's and mnasnet0_5's
   * projections and expansions, 7x7 to 112x112. */
  static const struct {
    int c, h, f;
  } shapes[] = {{160, 7, 960}, {960, 7, 160},  {320, 7, 1280}, {960, 7, 320},
                {96, 14, 576}, {576, 14, 96},  {384, 14, 64},  {64, 14, 384},
                {144, 56, 24}, {24, 56, 144},  {16, 112, 8},   {8, 112, 24}};
  int calls = argc > 1 ? atoi(argv[1]) : 30;
  char cpu[128];
  cpu_name(cpu, sizeof cpu);
  printf("%s, one thread, min of %d calls, caches flushed (ms)\n", cpu, calls);
  for (int i = 0; i < (int)(sizeof shapes / sizeof shapes[0]); ++i) {
    int c = shapes[i].c, h = shapes[i].h, f = shapes[i].f, n = h * h;
    float *in = random_floats((size_t)c * n), *w = random_floats((size_t)f * c);
    float *window = random_floats((size_t)f * n), *gemm = random_floats((size_t)f * n);
    float *bias = random_floats((size_t)f);
    qat_epilogue epi = {QAT_EPI_INIT_BIAS | QAT_EPI_CLAMP, bias, NULL, 0.0f, 6.0f};
    conv_direct_args a = {in, w, window, c, h, h, 0, 0, f, 1, 1, h, h, 1, 1, 1, 1, 1, &epi};
    double best_window = 1e9, best_gemm = 1e9;
    for (int r = 0; r < calls; ++r) {
      flush_caches();
      double t = now();
      conv2d_window_avx2(&a);
      t = now() - t;
      best_window = t < best_window ? t : best_window;
      flush_caches();
      t = now();
      qat_sgemm(f, n, c, w, c, 1, 1, in, n, 1, 0, gemm, n, 1, &epi);
      t = now() - t;
      best_gemm = t < best_gemm ? t : best_gemm;
    }
    int same = memcmp(window, gemm, (size_t)f * n * sizeof(float)) == 0;
    printf("%4d -> %4d on %3dx%-3d: window %.3f  qat_sgemm %.3f  %s\n", c, f, h, h,
           best_window * 1e3, best_gemm * 1e3, same ? "same bits" : "DIFFERENT BITS");
    free(in);
    free(w);
    free(window);
    free(gemm);
    free(bias);
  }
  return 0;
}
