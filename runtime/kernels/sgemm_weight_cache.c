/*===- sgemm_weight_cache.c - packed constant A operands --------------------===*
 *
 * Packed constant operands. A model's weights are constant globals, so their
 * packed panels are made once per process and reused: packing A costs about
 * a fifth of a convolution otherwise. The layout is the concatenation over
 * KC blocks of the whole A packed in MR-row panels, so the panels of block
 * (pc, ic) start at pc * Mpad + ic * kc. Entries are keyed by the operand's
 * address, strides, shape and MR (each kernel variant has its own), kept in
 * a list under one mutex, and never freed.
 *
 *===----------------------------------------------------------------------===*/
#include "sgemm_internal.h"

#include <pthread.h>

typedef struct packed_a {
  const float *a;
  int64_t rs, cs, m, k, mr;
  float *panels;
  struct packed_a *next;
} packed_a;

static packed_a *packed_cache;
static pthread_mutex_t packed_lock = PTHREAD_MUTEX_INITIALIZER;

const float *packed_constant_a(int64_t MR, int64_t m, int64_t k, const float *a, int64_t rs,
                               int64_t cs) {
  pthread_mutex_lock(&packed_lock);
  packed_a *e = packed_cache;
  while (e && !(e->a == a && e->rs == rs && e->cs == cs && e->m == m && e->k == k &&
                e->mr == MR))
    e = e->next;
  if (!e) {
    int64_t mpad = (m + MR - 1) / MR * MR;
    float *panels = alloc_floats((size_t)(mpad * k + 16));
    e = panels ? malloc(sizeof(packed_a)) : NULL;
    if (!e) {
      free(panels);
      pthread_mutex_unlock(&packed_lock);
      return NULL;
    }
    for (int64_t pc = 0; pc < k; pc += KC)
      pack_a(MR, m, min64(KC, k - pc), a + pc * cs, rs, cs, panels + pc * mpad);
    *e = (packed_a){a, rs, cs, m, k, MR, panels, packed_cache};
    packed_cache = e;
  }
  pthread_mutex_unlock(&packed_lock);
  return e->panels;
}
