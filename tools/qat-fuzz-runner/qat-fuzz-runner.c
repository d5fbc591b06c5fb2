/*===- qat-fuzz-runner.c - libFuzzer target for the --emit=exe readers -----===*
 *
 * runtime/runner/tensor_reader.c (the .npy and TensorProto readers linked
 * into `qat-compile --emit=exe` executables) on arbitrary bytes: either a
 * tensor whose data matches its shape and dtype or one error line; never
 * crash, hang, leak or trip a sanitizer. Built with -DQAT_FUZZ=ON (and
 * QAT_SANITIZE).
 *
 *===----------------------------------------------------------------------===*/
#include "runtime/runner/tensor_reader.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  qat_runner_tensor t;
  char error[1024] = "";
  if (qat_runner_parse_tensor("<fuzz>", (const char *)data, size, &t, error, sizeof error)) {
    if (!error[0] || strchr(error, '\n') || t.data) {
      fprintf(stderr, "reader failed without exactly one error line: '%s'\n", error);
      abort();
    }
    return 0;
  }
  int64_t count = qat_runner_element_count(t.shape, t.rank);
  size_t element = qat_runner_dtype_size(t.dtype);
  if (!t.data || !element || count < 0 || t.bytes != (uint64_t)count * element) {
    fprintf(stderr, "reader decoded %zu bytes of %s with %lld elements\n", t.bytes,
            qat_runner_dtype_name(t.dtype), (long long)count);
    abort();
  }
  free(t.data);
  return 0;
}
