/*===- qat_runner.c - the main() of `qat-compile --emit=exe` ---------------===*
 *
 *   ./model [--input [name=]file.pb|file.npy]... [--output-dir DIR]
 *           [--warmup K] [--repeat N] [--info]
 *
 * Linked statically with one compiled model (its object and ABI wrapper), so
 * the executable needs nothing but libc and libm: no qat-run, no protobuf.
 * It reads ONNX TensorProto .pb and NumPy .npy inputs (the formats qat-run
 * reads, decoded here by hand), checks them against the model's signature,
 * runs once, prints each output's shape (and argmax for float outputs),
 * writes output_<i>.pb and output_<i>.npy into DIR when given, and with
 * --repeat prints min/median latency. Every error is one line
 * "<program>: error: ..." on stderr and exit status 1.
 *
 *===----------------------------------------------------------------------===*/
#define _POSIX_C_SOURCE 200809L
#include "runtime/qat_model.h"

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

/* ---- dtypes ------------------------------------------------------------ */

/* Per dtype: element bytes, NumPy descr (bfloat16 has none), name. */
static const struct DType {
  int32_t dtype;
  size_t size;
  const char *descr, *name;
} dtypes[] = {
    {QAT_FLOAT, 4, "<f4", "float32"},   {QAT_UINT8, 1, "|u1", "uint8"},
    {QAT_INT8, 1, "|i1", "int8"},       {QAT_UINT16, 2, "<u2", "uint16"},
    {QAT_INT16, 2, "<i2", "int16"},     {QAT_INT32, 4, "<i4", "int32"},
    {QAT_INT64, 8, "<i8", "int64"},     {QAT_BOOL, 1, "|b1", "bool"},
    {QAT_FLOAT16, 2, "<f2", "float16"}, {QAT_DOUBLE, 8, "<f8", "float64"},
    {QAT_UINT32, 4, "<u4", "uint32"},   {QAT_UINT64, 8, "<u8", "uint64"},
    {QAT_BFLOAT16, 2, NULL, "bfloat16"},
};

static const struct DType *findDType(int32_t dtype) {
  for (size_t i = 0; i < sizeof dtypes / sizeof dtypes[0]; ++i)
    if (dtypes[i].dtype == dtype)
      return &dtypes[i];
  return NULL;
}

static size_t dtypeSize(int32_t dtype) {
  const struct DType *d = findDType(dtype);
  return d ? d->size : 0;
}

static const char *npyDescr(int32_t dtype) {
  const struct DType *d = findDType(dtype);
  return d ? d->descr : NULL;
}

static const char *dtypeName(int32_t dtype) {
  const struct DType *d = findDType(dtype);
  return d ? d->name : "unsupported dtype";
}

/* ---- tensors ----------------------------------------------------------- */

enum { MAX_RANK = 16 };

typedef struct Tensor {
  int32_t dtype;
  int32_t rank;
  int64_t shape[MAX_RANK];
  char *data;    /* malloc'ed, elements * dtypeSize(dtype) bytes */
  size_t bytes;
} Tensor;

static void shapeString(const int64_t *shape, int32_t rank, char *out, size_t size) {
  size_t n = (size_t)snprintf(out, size, "[");
  for (int32_t i = 0; i < rank && n < size; ++i)
    n += (size_t)snprintf(out + n, size - n, i ? ",%lld" : "%lld", (long long)shape[i]);
  if (n < size)
    snprintf(out + n, size - n, "]");
}

/* Elements of a shape, or -1 on a negative dimension or overflow. */
static int64_t elementCount(const int64_t *shape, int32_t rank) {
  int64_t n = 1;
  for (int32_t i = 0; i < rank; ++i) {
    if (shape[i] < 0 || (shape[i] && n > INT64_MAX / shape[i]))
      return -1;
    n *= shape[i];
  }
  return n;
}

static char *readFile(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (!f)
    die("cannot open '%s': %s", path, strerror(errno));
  char *bytes = NULL;
  size_t used = 0, capacity = 0;
  for (;;) {
    if (used == capacity) {
      capacity = capacity ? 2 * capacity : 1 << 16;
      char *grown = realloc(bytes, capacity);
      if (!grown)
        die("'%s': out of memory", path);
      bytes = grown;
    }
    size_t got = fread(bytes + used, 1, capacity - used, f);
    used += got;
    if (got == 0)
      break;
  }
  if (ferror(f))
    die("cannot read '%s'", path);
  fclose(f);
  *size = used;
  return bytes;
}

/* .npy: magic, version, header length, a Python dict literal, the data. */
static void parseNpy(const char *path, const char *bytes, size_t size, Tensor *t) {
  if (size < 10)
    die("'%s': truncated .npy header", path);
  unsigned major = (unsigned char)bytes[6];
  size_t headerLength, offset;
  if (major == 1) {
    headerLength = (unsigned char)bytes[8] | (size_t)(unsigned char)bytes[9] << 8;
    offset = 10;
  } else if (major == 2 || major == 3) {
    if (size < 12)
      die("'%s': truncated .npy header", path);
    headerLength = 0;
    for (int i = 3; i >= 0; --i)
      headerLength = headerLength << 8 | (unsigned char)bytes[8 + i];
    offset = 12;
  } else {
    die("'%s': unsupported .npy version %u", path, major);
  }
  if (headerLength > size - offset)
    die("'%s': truncated .npy header", path);
  char *header = checkedMalloc(headerLength + 1);
  memcpy(header, bytes + offset, headerLength);
  header[headerLength] = 0;

  if (header[0] != '{' || !strchr(header, '}'))
    die("'%s': bad .npy header (not a Python dict)", path);
  const char *descr = strstr(header, "'descr'");
  const char *fortran = strstr(header, "'fortran_order'");
  const char *shape = strstr(header, "'shape'");
  if (!descr || !fortran || !shape)
    die("'%s': .npy header lacks descr, fortran_order or shape", path);
  const char *q = strchr(descr + 7, '\'');
  if (!q || !strchr(q + 1, '\''))
    die("'%s': bad .npy descr", path);
  size_t descrLength = (size_t)(strchr(q + 1, '\'') - (q + 1));
  /* Byte order '<' or '=' (this host is little-endian); '|' or either for
   * one-byte types, as NumPy writes them. */
  t->dtype = 0;
  for (int32_t d = 1; descrLength == 3 && d <= QAT_BFLOAT16; ++d) {
    const char *name = npyDescr(d);
    char order = q[1];
    if (name && !strncmp(name + 1, q + 2, 2) &&
        (order == name[0] || order == '=' || (dtypeSize(d) == 1 && order == '<')))
      t->dtype = d;
  }
  if (!t->dtype)
    die("'%s': unsupported .npy dtype '%.*s'", path, (int)descrLength, q + 1);
  if (strncmp(fortran + 15, ": True", 6) == 0)
    die("'%s': Fortran-order .npy arrays are not supported", path);

  const char *p = strchr(shape, '(');
  if (!p)
    die("'%s': bad .npy shape", path);
  ++p;
  t->rank = 0;
  for (;;) {
    while (*p == ' ' || *p == ',')
      ++p;
    if (*p == ')')
      break;
    char *end;
    long long d = strtoll(p, &end, 10);
    if (end == p || d < 0)
      die("'%s': bad .npy shape", path);
    if (t->rank == MAX_RANK)
      die("'%s': rank above %d", path, MAX_RANK);
    t->shape[t->rank++] = d;
    p = end;
  }
  free(header);

  int64_t count = elementCount(t->shape, t->rank);
  if (count < 0 || (uint64_t)count > SIZE_MAX / dtypeSize(t->dtype))
    die("'%s': shape too large", path);
  t->bytes = (size_t)count * dtypeSize(t->dtype);
  size_t dataOffset = offset + headerLength;
  if (size - dataOffset != t->bytes)
    die("'%s': holds %zu data bytes, its shape needs %zu", path, size - dataOffset, t->bytes);
  t->data = checkedMalloc(t->bytes);
  memcpy(t->data, bytes + dataOffset, t->bytes);
}

/* ---- TensorProto: the protobuf wire format, the fields a tensor needs ---- */

typedef struct Reader {
  const char *path;
  const unsigned char *p, *end;
} Reader;

static uint64_t readVarint(Reader *r) {
  uint64_t value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (r->p == r->end)
      die("'%s': truncated TensorProto", r->path);
    unsigned char byte = *r->p++;
    value |= (uint64_t)(byte & 0x7f) << shift;
    if (!(byte & 0x80))
      return value;
  }
  die("'%s': malformed TensorProto varint", r->path);
  return 0;
}

static Reader readLengthDelimited(Reader *r) {
  uint64_t length = readVarint(r);
  if (length > (uint64_t)(r->end - r->p))
    die("'%s': truncated TensorProto", r->path);
  Reader field = {r->path, r->p, r->p + length};
  r->p += length;
  return field;
}

/* A growing array of typed values from int32_data/int64_data/... fields. */
typedef struct Values {
  char *data;
  size_t bytes, capacity;
} Values;

static void appendValue(Values *v, const void *value, size_t size) {
  if (v->bytes + size > v->capacity) {
    while (v->bytes + size > v->capacity)
      v->capacity = v->capacity ? 2 * v->capacity : 256;
    char *grown = realloc(v->data, v->capacity);
    if (!grown)
      die("out of memory");
    v->data = grown;
  }
  memcpy(v->data + v->bytes, value, size);
  v->bytes += size;
}

/* One element of a repeated numeric field, packed or not: varints become
 * `size`-byte integers (int32_data holds int8..int32, float16 and bfloat16
 * bit patterns), fixed32/fixed64 are copied. */
static void readNumbers(Reader *r, unsigned wireType, unsigned elementWire, size_t size,
                        Values *out) {
  Reader packed = {r->path, r->p, r->p};
  Reader *src = r;
  if (wireType == 2) {
    packed = readLengthDelimited(r);
    src = &packed;
  } else if (wireType != elementWire) {
    die("'%s': malformed TensorProto (wire type %u)", r->path, wireType);
  }
  do {
    if (elementWire == 0) {
      uint64_t value = readVarint(src);
      appendValue(out, &value, size); /* little-endian truncation */
    } else {
      size_t width = elementWire == 5 ? 4 : 8;
      if ((size_t)(src->end - src->p) < width)
        die("'%s': truncated TensorProto", r->path);
      appendValue(out, src->p, width);
      src->p += width;
    }
  } while (wireType == 2 && src->p < src->end);
}

static void skipField(Reader *r, unsigned wireType) {
  switch (wireType) {
  case 0: readVarint(r); return;
  case 1: case 5: {
    size_t width = wireType == 1 ? 8 : 4;
    if ((size_t)(r->end - r->p) < width)
      die("'%s': truncated TensorProto", r->path);
    r->p += width;
    return;
  }
  case 2: readLengthDelimited(r); return;
  default: die("'%s': malformed TensorProto (wire type %u)", r->path, wireType);
  }
}

/* Whether a varint from int32_data/uint64_data fits the element type. */
static int fitsElement(int32_t dtype, int64_t v) {
  switch (dtype) {
  case QAT_INT8: return v >= -128 && v <= 127;
  case QAT_UINT8: return v >= 0 && v <= 255;
  case QAT_BOOL: return v == 0 || v == 1;
  case QAT_INT16: return v >= -32768 && v <= 32767;
  case QAT_UINT16: case QAT_FLOAT16: case QAT_BFLOAT16: return v >= 0 && v <= 65535;
  case QAT_INT32: return v >= INT32_MIN && v <= INT32_MAX;
  case QAT_UINT32: return v >= 0 && v <= (int64_t)UINT32_MAX;
  default: return 1;
  }
}

static void parseTensorProto(const char *path, const char *bytes, size_t size, Tensor *t) {
  Reader r = {path, (const unsigned char *)bytes, (const unsigned char *)bytes + size};
  Values typed = {0}, raw = {0};
  int haveRaw = 0, typedField = 0;
  t->rank = 0;
  t->dtype = 0;
  while (r.p < r.end) {
    uint64_t key = readVarint(&r);
    unsigned field = (unsigned)(key >> 3), wire = (unsigned)(key & 7);
    switch (field) {
    case 1: { /* dims */
      Values dims = {0};
      readNumbers(&r, wire, 0, 8, &dims);
      for (size_t k = 0; k < dims.bytes / 8; ++k) {
        if (t->rank == MAX_RANK)
          die("'%s': rank above %d", path, MAX_RANK);
        memcpy(&t->shape[t->rank++], dims.data + 8 * k, 8);
      }
      free(dims.data);
      break;
    }
    case 2: t->dtype = (int32_t)readVarint(&r); break;
    case 3: die("'%s': segmented TensorProto is not supported", path); break;
    case 4: case 5: case 7: case 10: case 11:
      if (typedField && typedField != (int)field)
        die("'%s': TensorProto mixes data fields", path);
      typedField = (int)field;
      /* float_data is fixed32, double_data fixed64, the rest varints kept as
       * 8 bytes each and narrowed to the element width below. */
      readNumbers(&r, wire, field == 4 ? 5 : field == 10 ? 1 : 0, 8, &typed);
      break;
    case 9: {
      Reader data = readLengthDelimited(&r);
      free(raw.data);
      raw.data = NULL;
      raw.bytes = raw.capacity = 0;
      appendValue(&raw, data.p, (size_t)(data.end - data.p));
      haveRaw = 1;
      break;
    }
    case 13: die("'%s': TensorProto with external data is not supported", path); break;
    case 14:
      if (readVarint(&r) != 0)
        die("'%s': TensorProto with external data is not supported", path);
      break;
    default: skipField(&r, wire); break;
    }
  }
  size_t element = dtypeSize(t->dtype);
  if (!element)
    die("'%s': unsupported TensorProto data type %d", path, t->dtype);
  int64_t count = elementCount(t->shape, t->rank);
  if (count < 0 || (uint64_t)count > SIZE_MAX / element)
    die("'%s': bad TensorProto dims", path);
  t->bytes = (size_t)count * element;
  t->data = checkedMalloc(t->bytes);
  char shape[256];
  shapeString(t->shape, t->rank, shape, sizeof shape);
  if (haveRaw) {
    if (raw.bytes != t->bytes)
      die("'%s': raw_data holds %zu bytes, %s %s needs %zu", path, raw.bytes,
          dtypeName(t->dtype), shape, t->bytes);
    memcpy(t->data, raw.data, t->bytes);
  } else {
    /* float_data holds 4-byte values; every other typed field was read as
     * 8-byte values and is narrowed to the element width. */
    size_t stored = typedField == 4 ? 4 : 8;
    int expected = t->dtype == QAT_FLOAT ? 4
                   : t->dtype == QAT_INT64 ? 7
                   : t->dtype == QAT_DOUBLE ? 10
                   : (t->dtype == QAT_UINT32 || t->dtype == QAT_UINT64) ? 11 : 5;
    if (count && typedField != expected)
      die("'%s': %s data is not in the TensorProto field ONNX stores it in", path,
          dtypeName(t->dtype));
    if (typed.bytes / stored != (size_t)count)
      die("'%s': holds %zu values, %s %s needs %lld", path, typed.bytes / stored,
          dtypeName(t->dtype), shape, (long long)count);
    for (int64_t k = 0; k < count; ++k) {
      if (stored == 8 && element < 8) {
        int64_t value;
        memcpy(&value, typed.data + k * stored, 8);
        if (!fitsElement(t->dtype, value))
          die("'%s': value %lld is out of range for %s", path, (long long)value,
              dtypeName(t->dtype));
      }
      memcpy(t->data + k * element, typed.data + k * stored, element);
    }
  }
  free(typed.data);
  free(raw.data);
}

static void readTensor(const char *path, Tensor *t) {
  size_t size;
  char *bytes = readFile(path, &size);
  if (size >= 6 && !memcmp(bytes, "\x93NUMPY", 6))
    parseNpy(path, bytes, size, t);
  else
    parseTensorProto(path, bytes, size, t);
  free(bytes);
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
                              npyDescr(info->dtype));
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
  return (size_t)elementCount(info->shape, info->rank) * dtypeSize(info->dtype);
}

static void describe(const char *kind, const qat_tensor_info *info) {
  char shape[256];
  shapeString(info->shape, info->rank, shape, sizeof shape);
  printf("%s '%s': %s %s\n", kind, info->name, dtypeName(info->dtype), shape);
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
  unsigned repeat = 0, warmup = 0;
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
    else if (!strcmp(argv[i], "--info"))
      info = 1;
    else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
      printf("usage: %s [--input [name=]file.pb|file.npy]... [--output-dir DIR] "
             "[--warmup K] [--repeat N] [--info]\n", program);
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
    Tensor t;
    readTensor(files[i], &t);
    int bfloat16Bits = sig->dtype == QAT_BFLOAT16 && t.dtype == QAT_UINT16;
    int sameShape = t.rank == sig->rank &&
                    !memcmp(t.shape, sig->shape, sizeof(int64_t) * (size_t)t.rank);
    if ((t.dtype != sig->dtype && !bfloat16Bits) || !sameShape) {
      char want[256], got[256];
      shapeString(sig->shape, sig->rank, want, sizeof want);
      shapeString(t.shape, t.rank, got, sizeof got);
      die("input '%s' (%s): expected %s %s, got %s %s", sig->name, files[i],
          dtypeName(sig->dtype), want, dtypeName(t.dtype), got);
    }
    inputs[i] = inputData[i] = t.data;
  }
  for (int32_t i = 0; i < numOutputs; ++i)
    outputs[i] = checkedMalloc(tensorBytes(qat_model_output(i)));
  if (outputDir && mkdir(outputDir, 0777) && errno != EEXIST)
    die("cannot create --output-dir '%s': %s", outputDir, strerror(errno));

  qat_model *model = qat_model_create();
  if (!model)
    die("qat_model_create failed");
  if (qat_model_run(model, inputs, outputs))
    die("qat_model_run failed");

  for (int32_t i = 0; i < numOutputs; ++i) {
    const qat_tensor_info *sig = qat_model_output(i);
    char shape[256];
    shapeString(sig->shape, sig->rank, shape, sizeof shape);
    printf("output '%s': %s %s", sig->name, dtypeName(sig->dtype), shape);
    int64_t count = elementCount(sig->shape, sig->rank);
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
    if (npyDescr(sig->dtype)) { /* NumPy has no bfloat16: only the .pb */
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
