//===- OnnxImporter.h - ONNX model -> nn/qat dialects -----------*- C++ -*-===//
//
// Public entry point of the ONNX frontend. The importer produces
// `func.func @main_graph` on statically shaped tensors.
//
//===----------------------------------------------------------------------===//
#ifndef QAT_FRONTEND_ONNXIMPORTER_H
#define QAT_FRONTEND_ONNXIMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include <map>
#include <string>
#include <vector>

namespace qat {
struct ImportOptions {
  /// Static shapes for graph inputs, replacing symbolic dimensions.
  std::map<std::string, std::vector<int64_t>> inputShapes;
  /// Graph inputs replaced by constants, read from ONNX TensorProto files.
  std::map<std::string, std::string> constantInputs;
};

/// Reads the ONNX model at `path`. On failure returns null and sets `error`
/// to one line that names the file and, where there is one, the node.
mlir::OwningOpRef<mlir::ModuleOp> importOnnxFile(const std::string &path,
                                                 const ImportOptions &options,
                                                 mlir::MLIRContext &context,
                                                 std::string &error);

/// Imports a model held in memory; external data files resolve against
/// `baseDir`. `name` labels error messages.
mlir::OwningOpRef<mlir::ModuleOp> importOnnxBytes(const std::string &bytes,
                                                  const std::string &name,
                                                  const std::string &baseDir,
                                                  const ImportOptions &options,
                                                  mlir::MLIRContext &context,
                                                  std::string &error);

/// Dialects the importer's output uses.
void registerImportedDialects(mlir::MLIRContext &context);
} // namespace qat

#endif // QAT_FRONTEND_ONNXIMPORTER_H
