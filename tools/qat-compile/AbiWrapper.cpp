//===- AbiWrapper.cpp - generate the C ABI of a compiled model -------------===//
//
// The model's code comes from LLVM; this small C file gives it the stable
// ABI of runtime/qat_model.h: metadata tables, instance handling, and the
// call that wraps caller buffers in memref descriptors. It is compiled with
// the system C compiler and linked into the library.
//
//===----------------------------------------------------------------------===//
#include "AbiWrapper.h"

#include "llvm/Support/raw_ostream.h"

using namespace mlir;

static const char kHeader[] =
#include "qat_model_h.inc"
    ;

const char *qat::modelHeaderText() { return kHeader; }

int32_t qat::onnxDType(Type t) {
  if (t.isF32()) return 1;
  if (t.isF64()) return 11;
  if (t.isF16()) return 10;
  if (t.isBF16()) return 16;
  if (t.isInteger(1)) return 9;
  auto i = dyn_cast<IntegerType>(t);
  if (!i) return 0;
  bool u = i.isUnsigned();
  switch (i.getWidth()) {
  case 8: return u ? 2 : 3;
  case 16: return u ? 4 : 5;
  case 32: return u ? 12 : 6;
  case 64: return u ? 13 : 7;
  default: return 0;
  }
}

namespace {
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

void emitTable(llvm::raw_ostream &os, const char *kind,
               const std::vector<qat::TensorSignature> &tensors) {
  for (size_t i = 0; i < tensors.size(); ++i) {
    os << "static const int64_t " << kind << "_shape_" << i << "[] = {";
    for (int64_t d : tensors[i].shape)
      os << d << ", ";
    os << "0};\n";
  }
  os << "static const qat_tensor_info " << kind << "_info[] = {\n";
  for (size_t i = 0; i < tensors.size(); ++i) {
    os << "  {\"";
    for (unsigned char ch : tensors[i].name) // C string literal, octal escapes
      if (ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\' && ch != '?')
        os << ch;
      else
        os << '\\' << char('0' + (ch >> 6)) << char('0' + ((ch >> 3) & 7)) << char('0' + (ch & 7));
    os << "\", " << tensors[i].dtype << ", " << tensors[i].shape.size() << ", " << kind
       << "_shape_" << i << "},\n";
  }
  if (tensors.empty())
    os << "  {0, 0, 0, 0},\n";
  os << "};\n";
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

std::string qat::generateAbiWrapper(const std::vector<TensorSignature> &inputs,
                                    const std::vector<TensorSignature> &outputs) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "/* Generated by qat-compile: the C ABI of runtime/qat_model.h. */\n"
     << "#include <malloc.h>\n#include <stdint.h>\n#include <stdlib.h>\n#include <string.h>\n"
     << kHeader << "\n" << kMemrefCopy << "\n";
  std::vector<size_t> ranks;
  for (const auto *list : {&inputs, &outputs})
    for (const auto &t : *list)
      if (std::find(ranks.begin(), ranks.end(), t.shape.size()) == ranks.end())
        ranks.push_back(t.shape.size());
  for (size_t r : ranks)
    emitDescriptorType(os, r);
  emitTable(os, "input", inputs);
  emitTable(os, "output", outputs);
  os << "void _mlir_ciface_main_graph(";
  size_t i = 0;
  for (const auto *list : {&inputs, &outputs})
    for (const auto &t : *list)
      os << (i++ ? ", " : "") << "qat_desc" << t.shape.size() << " *";
  if (i == 0)
    os << "void";
  os << ");\n\n"
     << "struct qat_model { int unused; };\n"
     << "int32_t qat_model_abi_version(void) { return QAT_MODEL_ABI_VERSION; }\n"
     << "int32_t qat_model_num_inputs(void) { return " << inputs.size() << "; }\n"
     << "int32_t qat_model_num_outputs(void) { return " << outputs.size() << "; }\n"
     << "const qat_tensor_info *qat_model_input(int32_t i) {\n"
     << "  return i >= 0 && i < " << inputs.size() << " ? &input_info[i] : 0;\n}\n"
     << "const qat_tensor_info *qat_model_output(int32_t i) {\n"
     << "  return i >= 0 && i < " << outputs.size() << " ? &output_info[i] : 0;\n}\n"
     // Intermediate buffers are malloc'ed and freed on every run; glibc would
     // mmap/munmap the large ones each time, and the page faults cost about a
     // quarter of resnet18's latency. Keep freed memory in the heap instead.
     << "qat_model *qat_model_create(void) {\n"
     << "  mallopt(M_MMAP_THRESHOLD, 512 << 20);\n"
     << "  mallopt(M_TRIM_THRESHOLD, 1024 << 20);\n"
     << "  return (qat_model *)calloc(1, sizeof(qat_model));\n}\n"
     << "void qat_model_destroy(qat_model *model) { free(model); }\n"
     << "int32_t qat_model_run(qat_model *model, const void *const *inputs, void *const *outputs) {\n"
     << "  if (!model || (" << inputs.size() << " && !inputs) || (" << outputs.size()
     << " && !outputs)) return 1;\n";
  for (size_t k = 0; k < inputs.size(); ++k)
    emitDescriptor(os, "in" + std::to_string(k), "(void *)inputs[" + std::to_string(k) + "]",
                   inputs[k].shape);
  for (size_t k = 0; k < outputs.size(); ++k)
    emitDescriptor(os, "out" + std::to_string(k), "outputs[" + std::to_string(k) + "]",
                   outputs[k].shape);
  os << "  _mlir_ciface_main_graph(";
  i = 0;
  for (size_t k = 0; k < inputs.size(); ++k)
    os << (i++ ? ", " : "") << "&in" << k;
  for (size_t k = 0; k < outputs.size(); ++k)
    os << (i++ ? ", " : "") << "&out" << k;
  os << ");\n  return 0;\n}\n";
  return text;
}
