/*===- tensor_reader.h - the --emit=exe runner's tensors and readers -------===*
 *
 * The dtype table of runtime/qat_model.h and readers of ONNX TensorProto .pb
 * and NumPy .npy tensors, decoded by hand: executables made by
 * `qat-compile --emit=exe` need nothing but libc. Split from qat_runner.c so
 * that the readers never exit (a libFuzzer target, tools/qat-fuzz-runner,
 * calls them on arbitrary bytes): every failure returns -1 with ONE line
 * (no newline, no program name) in the caller's buffer and frees whatever
 * it allocated.
 *
 * Symbols are prefixed qat_runner_: they are linked into one executable with
 * the model and the kernels.
 *
 *===----------------------------------------------------------------------===*/
#ifndef QAT_RUNTIME_RUNNER_TENSOR_READER_H
#define QAT_RUNTIME_RUNNER_TENSOR_READER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum { QAT_RUNNER_MAX_RANK = 16 };

typedef struct qat_runner_tensor {
  int32_t dtype; /* enum qat_dtype */
  int32_t rank;
  int64_t shape[QAT_RUNNER_MAX_RANK];
  char *data;    /* malloc'ed, elements * qat_runner_dtype_size(dtype) bytes */
  size_t bytes;
} qat_runner_tensor;

/* Bytes per element of a supported dtype; 0 otherwise. */
size_t qat_runner_dtype_size(int32_t dtype);
/* NumPy descr ("<f4", "|u1"), or NULL for bfloat16 and unsupported dtypes. */
const char *qat_runner_npy_descr(int32_t dtype);
/* NumPy-style name ("float32"), or "unsupported dtype". */
const char *qat_runner_dtype_name(int32_t dtype);
/* "[2,3]" into out (cut to `size`); "[]" for a scalar. */
void qat_runner_shape_string(const int64_t *shape, int32_t rank, char *out, size_t size);
/* Elements of a shape, or -1 on a negative dimension or overflow. */
int64_t qat_runner_element_count(const int64_t *shape, int32_t rank);

/* Decodes `size` bytes: a .npy if they start with NumPy's magic, else a
 * TensorProto (external data is not supported). `what` names the source in
 * the error line. Returns 0 and fills `t` (free t->data), or -1 with the
 * error in `error` (and t->data NULL). */
int qat_runner_parse_tensor(const char *what, const char *bytes, size_t size,
                            qat_runner_tensor *t, char *error, size_t errorSize);
/* The same on the contents of the file `path`. */
int qat_runner_read_tensor(const char *path, qat_runner_tensor *t, char *error,
                           size_t errorSize);

#ifdef __cplusplus
}
#endif

#endif /* QAT_RUNTIME_RUNNER_TENSOR_READER_H */
