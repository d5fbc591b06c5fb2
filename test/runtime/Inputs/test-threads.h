/*===- test-threads.h - the kernel tests' thread count ----------------------===*
 *
 * QAT_TEST_THREADS=N installs a pool of N threads (runtime/kernels/
 * thread_pool.h) on the test's thread, as qat_model_call installs a model
 * instance's: the kernels then split their outputs over N threads, and the
 * tests' lines must be the same bits as with one.
 *
 *===----------------------------------------------------------------------===*/
#ifndef QAT_TEST_RUNTIME_TEST_THREADS_H
#define QAT_TEST_RUNTIME_TEST_THREADS_H

#include "thread_pool.h"

#include <stdio.h>
#include <stdlib.h>

/* 0, or 1 after printing why the variable is bad or the pool did not start. */
static int install_test_threads(void) {
  const char *value = getenv("QAT_TEST_THREADS");
  if (!value || !*value)
    return 0;
  int threads = atoi(value);
  qat_thread_pool *pool = threads >= 1 && threads <= 64 ? qat_thread_pool_create(threads) : NULL;
  if (!pool) {
    fprintf(stderr, "QAT_TEST_THREADS='%s': not a thread count, or no threads\n", value);
    return 1;
  }
  qat_thread_pool_install(pool); /* for the life of the test */
  fprintf(stderr, "threads %d\n", threads);
  return 0;
}

#endif
