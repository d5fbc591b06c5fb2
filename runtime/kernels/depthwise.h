/*===- depthwise.h - depthwise 2-D convolution for compiled models ----------===*/
#ifndef QAT_RUNTIME_KERNELS_DEPTHWISE_H
#define QAT_RUNTIME_KERNELS_DEPTHWISE_H

#include "epilogue.h"

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* out[b, c, oy, ox] (+)= sum_{y, x} w[c, y, x] *
 *     in[b, c, oy * sh + y * dh - pad_top, ox * sw + x * dw - pad_left]
 * on contiguous NCHW / CHW / NCHW buffers (one filter per channel), reading
 * outside the input as zero; the epilogue's bias has one value per channel,
 * its residual the output's layout (NULL epilogue: accumulate into out). */
void qat_depthwise_conv2d(int64_t batch, int64_t channels, int64_t height, int64_t width,
                          const float *input, int64_t pad_top, int64_t pad_left, int64_t kh,
                          int64_t kw, const float *weight, int64_t out_h, int64_t out_w,
                          int64_t sh, int64_t sw, int64_t dh, int64_t dw, float *output,
                          const qat_epilogue *epilogue);

#ifdef __cplusplus
}
#endif

#endif
