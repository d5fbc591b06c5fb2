//===- TrainStepUpdates.h - what a step computes after the gradients -*- C++ -*-===//
#ifndef QAT_PASSES_TRAINSTEPUPDATES_H
#define QAT_PASSES_TRAINSTEPUPDATES_H

#include "passes/TrainStep.h"

namespace qat::trainstep {

/// qat-build-train-step's options, as the builder reads them.
struct StepOptions {
  std::string loss, optimizer, lrSchedule, schedule, trScope, talrUpdate, trTarget;
  double lr, momentum, weightDecay, beta1, beta2, epsilon, trLambda, trM, trEta, bnMomentum;
  int64_t totalSteps;
  bool nesterov, grads;
};

/// A training BatchNorm: its batch statistics and the running ones to update.
struct BatchNormUpdate {
  mlir::Value mean, variance; ///< of the batch (nn.batch_norm_train's results;
                              ///< qat.l1_norm's mean and sigma)
  Argument runningMean, runningVariance;
  int64_t count; ///< elements per channel
  bool unbiasVariance = true; ///< n / (n - 1) on the variance (not on an L1 sigma)
};

/// The TR state of one quantized weight (or of all, with tr-scope=global).
struct TRState {
  std::string label;
  mlir::BlockArgument running, talr;
};

/// Builds at the end of a step function, collecting named results.
class StepBuilder {
public:
  StepBuilder(mlir::func::FuncOp func, mlir::OpBuilder &b, const StepOptions &options,
              mlir::Value step)
      : func(func), b(b), loc(func.getLoc()), options(options), step(step) {}

  mlir::func::FuncOp func;
  mlir::OpBuilder &b;
  mlir::Location loc;
  const StepOptions &options;
  mlir::Value step; ///< i64 rank 0: updates done before this step
  std::vector<mlir::Value> results;
  std::vector<std::string> resultNames;

  void result(mlir::Value v, llvm::StringRef name);

  /// lr_t (f32, rank 0): cosine over total-steps, or constant.
  mlir::Value learningRate();
  /// step + 1: the update count the optimizers' bias corrections use.
  mlir::Value updateCount();
  /// The optimizer's update of `param` with `lr`; adds the optimizer state
  /// as arguments and its new values as results; returns the new parameter.
  llvm::SmallVector<mlir::Value> update(const Argument &param, mlir::Value grad, mlir::Value lr);
  /// The running statistics' update, as results.
  void runningStatistics(const BatchNormUpdate &bn);

  /// TR: the state arguments `tr.<label>.running` / `.talr`.
  TRState trState(llvm::StringRef label);
  /// k of one weight's update (f32 rank 0).
  mlir::Value transitionRate(const QuantizedWeight &w, mlir::Value updated);
  /// K, R, U after an update with rate k; their results (and k's).
  void trUpdate(const TRState &state, mlir::Value rate, int64_t bits);

private:
  mlir::Value trTarget(int64_t bits);
};

} // namespace qat::trainstep

#endif // QAT_PASSES_TRAINSTEPUPDATES_H
