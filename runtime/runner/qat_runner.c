/*===- qat_runner.c - the main() of `qat-compile --emit=exe` ---------------===*
 *
 *   ./model [--input [name=]file.pb|file.npy]... [--output-dir DIR]
 *           [--warmup K] [--repeat N] [--threads T] [--info]
 *
 * Linked statically with one compiled model (its object with the ABI tables), so
 * the executable needs nothing but libc and libm: no qat-run, no protobuf.
 * It reads ONNX TensorProto .pb and NumPy .npy inputs (the formats qat-run
 * reads, decoded by hand in tensor_reader.c), checks them against the
 * model's signature, runs once, prints each output's shape (and argmax for
 * float outputs), writes output_<i>.pb and output_<i>.npy into DIR when
 * given, and with --repeat prints min/median latency. --threads T runs the
 * kernels on T threads (default: QAT_THREADS, else every processor this
 * process may run on; the same output bits on any count). Every error is one line
 * "<program>: error: ..." on stderr and exit status 1.
 *
 *===----------------------------------------------------------------------===*/
#define _POSIX_C_SOURCE 200809L
#include "runtime/qat_model.h"
#include "runtime/runner/tensor_reader.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static const char *program = "model";

__attribute__((noreturn, format(printf, 1, 2))) static void die(const char *format, ...) {
  va_list args;
  va_start(args, format);
  fprintf(stderr, "%s: error: ", program);
  vfprintf(stderr, format, args);
  fputc('\n', stderr);
  va_end(args);
  exit(1);
}

static void *checkedMalloc(size_t bytes) {
  void *p = malloc(bytes ? bytes : 1);
  if (!p)
    die("cannot allocate %zu bytes", bytes);
  return p;
}

/* ---- inputs ------------------------------------------------------------ */

/* The readers return their error line; here it ends the program. */
static void readTensor(const char *path, qat_runner_tensor *t) {
  char error[8192]; /* room for a long path */
  if (qat_runner_read_tensor(path, t, error, sizeof error))
    die("%s", error);
}

/* ---- writers ----------------------------------------------------------- */

static void writeVarint(FILE *f, uint64_t value) {
  do {
    unsigned char byte = value & 0x7f;
    value >>= 7;
    fputc(byte | (value ? 0x80 : 0), f);
  } while (value);
}

static FILE *createFile(const char *path) {
  FILE *f = fopen(path, "wb");
  if (!f)
    die("cannot write '%s': %s", path, strerror(errno));
  return f;
}

static void closeFile(FILE *f, const char *path) {
  if (ferror(f) | fclose(f))
    die("cannot write '%s'", path);
}

/* dims (1), data_type (2), name (8), raw_data (9): what numpy_helper writes. */
static void writeTensorProto(const char *path, const qat_tensor_info *info, const void *data,
                             size_t bytes) {
  FILE *f = createFile(path);
  for (int32_t i = 0; i < info->rank; ++i) {
    writeVarint(f, 1 << 3 | 0);
    writeVarint(f, (uint64_t)info->shape[i]);
  }
  writeVarint(f, 2 << 3 | 0);
  writeVarint(f, (uint64_t)info->dtype);
  writeVarint(f, 8 << 3 | 2);
  writeVarint(f, strlen(info->name));
  fputs(info->name, f);
  writeVarint(f, 9 << 3 | 2);
  writeVarint(f, bytes);
  fwrite(data, 1, bytes, f);
  closeFile(f, path);
}

/* Format 1.0: the header is padded with spaces so the data is 64-aligned. */
static void writeNpy(const char *path, const qat_tensor_info *info, const void *data,
                     size_t bytes) {
  char header[1024];
  size_t n = (size_t)snprintf(header, sizeof header,
                              "{'descr': '%s', 'fortran_order': False, 'shape': (",
                              qat_runner_npy_descr(info->dtype));
  for (int32_t i = 0; i < info->rank && n < sizeof header; ++i)
    n += (size_t)snprintf(header + n, sizeof header - n, "%lld,%s",
                          (long long)info->shape[i], info->rank == 1 ? "" : " ");
  if (info->rank > 1)
    n -= 2; /* "(2, 3)" not "(2, 3, )" */
  n += (size_t)snprintf(header + n, sizeof header - n, "), }");
  while ((10 + n + 1) % 64)
    header[n++] = ' ';
  header[n++] = '\n';
  FILE *f = createFile(path);
  fwrite("\x93NUMPY\x01\x00", 1, 8, f);
  fputc((int)(n & 0xff), f);
  fputc((int)(n >> 8), f);
  fwrite(header, 1, n, f);
  fwrite(data, 1, bytes, f);
  closeFile(f, path);
}

/* ---- main -------------------------------------------------------------- */

static double nowMs(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int compareDoubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static size_t tensorBytes(const qat_tensor_info *info) {
  return (size_t)qat_runner_element_count(info->shape, info->rank) *
         qat_runner_dtype_size(info->dtype);
}

static void describe(const char *kind, const qat_tensor_info *info) {
  char shape[256];
  qat_runner_shape_string(info->shape, info->rank, shape, sizeof shape);
  printf("%s '%s': %s %s\n", kind, info->name, qat_runner_dtype_name(info->dtype), shape);
}

static unsigned parseCount(const char *flag, const char *text) {
  char *end;
  errno = 0;
  unsigned long value = strtoul(text, &end, 10);
  if (!*text || *end || errno || value > 1000000000UL || text[0] == '-')
    die("%s needs a non-negative integer (got '%s')", flag, text);
  return (unsigned)value;
}

/* "--flag=value" or "--flag value"; NULL if argv[*i] is not this flag. */
static const char *flagValue(int argc, char **argv, int *i, const char *flag) {
  size_t n = strlen(flag);
  if (strncmp(argv[*i], flag, n))
    return NULL;
  if (argv[*i][n] == '=')
    return argv[*i] + n + 1;
  if (argv[*i][n])
    return NULL;
  if (*i + 1 == argc)
    die("%s needs a value", flag);
  return argv[++*i];
}

int main(int argc, char **argv) {
  const char *slash = strrchr(argv[0], '/');
  program = slash ? slash + 1 : argv[0];
  int32_t numInputs = qat_model_num_inputs(), numOutputs = qat_model_num_outputs();
  const char **files = checkedMalloc(sizeof(char *) * (size_t)(numInputs + 1));
  const char **specs = checkedMalloc(sizeof(char *) * (size_t)argc);
  int numSpecs = 0, info = 0;
  const char *outputDir = NULL;
  unsigned repeat = 0, warmup = 0, threads = 0;
  for (int i = 1; i < argc; ++i) {
    const char *value;
    if ((value = flagValue(argc, argv, &i, "--input")))
      specs[numSpecs++] = value;
    else if ((value = flagValue(argc, argv, &i, "--output-dir")))
      outputDir = value;
    else if ((value = flagValue(argc, argv, &i, "--repeat")))
      repeat = parseCount("--repeat", value);
    else if ((value = flagValue(argc, argv, &i, "--warmup")))
      warmup = parseCount("--warmup", value);
    else if ((value = flagValue(argc, argv, &i, "--threads"))) {
      threads = parseCount("--threads", value);
      if (threads < 1 || threads > 1024)
        die("--threads %u: expected 1 to 1024", threads);
    }
    else if (!strcmp(argv[i], "--info"))
      info = 1;
    else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
      printf("usage: %s [--input [name=]file.pb|file.npy]... [--output-dir DIR] "
             "[--warmup K] [--repeat N] [--threads T] [--info]\n", program);
      free(specs);
      free(files);
      return 0;
    } else
      die("unknown argument '%s' (see --help)", argv[i]);
  }
  if (info) {
    for (int32_t i = 0; i < numInputs; ++i)
      describe("input", qat_model_input(i));
    for (int32_t i = 0; i < numOutputs; ++i)
      describe("output", qat_model_output(i));
    free(specs);
    free(files);
    return 0;
  }

  /* --input name=file goes to that input, the others fill the rest in order. */
  if (numSpecs != numInputs)
    die("the model takes %d input%s, got %d --input (see --info)", numInputs,
        numInputs == 1 ? "" : "s", numSpecs);
  for (int32_t i = 0; i < numInputs; ++i)
    files[i] = NULL;
  int *named = checkedMalloc(sizeof(int) * (size_t)(numSpecs + 1));
  for (int k = 0; k < numSpecs; ++k) {
    named[k] = 0;
    const char *eq = strchr(specs[k], '=');
    for (int32_t i = 0; eq && i < numInputs; ++i) {
      const char *name = qat_model_input(i)->name;
      if (strlen(name) == (size_t)(eq - specs[k]) && !strncmp(specs[k], name, strlen(name))) {
        if (files[i])
          die("input '%s' is given twice", name);
        files[i] = eq + 1;
        named[k] = 1;
      }
    }
  }
  for (int k = 0, next = 0; k < numSpecs; ++k) {
    if (named[k])
      continue;
    while (files[next])
      ++next;
    files[next] = specs[k];
  }

  const void **inputs = checkedMalloc(sizeof(void *) * (size_t)(numInputs + 1));
  char **inputData = checkedMalloc(sizeof(char *) * (size_t)(numInputs + 1));
  void **outputs = checkedMalloc(sizeof(void *) * (size_t)(numOutputs + 1));
  for (int32_t i = 0; i < numInputs; ++i) {
    const qat_tensor_info *sig = qat_model_input(i);
    qat_runner_tensor t;
    readTensor(files[i], &t);
    int bfloat16Bits = sig->dtype == QAT_BFLOAT16 && t.dtype == QAT_UINT16;
    int sameShape = t.rank == sig->rank &&
                    !memcmp(t.shape, sig->shape, sizeof(int64_t) * (size_t)t.rank);
    if ((t.dtype != sig->dtype && !bfloat16Bits) || !sameShape) {
      char want[256], got[256];
      qat_runner_shape_string(sig->shape, sig->rank, want, sizeof want);
      qat_runner_shape_string(t.shape, t.rank, got, sizeof got);
      die("input '%s' (%s): expected %s %s, got %s %s", sig->name, files[i],
          qat_runner_dtype_name(sig->dtype), want, qat_runner_dtype_name(t.dtype), got);
    }
    inputs[i] = inputData[i] = t.data;
  }
  for (int32_t i = 0; i < numOutputs; ++i)
    outputs[i] = checkedMalloc(tensorBytes(qat_model_output(i)));
  if (outputDir && mkdir(outputDir, 0777) && errno != EEXIST)
    die("cannot create --output-dir '%s': %s", outputDir, strerror(errno));

  qat_model_options options = {sizeof(qat_model_options), (int32_t)threads, NULL, NULL};
  qat_model *model = qat_model_create_with_options(&options);
  if (!model)
    die("qat_model_create failed: %s", qat_model_create_error());
  if (qat_model_run(model, inputs, outputs))
    die("qat_model_run failed");

  for (int32_t i = 0; i < numOutputs; ++i) {
    const qat_tensor_info *sig = qat_model_output(i);
    char shape[256];
    qat_runner_shape_string(sig->shape, sig->rank, shape, sizeof shape);
    printf("output '%s': %s %s", sig->name, qat_runner_dtype_name(sig->dtype), shape);
    int64_t count = qat_runner_element_count(sig->shape, sig->rank);
    if (sig->dtype == QAT_FLOAT && count > 0) {
      const float *v = outputs[i];
      int64_t best = 0;
      for (int64_t k = 1; k < count; ++k)
        if (v[k] > v[best])
          best = k;
      printf(", argmax %lld (%g)", (long long)best, v[best]);
    }
    printf("\n");
    if (!outputDir)
      continue;
    size_t length = strlen(outputDir) + 32;
    char *path = checkedMalloc(length);
    snprintf(path, length, "%s/output_%d.pb", outputDir, i);
    writeTensorProto(path, sig, outputs[i], tensorBytes(sig));
    if (qat_runner_npy_descr(sig->dtype)) { /* NumPy has no bfloat16: only the .pb */
      snprintf(path, length, "%s/output_%d.npy", outputDir, i);
      writeNpy(path, sig, outputs[i], tensorBytes(sig));
    }
    free(path);
  }

  if (repeat) {
    for (unsigned k = 0; k < warmup; ++k)
      qat_model_run(model, inputs, outputs);
    double *ms = checkedMalloc(sizeof(double) * repeat);
    for (unsigned k = 0; k < repeat; ++k) {
      double start = nowMs();
      if (qat_model_run(model, inputs, outputs))
        die("qat_model_run failed");
      ms[k] = nowMs() - start;
    }
    qsort(ms, repeat, sizeof(double), compareDoubles);
    double median = repeat % 2 ? ms[repeat / 2] : (ms[repeat / 2 - 1] + ms[repeat / 2]) / 2;
    printf("latency: min %.3f ms, median %.3f ms over %u runs\n", ms[0], median, repeat);
    free(ms);
  }
  qat_model_destroy(model);
  for (int32_t i = 0; i < numInputs; ++i)
    free(inputData[i]);
  for (int32_t i = 0; i < numOutputs; ++i)
    free(outputs[i]);
  free(inputs);
  free(inputData);
  free(outputs);
  free(named);
  free(specs);
  free(files);
  return 0;
}
