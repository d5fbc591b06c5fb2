/*===- sgemm_pack_dense.c - vector packers of a dense B ---------------------===*
 *
 * A B with unit column stride (a pointwise convolution's input [C, H W], a
 * matrix product's right operand) packs each panel row as one contiguous run
 * of NR floats. pack_b (sgemm_pack.c) copied each run with a memcpy call
 * (128 bytes on AVX-512's 32-column panels). Here a run is NR / 16 vector
 * loads and stores of 16 floats (one zmm, or two ymm under the AVX2
 * variant): mobilenet_v2's float run (pointwise layers on 7x7-112x112
 * images) spent 8.1% of its samples in memmove and pack_dense_b, now 6.1%
 * here. The rest is the loads themselves: B is the previous layer's output,
 * mostly out of L1 and L2. The panels are pack_b's, bit for bit (a copy); a
 * partial last panel and other strides take pack_b. sgemm_dispatch.c picks
 * the variant (dense_packer).
 *
 *===----------------------------------------------------------------------===*/
#include "sgemm_internal.h"

#include <string.h>

typedef float f32x16 __attribute__((vector_size(64)));

#define LOAD16(p) ({ f32x16 x_; memcpy(&x_, (p), sizeof x_); x_; })
#define STORE16(p, x) memcpy((p), &(x), sizeof(f32x16))

/* Rows [pc, pc + kc), columns [jc, jc + nc) of B into NR-column panels. */
#define PACK_DENSE(name, TARGET)                                                           \
  TARGET void name(const b_source *src, int64_t NR, int64_t pc, int64_t kc, int64_t jc,   \
                   int64_t nc, float *bp) {                                                \
    if (src->cs != 1 || NR % 16) {                                                         \
      pack_dense_b(src, NR, pc, kc, jc, nc, bp);                                           \
      return;                                                                              \
    }                                                                                      \
    int64_t rs = src->rs;                                                                  \
    const float *b = src->b + pc * rs + jc;                                                \
    int64_t full = nc / NR * NR;                                                           \
    for (int64_t j = 0; j < full; j += NR) {                                               \
      const float *from = b + j;                                                           \
      for (int64_t k = 0; k < kc; ++k, bp += NR, from += rs)                               \
        for (int64_t c = 0; c < NR; c += 16) {                                             \
          f32x16 x = LOAD16(from + c);                                                     \
          STORE16(bp + c, x);                                                              \
        }                                                                                  \
    }                                                                                      \
    if (full < nc)                                                                         \
      pack_b(NR, kc, nc - full, b + full, rs, 1, bp);                                      \
  }

PACK_DENSE(pack_dense_b_avx512, __attribute__((target("avx512f"))))
PACK_DENSE(pack_dense_b_avx2, __attribute__((target("avx2"))))
#undef PACK_DENSE
