/*===- add_model.c - a hand-written model library for testing qat-run ------===*
 *
 * Implements runtime/qat_model.h without the compiler, so qat-run's tests do
 * not depend on qat-compile: inputs "a" and "b" (float32 [2,3]), outputs
 * "sum" = a + b and "count" (int64 [1]) = 6, the number of elements added.
 * QAT_TEST_ABI_VERSION overrides the reported ABI version (the mismatch test).
 *
 *===----------------------------------------------------------------------===*/
#include "runtime/qat_model.h"

#include <stdlib.h>

#ifndef QAT_TEST_ABI_VERSION
#define QAT_TEST_ABI_VERSION QAT_MODEL_ABI_VERSION
#endif

static const int64_t kShape23[] = {2, 3};
static const int64_t kShape1[] = {1};
static const qat_tensor_info kInputs[] = {{"a", QAT_FLOAT, 2, kShape23},
                                          {"b", QAT_FLOAT, 2, kShape23}};
static const qat_tensor_info kOutputs[] = {{"sum", QAT_FLOAT, 2, kShape23},
                                           {"count", QAT_INT64, 1, kShape1}};

struct qat_model {
  int64_t runs; /* something to own, like a real model's scratch memory */
  int32_t threads;
};

static const int32_t kUpdates[] = {-1, -1};
static const qat_function_info kFunctions[] = {
    {"main_graph", 2, 2, kInputs, kOutputs, kUpdates, /*replicas=*/1}};

int32_t qat_model_abi_version(void) { return QAT_TEST_ABI_VERSION; }
int32_t qat_model_num_functions(void) { return 1; }
const qat_function_info *qat_model_function(int32_t f) { return f == 0 ? &kFunctions[0] : NULL; }
int32_t qat_model_num_inputs(void) { return 2; }
int32_t qat_model_num_outputs(void) { return 2; }
const qat_tensor_info *qat_model_input(int32_t i) {
  return i >= 0 && i < 2 ? &kInputs[i] : NULL;
}
const qat_tensor_info *qat_model_output(int32_t i) {
  return i >= 0 && i < 2 ? &kOutputs[i] : NULL;
}

qat_model *qat_model_create_with_options(const qat_model_options *options) {
  qat_model *model = calloc(1, sizeof(qat_model));
  if (model)
    model->threads = options && options->threads > 0 ? options->threads : 1;
  return model;
}
qat_model *qat_model_create(void) { return qat_model_create_with_options(NULL); }
int32_t qat_model_threads(const qat_model *model) { return model->threads; }
const char *qat_model_create_error(void) { return "out of memory"; }
void qat_model_destroy(qat_model *model) { free(model); }

int32_t qat_model_call(qat_model *model, int32_t f, const void *const *inputs,
                       void *const *outputs) {
  if (f != 0)
    return 1;
  const float *a = inputs[0], *b = inputs[1];
  float *sum = outputs[0];
  for (int i = 0; i < 6; ++i)
    sum[i] = a[i] + b[i];
  *(int64_t *)outputs[1] = 6;
  ++model->runs;
  return 0;
}

int32_t qat_model_run(qat_model *model, const void *const *inputs, void *const *outputs) {
  return qat_model_call(model, 0, inputs, outputs);
}
