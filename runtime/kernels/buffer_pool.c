/*===- buffer_pool.c - the compiled models' buffer allocator ---------------===*
 *
 * A compiled model allocates its intermediate buffers (memref.alloc) on every
 * call and frees them before returning. Through aligned_alloc/free that cost
 * depended on glibc's heuristics: a freed block above the dynamic mmap
 * threshold goes back to the kernel, and the next call faults every page of
 * it in again. Which blocks did depended on the heap's history (even the
 * length of the library's path): regnet_x_400mf ran in 11 ms or in 20 ms,
 * the difference being page faults in its first layers (a ReLU over 1.6 MB
 * took 1.2 ms instead of 0.03).
 *
 * finalize-memref-to-llvm{use-aligned-alloc use-generic-functions} calls
 * these two functions instead (the driver marks them as an allocator, so
 * LLVM's alias analysis still tells buffers apart). Freed blocks are kept, by size, and handed out
 * again to the next request of that size and alignment: a model's calls
 * allocate the same sizes every time, so from the second call on nothing
 * reaches malloc and no page faults. What the pool holds is bounded by
 * QAT_POOL_LIMIT bytes (beyond it blocks are freed) and given back by
 * qat_buffer_pool_trim() (qat_model_destroy calls it).
 *
 * qat_buffer_alloc_kept serves the allocations qat-zero-padding-once
 * marked: a padded layer input whose border only a zero fill wrote. Its
 * blocks are filed under their allocation site and handed back to that
 * site alone, so the border is still zero and the fill is gone from the
 * model; a new block is zeroed whole.
 *
 *===----------------------------------------------------------------------===*/
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Stored right before every buffer: what free needs to file it, and the
 * link of its bucket's free list while it is free. The allocation starts
 * `align` (>= 64) bytes before the buffer, so the buffer keeps the alignment
 * and the header fits in front of it. */
typedef struct block {
  struct block *next;
  uint64_t size, align;
  uint64_t site; /* 0, or the allocation site that alone gets it back */
} block;

/* Linked into each model library and used by it alone: not exported, so two
 * libraries in one process keep separate pools. */
#define POOL_API __attribute__((visibility("hidden")))

enum { BUCKETS = 1024 }; /* bucket_of keeps the top 10 bits of a hash */
static const uint64_t QAT_POOL_LIMIT = (uint64_t)1 << 31; /* 2 GiB cached at most */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static block *buckets[BUCKETS];
static uint64_t cached_bytes;

static unsigned bucket_of(uint64_t size, uint64_t site) {
  return (unsigned)(((size + (site << 40)) * 0x9E3779B97F4A7C15ull) >> 54);
}

static void *buffer_of(block *b) { return b + 1; }
static block *block_of(void *buffer) { return (block *)buffer - 1; }
static void release(block *b) { free((char *)buffer_of(b) - b->align); }

/* A cached block of this size, alignment and site, or a new one (null when
 * out of memory), its contents unknown. */
static block *take(uint64_t alignment, uint64_t size, uint64_t site, int *fresh) {
  uint64_t align = alignment < 64 ? 64 : alignment;
  *fresh = 0;
  pthread_mutex_lock(&lock);
  for (block **p = &buckets[bucket_of(size, site)]; *p; p = &(*p)->next) {
    block *b = *p;
    if (b->size == size && b->align == align && b->site == site) {
      *p = b->next;
      cached_bytes -= size + align;
      pthread_mutex_unlock(&lock);
      return b;
    }
  }
  pthread_mutex_unlock(&lock);
  char *raw = aligned_alloc(align, (size + 2 * align - 1) / align * align);
  if (!raw)
    return NULL;
  block *b = block_of(raw + align);
  b->size = size;
  b->align = align;
  b->site = site;
  *fresh = 1;
  return b;
}

POOL_API void *_mlir_memref_to_llvm_aligned_alloc(uint64_t alignment, uint64_t size) {
  if (alignment & (alignment - 1))
    return NULL; /* aligned_alloc's contract: a power of two */
  int fresh;
  block *b = take(alignment, size, 0, &fresh);
  return b ? buffer_of(b) : NULL;
}

POOL_API void *qat_buffer_alloc_kept(uint64_t alignment, uint64_t size, uint64_t site) {
  if (alignment & (alignment - 1))
    return NULL;
  int fresh;
  block *b = take(alignment, size, site, &fresh);
  if (!b)
    return NULL;
  if (fresh)
    memset(buffer_of(b), 0, size);
  return buffer_of(b);
}

POOL_API void _mlir_memref_to_llvm_free(void *p) {
  if (!p)
    return;
  block *b = block_of(p);
  pthread_mutex_lock(&lock);
  if (cached_bytes + b->size + b->align <= QAT_POOL_LIMIT) {
    b->next = buckets[bucket_of(b->size, b->site)];
    buckets[bucket_of(b->size, b->site)] = b;
    cached_bytes += b->size + b->align;
    pthread_mutex_unlock(&lock);
    return;
  }
  pthread_mutex_unlock(&lock);
  release(b);
}

POOL_API void qat_buffer_pool_trim(void) {
  pthread_mutex_lock(&lock);
  for (unsigned i = 0; i < BUCKETS; ++i) {
    while (buckets[i]) {
      block *b = buckets[i];
      buckets[i] = b->next;
      release(b);
    }
  }
  cached_bytes = 0;
  pthread_mutex_unlock(&lock);
}
