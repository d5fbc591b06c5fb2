/*===- shape_cache.c - tables made from a layer's shape, made once ----------===*
 *
 * A list under one mutex: a model has a few shapes of each kind (resnet18's
 * windows: 7), and a lookup is a few memcmp per layer call. What the tables
 * hold is bounded; past the bound callers make their tables per call, as
 * they did before the cache.
 *
 *===----------------------------------------------------------------------===*/
#include "shape_cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

enum { QAT_SHAPE_CACHE_BYTES = 64 << 20 };

typedef struct shape_entry {
  struct shape_entry *next;
  size_t key_bytes;
  const void *table;
  unsigned char key[]; /* key_bytes of them */
} shape_entry;

static pthread_mutex_t shape_lock = PTHREAD_MUTEX_INITIALIZER;
static shape_entry *shapes;
static size_t shape_bytes;

/* Under shape_lock. */
static const void *find_locked(const void *key, size_t key_bytes) {
  for (shape_entry *e = shapes; e; e = e->next)
    if (e->key_bytes == key_bytes && memcmp(e->key, key, key_bytes) == 0)
      return e->table;
  return NULL;
}

const void *qat_shape_cache_find(const void *key, size_t key_bytes) {
  pthread_mutex_lock(&shape_lock);
  const void *table = find_locked(key, key_bytes);
  pthread_mutex_unlock(&shape_lock);
  return table;
}

const void *qat_shape_cache_put(const void *key, size_t key_bytes, void *table,
                                size_t table_bytes) {
  pthread_mutex_lock(&shape_lock);
  const void *filed = find_locked(key, key_bytes);
  shape_entry *e = NULL;
  if (!filed && shape_bytes + table_bytes + key_bytes <= QAT_SHAPE_CACHE_BYTES)
    e = malloc(sizeof(shape_entry) + key_bytes);
  if (e) {
    memcpy(e->key, key, key_bytes);
    e->key_bytes = key_bytes;
    e->table = table;
    e->next = shapes;
    shapes = e;
    shape_bytes += table_bytes + key_bytes;
    filed = table;
  }
  pthread_mutex_unlock(&shape_lock);
  if (filed && filed != table)
    free(table);
  return filed;
}
