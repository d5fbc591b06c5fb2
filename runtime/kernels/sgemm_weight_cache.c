/*===- sgemm_weight_cache.c - packed constant operands ----------------------===*
 *
 * Packed constant operands. A model's weights are constant globals, so their
 * packed panels are made once per process and reused: packing A costs about
 * a fifth of a convolution otherwise. A constant A is the concatenation over
 * KC blocks of the whole A packed in MR-row panels, so the panels of block
 * (pc, ic) start at pc * Mpad + ic * kc; a constant B (the weights of a
 * fully connected layer, x W^T) likewise in NR-column panels, block (pc, jc)
 * at pc * Npad + jc * kc. Entries are keyed by the operand's side, address,
 * strides, shape and panel width (each kernel variant has its own), kept in
 * a hash table of lists by address under one mutex, and never freed: a
 * grouped convolution looks its weights up once per group (regnet_x_400mf
 * makes ~450 lookups a run, which one list walked ~200 entries deep each).
 *
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include "conv_winograd.h"
#include "sgemm_internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <sys/mman.h>

typedef struct packed_operand {
  int side; /* 'A', 'E' (A in even panels), 'B' or 'W' (Winograd's U) */
  const float *x;
  int64_t rs, cs, rows, k, width;
  float *panels;
  struct packed_operand *next;
} packed_operand;

enum { BUCKETS = 1024 };
static packed_operand *packed_cache[BUCKETS];
static pthread_mutex_t packed_lock = PTHREAD_MUTEX_INITIALIZER;

/* The packed panels live in arenas of 2 MB pages (madvise: Linux's
 * transparent huge pages are often enabled on request only). A model's
 * packed weights are read once per run, all of them (resnet18: 46 MB), and
 * in 4 KB pages that is ~11,000 pages per run, three times what the
 * second-level TLB holds: a page walk every 4 KB of weights. Entries are
 * never freed, so the arenas only grow; a block larger than an arena gets
 * one of its own. Under packed_lock. */
enum { HUGE_PAGE = 2 << 20, ARENA_BYTES = 8 * HUGE_PAGE };
static char *arena_next, *arena_end;

static float *arena_floats(size_t count) {
  size_t bytes = (count * sizeof(float) + 63) & ~(size_t)63;
  if (bytes > (size_t)(arena_end - arena_next)) {
    size_t size = bytes > ARENA_BYTES ? (bytes + HUGE_PAGE - 1) & ~(size_t)(HUGE_PAGE - 1)
                                      : ARENA_BYTES;
    char *arena = aligned_alloc(HUGE_PAGE, size);
    if (!arena)
      return NULL;
#ifdef MADV_HUGEPAGE
    madvise(arena, size, MADV_HUGEPAGE);
#endif
    if (bytes > ARENA_BYTES) /* its own; the current arena keeps its room */
      return (float *)arena;
    arena_next = arena;
    arena_end = arena + size;
  }
  float *p = (float *)arena_next;
  arena_next += bytes;
  return p;
}

/* `rows` are A's rows (B's columns); (rs, cs) step along them and along K. */
static const float *packed_constant(int side, int64_t width, int64_t rows, int64_t k,
                                    const float *x, int64_t rs, int64_t cs) {
  uintptr_t key = (uintptr_t)x;
  packed_operand **bucket = &packed_cache[(key >> 6 ^ key >> 16) % BUCKETS];
  pthread_mutex_lock(&packed_lock);
  packed_operand *e = *bucket;
  while (e && !(e->side == side && e->x == x && e->rs == rs && e->cs == cs && e->rows == rows &&
                e->k == k && e->width == width))
    e = e->next;
  if (!e) {
    int64_t pad = (rows + width - 1) / width * width;
    float *panels = arena_floats((size_t)(pad * k + 16));
    e = panels ? malloc(sizeof(packed_operand)) : NULL;
    if (!e) { /* the panels stay in the arena, unused */
      pthread_mutex_unlock(&packed_lock);
      return NULL;
    }
    if (side == 'A')
      pack_a_blocks(width, rows, k, x, rs, cs, panels);
    else if (side == 'E')
      pack_a_even(width, rows, k, x, rs, cs, panels);
    else if (side == 'W')
      winograd_transform_weights(width, rows, k / WINOGRAD_XI, x, panels);
    else
      for (int64_t pc = 0; pc < k; pc += KC)
        pack_b(width, min64(KC, k - pc), rows, x + pc * cs, cs, rs, panels + pc * pad);
    *e = (packed_operand){side, x, rs, cs, rows, k, width, panels, *bucket};
    *bucket = e;
  }
  pthread_mutex_unlock(&packed_lock);
  return e->panels;
}

const float *packed_constant_a(int64_t MR, int64_t m, int64_t k, const float *a, int64_t rs,
                               int64_t cs) {
  return packed_constant('A', MR, m, k, a, rs, cs);
}

const float *packed_constant_a_even(int64_t MR, int64_t m, int64_t k, const float *a,
                                    int64_t rs, int64_t cs) {
  return packed_constant('E', MR, m, k, a, rs, cs);
}

const float *packed_constant_winograd(int64_t MR, int64_t filters, int64_t channels,
                                     const float *w) {
  return packed_constant('W', MR, filters, WINOGRAD_XI * channels, w, channels * 9, 1);
}

const float *packed_constant_b(int64_t NR, int64_t n, int64_t k, const float *b, int64_t rs,
                               int64_t cs) {
  /* B's rows run along K: its (rs, cs) are the (K, column) steps. */
  return packed_constant('B', NR, n, k, b, cs, rs);
}
