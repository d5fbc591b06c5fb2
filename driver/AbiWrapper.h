//===- AbiWrapper.h - the model-specific half of the C ABI -----*- C++ -*-===//
#ifndef QAT_DRIVER_ABIWRAPPER_H
#define QAT_DRIVER_ABIWRAPPER_H

#include "frontend/TensorProto.h"
#include "llvm/IR/Module.h"

#include <string>
#include <vector>

namespace qat {
struct TensorSignature {
  std::string name;
  int32_t dtype; // ONNX TensorProto.DataType
  std::vector<int64_t> shape;
};

/// One entry point of the library: a public function of the module.
struct FunctionSignature {
  std::string name;   ///< as the ABI reports it (the MLIR function's name)
  std::string symbol; ///< the lowered function (prefixed: no clash with libc)
  std::vector<TensorSignature> inputs, outputs;
  /// Per output: the input it is the new value of, or -1
  /// (codegen::updatedInputs; the lowered function reads and writes that
  /// input's data through the output's buffer).
  std::vector<int64_t> updates;
  /// The lowered function takes 1/batchSplit of every tensor along
  /// dimension 0 and is called once per slice (qat-split-batch).
  int64_t batchSplit = 1;
  /// The processes a data-parallel training step runs in (qat.replicas).
  int64_t replicas = 1;
};

/// Adds the model's half of runtime/qat_model.h to `module`, whose
/// functions (function 0 first) were lowered to `_mlir_ciface_<symbol>(
/// inputs..., outputs...)` on memref descriptors: the hidden
/// `qat_model_table` that runtime/kernels/model_abi.c reads (signature
/// tables and one caller per function). False with `error` when a function
/// has no C interface of the expected arity.
bool addAbiTables(llvm::Module &module, const std::vector<FunctionSignature> &functions,
                  std::string &error);

/// The text of runtime/qat_model.h, written beside the library as model.h.
const char *modelHeaderText();
} // namespace qat

#endif
