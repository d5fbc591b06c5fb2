/*===- shape_cache.h - tables made from a layer's shape, made once ----------===*
 *
 * Some kernels make tables from their layer's shape alone before they
 * compute (the AVX-512 windows' lane masks per panel and tap). A model calls
 * the same shapes on every run, so the tables are made once per process and
 * looked up by the bytes of a key struct (zero it before filling it: padding
 * bytes are compared too).
 *
 *===----------------------------------------------------------------------===*/
#ifndef QAT_RUNTIME_KERNELS_SHAPE_CACHE_H
#define QAT_RUNTIME_KERNELS_SHAPE_CACHE_H

#include <stddef.h>

/* The table filed under `key` (`key_bytes` long), or NULL. */
__attribute__((visibility("hidden"))) const void *qat_shape_cache_find(const void *key,
                                                                      size_t key_bytes);

/* Files `table` (malloc'd, `table_bytes` long) under a copy of `key` and
 * returns the table now filed there: `table`, or one filed meanwhile by
 * another thread (then `table` is freed). NULL when out of memory or when
 * the cache already holds QAT_SHAPE_CACHE_BYTES: `table` is then still the
 * caller's, to use and free. Filed tables are never freed. */
__attribute__((visibility("hidden"))) const void *
qat_shape_cache_put(const void *key, size_t key_bytes, void *table, size_t table_bytes);

#endif
