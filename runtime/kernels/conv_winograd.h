/*===- conv_winograd.h - 3x3 convolutions by Winograd's F(2x2, 3x3) ---------===*
 *
 * A 3x3 convolution at stride 1 computes each 2x2 block of outputs ("tile")
 * from the 4x4 block of inputs under it as
 *
 *   Y = A^T [ sum_c (G g_fc G^T) .* (B^T d_c B) ] A
 *
 * (Lavin and Gray, "Fast Algorithms for Convolutional Neural Networks",
 * 2015): 16 products per tile and channel instead of 36, the sum over
 * channels one GEMM per position xi of the 4x4 transform,
 *   M_xi[f, t] = sum_c U_xi[f, c] V_xi[c, t],
 * U = G g G^T the weights' transform (made once for constant weights), V =
 * B^T d B the inputs'. B^T and A^T hold only 0 and +-1, G also +-1/2: the
 * transforms are a few additions (one rounding each) and exact halvings,
 * so the error over the direct sum is those extra roundings (conv.test
 * bounds it against a double-precision reference; on resnet18 ~1e-6 of
 * the outputs' range).
 *
 * The bits are not the direct convolution's: the sums run in another order.
 * They are the same at every ISA level that takes the shape (AVX-512 and
 * AVX2: the transforms are the same additions, the GEMM the same FMA chain
 * per element in channel order) and on every thread count (a tile's outputs
 * are computed by the same code whoever computes them). It is opt-in:
 * QAT_WINOGRAD=1 in the environment turns it on (in resnet18 on 2 threads
 * it was not faster than the windows: README, Performance).
 *
 * Work is cut into units of (block of NR tiles, group of filter panels);
 * each unit transforms its block's inputs (conv_winograd_block.h, per
 * ISA), runs its panels' 16 GEMM tiles each and transforms them back into
 * the output with the epilogue.
 *
 *===----------------------------------------------------------------------===*/
#ifndef QAT_RUNTIME_KERNELS_CONV_WINOGRAD_H
#define QAT_RUNTIME_KERNELS_CONV_WINOGRAD_H

#include "conv_direct.h"
#include "sgemm_internal.h"

/* Positions xi of the 4x4 transform; the most U floats the route takes
 * (512 KB: conv2d_winograd_takes). */
enum { WINOGRAD_XI = 16, WINOGRAD_MAX_U_FLOATS = 128 << 10 };

/* Each variant's micro-kernel tile: filters (MR) x tiles (NR). */
enum { WINOGRAD_MR_AVX512 = 12, WINOGRAD_NR_AVX512 = 32, WINOGRAD_MR_AVX2 = 6,
       WINOGRAD_NR_AVX2 = 16 };

/* What every unit of one call reads. */
typedef struct winograd_job {
  const conv_direct_args *a;
  const float *u; /* [xi][panel][channel][MR]: the weights' transform */
  int64_t tiles_h, tiles_w, tiles, blocks, panels, groups;
  int64_t ranges;
  float *scratch; /* per range: winograd_scratch_floats(channels, MR, NR) */
  int64_t scratch_floats;
  void (*units)(const struct winograd_job *j, int64_t u0, int64_t u1, float *scratch);
} winograd_job;

/* Floats from one position's V [channel][NR] to the next: a cache line
 * more than its size. At exactly channels x NR (8 KB at 64 channels, 32 KB
 * at 256) the 16 positions' stores of one tile column fall into one L1
 * set, more than its ways. */
static inline int64_t winograd_v_stride(int64_t channels, int64_t NR) {
  return channels * NR + 16;
}

/* One range's scratch: a block's input transform V [xi][channel][NR]
 * (positions winograd_v_stride apart) and a panel's 16 GEMM tiles
 * [xi][MR][NR]. */
static inline int64_t winograd_scratch_floats(int64_t channels, int64_t MR, int64_t NR) {
  return WINOGRAD_XI * (winograd_v_stride(channels, NR) + MR * NR);
}

/* The units [u0, u1) of job j (unit = block * groups + group: a range's
 * units share their blocks' input transforms), on the
 * calling thread, in `scratch` (conv_winograd_block.h). */
SGEMM_HIDDEN void winograd_units_avx512(const winograd_job *j, int64_t u0, int64_t u1,
                                        float *scratch);
SGEMM_HIDDEN void winograd_units_avx2(const winograd_job *j, int64_t u0, int64_t u1,
                                      float *scratch);

/* U = G g G^T of weights w [filters][channels][3][3] into u
 * [xi][panel][channel][MR], the panels' rows past `filters` zero. */
SGEMM_HIDDEN void winograd_transform_weights(int64_t MR, int64_t filters, int64_t channels,
                                             const float *w, float *u);

/* Reads QAT_WINOGRAD (qat_model_create calls it, as qat_isa_init): 0, or
 * 1 with a one-line reason in `error` when the value is neither 0 nor 1
 * (the setting then stays what it was). */
SGEMM_HIDDEN int qat_winograd_init(char *error, unsigned long size);

/* Whether conv2d_winograd takes a's shape at the current ISA level and
 * QAT_WINOGRAD setting (pointers unread). */
SGEMM_HIDDEN int conv2d_winograd_takes(const conv_direct_args *a);

/* The convolution by F(2x2, 3x3), split over the threads itself: 0 when it
 * computed it, 1 when the shape is not one it takes or memory ran out
 * (nothing written). */
SGEMM_HIDDEN int conv2d_winograd(const conv_direct_args *a);

#endif
