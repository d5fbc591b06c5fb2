/*===- sgemm.h - packed f32 GEMM for compiled models ------------------------===*/
#ifndef QAT_RUNTIME_KERNELS_SGEMM_H
#define QAT_RUNTIME_KERNELS_SGEMM_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* C[i*rs_c + j*cs_c] += sum_p A[i*rs_a + p*cs_a] * B[p*rs_b + j*cs_b].
 * a_constant != 0 promises that A's memory never changes (model weights):
 * its packed form is then cached for the life of the process. */
void qat_sgemm(int64_t m, int64_t n, int64_t k, const float *a, int64_t rs_a, int64_t cs_a,
               int a_constant, const float *b, int64_t rs_b, int64_t cs_b, float *c,
               int64_t rs_c, int64_t cs_c);

#ifdef __cplusplus
}
#endif

#endif
