/*===- tensor_reader.c - the --emit=exe runner's tensors and readers -------===*
 *
 * Plain C11 and libc. Every check of untrusted bytes returns -1 through
 * fail(), which formats the one error line; nothing here exits or prints.
 *
 *===----------------------------------------------------------------------===*/
#define _POSIX_C_SOURCE 200809L
#include "runtime/runner/tensor_reader.h"

#include "runtime/qat_model.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

size_t qat_runner_dtype_size(int32_t dtype) {
  const struct DType *d = findDType(dtype);
  return d ? d->size : 0;
}

const char *qat_runner_npy_descr(int32_t dtype) {
  const struct DType *d = findDType(dtype);
  return d ? d->descr : NULL;
}

const char *qat_runner_dtype_name(int32_t dtype) {
  const struct DType *d = findDType(dtype);
  return d ? d->name : "unsupported dtype";
}

void qat_runner_shape_string(const int64_t *shape, int32_t rank, char *out, size_t size) {
  size_t n = (size_t)snprintf(out, size, "[");
  for (int32_t i = 0; i < rank && n < size; ++i)
    n += (size_t)snprintf(out + n, size - n, i ? ",%lld" : "%lld", (long long)shape[i]);
  if (n < size)
    snprintf(out + n, size - n, "]");
}

int64_t qat_runner_element_count(const int64_t *shape, int32_t rank) {
  int64_t n = 1;
  for (int32_t i = 0; i < rank; ++i) {
    if (shape[i] < 0 || (shape[i] && n > INT64_MAX / shape[i]))
      return -1;
    n *= shape[i];
  }
  return n;
}

/* ---- errors ------------------------------------------------------------ */

/* The source's name for messages and the caller's buffer for the line. */
typedef struct Errors {
  const char *what;
  char *buffer;
  size_t size;
} Errors;

__attribute__((format(printf, 2, 3))) static int fail(const Errors *e, const char *format,
                                                      ...) {
  if (e->size) {
    va_list args;
    va_start(args, format);
    vsnprintf(e->buffer, e->size, format, args);
    va_end(args);
  }
  return -1;
}

/* `length` bytes from the file for an error line: anything but printable
 * ASCII becomes \xNN (a newline would break the one-line contract), and
 * text beyond 32 bytes is cut. */
static void quote(const char *text, size_t length, char *out, size_t size) {
  size_t n = 0, limit = length < 32 ? length : 32;
  for (size_t i = 0; i < limit && n + 5 < size; ++i) {
    unsigned char c = (unsigned char)text[i];
    n += (size_t)(c >= 0x20 && c < 0x7f ? snprintf(out + n, size - n, "%c", c)
                                        : snprintf(out + n, size - n, "\\x%02x", c));
  }
  if (length > limit && n + 4 < size)
    n += (size_t)snprintf(out + n, size - n, "...");
  out[n < size ? n : size - 1] = 0;
}

/* ---- .npy: magic, version, header length, a Python dict literal, data --- */

/* The dict literal (NUL-terminated): dtype, fortran_order and shape. */
static int parseNpyHeader(const Errors *e, const char *header, qat_runner_tensor *t) {
  if (header[0] != '{' || !strchr(header, '}'))
    return fail(e, "'%s': bad .npy header (not a Python dict)", e->what);
  const char *descr = strstr(header, "'descr'");
  const char *fortran = strstr(header, "'fortran_order'");
  const char *shape = strstr(header, "'shape'");
  if (!descr || !fortran || !shape)
    return fail(e, "'%s': .npy header lacks descr, fortran_order or shape", e->what);
  const char *q = strchr(descr + 7, '\'');
  if (!q || !strchr(q + 1, '\''))
    return fail(e, "'%s': bad .npy descr", e->what);
  size_t descrLength = (size_t)(strchr(q + 1, '\'') - (q + 1));
  /* Byte order '<' or '=' (this host is little-endian); '|' or either for
   * one-byte types, as NumPy writes them. */
  t->dtype = 0;
  for (int32_t d = 1; descrLength == 3 && d <= QAT_BFLOAT16; ++d) {
    const char *name = qat_runner_npy_descr(d);
    char order = q[1];
    if (name && !strncmp(name + 1, q + 2, 2) &&
        (order == name[0] || order == '=' || (qat_runner_dtype_size(d) == 1 && order == '<')))
      t->dtype = d;
  }
  if (!t->dtype) {
    char quoted[160];
    quote(q + 1, descrLength, quoted, sizeof quoted);
    return fail(e, "'%s': unsupported .npy dtype '%s'", e->what, quoted);
  }
  if (strncmp(fortran + 15, ": True", 6) == 0)
    return fail(e, "'%s': Fortran-order .npy arrays are not supported", e->what);

  const char *p = strchr(shape, '(');
  if (!p)
    return fail(e, "'%s': bad .npy shape", e->what);
  ++p;
  t->rank = 0;
  for (;;) {
    while (*p == ' ' || *p == ',')
      ++p;
    if (*p == ')')
      return 0;
    char *end;
    long long d = strtoll(p, &end, 10);
    if (end == p || d < 0)
      return fail(e, "'%s': bad .npy shape", e->what);
    if (t->rank == QAT_RUNNER_MAX_RANK)
      return fail(e, "'%s': rank above %d", e->what, QAT_RUNNER_MAX_RANK);
    t->shape[t->rank++] = d;
    p = end;
  }
}

static int parseNpy(const Errors *e, const char *bytes, size_t size, qat_runner_tensor *t) {
  if (size < 10)
    return fail(e, "'%s': truncated .npy header", e->what);
  unsigned major = (unsigned char)bytes[6];
  size_t headerLength, offset;
  if (major == 1) {
    headerLength = (unsigned char)bytes[8] | (size_t)(unsigned char)bytes[9] << 8;
    offset = 10;
  } else if (major == 2 || major == 3) {
    if (size < 12)
      return fail(e, "'%s': truncated .npy header", e->what);
    headerLength = 0;
    for (int i = 3; i >= 0; --i)
      headerLength = headerLength << 8 | (unsigned char)bytes[8 + i];
    offset = 12;
  } else {
    return fail(e, "'%s': unsupported .npy version %u", e->what, major);
  }
  if (headerLength > size - offset)
    return fail(e, "'%s': truncated .npy header", e->what);
  /* A NUL-terminated copy, for the string functions. */
  char *header = malloc(headerLength + 1);
  if (!header)
    return fail(e, "'%s': out of memory", e->what);
  memcpy(header, bytes + offset, headerLength);
  header[headerLength] = 0;
  int status = parseNpyHeader(e, header, t);
  free(header);
  if (status)
    return status;

  int64_t count = qat_runner_element_count(t->shape, t->rank);
  size_t element = qat_runner_dtype_size(t->dtype);
  if (count < 0 || (uint64_t)count > SIZE_MAX / element)
    return fail(e, "'%s': shape too large", e->what);
  t->bytes = (size_t)count * element;
  size_t dataOffset = offset + headerLength;
  if (size - dataOffset != t->bytes)
    return fail(e, "'%s': holds %zu data bytes, its shape needs %zu", e->what,
                size - dataOffset, t->bytes);
  /* The size matches the file's: allocating it is safe. */
  t->data = malloc(t->bytes ? t->bytes : 1);
  if (!t->data)
    return fail(e, "'%s': out of memory", e->what);
  if (t->bytes)
    memcpy(t->data, bytes + dataOffset, t->bytes);
  return 0;
}

/* ---- TensorProto: the protobuf wire format, the fields a tensor needs ---- */

typedef struct Reader {
  const Errors *e;
  const unsigned char *p, *end;
} Reader;

static int readVarint(Reader *r, uint64_t *value) {
  *value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (r->p == r->end)
      return fail(r->e, "'%s': truncated TensorProto", r->e->what);
    unsigned char byte = *r->p++;
    *value |= (uint64_t)(byte & 0x7f) << shift;
    if (!(byte & 0x80))
      return 0;
  }
  return fail(r->e, "'%s': malformed TensorProto varint", r->e->what);
}

static int readLengthDelimited(Reader *r, Reader *field) {
  uint64_t length;
  if (readVarint(r, &length))
    return -1;
  if (length > (uint64_t)(r->end - r->p))
    return fail(r->e, "'%s': truncated TensorProto", r->e->what);
  field->e = r->e;
  field->p = r->p;
  field->end = r->p + length;
  r->p += length;
  return 0;
}

static int checkWire(Reader *r, unsigned wireType, unsigned expected) {
  if (wireType != expected)
    return fail(r->e, "'%s': malformed TensorProto (wire type %u)", r->e->what, wireType);
  return 0;
}

/* A growing array of typed values from int32_data/int64_data/... fields. */
typedef struct Values {
  char *data;
  size_t bytes, capacity;
} Values;

static int appendValue(const Errors *e, Values *v, const void *value, size_t size) {
  if (!size) /* memcpy's pointers must not be NULL, even for 0 bytes */
    return 0;
  if (v->bytes + size > v->capacity) {
    size_t capacity = v->capacity ? v->capacity : 256;
    while (v->bytes + size > capacity)
      capacity *= 2;
    char *grown = realloc(v->data, capacity);
    if (!grown)
      return fail(e, "'%s': out of memory", e->what);
    v->data = grown;
    v->capacity = capacity;
  }
  memcpy(v->data + v->bytes, value, size);
  v->bytes += size;
  return 0;
}

/* One value of wire type `elementWire`: a varint becomes 8 bytes (narrowed
 * to the element width later), fixed32/fixed64 are copied. */
static int readElement(Reader *r, unsigned elementWire, Values *out) {
  if (elementWire == 0) {
    uint64_t value;
    return readVarint(r, &value) ? -1 : appendValue(r->e, out, &value, 8);
  }
  size_t width = elementWire == 5 ? 4 : 8;
  if ((size_t)(r->end - r->p) < width)
    return fail(r->e, "'%s': truncated TensorProto", r->e->what);
  r->p += width;
  return appendValue(r->e, out, r->p - width, width);
}

/* A repeated numeric field, packed (any number of values, none included) or
 * one value at a time. */
static int readNumbers(Reader *r, unsigned wireType, unsigned elementWire, Values *out) {
  if (wireType != 2)
    return checkWire(r, wireType, elementWire) ? -1 : readElement(r, elementWire, out);
  Reader packed;
  if (readLengthDelimited(r, &packed))
    return -1;
  while (packed.p < packed.end)
    if (readElement(&packed, elementWire, out))
      return -1;
  return 0;
}

static int skipField(Reader *r, unsigned wireType) {
  uint64_t ignored;
  Reader field;
  switch (wireType) {
  case 0: return readVarint(r, &ignored);
  case 1: case 5: {
    size_t width = wireType == 1 ? 8 : 4;
    if ((size_t)(r->end - r->p) < width)
      return fail(r->e, "'%s': truncated TensorProto", r->e->what);
    r->p += width;
    return 0;
  }
  case 2: return readLengthDelimited(r, &field);
  default: return checkWire(r, wireType, 0);
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

/* The fields of a TensorProto, as read from the wire. */
typedef struct Fields {
  Values typed, raw;
  int haveRaw, typedField;
} Fields;

static int readFields(Reader *r, qat_runner_tensor *t, Fields *f) {
  const char *what = r->e->what;
  while (r->p < r->end) {
    uint64_t key;
    if (readVarint(r, &key))
      return -1;
    unsigned field = (unsigned)(key >> 3), wire = (unsigned)(key & 7);
    switch (field) {
    case 1: { /* dims */
      Values dims = {0};
      int status = readNumbers(r, wire, 0, &dims);
      for (size_t k = 0; !status && k < dims.bytes / 8; ++k) {
        if (t->rank == QAT_RUNNER_MAX_RANK)
          status = fail(r->e, "'%s': rank above %d", what, QAT_RUNNER_MAX_RANK);
        else
          memcpy(&t->shape[t->rank++], dims.data + 8 * k, 8);
      }
      free(dims.data);
      if (status)
        return -1;
      break;
    }
    case 2: { /* data_type */
      uint64_t dtype;
      if (checkWire(r, wire, 0) || readVarint(r, &dtype))
        return -1;
      t->dtype = (int32_t)dtype;
      break;
    }
    case 3: return fail(r->e, "'%s': segmented TensorProto is not supported", what);
    case 4: case 5: case 7: case 10: case 11:
      if (f->typedField && f->typedField != (int)field)
        return fail(r->e, "'%s': TensorProto mixes data fields", what);
      f->typedField = (int)field;
      /* float_data is fixed32, double_data fixed64, the rest varints. */
      if (readNumbers(r, wire, field == 4 ? 5 : field == 10 ? 1 : 0, &f->typed))
        return -1;
      break;
    case 9: { /* raw_data: the last one counts, as in protobuf */
      Reader data;
      if (checkWire(r, wire, 2) || readLengthDelimited(r, &data))
        return -1;
      f->raw.bytes = 0;
      if (appendValue(r->e, &f->raw, data.p, (size_t)(data.end - data.p)))
        return -1;
      f->haveRaw = 1;
      break;
    }
    case 13: return fail(r->e, "'%s': TensorProto with external data is not supported", what);
    case 14: { /* data_location: DEFAULT (0) or EXTERNAL */
      uint64_t location;
      if (checkWire(r, wire, 0) || readVarint(r, &location))
        return -1;
      if (location != 0)
        return fail(r->e, "'%s': TensorProto with external data is not supported", what);
      break;
    }
    default:
      if (skipField(r, wire))
        return -1;
      break;
    }
  }
  return 0;
}

/* Copies the values of the typed field into t->data (allocated here). */
static int decodeTyped(const Errors *e, const Fields *f, int64_t count, const char *shape,
                       qat_runner_tensor *t) {
  size_t element = qat_runner_dtype_size(t->dtype);
  /* float_data holds 4-byte values; every other typed field was read as
   * 8-byte values and is narrowed to the element width. */
  size_t stored = f->typedField == 4 ? 4 : 8;
  int expected = t->dtype == QAT_FLOAT ? 4
                 : t->dtype == QAT_INT64 ? 7
                 : t->dtype == QAT_DOUBLE ? 10
                 : (t->dtype == QAT_UINT32 || t->dtype == QAT_UINT64) ? 11 : 5;
  if (count && f->typedField != expected)
    return fail(e, "'%s': %s data is not in the TensorProto field ONNX stores it in", e->what,
                qat_runner_dtype_name(t->dtype));
  if (f->typed.bytes / stored != (size_t)count)
    return fail(e, "'%s': holds %zu values, %s %s needs %lld", e->what, f->typed.bytes / stored,
                qat_runner_dtype_name(t->dtype), shape, (long long)count);
  for (int64_t k = 0; k < count; ++k) {
    if (stored == 8 && element < 8) {
      int64_t value;
      memcpy(&value, f->typed.data + k * stored, 8);
      if (!fitsElement(t->dtype, value))
        return fail(e, "'%s': value %lld is out of range for %s", e->what, (long long)value,
                    qat_runner_dtype_name(t->dtype));
    }
  }
  /* Checked against the values read: allocating t->bytes is safe. */
  t->data = malloc(t->bytes ? t->bytes : 1);
  if (!t->data)
    return fail(e, "'%s': out of memory", e->what);
  for (int64_t k = 0; k < count; ++k)
    memcpy(t->data + k * element, f->typed.data + k * stored, element);
  return 0;
}

/* The bytes of the tensor from raw_data, which become t->data. */
static int takeRaw(const Errors *e, Fields *f, const char *shape, qat_runner_tensor *t) {
  if (f->typedField)
    return fail(e, "'%s': TensorProto holds both raw_data and typed data fields", e->what);
  if (f->raw.bytes != t->bytes)
    return fail(e, "'%s': raw_data holds %zu bytes, %s %s needs %zu", e->what, f->raw.bytes,
                qat_runner_dtype_name(t->dtype), shape, t->bytes);
  t->data = f->raw.data ? f->raw.data : malloc(1);
  f->raw.data = NULL;
  return t->data ? 0 : fail(e, "'%s': out of memory", e->what);
}

static int parseTensorProto(const Errors *e, const char *bytes, size_t size,
                            qat_runner_tensor *t) {
  Reader r = {e, (const unsigned char *)bytes, (const unsigned char *)bytes + size};
  Fields f = {{0}, {0}, 0, 0};
  int status = readFields(&r, t, &f);
  size_t element = qat_runner_dtype_size(t->dtype);
  int64_t count = qat_runner_element_count(t->shape, t->rank);
  if (!status && !element)
    status = fail(e, "'%s': unsupported TensorProto data type %d", e->what, t->dtype);
  if (!status && (count < 0 || (uint64_t)count > SIZE_MAX / element))
    status = fail(e, "'%s': bad TensorProto dims", e->what);
  if (!status) {
    /* Only allocated once the data read matches this size. */
    t->bytes = (size_t)count * element;
    char shape[256];
    qat_runner_shape_string(t->shape, t->rank, shape, sizeof shape);
    status = f.haveRaw ? takeRaw(e, &f, shape, t) : decodeTyped(e, &f, count, shape, t);
  }
  free(f.typed.data);
  free(f.raw.data);
  return status;
}

/* ---- entry points ------------------------------------------------------ */

int qat_runner_parse_tensor(const char *what, const char *bytes, size_t size,
                            qat_runner_tensor *t, char *error, size_t errorSize) {
  Errors e = {what, error, errorSize};
  memset(t, 0, sizeof *t);
  int status = size >= 6 && !memcmp(bytes, "\x93NUMPY", 6) ? parseNpy(&e, bytes, size, t)
                                                           : parseTensorProto(&e, bytes, size, t);
  if (status) {
    free(t->data);
    t->data = NULL;
  }
  return status;
}

/* All of the file `path` (malloc'ed), or -1 with the error line. */
static int readFile(const Errors *e, const char *path, char **contents, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return fail(e, "cannot open '%s': %s", path, strerror(errno));
  char *bytes = NULL;
  size_t used = 0, capacity = 0;
  for (;;) {
    if (used == capacity) {
      capacity = capacity ? 2 * capacity : 1 << 16;
      char *grown = realloc(bytes, capacity);
      if (!grown) {
        free(bytes);
        fclose(f);
        return fail(e, "'%s': out of memory", path);
      }
      bytes = grown;
    }
    size_t got = fread(bytes + used, 1, capacity - used, f);
    used += got;
    if (got == 0)
      break;
  }
  int failed = ferror(f);
  fclose(f);
  if (failed) {
    free(bytes);
    return fail(e, "cannot read '%s'", path);
  }
  *contents = bytes;
  *size = used;
  return 0;
}

int qat_runner_read_tensor(const char *path, qat_runner_tensor *t, char *error,
                           size_t errorSize) {
  Errors e = {path, error, errorSize};
  char *bytes;
  size_t size;
  memset(t, 0, sizeof *t);
  if (readFile(&e, path, &bytes, &size))
    return -1;
  int status = qat_runner_parse_tensor(path, bytes, size, t, error, errorSize);
  free(bytes);
  return status;
}
