/*===- epilogue.h - what a kernel does around its product -------------------===*/
#ifndef QAT_RUNTIME_KERNELS_EPILOGUE_H
#define QAT_RUNTIME_KERNELS_EPILOGUE_H

#include <math.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What a kernel does with its product P = A * B besides C += P. The
 * additions happen in the order of the unfused graph: start value, partial
 * sums in K order, residual; then the clamp. */
enum {
  QAT_EPI_INIT_ZERO = 1, /* C = P: C's old contents are not read */
  QAT_EPI_INIT_BIAS = 2, /* C = bias[i] + P */
  QAT_EPI_RESIDUAL = 4,  /* then C += residual (C's layout) */
  QAT_EPI_CLAMP = 8,     /* then C = min(max(C, lo), hi); NaN stays NaN */
  /* With QAT_EPI_INIT_BIAS: one bias per column of C instead. Set by the
   * runtime itself when it computes C^T (sgemm.c), not by lowered code. */
  QAT_EPI_BIAS_COLUMNS = 16,
};
typedef struct qat_epilogue {
  int32_t flags;
  const float *bias;     /* one per row of C (a convolution's filters), or
                            per column with QAT_EPI_BIAS_COLUMNS */
  const float *residual; /* same shape and strides as C */
  float lo, hi;
} qat_epilogue;

/* Whether a clamp's max(v, lo) must turn -0 into +0 (IEEE maximum, which the
 * graph's arith.maximumf is, orders -0 below +0; max_ps does not). */
static inline int qat_lo_is_plus_zero(float lo) { return lo == 0.0f && !signbit(lo); }

/* min(max(v, lo), hi) as arith.maximumf/minimumf compute it: NaN stays NaN. */
static inline float qat_clamp(float v, float lo, float hi) {
  v = v < lo ? lo : v; /* NaN compares false: kept */
  if (qat_lo_is_plus_zero(lo))
    v += 0.0f; /* -0 + +0 = +0; every other value is unchanged */
  return v > hi ? hi : v;
}

#ifdef __cplusplus
}
#endif

#endif
