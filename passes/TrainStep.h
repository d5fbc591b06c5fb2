//===- TrainStep.h - building @train_step and @eval_step --------*- C++ -*-===//
//
// qat-build-train-step in three parts: the parameters of a cloned
// @main_graph become named arguments (TrainStepParameters.cpp), the loss,
// gradients and updates are built after the forward ops
// (TrainStepUpdates.cpp), and the pass ties them together
// (BuildTrainStep.cpp).
//
//===----------------------------------------------------------------------===//
#ifndef QAT_PASSES_TRAINSTEP_H
#define QAT_PASSES_TRAINSTEP_H

#include "dialects/NN/NNDialect.h"
#include "dialects/QAT/QATDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"

#include <string>
#include <vector>

namespace qat::trainstep {

/// What an argument of a step function holds (its `qat.role`).
enum class Role { Param, Frozen, State, Input, Labels };
llvm::StringRef roleName(Role role);

/// A named argument of a step function.
struct Argument {
  std::string name;
  Role role;
  mlir::BlockArgument value;
};

/// A quantized weight: the parameter and the quantizer that reads it.
struct QuantizedWeight {
  mlir::BlockArgument weight;
  FakeQuantOp quantizer;
};

/// The arguments a cloned @main_graph got: parameters (and frozen ones),
/// BatchNorm running statistics, the original inputs, in that order.
struct StepArguments {
  std::vector<Argument> args;
  std::vector<QuantizedWeight> quantizedWeights;

  const Argument *find(mlir::Value v) const;
};

/// A value of `func` that becomes a step function's argument: a float
/// arith.constant or qat.parameter, its role and unique name.
struct ParameterCandidate {
  mlir::Operation *op;
  Role role;
  std::string name;
  mlir::DenseElementsAttr value;
};

/// The parameters of `func` in program order, named and classified as
/// parameterize() would make them (the same names on every call).
mlir::FailureOr<std::vector<ParameterCandidate>>
findParameters(mlir::func::FuncOp func, llvm::ArrayRef<std::string> frozen,
               bool freezeWeightScales);

/// Turns the parameters of `func` (a clone of @main_graph) into arguments
/// in front of the original ones, named and with their initial value
/// (`qat.init`) and role. `frozen` names parameters that must not train;
/// `freezeWeightScales` freezes every weight quantizer's scale (TR).
/// Emits an error and fails on a name clash it cannot resolve.
mlir::FailureOr<StepArguments> parameterize(mlir::func::FuncOp func,
                                            llvm::ArrayRef<std::string> frozen,
                                            bool freezeWeightScales);

/// Sets `qat.lsq_elements` on the activation quantizers (input not a
/// parameter): one sample's element count, LSQ's N for features.
void markActivationQuantizers(mlir::func::FuncOp func, const StepArguments &args);

/// Appends an argument to `func` (the entry block too) with a name, role and
/// optional initial value.
mlir::BlockArgument addArgument(mlir::func::FuncOp func, mlir::Type type, llvm::StringRef name,
                                Role role, mlir::Attribute init = {});

/// A rank-0 constant / a constant splat tensor.
mlir::Value scalar(mlir::OpBuilder &b, mlir::Location loc, mlir::Type element, double v);
mlir::DenseElementsAttr splat(mlir::Type type, double v);

} // namespace qat::trainstep

#endif // QAT_PASSES_TRAINSTEP_H
