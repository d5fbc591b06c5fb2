/*===- epilogue.h - what a kernel does around its product -------------------===*/
#ifndef QAT_RUNTIME_KERNELS_EPILOGUE_H
#define QAT_RUNTIME_KERNELS_EPILOGUE_H

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
};
typedef struct qat_epilogue {
  int32_t flags;
  const float *bias;     /* one per row of C (a convolution's filters) */
  const float *residual; /* same shape and strides as C */
  float lo, hi;
} qat_epilogue;

#ifdef __cplusplus
}
#endif

#endif
