/* The random draws of the kernel tests (conv-test.c, depthwise-test.c): a
 * xorshift generator, so that every run and every ISA level draws the same
 * cases. Each test seeds it (rng_state) before its first draw. */
#ifndef QAT_TEST_RUNTIME_RANDOM_CASES_H
#define QAT_TEST_RUNTIME_RANDOM_CASES_H

static unsigned long long rng_state = 88172645463325252ull;

static unsigned next(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return (unsigned)(rng_state >> 11);
}

/* Uniform in [lo, hi]. */
static int pick(int lo, int hi) { return lo + (int)(next() % (unsigned)(hi - lo + 1)); }

#endif
