/*===- sgemm.h - packed f32 GEMM for compiled models ------------------------===*/
#ifndef QAT_RUNTIME_KERNELS_SGEMM_H
#define QAT_RUNTIME_KERNELS_SGEMM_H

#include "epilogue.h"

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* C[i*rs_c + j*cs_c] += sum_p A[i*rs_a + p*cs_a] * B[p*rs_b + j*cs_b].
 * a_constant (b_constant) != 0 promises that A's (B's) memory never changes
 * (model weights): its packed form is then cached for the life of the
 * process. The epilogue (NULL: none) is applied by the kernel's stores. */
void qat_sgemm(int64_t m, int64_t n, int64_t k, const float *a, int64_t rs_a, int64_t cs_a,
               int a_constant, const float *b, int64_t rs_b, int64_t cs_b, int b_constant, float *c,
               int64_t rs_c, int64_t cs_c, const qat_epilogue *epilogue);

/* out[b, f, oy, ox] += sum_{c, y, x} w[f, c, y, x] *
 *     in[b, g * C/G + c, oy * sh + y * dh - pad_top, ox * sw + x * dw - pad_left]
 * (g = f / (F/G), the filter's group; c < C/G) on contiguous NCHW /
 * F(C/G)HW / NFHW buffers, reading outside the input as zero (the
 * bottom/right pads follow from the output size). An implicit GEMM per
 * image and group: B panels are packed straight from the input. The
 * epilogue (NULL: none) applies per image and group, its bias one value per
 * filter and its residual in the output's layout. */
void qat_conv2d(int64_t batch, int64_t channels, int64_t height, int64_t width,
                const float *input, int64_t pad_top, int64_t pad_left, int64_t filters,
                int64_t groups, int64_t kh, int64_t kw, const float *weight,
                int weight_constant, int64_t out_h, int64_t out_w, int64_t sh, int64_t sw,
                int64_t dh, int64_t dw, float *output, const qat_epilogue *epilogue);

/* w_grad[f, c, ky, kx] = sum_{b, oy, ox} grad[b, f, oy, ox] *
 *     in[b, c, oy * sh + ky * dh - pad_top, ox * sw + kx * dw - pad_left]
 * (zero outside the input): the weight gradient of qat_conv2d, a GEMM of the
 * gradient [F, N * OH * OW] by the transposed input patches, packed straight
 * from the images. Overwrites `output` [F, C, kh, kw]. */
void qat_conv2d_weight_grad(int64_t batch, int64_t channels, int64_t height, int64_t width,
                            const float *input, int64_t pad_top, int64_t pad_left,
                            int64_t filters, int64_t kh, int64_t kw, const float *grad,
                            int64_t out_h, int64_t out_w, int64_t sh, int64_t sw, int64_t dh,
                            int64_t dw, float *output);

#ifdef __cplusplus
}
#endif

#endif
