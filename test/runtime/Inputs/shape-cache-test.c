/* The kernels' shape cache (runtime/kernels/shape_cache.c) on its own:
 * a filed table found by an equal key and by no other, a second table for a
 * filed key freed and the first one returned, two threads filing the same
 * key getting one table, and past its bound a table refused (freed, NULL). */
#include "shape_cache.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct key {
  long shape[4];
} key;

static void *table_of(size_t bytes, int value) {
  int *t = malloc(bytes);
  if (t)
    t[0] = value;
  return t;
}

static const void *race_result[2];

static void *race(void *arg) {
  int i = (int)(long)arg;
  key k = {{7, 7, 7, 7}};
  race_result[i] = qat_shape_cache_put(&k, sizeof k, table_of(64, 100 + i), 64);
  return NULL;
}

int main(void) {
  key a = {{1, 2, 3, 4}}, b = {{1, 2, 3, 5}};
  const int *filed = qat_shape_cache_put(&a, sizeof a, table_of(64, 11), 64);
  const int *found = qat_shape_cache_find(&a, sizeof a);
  printf("find after put: %s\n", filed && found == filed && found[0] == 11 ? "ok" : "WRONG");
  printf("other key: %s\n", qat_shape_cache_find(&b, sizeof b) ? "WRONG" : "not found");
  printf("shorter key: %s\n", qat_shape_cache_find(&a, sizeof a - 1) ? "WRONG" : "not found");
  const int *again = qat_shape_cache_put(&a, sizeof a, table_of(64, 12), 64);
  printf("second put: %s\n", again == filed && again[0] == 11 ? "first table" : "WRONG");

  pthread_t t[2];
  for (long i = 0; i < 2; ++i)
    pthread_create(&t[i], NULL, race, (void *)i);
  for (int i = 0; i < 2; ++i)
    pthread_join(t[i], NULL);
  key r = {{7, 7, 7, 7}};
  printf("race: %s\n", race_result[0] && race_result[0] == race_result[1] &&
                               race_result[0] == qat_shape_cache_find(&r, sizeof r)
                           ? "one table"
                           : "WRONG");

  /* 16 MB tables until one is refused (the bound is 64 MB): not filed,
   * and still the caller's to free. */
  int refused = 0, filed_big = 0;
  for (long i = 0; i < 8 && !refused; ++i) {
    key k = {{i, -1, -1, -1}};
    size_t bytes = (size_t)16 << 20;
    int *table = table_of(bytes, 0);
    if (qat_shape_cache_put(&k, sizeof k, table, bytes)) {
      ++filed_big;
    } else {
      refused = !qat_shape_cache_find(&k, sizeof k);
      free(table);
    }
  }
  printf("bound: %d filed, then %s\n", filed_big, refused ? "refused" : "WRONG");
  return 0;
}
