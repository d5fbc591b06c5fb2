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
 * finalize-memref-to-llvm{use-generic-functions} calls these two functions
 * instead (the driver marks them as an allocator, so LLVM's alias analysis
 * still tells buffers apart). Freed blocks are kept, by size, and handed out
 * again to the next request of that size and alignment: a model's calls
 * allocate the same sizes every time, so from the second call on nothing
 * reaches malloc and no page faults. What the pool holds is bounded by
 * QAT_POOL_LIMIT bytes (beyond it blocks are freed) and given back by
 * qat_buffer_pool_trim() (qat_model_destroy calls it).
 *
 *===----------------------------------------------------------------------===*/
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/* Stored in front of every block: what free needs to file it. The header
 * takes `align` bytes, so the buffer after it keeps the alignment. */
typedef struct block {
  struct block *next; /* in its bucket's free list */
  uint64_t size, align;
} block;

/* Linked into each model library and used by it alone: not exported, so two
 * libraries in one process keep separate pools. */
#define POOL_API __attribute__((visibility("hidden")))

enum { BUCKETS = 1024 };
static const uint64_t QAT_POOL_LIMIT = (uint64_t)1 << 31; /* 2 GiB cached at most */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static block *buckets[BUCKETS];
static uint64_t cached_bytes;

static unsigned bucket_of(uint64_t size) {
  return (unsigned)((size * 0x9E3779B97F4A7C15ull) >> 54) % BUCKETS;
}

/* The header takes one alignment unit (>= 64 bytes, more than a block). */
static uint64_t header_bytes(uint64_t align) { return align; }

POOL_API void *_mlir_memref_to_llvm_aligned_alloc(uint64_t alignment, uint64_t size) {
  if (alignment & (alignment - 1))
    return NULL; /* aligned_alloc's contract: a power of two */
  uint64_t align = alignment < 64 ? 64 : alignment;
  uint64_t header = header_bytes(align);
  pthread_mutex_lock(&lock);
  for (block **p = &buckets[bucket_of(size)]; *p; p = &(*p)->next) {
    block *b = *p;
    if (b->size == size && b->align == align) {
      *p = b->next;
      cached_bytes -= size + header;
      pthread_mutex_unlock(&lock);
      return (char *)b + header;
    }
  }
  pthread_mutex_unlock(&lock);
  uint64_t total = (size + header + align - 1) / align * align;
  char *raw = aligned_alloc(align, total);
  if (!raw)
    return NULL;
  /* The header's last bytes, right before the buffer, say what it is; free
   * recomputes the allocation's start from them. */
  block *b = (block *)(raw + header - sizeof(block));
  b->size = size;
  b->align = align;
  return raw + header;
}

/* The header of buffer `p`, and where its allocation starts. */
static block *header_of(void *p, char **raw) {
  block *b = (block *)((char *)p - sizeof(block));
  *raw = (char *)p - header_bytes(b->align);
  return b;
}

POOL_API void _mlir_memref_to_llvm_free(void *p) {
  if (!p)
    return;
  char *raw;
  block *b = header_of(p, &raw);
  uint64_t bytes = b->size + header_bytes(b->align);
  pthread_mutex_lock(&lock);
  if (cached_bytes + bytes <= QAT_POOL_LIMIT) {
    /* Filed by its header: the list links live in the block's first bytes. */
    block *head = (block *)raw;
    head->size = b->size;
    head->align = b->align;
    head->next = buckets[bucket_of(b->size)];
    buckets[bucket_of(b->size)] = head;
    cached_bytes += bytes;
    pthread_mutex_unlock(&lock);
    return;
  }
  pthread_mutex_unlock(&lock);
  free(raw);
}

/* malloc-style allocation (memref.alloc without use-aligned-alloc). */
POOL_API void *_mlir_memref_to_llvm_alloc(uint64_t size) {
  return _mlir_memref_to_llvm_aligned_alloc(64, size);
}

POOL_API void qat_buffer_pool_trim(void) {
  pthread_mutex_lock(&lock);
  for (unsigned i = 0; i < BUCKETS; ++i) {
    while (buckets[i]) {
      block *b = buckets[i];
      buckets[i] = b->next;
      free(b);
    }
  }
  cached_bytes = 0;
  pthread_mutex_unlock(&lock);
}
