/* runtime/kernels/buffer_pool.c on its own: the alignment of every block,
 * reuse of a freed block by the next request of its size, no reuse across sizes or
 * alignments, trimming, blocks kept for an allocation site (zeroed when new,
 * back to that site alone with their contents), and two threads allocating
 * and freeing at once with each block's contents checked (a block handed out
 * twice would show). */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

void *_mlir_memref_to_llvm_aligned_alloc(uint64_t alignment, uint64_t size);
void _mlir_memref_to_llvm_free(void *p);
void qat_buffer_pool_trim(void);
void *qat_buffer_alloc_kept(uint64_t alignment, uint64_t size, uint64_t site);

static int failures;
#define EXPECT(cond, ...)                                                                          \
  do {                                                                                             \
    if (!(cond)) {                                                                                 \
      printf("FAILED: " __VA_ARGS__);                                                              \
      printf("\n");                                                                                \
      ++failures;                                                                                  \
    }                                                                                              \
  } while (0)

static void *worker(void *arg) {
  unsigned seed = (unsigned)(uintptr_t)arg;
  enum { LIVE = 16 };
  unsigned char *live[LIVE] = {0};
  uint64_t sizes[LIVE] = {0};
  for (int i = 0; i < 20000; ++i) {
    seed = seed * 1103515245u + 12345u;
    int slot = (seed >> 8) % LIVE;
    if (live[slot]) {
      unsigned char tag = (unsigned char)(uintptr_t)live[slot];
      for (uint64_t k = 0; k < sizes[slot]; ++k)
        if (live[slot][k] != tag) {
          EXPECT(0, "block %p overwritten while live", (void *)live[slot]);
          break;
        }
      _mlir_memref_to_llvm_free(live[slot]);
      live[slot] = 0;
    } else {
      sizes[slot] = 64 * (1 + (seed >> 16) % 8);
      live[slot] = _mlir_memref_to_llvm_aligned_alloc(64, sizes[slot]);
      memset(live[slot], (unsigned char)(uintptr_t)live[slot], sizes[slot]);
    }
  }
  for (int s = 0; s < LIVE; ++s)
    _mlir_memref_to_llvm_free(live[s]);
  return 0;
}

int main(void) {
  const uint64_t aligns[] = {1, 8, 16, 64, 128, 4096};
  const uint64_t sizes[] = {0, 1, 100, 1 << 20, (1 << 24) + 3};
  for (unsigned a = 0; a < sizeof aligns / sizeof *aligns; ++a)
    for (unsigned s = 0; s < sizeof sizes / sizeof *sizes; ++s) {
      uint64_t want = aligns[a] < 64 ? 64 : aligns[a];
      char *p = _mlir_memref_to_llvm_aligned_alloc(aligns[a], sizes[s]);
      EXPECT(p && (uintptr_t)p % want == 0, "align %llu size %llu: %p", (unsigned long long)aligns[a],
             (unsigned long long)sizes[s], (void *)p);
      if (p)
        memset(p, 1, sizes[s]);
      _mlir_memref_to_llvm_free(p);
    }
  printf("alignment: ok\n");
  void *bad = _mlir_memref_to_llvm_aligned_alloc(48, 100);
  EXPECT(!bad, "alignment 48 accepted");
  _mlir_memref_to_llvm_free(bad);
  _mlir_memref_to_llvm_free(0);

  qat_buffer_pool_trim();
  void *a = _mlir_memref_to_llvm_aligned_alloc(64, 1000);
  _mlir_memref_to_llvm_free(a);
  void *b = _mlir_memref_to_llvm_aligned_alloc(64, 1000);
  printf("same size after free: %s\n", a == b ? "reused" : "new");
  void *c = _mlir_memref_to_llvm_aligned_alloc(64, 1000);
  EXPECT(c != b, "one block handed out twice");
  _mlir_memref_to_llvm_free(c);
  void *d = _mlir_memref_to_llvm_aligned_alloc(64, 2000);
  EXPECT(d != c, "a 1000-byte block served a 2000-byte request");
  void *e = _mlir_memref_to_llvm_aligned_alloc(4096, 1000);
  EXPECT(e != c && (uintptr_t)e % 4096 == 0, "a 64-aligned block served a 4096-aligned request");
  _mlir_memref_to_llvm_free(b);
  _mlir_memref_to_llvm_free(d);
  _mlir_memref_to_llvm_free(e);
  qat_buffer_pool_trim();

  unsigned char *k = qat_buffer_alloc_kept(64, 1024, 7);
  int zero = 1;
  for (int i = 0; i < 1024; ++i)
    zero &= k[i] == 0;
  EXPECT(zero, "a new kept block is not zeroed");
  memset(k + 100, 5, 10); /* what the site writes (its interior) */
  _mlir_memref_to_llvm_free(k);
  void *plain = _mlir_memref_to_llvm_aligned_alloc(64, 1024);
  EXPECT(plain != k, "site 7's block served a plain allocation");
  unsigned char *other = qat_buffer_alloc_kept(64, 1024, 8);
  EXPECT(other != k && other[100] == 0, "site 7's block served site 8");
  unsigned char *again = qat_buffer_alloc_kept(64, 1024, 7);
  EXPECT(again == k && again[100] == 5 && again[99] == 0 && again[110] == 0,
         "site 7 did not get its block back as it left it");
  printf("kept blocks: %s\n", failures ? "FAILED" : "ok");
  _mlir_memref_to_llvm_free(plain);
  _mlir_memref_to_llvm_free(other);
  _mlir_memref_to_llvm_free(again);
  qat_buffer_pool_trim();

  pthread_t t[2];
  for (int i = 0; i < 2; ++i)
    pthread_create(&t[i], 0, worker, (void *)(uintptr_t)(i + 1));
  for (int i = 0; i < 2; ++i)
    pthread_join(t[i], 0);
  qat_buffer_pool_trim();
  printf("threads: %s\n", failures ? "FAILED" : "ok");
  return failures != 0;
}
