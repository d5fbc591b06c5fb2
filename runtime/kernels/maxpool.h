/*===- maxpool.h - 2-D max pooling for compiled models ----------------------===*/
#ifndef QAT_RUNTIME_KERNELS_MAXPOOL_H
#define QAT_RUNTIME_KERNELS_MAXPOOL_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* out[p, oy, ox] = fold over (ky, kx) of
 *     acc = (x > acc || x is NaN) ? x : acc,  x = in[p, oy*sh + ky*dh - pad_top,
 *                                                   ox*sw + kx*dw - pad_left]
 * starting from out's own value (from -inf, out not read, with
 * QAT_POOL_START_NEG_INF in flags), for every plane p of contiguous [planes,
 * H, W] / [planes, OH, OW] buffers. Positions outside the input are skipped
 * (they would hold -inf, which never replaces acc): the window generic the
 * pooling lowers to, with its -inf padding and ceil-mode windows. */
void qat_max_pool2d(int64_t planes, int64_t height, int64_t width, const float *input,
                    int64_t pad_top, int64_t pad_left, int64_t kh, int64_t kw, int64_t out_h,
                    int64_t out_w, int64_t sh, int64_t sw, int64_t dh, int64_t dw, int32_t flags,
                    float *output);

/* flags of qat_max_pool2d: the fold starts from -inf (the -inf fill the
 * pooling lowering makes, absorbed by the compiler) instead of out. */
enum { QAT_POOL_START_NEG_INF = 1 };

#ifdef __cplusplus
}
#endif

#endif
