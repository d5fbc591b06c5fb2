//===- AbiWrapper.h - the C side of a compiled model ------------*- C++ -*-===//
#ifndef QAT_TOOLS_QATCOMPILE_ABIWRAPPER_H
#define QAT_TOOLS_QATCOMPILE_ABIWRAPPER_H

#include "frontend/TensorProto.h"
#include "mlir/IR/BuiltinTypes.h"

#include <string>
#include <vector>

namespace qat {
struct TensorSignature {
  std::string name;
  int32_t dtype; // ONNX TensorProto.DataType
  std::vector<int64_t> shape;
};


/// C source implementing runtime/qat_model.h for a model whose lowered entry
/// point is `_mlir_ciface_main_graph(inputs..., outputs...)` on memref
/// descriptors, plus the strided `memrefCopy` that lowered memref.copy calls.
std::string generateAbiWrapper(const std::vector<TensorSignature> &inputs,
                               const std::vector<TensorSignature> &outputs);

/// The text of runtime/qat_model.h, written beside the library as model.h.
const char *modelHeaderText();
} // namespace qat

#endif
