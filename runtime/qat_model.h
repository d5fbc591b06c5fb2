/*===- qat_model.h - the C ABI of a model compiled by qat-compile ----------===*
 *
 * A library made by `qat-compile model.onnx -o libmodel.so` exports exactly
 * these functions. Tensors are dense, row-major, and owned by the caller.
 *
 * Thread safety: the metadata functions are pure. qat_model_run may be called
 * concurrently on *different* instances; one instance runs one call at a
 * time (it owns scratch memory and its threads).
 *
 * Threads: each instance owns a pool of worker threads (threads - 1 of
 * them, started by create, joined by destroy) over which a call splits its
 * convolutions, GEMMs, depthwise layers and poolings by output ranges. Every
 * output is computed by the same code in the same order on any thread
 * count: the results are the same bits as on one thread.
 *
 *===----------------------------------------------------------------------===*/
#ifndef QAT_MODEL_H
#define QAT_MODEL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* 2: qat_model_create_error; QAT_ISA read by qat_model_create.
 * 3: several functions per library (qat_model_num_functions, ..._call).
 * 4: qat_function_info.updates: outputs that update an input in place.
 * 5: qat_model_create_with_options (threads); qat_model_threads.
 * 6: qat_function_info.replicas; qat_model_options.all_reduce (data-parallel
 *    training steps). */
#define QAT_MODEL_ABI_VERSION 6

/* Element types: the values of ONNX's TensorProto.DataType. */
enum qat_dtype {
  QAT_FLOAT = 1, QAT_UINT8 = 2, QAT_INT8 = 3, QAT_UINT16 = 4, QAT_INT16 = 5,
  QAT_INT32 = 6, QAT_INT64 = 7, QAT_BOOL = 9, QAT_FLOAT16 = 10, QAT_DOUBLE = 11,
  QAT_UINT32 = 12, QAT_UINT64 = 13, QAT_BFLOAT16 = 16
};

typedef struct qat_tensor_info {
  const char *name;      /* the ONNX graph input/output name */
  int32_t dtype;         /* enum qat_dtype */
  int32_t rank;
  const int64_t *shape;  /* rank entries */
} qat_tensor_info;

/* A library holds one or more functions: function 0 is the model
 * ("main_graph", inference); a training library adds e.g. "train_step" and
 * "eval_step", whose inputs and outputs are named tensors (parameters,
 * optimizer and schedule state, batch, labels). */
typedef struct qat_function_info {
  const char *name;
  int32_t num_inputs, num_outputs;
  const qat_tensor_info *inputs;  /* num_inputs entries */
  const qat_tensor_info *outputs; /* num_outputs entries */
  /* num_outputs entries: updates[i] = j >= 0 if output i is the new value
   * of input j (same name and shape: a parameter or optimizer state of a
   * training step), else -1. See qat_model_call. */
  const int32_t *updates;
  /* 1, or K >= 2 for a data-parallel training step (qat-build-train-step
   * replicas=K): K processes call it together, each on its shard of the
   * batch, and it sums gradients and batch statistics over them through
   * qat_model_options.all_reduce. */
  int32_t replicas;
} qat_function_info;

typedef struct qat_model qat_model;

int32_t qat_model_abi_version(void);          /* QAT_MODEL_ABI_VERSION */
int32_t qat_model_num_functions(void);        /* >= 1 */
const qat_function_info *qat_model_function(int32_t f); /* NULL if out of range */

/* Function 0's signature (the model). */
int32_t qat_model_num_inputs(void);
int32_t qat_model_num_outputs(void);
const qat_tensor_info *qat_model_input(int32_t i);   /* NULL if out of range */
const qat_tensor_info *qat_model_output(int32_t i);  /* NULL if out of range */

/* Options of qat_model_create_with_options. Set `size` to
 * sizeof(qat_model_options): a library of a later ABI reads only the fields
 * that size covers (and defaults the rest). */
typedef struct qat_model_options {
  uint32_t size;
  /* Threads a call runs on, the caller's included: >= 1, or 0 for the
   * environment variable QAT_THREADS if set, else the processors this
   * process may run on (sched_getaffinity; fewer when a cgroup CPU quota,
   * as a container's --cpus sets, allows fewer). At most 1024. */
  int32_t threads;
  /* Required by a library with a function of replicas > 1, else unused:
   * sums the `count` floats at `data` element by element over the replicas,
   * in place, and returns 0 (non-zero: failed). Every replica must get the
   * same bits back, or their parameters drift apart (Open MPI's
   * MPI_Allreduce with MPI_SUM and MPI_IN_PLACE does here; the MPI standard
   * only recommends it, so qat-train compares a hash of every replica's
   * state after each epoch). A call of such a function calls it from the
   * calling thread, the same number of times on every replica. After a
   * failed sum the call skips its remaining sums and returns 2: the other
   * replicas then wait in theirs, so the host must end them all (MPI's
   * default error handler aborts the job). */
  int32_t (*all_reduce)(void *context, float *data, int64_t count);
  void *all_reduce_context;
} qat_model_options;

/* Creating an instance reads the environment variable QAT_ISA (generic,
 * avx2, avx512, avx512-vnni): the kernels then run at that instruction-set
 * level instead of the host's best (every variant can be tested on one
 * machine). NULL on failure: a bad QAT_ISA or QAT_THREADS, a bad option,
 * no all_reduce for a library that needs one, no memory or no threads.
 * `options` may be NULL (the defaults). */
qat_model *qat_model_create_with_options(const qat_model_options *options);
/* qat_model_create_with_options(NULL). */
qat_model *qat_model_create(void);
/* The threads an instance's calls run on. */
int32_t qat_model_threads(const qat_model *model);
/* Why the last qat_model_create on this thread returned NULL (one line). */
const char *qat_model_create_error(void);
void qat_model_destroy(qat_model *model);

/* inputs[i] / outputs[i] point to buffers of the shapes and types of
 * function f's signature. Inputs are read-only; no output may share memory
 * with an input or another output, except that an output i with
 * updates[i] = j may be
 * the very buffer of input j: the call then updates it in place (no copy,
 * no second buffer). Given another buffer, the call first copies input j
 * into it and leaves input j unchanged.
 * Returns 0 on success, 1 for a bad f or missing buffers, 2 when the
 * all_reduce function failed (the replicas no longer hold the same state). */
int32_t qat_model_call(qat_model *model, int32_t f, const void *const *inputs,
                       void *const *outputs);
/* qat_model_call(model, 0, inputs, outputs). */
int32_t qat_model_run(qat_model *model, const void *const *inputs, void *const *outputs);

#ifdef __cplusplus
}
#endif

#endif /* QAT_MODEL_H */
