/*===- model_abi.c - the model-independent half of runtime/qat_model.h -----===*
 *
 * Every library qat-compile makes exports the functions of qat_model.h. The
 * compiler generates only what depends on the model (driver/AbiWrapper.cpp:
 * the signature tables and one caller per function that wraps the caller's
 * buffers in memref descriptors) and gathers it in `qat_model_table`; the
 * rest is this file, linked in from the runtime archive (qat-compile asks
 * the linker for qat_model_abi_version, which pulls this object in).
 *
 *===----------------------------------------------------------------------===*/
#include "../qat_model.h"
#include "collectives.h"
#include "conv_winograd.h"
#include "isa.h"
#include "thread_pool.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void (*qat_entry)(const void *const *inputs, void *const *outputs);

/* The generated half. Hidden: each library reads its own table, even when
 * several models are loaded into one process. */
struct qat_model_table {
  int32_t num_functions;
  const qat_function_info *functions; /* num_functions entries, the model first */
  const qat_entry *entries;           /* num_functions entries */
};
extern const struct qat_model_table qat_model_table __attribute__((visibility("hidden")));

/* Intermediate buffers come from the runtime's pool (buffer_pool.c): reused
 * from one call to the next without page faults, whatever malloc does. */
void qat_buffer_pool_trim(void);

struct qat_model {
  int32_t threads;
  qat_thread_pool *pool;
  qat_collective collective; /* the replicas' all_reduce (data-parallel steps) */
};

enum { MAX_THREADS = 1024 };

static _Thread_local char create_error[256];

int32_t qat_model_abi_version(void) { return QAT_MODEL_ABI_VERSION; }

int32_t qat_model_num_functions(void) { return qat_model_table.num_functions; }

const qat_function_info *qat_model_function(int32_t f) {
  return f >= 0 && f < qat_model_table.num_functions ? &qat_model_table.functions[f] : 0;
}

int32_t qat_model_num_inputs(void) { return qat_model_table.functions[0].num_inputs; }

int32_t qat_model_num_outputs(void) { return qat_model_table.functions[0].num_outputs; }

const qat_tensor_info *qat_model_input(int32_t i) {
  const qat_function_info *main = &qat_model_table.functions[0];
  return i >= 0 && i < main->num_inputs ? &main->inputs[i] : 0;
}

const qat_tensor_info *qat_model_output(int32_t i) {
  const qat_function_info *main = &qat_model_table.functions[0];
  return i >= 0 && i < main->num_outputs ? &main->outputs[i] : 0;
}

const char *qat_model_create_error(void) { return create_error; }

/* The thread count: the option, else QAT_THREADS, else the CPUs we may run
 * on. 0 and the error set when the option or the variable is bad. */
static int32_t thread_count(const qat_model_options *options) {
  if (options && options->size >= offsetof(qat_model_options, threads) + sizeof(int32_t) &&
      options->threads != 0) {
    if (options->threads < 1 || options->threads > MAX_THREADS) {
      snprintf(create_error, sizeof create_error, "threads = %d is not in 1..%d",
               (int)options->threads, MAX_THREADS);
      return 0;
    }
    return options->threads;
  }
  const char *value = getenv("QAT_THREADS");
  if (value && *value) {
    char *end;
    long n = strtol(value, &end, 10);
    if (*end || n < 1 || n > MAX_THREADS) {
      snprintf(create_error, sizeof create_error, "QAT_THREADS='%.32s' is not a number in 1..%d",
               value, MAX_THREADS);
      return 0;
    }
    return (int32_t)n;
  }
  int cpus = qat_available_cpus();
  return cpus < MAX_THREADS ? cpus : MAX_THREADS;
}

/* The all_reduce option; 0 and the error set when a function of this
 * library runs on replicas and none is given. */
static int collective_of(const qat_model_options *options, qat_collective *collective) {
  if (options && options->size >= offsetof(qat_model_options, all_reduce_context) + sizeof(void *)) {
    collective->all_reduce = options->all_reduce;
    collective->context = options->all_reduce_context;
  }
  for (int32_t f = 0; f < qat_model_table.num_functions; ++f) {
    const qat_function_info *info = &qat_model_table.functions[f];
    if (info->replicas > 1 && !collective->all_reduce) {
      snprintf(create_error, sizeof create_error,
               "%s is a data-parallel step of %d replicas: qat_model_options.all_reduce is "
               "required (run it under mpirun with qat-train)",
               info->name, (int)info->replicas);
      return 0;
    }
  }
  return 1;
}

qat_model *qat_model_create_with_options(const qat_model_options *options) {
  create_error[0] = 0;
  if (options && options->size < sizeof(uint32_t)) {
    snprintf(create_error, sizeof create_error, "qat_model_options.size is %u",
             (unsigned)options->size);
    return 0;
  }
  if (qat_isa_init(create_error, sizeof create_error) ||
      qat_winograd_init(create_error, sizeof create_error))
    return 0;
  int32_t threads = thread_count(options);
  if (!threads)
    return 0;
  qat_collective collective = {0, 0, 0};
  if (!collective_of(options, &collective))
    return 0;
  qat_model *model = (qat_model *)calloc(1, sizeof(qat_model));
  if (!model) {
    strcpy(create_error, "out of memory");
    return 0;
  }
  model->threads = threads;
  model->collective = collective;
  model->pool = qat_thread_pool_create(threads);
  if (!model->pool) {
    snprintf(create_error, sizeof create_error, "could not start %d threads", (int)threads);
    free(model);
    return 0;
  }
  return model;
}

qat_model *qat_model_create(void) { return qat_model_create_with_options(NULL); }

int32_t qat_model_threads(const qat_model *model) { return model ? model->threads : 0; }

void qat_model_destroy(qat_model *model) {
  if (model)
    qat_thread_pool_destroy(model->pool);
  free(model);
  qat_buffer_pool_trim(); /* other instances' buffers in use stay theirs */
}

static int32_t call(qat_model *model, int32_t f, const void *const *inputs,
                    void *const *outputs) {
  if (!model || f < 0 || f >= qat_model_table.num_functions)
    return 1;
  const qat_function_info *info = &qat_model_table.functions[f];
  if ((info->num_inputs && !inputs) || (info->num_outputs && !outputs))
    return 1;
  /* The kernels split their work over this instance's threads; a
   * data-parallel step sums over the replicas through its collective. */
  qat_thread_pool *previous = qat_thread_pool_install(model->pool);
  qat_collective *previousCollective = qat_collective_install(&model->collective);
  model->collective.failed = 0;
  qat_model_table.entries[f](inputs, outputs);
  qat_collective_install(previousCollective);
  qat_thread_pool_install(previous);
  return model->collective.failed ? 2 : 0;
}

int32_t qat_model_call(qat_model *model, int32_t f, const void *const *inputs,
                       void *const *outputs) {
  return call(model, f, inputs, outputs);
}

int32_t qat_model_run(qat_model *model, const void *const *inputs, void *const *outputs) {
  return call(model, 0, inputs, outputs);
}
