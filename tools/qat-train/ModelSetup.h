//===- ModelSetup.h - from a model file to a training library ---*- C++ -*-===//
//
// The MLIR half of qat-train: load the model at the training batch, make it
// quantization-aware, initialize activation scales (LSQ, from the first
// batch), build @train_step/@eval_step and compile them in process; at the
// end, write the trained values back into @main_graph.
//
//===----------------------------------------------------------------------===//
#ifndef QAT_TOOLS_QATTRAIN_MODELSETUP_H
#define QAT_TOOLS_QATTRAIN_MODELSETUP_H

#include "Session.h"
#include "driver/Compiler.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace qat::train {

struct QuantizationOptions {
  bool quantize = true; ///< false: train the float model
  int64_t wBits = 4, aBits = 4;
  std::string extra;    ///< more qat-insert-fake-quant options
  bool l1Norm = false;  ///< BatchNorm/LayerNorm -> L1 normalization first
};

struct PreparedModel {
  mlir::OwningOpRef<mlir::ModuleOp> module; ///< @main_graph, fake-quant
  std::vector<int64_t> inputShape;          ///< [batch, ...]
  int64_t classes = 0;
  bool insertedQuantizers = false; ///< by us (their scales still need data)
};

/// Loads `path` (.onnx: imported with the batch dimension set to `batch`;
/// .mlir: its batch must be `batch`), quantizes it unless it already is.
bool prepareModel(mlir::MLIRContext &context, const std::string &path, int64_t batch,
                  const QuantizationOptions &quant, PreparedModel &model, std::string &error);

/// LSQ initialization of every activation scale, 2 mean|x| / sqrt(qmax) over
/// `batchData` (one batch; BatchNorm on its statistics, as the first step).
bool initActivationScales(mlir::ModuleOp module, const float *batchData,
                          const driver::CompileOptions &compile, std::string &error);

/// Gives `to`'s activation quantizers the scales of `from`'s (the same
/// model imported at another batch).
bool copyActivationScales(mlir::ModuleOp from, mlir::ModuleOp to, std::string &error);

/// Builds the step functions (qat-build-train-step with `stepOptions`) on a
/// copy of `module`, compiles them to `libPath` and returns train_step's
/// arguments with their initial values.
bool buildStepLibrary(mlir::ModuleOp module, const std::string &stepOptions,
                      const driver::CompileOptions &compile, const std::string &libPath,
                      std::vector<ArgInfo> &trainArgs, std::string &error);

/// Writes the trained values of `session` into @main_graph's constants and
/// parameters (the names the step functions gave them).
bool writeBack(mlir::ModuleOp module, const Session &session, bool freezeWeightScales,
               std::string &error);

} // namespace qat::train

#endif // QAT_TOOLS_QATTRAIN_MODELSETUP_H
