//===- AbiWrapper.cpp - generate the C ABI of a compiled model -------------===//
//
// The model's code comes from LLVM; this small C file gives it the stable
// ABI of runtime/qat_model.h: metadata tables, instance handling, and the
// call that wraps caller buffers in memref descriptors. It is compiled with
// the system C compiler and linked into the library.
//
//===----------------------------------------------------------------------===//
#include "AbiWrapper.h"
#include "runtime/TensorFile.h"

#include "llvm/Support/raw_ostream.h"

using namespace mlir;

static const char kHeader[] =
#include "qat_model_h.inc"
    ;

const char *qat::modelHeaderText() { return kHeader; }

namespace {
/// A C string literal: printable ASCII as is, the rest as octal escapes.
void emitString(llvm::raw_ostream &os, const std::string &text) {
  os << '"';
  for (unsigned char ch : text)
    if (ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\' && ch != '?')
      os << ch;
    else
      os << '\\' << char('0' + (ch >> 6)) << char('0' + ((ch >> 3) & 7)) << char('0' + (ch & 7));
  os << '"';
}

// A strided copy between two ranked memref descriptors, as lowered
// memref.copy calls it (the same contract as MLIR's runner utils).
constexpr const char *kMemrefCopy = R"c(
typedef struct { int64_t rank; void *descriptor; } qat_unranked_memref;

void memrefCopy(int64_t elem_size, qat_unranked_memref *src, qat_unranked_memref *dst) {
  int64_t rank = src->rank;
  char *s = (char *)src->descriptor, *d = (char *)dst->descriptor;
  /* descriptor: allocated, aligned, offset, sizes[rank], strides[rank] */
  char *sbase = *(char **)(s + sizeof(void *)), *dbase = *(char **)(d + sizeof(void *));
  const int64_t *smeta = (const int64_t *)(s + 2 * sizeof(void *));
  const int64_t *dmeta = (const int64_t *)(d + 2 * sizeof(void *));
  const int64_t *sizes = smeta + 1, *sstrides = smeta + 1 + rank, *dstrides = dmeta + 1 + rank;
  if (rank == 0) {
    memcpy(dbase + dmeta[0] * elem_size, sbase + smeta[0] * elem_size, (size_t)elem_size);
    return;
  }
  if (rank > 16) abort();
  int64_t rows = 1;
  for (int64_t i = 0; i < rank - 1; ++i) rows *= sizes[i];
  int64_t cols = sizes[rank - 1];
  if (rows == 0 || cols == 0) return;
  /* Rows with unit inner stride on both sides are memcpy'd whole. */
  int contiguous_rows = sstrides[rank - 1] == 1 && dstrides[rank - 1] == 1;
  int64_t index[16] = {0};
  for (int64_t r = 0; r < rows; ++r) {
    int64_t so = smeta[0], dof = dmeta[0];
    for (int64_t i = 0; i < rank - 1; ++i) { so += index[i] * sstrides[i]; dof += index[i] * dstrides[i]; }
    if (contiguous_rows) {
      memcpy(dbase + dof * elem_size, sbase + so * elem_size, (size_t)(cols * elem_size));
    } else {
      for (int64_t c = 0; c < cols; ++c)
        memcpy(dbase + (dof + c * dstrides[rank - 1]) * elem_size,
               sbase + (so + c * sstrides[rank - 1]) * elem_size, (size_t)elem_size);
    }
    for (int64_t i = rank - 2; i >= 0; --i) {
      if (++index[i] < sizes[i]) break;
      index[i] = 0;
    }
  }
}
)c";

void emitTable(llvm::raw_ostream &os, const std::string &kind,
               const std::vector<qat::TensorSignature> &tensors) {
  for (size_t i = 0; i < tensors.size(); ++i) {
    os << "static const int64_t " << kind << "_shape_" << i << "[] = {";
    for (int64_t d : tensors[i].shape)
      os << d << ", ";
    os << "0};\n";
  }
  os << "static const qat_tensor_info " << kind << "_info[] = {\n";
  for (size_t i = 0; i < tensors.size(); ++i) {
    os << "  {";
    emitString(os, tensors[i].name);
    os << ", " << tensors[i].dtype << ", " << tensors[i].shape.size() << ", " << kind
       << "_shape_" << i << "},\n";
  }
  if (tensors.empty())
    os << "  {0, 0, 0, 0},\n";
  os << "};\n";
}

/// The bytes of a tensor (the ABI's dtypes: 1, 2, 4 or 8 bytes wide).
size_t byteSize(const qat::TensorSignature &t) {
  size_t width = qat::dtypeByteSize(t.dtype);
  for (int64_t d : t.shape)
    width *= (size_t)d;
  return width;
}

void emitDescriptorType(llvm::raw_ostream &os, size_t rank) {
  os << "typedef struct { void *allocated, *aligned; int64_t offset;";
  if (rank)
    os << " int64_t sizes[" << rank << "]; int64_t strides[" << rank << "];";
  os << " } qat_desc" << rank << ";\n";
}

void emitDescriptor(llvm::raw_ostream &os, const std::string &var, const std::string &ptr,
                    const std::vector<int64_t> &shape) {
  os << "  qat_desc" << shape.size() << " " << var << " = {" << ptr << ", " << ptr << ", 0";
  if (!shape.empty()) {
    os << ", {";
    for (int64_t d : shape)
      os << d << ", ";
    os << "}, {";
    int64_t stride = 1;
    std::vector<int64_t> strides(shape.size());
    for (size_t i = shape.size(); i-- > 0;) {
      strides[i] = stride;
      stride *= shape[i];
    }
    for (int64_t s : strides)
      os << s << ", ";
    os << "}";
  }
  os << "};\n";
}
} // namespace

std::string qat::generateAbiWrapper(const std::vector<FunctionSignature> &functions) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "/* Generated by qat-compile: the C ABI of runtime/qat_model.h. */\n"
     << "#include <malloc.h>\n#include <stdint.h>\n#include <stdlib.h>\n#include <string.h>\n"
     << kHeader << "\n" << kMemrefCopy << "\n";
  std::vector<size_t> ranks;
  for (const FunctionSignature &f : functions)
    for (const auto *list : {&f.inputs, &f.outputs})
      for (const auto &t : *list)
        if (std::find(ranks.begin(), ranks.end(), t.shape.size()) == ranks.end())
          ranks.push_back(t.shape.size());
  for (size_t r : ranks)
    emitDescriptorType(os, r);

  // Per function: its tables, the lowered entry point, and a caller that
  // wraps the caller's buffers in memref descriptors.
  for (size_t f = 0; f < functions.size(); ++f) {
    const FunctionSignature &fn = functions[f];
    std::string prefix = "f" + std::to_string(f);
    emitTable(os, prefix + "_input", fn.inputs);
    emitTable(os, prefix + "_output", fn.outputs);
    os << "void _mlir_ciface_" << fn.symbol << "(";
    size_t i = 0;
    for (const auto *list : {&fn.inputs, &fn.outputs})
      for (const auto &t : *list)
        os << (i++ ? ", " : "") << "qat_desc" << t.shape.size() << " *";
    if (i == 0)
      os << "void";
    os << ");\n"
       << "static void " << prefix << "_call(const void *const *inputs, void *const *outputs) {\n";
    // An updated input is read and written through its output's buffer,
    // which starts as a copy of the input unless it is the input itself.
    std::vector<std::string> inputPtr(fn.inputs.size());
    for (size_t k = 0; k < fn.inputs.size(); ++k)
      inputPtr[k] = "(void *)inputs[" + std::to_string(k) + "]";
    for (size_t k = 0; k < fn.outputs.size(); ++k) {
      int64_t j = fn.updates[k];
      if (j < 0)
        continue;
      std::string out = "outputs[" + std::to_string(k) + "]";
      os << "  if (" << out << " != inputs[" << j << "]) memcpy(" << out << ", inputs[" << j
         << "], " << byteSize(fn.outputs[k]) << ");\n";
      inputPtr[j] = out;
    }
    for (size_t k = 0; k < fn.inputs.size(); ++k)
      emitDescriptor(os, "in" + std::to_string(k), inputPtr[k], fn.inputs[k].shape);
    for (size_t k = 0; k < fn.outputs.size(); ++k)
      emitDescriptor(os, "out" + std::to_string(k), "outputs[" + std::to_string(k) + "]",
                     fn.outputs[k].shape);
    os << "  _mlir_ciface_" << fn.symbol << "(";
    i = 0;
    for (size_t k = 0; k < fn.inputs.size(); ++k)
      os << (i++ ? ", " : "") << "&in" << k;
    for (size_t k = 0; k < fn.outputs.size(); ++k)
      os << (i++ ? ", " : "") << "&out" << k;
    os << ");\n}\n";
  }
  for (size_t f = 0; f < functions.size(); ++f) {
    os << "static const int32_t f" << f << "_updates[] = {";
    for (int64_t j : functions[f].updates)
      os << j << ", ";
    os << "0};\n";
  }
  os << "static const qat_function_info function_info[] = {\n";
  for (size_t f = 0; f < functions.size(); ++f) {
    os << "  {";
    emitString(os, functions[f].name);
    os << ", " << functions[f].inputs.size() << ", " << functions[f].outputs.size() << ", f" << f
       << "_input_info, f" << f << "_output_info, f" << f << "_updates},\n";
  }
  os << "};\n"
     << "typedef void (*qat_entry)(const void *const *, void *const *);\n"
     << "static const qat_entry entries[] = {";
  for (size_t f = 0; f < functions.size(); ++f)
    os << (f ? ", " : "") << "f" << f << "_call";
  size_t n = functions.size();
  const FunctionSignature &main = functions.front();
  os << "};\n"
     << "struct qat_model { int unused; };\n"
     << "int32_t qat_model_abi_version(void) { return QAT_MODEL_ABI_VERSION; }\n"
     << "int32_t qat_model_num_functions(void) { return " << n << "; }\n"
     << "const qat_function_info *qat_model_function(int32_t f) {\n"
     << "  return f >= 0 && f < " << n << " ? &function_info[f] : 0;\n}\n"
     << "int32_t qat_model_num_inputs(void) { return " << main.inputs.size() << "; }\n"
     << "int32_t qat_model_num_outputs(void) { return " << main.outputs.size() << "; }\n"
     << "const qat_tensor_info *qat_model_input(int32_t i) {\n"
     << "  return i >= 0 && i < " << main.inputs.size() << " ? &f0_input_info[i] : 0;\n}\n"
     << "const qat_tensor_info *qat_model_output(int32_t i) {\n"
     << "  return i >= 0 && i < " << main.outputs.size() << " ? &f0_output_info[i] : 0;\n}\n"
     << "int qat_isa_init(char *error, unsigned long size);\n"
     << "static _Thread_local char create_error[256];\n"
     << "const char *qat_model_create_error(void) { return create_error; }\n"
     // Intermediate buffers are malloc'ed and freed on every run; glibc would
     // mmap/munmap the large ones each time, and the page faults cost about a
     // quarter of resnet18's latency. Keep freed memory in the heap instead.
     << "qat_model *qat_model_create(void) {\n"
     << "  create_error[0] = 0;\n"
     << "  if (qat_isa_init(create_error, sizeof create_error)) return 0;\n"
     << "  mallopt(M_MMAP_THRESHOLD, 512 << 20);\n"
     << "  mallopt(M_TRIM_THRESHOLD, 1024 << 20);\n"
     << "  qat_model *model = (qat_model *)calloc(1, sizeof(qat_model));\n"
     << "  if (!model) strcpy(create_error, \"out of memory\");\n"
     << "  return model;\n}\n"
     << "void qat_model_destroy(qat_model *model) { free(model); }\n"
     << "int32_t qat_model_call(qat_model *model, int32_t f, const void *const *inputs,\n"
     << "                       void *const *outputs) {\n"
     << "  if (!model || f < 0 || f >= " << n << ") return 1;\n"
     << "  if ((function_info[f].num_inputs && !inputs) || (function_info[f].num_outputs && !outputs))\n"
     << "    return 1;\n"
     << "  entries[f](inputs, outputs);\n"
     << "  return 0;\n}\n"
     << "int32_t qat_model_run(qat_model *model, const void *const *inputs, void *const *outputs) {\n"
     << "  return qat_model_call(model, 0, inputs, outputs);\n}\n";
  return text;
}
