/*===- conv_window.c - the geometry of convolutions read in place -----------===*
 *
 * conv_window.h: the runs' planes, steps and panels every window variant
 * shares. Scalar code: it runs once per call, the tiles do the work.
 *
 *===----------------------------------------------------------------------===*/
#include "conv_window.h"
#include "split_row_avx2.h"
#include "thread_pool.h"

#include <stdlib.h>

window_panel window_panel_at(const conv_direct_args *a, const window_source *src, int64_t p) {
  int64_t lanes = src->lanes;
  if (src->flat) {
    int64_t q = lanes * p;
    return (window_panel){q / a->out_w, q % a->out_w, q, q,
                          min64(lanes, a->out_h * a->out_w - q)};
  }
  int64_t oh = p / src->per_row, ow = p % src->per_row * lanes;
  return (window_panel){oh, ow, oh * src->cols + ow, oh * a->out_w + ow,
                        min64(lanes, a->out_w - ow)};
}

/* The four phase planes of each channel of the input, [C][2][2][rows][cols]
 * with rows = ceil(height / 2), cols = out_w >= ceil(width / 2): plane (py,
 * px) row i holds input row 2 i + py's columns 2 j + px, zeros past the
 * input. One pass over the input, over the rows of the parities no tap
 * reads not at all (bit p of `parities`: a 1x1 window reads the even rows
 * only), their planes left unwritten, and likewise the planes of a column
 * parity no tap reads (bit p of `columns`). */
typedef struct phase_split {
  const conv_direct_args *a;
  window_row_splitter split;
  float *planes;
  int64_t rows, cols;
  int parities, columns; /* columns: bit p, some tap reads columns of parity p */
} phase_split;

/* Rows [i0, i1) of the split, row i being row i / C of channel i % C:
 * copies, the same bits on any thread. Cut by rows across the channels, a
 * thread splits the rows its part of the output reads (the windows cut by
 * panels of output rows) and that its part of the previous layer wrote;
 * cut by channels (a stem's 3 were 2 and 1 on 2 threads) a third to a half
 * of what each thread read came from the other core's cache. */
static void split_rows(void *ctx, int64_t i0, int64_t i1) {
  const phase_split *s = (const phase_split *)ctx;
  const conv_direct_args *a = s->a;
  int64_t evens = (a->width + 1) / 2, odds = a->width / 2, cols = s->cols,
          plane = s->rows * cols;
  /* The columns of a parity no tap reads (a 1x1 window's odd ones) go to
   * a row of scratch, not into their planes (nor are those zeroed):
   * alone, 1x1/2 layers 0.94-1.0 of the time; without the scratch (no
   * memory) both planes are written. */
  float *scratch =
      s->columns != 3 ? (float *)malloc((size_t)(evens + 8) * sizeof(float)) : NULL;
  for (int64_t i = i0; i < i1; ++i) {
    int64_t c = i % a->channels, y = i / a->channels;
    if (!(s->parities >> (y % 2) & 1))
      continue;
    float *even = s->planes + c * 4 * plane + (y % 2 * 2) * plane + y / 2 * cols,
          *odd = even + plane;
    if (scratch && !(s->columns & 1))
      even = scratch;
    if (scratch && !(s->columns & 2))
      odd = scratch;
    int64_t filled = 0, filled_odd = 0;
    if (y < a->height) {
      s->split(a->in + (c * a->height + y) * a->width, a->width, even, odd);
      filled = evens;
      filled_odd = odds;
    }
    if (even != scratch)
      for (int64_t j = filled; j < cols; ++j)
        even[j] = 0.0f;
    if (odd != scratch)
      for (int64_t j = filled_odd; j < cols; ++j)
        odd[j] = 0.0f;
  }
  free(scratch);
}

/* Over the threads when the input is large enough to repay waking them:
 * on one thread the split was the serial part of resnet18's stride-2
 * layers (~0.9% of a 2-thread run, all of it on the calling thread). */
static void split_phases(const conv_direct_args *a, window_row_splitter split, float *planes,
                         int64_t rows, int64_t cols, int parities, int columns) {
  phase_split s = {a, split, planes, rows, cols, parities, columns};
  if (qat_threads_for(a->channels * a->height * a->width, QAT_PARALLEL_MIN_TAPS) > 1)
    qat_parallel_range(0, a->channels * 2 * rows, 1, split_rows, &s);
  else
    split_rows(&s, 0, a->channels * 2 * rows);
}

/* The runs of `a` at stride 1 (the input itself) or 2 (its phase planes,
 * written to `*split`, which the caller frees). */
static int window_planes(const conv_direct_args *a, window_source *src, float **split,
                         window_row_splitter splitter) {
  *split = NULL;
  int64_t stride = a->sh;
  if (a->sw != stride || stride > 2 || a->kh * a->kw > MAX_TAPS)
    return 1;
  /* Runs go on across output rows when a plane row is as long as an output
   * row: at stride 1 when the input's rows are (same padding); at stride 2
   * the phase planes are made that long when they then still hold every
   * input column the output reads (2 out_w >= width: same padding gives
   * out_w = ceil(width / 2)). Otherwise (valid padding) panels run inside
   * output rows. */
  src->flat = stride == 1 ? a->out_w == a->width : 2 * a->out_w >= a->width;
  src->planes = a->in;
  src->rows = a->height;
  src->cols = a->width;
  src->channel = a->height * a->width;
  if (stride == 2) {
    src->rows = (a->height + 1) / 2;
    src->cols = src->flat ? a->out_w : (a->width + 1) / 2;
    src->channel = 4 * src->rows * src->cols;
  }
  src->per_row = (a->out_w + src->lanes - 1) / src->lanes;
  int parities = 0, columns = 0; /* bit p: some tap reads rows, columns of parity p */
  for (int64_t ky = 0; ky < a->kh; ++ky)
    for (int64_t kx = 0; kx < a->kw; ++kx) {
      int64_t t = ky * a->kw + kx, r = ky * a->dh - a->pt, e = kx * a->dw - a->pl;
      src->dy[t] = stride == 1 ? r : half_floor(r);
      src->dx[t] = stride == 1 ? e : half_floor(e);
      src->phase[t] = stride == 1 ? 0
                                  : ((r - 2 * src->dy[t]) * 2 + e - 2 * src->dx[t]) *
                                        src->rows * src->cols;
      if (stride == 2) { /* at stride 1 dy = r: no parities (and no negative shifts) */
        parities |= 1 << (r - 2 * src->dy[t]);
        columns |= 1 << (e - 2 * src->dx[t]);
      }
    }
  if (stride == 2) {
    *split = alloc_floats((size_t)(a->channels * src->channel));
    if (!*split)
      return 1;
    split_phases(a, splitter, *split, src->rows, src->cols, parities, columns);
    src->planes = *split;
  }
  return 0;
}

int window_plan_make(const conv_direct_args *a, int64_t MR, int64_t lanes,
                     window_row_splitter split, int even, window_plan *plan) {
  *plan = (window_plan){0};
  plan->src.lanes = lanes;
  plan->taps = a->kh * a->kw;
  plan->k = a->channels * plan->taps;
  if (window_planes(a, &plan->src, &plan->split, split) != 0)
    return 1;
  const window_source *src = &plan->src;
  int64_t k = plan->k, taps = plan->taps;
  plan->panels = src->flat ? (a->out_h * a->out_w + lanes - 1) / lanes
                           : a->out_h * src->per_row;
  plan->mpad = (a->filters + MR - 1) / MR * MR;
  plan->ap = !a->weight_constant ? NULL
             : even             ? packed_constant_a_even(MR, a->filters, k, a->w, k, 1)
                                : packed_constant_a(MR, a->filters, k, a->w, k, 1);
  if (!plan->ap) {
    plan->own = alloc_floats((size_t)(plan->mpad * k));
    if (plan->own && even)
      pack_a_even(MR, a->filters, k, a->w, k, 1, plan->own);
    else if (plan->own)
      pack_a_blocks(MR, a->filters, k, a->w, k, 1, plan->own);
    plan->ap = plan->own;
  }
  plan->steps = malloc((size_t)k * sizeof(window_step));
  if (!plan->ap || !plan->steps) {
    window_plan_free(plan);
    return 1;
  }
  /* Per channel its taps (no divisions: this runs on the calling thread
   * before the job). */
  for (int64_t c = 0, i = 0; c < a->channels; ++c)
    for (int64_t t = 0; t < taps; ++t, ++i)
      plan->steps[i] = (window_step){c * src->channel + src->phase[t] +
                                         src->dy[t] * src->cols + src->dx[t],
                                     t};
  return 0;
}

void window_plan_free(window_plan *plan) {
  free(plan->steps);
  free_floats(plan->own);
  free_floats(plan->split);
  *plan = (window_plan){0};
}
