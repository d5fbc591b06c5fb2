/*===- conv_window.h - what the windows of every ISA share ------------------===*
 *
 * A convolution read in place (a "window", conv_window_avx512.c) is the
 * GEMM's tile over the cached weight panels with its B operand read from
 * the input: per reduction step k = (c, ky, kx) one run of consecutive
 * outputs' inputs. Where the runs lie (the input's own planes at stride 1,
 * four phase planes per channel at stride 2), where each step's run starts
 * and how the outputs fall into panels does not depend on the ISA; that is
 * here (conv_window.c). Each variant adds its masks and tiles: 12 filters
 * x 32 outputs on AVX-512 (conv_window_avx512.c), 6 x 16 on AVX2
 * (conv_window_avx2.c).
 *
 *===----------------------------------------------------------------------===*/
#ifndef QAT_RUNTIME_KERNELS_CONV_WINDOW_H
#define QAT_RUNTIME_KERNELS_CONV_WINDOW_H

#include "conv_direct.h"
#include "sgemm_internal.h"

/* One reduction step: where its run starts, relative to the panel's first
 * output position, and its tap (ky kw + kx), which picks the masks. */
typedef struct window_step {
  int64_t offset, tap;
} window_step;

/* Where the runs are read: planes of rows x cols values; tap t reads, for
 * output (oh, ow), value (oh + dy[t], ow + dx[t]) of its channel's plane at
 * phase[t] (zero outside the plane). At stride 1 the planes are the
 * input's own; at stride 2 each channel's input is split into four phase
 * planes (even or odd rows x even or odd columns), in which a tap's window
 * is again a stride-1 shift. */
typedef struct window_source {
  const float *planes;
  int64_t rows, cols, channel; /* channel: floats from one channel's planes to the next */
  int64_t dy[MAX_TAPS], dx[MAX_TAPS], phase[MAX_TAPS];
  int64_t lanes; /* outputs per panel: the tile's width */
  /* Panels of `lanes` consecutive outputs across rows (cols == out_w), or,
   * when the planes are wider than the output rows (valid padding), per
   * output row: per_row panels each, the last one short. */
  int flat;
  int64_t per_row;
} window_source;

/* Panel p: its first output (oh, ow), where its outputs start in a plane
 * of the output (qout) and its runs in the planes (qin), how many it has. */
typedef struct window_panel {
  int64_t oh, ow, qin, qout, nr;
} window_panel;

SGEMM_HIDDEN window_panel window_panel_at(const conv_direct_args *a, const window_source *src,
                                          int64_t p);

/* Splits one input row of `width` values: even columns to `even`, odd ones
 * to `odd` (each variant's vector code). */
typedef void (*window_row_splitter)(const float *src, int64_t width, float *even, float *odd);

/* Everything a window's tiles read: the runs' source, the steps in K order
 * (c, ky, kx) as the GEMM's im2col rows, and the weights as the GEMM's
 * MR-row A panels per K block (cached when constant, else packed into
 * `own`). */
typedef struct window_plan {
  window_source src;
  window_step *steps;
  const float *ap;
  int64_t k, taps, panels, mpad;
  float *split, *own; /* freed by window_plan_free */
} window_plan;

/* With `even`, the weights' panels are pack_a_even's (the filters dealt
 * to them as evenly as can be). 0, or 1 when the shape is not one the windows take (stride other than 1
 * or 2, or unequal) or there is no memory. */
SGEMM_HIDDEN int window_plan_make(const conv_direct_args *a, int64_t MR, int64_t lanes,
                                  window_row_splitter split, int even, window_plan *plan);
SGEMM_HIDDEN void window_plan_free(window_plan *plan);

#endif
