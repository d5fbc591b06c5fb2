/*===- shape_cache.c - tables made from a layer's shape, made once ----------===*
 *
 * A hash table of lists under one mutex: a model has a few shapes of each
 * kind (resnet18's windows: 7, shufflenet's dozens), and a lookup hashes
 * the key's words and compares the keys of one bucket. What the tables
 * hold is bounded; past the bound callers make their tables per call, as
 * they did before the cache.
 *
 *===----------------------------------------------------------------------===*/
#include "shape_cache.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { QAT_SHAPE_CACHE_BYTES = 64 << 20, BUCKETS = 256 };

typedef struct shape_entry {
  struct shape_entry *next;
  uint64_t hash;
  size_t key_bytes;
  const void *table;
  unsigned char key[]; /* key_bytes of them */
} shape_entry;

static pthread_mutex_t shape_lock = PTHREAD_MUTEX_INITIALIZER;
static shape_entry *buckets[BUCKETS];
static size_t shape_bytes;

/* FNV-1a over the key's 8-byte words, then its last bytes. */
static uint64_t hash_of(const void *key, size_t key_bytes) {
  const unsigned char *p = (const unsigned char *)key;
  uint64_t h = 0xcbf29ce484222325ull;
  size_t i = 0;
  for (; i + 8 <= key_bytes; i += 8) {
    uint64_t w;
    memcpy(&w, p + i, 8);
    h = (h ^ w) * 0x100000001b3ull;
  }
  for (; i < key_bytes; ++i)
    h = (h ^ p[i]) * 0x100000001b3ull;
  return h ^ (h >> 29);
}

/* Under shape_lock. */
static const void *find_locked(const void *key, size_t key_bytes, uint64_t hash) {
  for (shape_entry *e = buckets[hash % BUCKETS]; e; e = e->next)
    if (e->hash == hash && e->key_bytes == key_bytes && memcmp(e->key, key, key_bytes) == 0)
      return e->table;
  return NULL;
}

const void *qat_shape_cache_find(const void *key, size_t key_bytes) {
  uint64_t hash = hash_of(key, key_bytes);
  pthread_mutex_lock(&shape_lock);
  const void *table = find_locked(key, key_bytes, hash);
  pthread_mutex_unlock(&shape_lock);
  return table;
}

const void *qat_shape_cache_put(const void *key, size_t key_bytes, void *table,
                                size_t table_bytes) {
  uint64_t hash = hash_of(key, key_bytes);
  pthread_mutex_lock(&shape_lock);
  const void *filed = find_locked(key, key_bytes, hash);
  shape_entry *e = NULL;
  if (!filed && shape_bytes + table_bytes + key_bytes <= QAT_SHAPE_CACHE_BYTES)
    e = malloc(sizeof(shape_entry) + key_bytes);
  if (e) {
    memcpy(e->key, key, key_bytes);
    e->hash = hash;
    e->key_bytes = key_bytes;
    e->table = table;
    e->next = buckets[hash % BUCKETS];
    buckets[hash % BUCKETS] = e;
    shape_bytes += table_bytes + key_bytes;
    filed = table;
  }
  pthread_mutex_unlock(&shape_lock);
  if (filed && filed != table)
    free(table);
  return filed;
}
