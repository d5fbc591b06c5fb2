/*===- conv_winograd.c - which 3x3 convolutions go by F(2x2, 3x3), and how --===*
 *
 * The driver of conv_winograd.h: the weights' transform (cached for
 * constant weights with the GEMM's packed operands), the cut into units,
 * each range's scratch (allocated before any output is written, so a
 * failure leaves the output untouched for the next route).
 *
 *===----------------------------------------------------------------------===*/
#include "conv_winograd.h"
#include "isa.h"
#include "thread_pool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* -1: not read yet (a kernel test that never called qat_winograd_init
 * reads the environment on first use). */
static int enabled = -1;

/* QAT_WINOGRAD's value: 1 on, 0 off (unset or empty too), -1 neither. */
static int winograd_setting(void) {
  const char *value = getenv("QAT_WINOGRAD");
  if (!value || !*value || strcmp(value, "0") == 0)
    return 0;
  return strcmp(value, "1") == 0 ? 1 : -1;
}

int qat_winograd_init(char *error, unsigned long size) {
  int e = winograd_setting();
  if (e < 0) {
    snprintf(error, size, "QAT_WINOGRAD='%.32s' is not 0 or 1", getenv("QAT_WINOGRAD"));
    return 1;
  }
  __atomic_store_n(&enabled, e, __ATOMIC_RELAXED);
  return 0;
}

static int winograd_enabled(void) {
  int e = __atomic_load_n(&enabled, __ATOMIC_RELAXED);
  if (e < 0) {
    e = winograd_setting() == 1;
    __atomic_store_n(&enabled, e, __ATOMIC_RELAXED);
  }
  return e;
}

void winograd_transform_weights(int64_t MR, int64_t filters, int64_t channels, const float *w,
                                float *u) {
  int64_t panels = (filters + MR - 1) / MR;
  memset(u, 0, sizeof(float) * WINOGRAD_XI * panels * MR * channels);
  for (int64_t f = 0; f < filters; ++f)
    for (int64_t c = 0; c < channels; ++c) {
      const float *g = w + (f * channels + c) * 9;
      float gg[4][3], t[4][4]; /* G g, then (G g) G^T */
      for (int x = 0; x < 3; ++x) {
        gg[0][x] = g[x];
        gg[1][x] = (g[x] + g[3 + x] + g[6 + x]) * 0.5f;
        gg[2][x] = (g[x] - g[3 + x] + g[6 + x]) * 0.5f;
        gg[3][x] = g[6 + x];
      }
      for (int y = 0; y < 4; ++y) {
        t[y][0] = gg[y][0];
        t[y][1] = (gg[y][0] + gg[y][1] + gg[y][2]) * 0.5f;
        t[y][2] = (gg[y][0] - gg[y][1] + gg[y][2]) * 0.5f;
        t[y][3] = gg[y][2];
      }
      for (int xi = 0; xi < WINOGRAD_XI; ++xi)
        u[((xi * panels + f / MR) * channels + c) * MR + f % MR] = t[xi / 4][xi % 4];
    }
}

int conv2d_winograd_takes(const conv_direct_args *a) {
  if (qat_isa() < QAT_ISA_AVX2 || !winograd_enabled())
    return 0;
  if (a->kh != 3 || a->kw != 3 || a->sh != 1 || a->sw != 1 || a->dh != 1 || a->dw != 1 ||
      a->pt < 0 || a->pl < 0 || a->out_h <= 0 || a->out_w <= 0)
    return 0;
  /* The same choice at every level (the same bits): two AVX-512 blocks of
   * tiles or more, and a U that stays in a core's L2 while the blocks pass
   * over it (filters x channels x 16 floats, at most 512 KB). Each block
   * reads all of U: with 1.08 MB (resnet18's 128 -> 128 on 28x28) it
   * streamed from the L3 once per block, 1.07-1.28x the windows' time
   * in-model on 2 threads in a slow phase (0.94-0.96x in a quiet one);
   * cutting such layers by filters instead (each thread half of U, every
   * block) read the input rows the other thread wrote: 1.2-1.5x. With 4.3
   * MB (256 -> 256 on 14x14, 49 tiles: two blocks, 30% of their lanes
   * empty) 1.1-1.6x. Fewer than 64 channels make each of the 16 products
   * per block too short for its 24 stores (squeezenet1_1's 16 -> 64 on
   * 55x55 and 32 -> 128 on 27x27 took the whole model from 2.77 to 3.14
   * ms on 2 threads). */
  int64_t tiles = ((a->out_h + 1) / 2) * ((a->out_w + 1) / 2);
  return a->channels >= 64 && a->filters >= 16 && tiles >= 64 &&
         a->channels * a->filters <= WINOGRAD_MAX_U_FLOATS / WINOGRAD_XI;
}

static void winograd_range(void *ctx, int64_t r) {
  const winograd_job *j = (const winograd_job *)ctx;
  int64_t u0, u1;
  qat_share(j->blocks * j->groups, 1, j->ranges, r, &u0, &u1);
  if (u0 < u1)
    j->units(j, u0, u1, j->scratch + r * j->scratch_floats);
}

int conv2d_winograd(const conv_direct_args *a) {
  if (!conv2d_winograd_takes(a))
    return 1;
  int avx512 = qat_isa() >= QAT_ISA_AVX512;
  int64_t MR = avx512 ? WINOGRAD_MR_AVX512 : WINOGRAD_MR_AVX2;
  int64_t NR = avx512 ? WINOGRAD_NR_AVX512 : WINOGRAD_NR_AVX2;
  winograd_job job = {.a = a,
                      .tiles_h = (a->out_h + 1) / 2,
                      .tiles_w = (a->out_w + 1) / 2,
                      .groups = 1,
                      .ranges = 1,
                      .units = avx512 ? winograd_units_avx512 : winograd_units_avx2};
  job.tiles = job.tiles_h * job.tiles_w;
  job.blocks = (job.tiles + NR - 1) / NR;
  job.panels = (a->filters + MR - 1) / MR;
  int64_t threads = qat_threads_for(a->filters * a->out_h * a->out_w * a->channels * 9,
                                    QAT_PARALLEL_MIN_MACS);
  if (threads > 1) {
    job.ranges = threads;
    /* Units enough for every thread to get several: blocks, cut further
     * by groups of filter panels when the image has few (each group
     * transforms its block's inputs again). */
    int64_t want = 8 * threads;
    if (job.blocks < want)
      job.groups = min64(min64(4, job.panels), (want + job.blocks - 1) / job.blocks);
  }
  float *own = NULL;
  if (a->weight_constant)
    job.u = packed_constant_winograd(MR, a->filters, a->channels, a->w);
  else {
    own = alloc_floats((size_t)(WINOGRAD_XI * job.panels * MR * a->channels));
    if (own)
      winograd_transform_weights(MR, a->filters, a->channels, a->w, own);
    job.u = own;
  }
  job.scratch_floats = winograd_scratch_floats(a->channels, MR, NR);
  job.scratch = alloc_floats((size_t)(job.ranges * job.scratch_floats));
  if (!job.u || !job.scratch) {
    free_floats(own);
    free_floats(job.scratch);
    return 1;
  }
  qat_parallel_for(job.ranges, winograd_range, &job);
  free_floats(own);
  free_floats(job.scratch);
  return 0;
}
