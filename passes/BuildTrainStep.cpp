//===- BuildTrainStep.cpp - the qat-build-train-step pass ------------------===//
//
// @train_step: a clone of @main_graph whose parameters are arguments,
// BatchNorm on batch statistics, then the loss, the gradients (autodiff),
// the updates and the schedules. @eval_step: another clone, inference
// BatchNorm, loss and top-1 count. See Passes.td for the contract.
//
//===----------------------------------------------------------------------===//
#include "autodiff/Autodiff.h"
#include "autodiff/GradientOpInterface.h"
#include "passes/Passes.h"
#include "passes/TrainStepUpdates.h"

namespace qat {
#define GEN_PASS_DEF_BUILDTRAINSTEP
#include "passes/Passes.h.inc"
} // namespace qat

using namespace mlir;
using namespace qat;
using namespace qat::trainstep;

namespace {
/// The labels argument and the loss / top-1 count of `logits` against it.
struct LossAndCount {
  Value loss, correct;
};

LossAndCount buildLoss(OpBuilder &b, Location loc, Value logits, Value labels, bool soft,
                       std::optional<int64_t> ignoreIndex) {
  auto type = cast<RankedTensorType>(logits.getType());
  Value logProbs = nn::LogSoftmaxOp::create(b, loc, logits, 1);
  Value loss;
  if (soft) {
    // -sum(targets * log_softmax(logits)) / N
    Value prod = nn::MulOp::create(b, loc, labels, logProbs);
    SmallVector<int64_t> all;
    for (int64_t d = 0; d < type.getRank(); ++d)
      all.push_back(d);
    Value sum = nn::ReduceSumOp::create(b, loc, prod, all, false);
    loss = nn::MulOp::create(b, loc, sum,
                             scalar(b, loc, type.getElementType(), -1.0 / type.getDimSize(0)));
  } else {
    loss = nn::NllLossOp::create(b, loc, logProbs, labels, Value(), b.getStringAttr("mean"),
                                 ignoreIndex ? b.getI64IntegerAttr(*ignoreIndex) : IntegerAttr());
  }
  Value predicted = nn::ArgMaxOp::create(b, loc, logits, 1, false, false);
  Value truth = soft ? (Value)nn::ArgMaxOp::create(b, loc, labels, 1, false, false) : labels;
  Value hit = nn::EqualOp::create(b, loc, predicted, truth);
  auto i64 = RankedTensorType::get(cast<RankedTensorType>(hit.getType()).getShape(),
                                   b.getI64Type());
  Value hits = nn::CastOp::create(b, loc, i64, hit);
  SmallVector<int64_t> all;
  for (int64_t d = 0; d < i64.getRank(); ++d)
    all.push_back(d);
  Value correct = all.empty() ? hits : (Value)nn::ReduceSumOp::create(b, loc, hits, all, false);
  return {loss, correct};
}

/// Ends `func` with `results` named `names`.
void finish(func::FuncOp func, func::ReturnOp ret, ArrayRef<Value> results,
            ArrayRef<std::string> names) {
  OpBuilder b(ret);
  func::ReturnOp::create(b, ret.getLoc(), results);
  ret.erase();
  func.setType(FunctionType::get(func.getContext(), func.getArgumentTypes(),
                                 ValueRange(results).getTypes()));
  SmallVector<DictionaryAttr> attrs;
  for (const std::string &n : names)
    attrs.push_back(b.getDictionaryAttr(b.getNamedAttr("qat.name", b.getStringAttr(n))));
  func.setAllResultAttrs(attrs);
}

/// The most processes a step is built for (qat_function_info.replicas is
/// an int32; MPI jobs of a training run are far smaller).
constexpr int64_t kMaxReplicas = 1 << 20;

struct BuildTrainStep : qat::impl::BuildTrainStepBase<BuildTrainStep> {
  using BuildTrainStepBase::BuildTrainStepBase;

  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<nn::NNDialect, QATDialect, arith::ArithDialect, func::FuncDialect>();
    registerGradientExternalModels(registry);
  }

  StepOptions stepOptions() const {
    return {loss,     optimizer, lrSchedule, schedule,    trScope,     talrUpdate, trTarget,
            lr,       momentum,  weightDecay, beta1,      beta2,       epsilon,    trLambda,
            trM,      trEta,     bnMomentum, totalSteps, nesterov,     grads};
  }

  LogicalResult checkOptions(Operation *op) {
    auto oneOf = [&](StringRef what, StringRef v, ArrayRef<StringRef> allowed) -> LogicalResult {
      if (llvm::is_contained(allowed, v))
        return success();
      return op->emitError("qat-build-train-step: ")
             << what << " must be one of " << llvm::join(allowed, ", ") << " (got '" << v
             << "')";
    };
    if (failed(oneOf("loss", loss, {"cross-entropy", "soft-cross-entropy"})) ||
        failed(oneOf("optimizer", optimizer, {"sgd", "adam", "adamw"})) ||
        failed(oneOf("lr-schedule", lrSchedule, {"cosine", "constant"})) ||
        failed(oneOf("schedule", schedule, {"lr", "tr"})) ||
        failed(oneOf("tr-scope", trScope, {"layer", "global"})) ||
        failed(oneOf("talr-update", talrUpdate, {"additive", "multiplicative"})) ||
        failed(oneOf("tr-target", trTarget, {"cosine", "step", "constant"})))
      return failure();
    if (replicas < 1 || replicas > kMaxReplicas)
      return op->emitError("qat-build-train-step: replicas must be in 1..")
             << kMaxReplicas << " (got " << (int64_t)replicas << ")";
    if (lr <= 0 || totalSteps < 1)
      return op->emitError("qat-build-train-step: lr must be > 0 and total-steps >= 1");
    return success();
  }

  /// A clone of @main_graph named `name`, its return op and its logits.
  FailureOr<std::pair<func::FuncOp, func::ReturnOp>> cloneMain(func::FuncOp main, StringRef name) {
    if (getOperation().lookupSymbol(name))
      return main.emitError("qat-build-train-step: the module already has @") << name;
    OpBuilder b(main);
    b.setInsertionPointAfter(main);
    auto f = cast<func::FuncOp>(b.clone(*main));
    f.setSymName(name);
    auto ret = cast<func::ReturnOp>(f.getBody().front().getTerminator());
    auto logits = ret.getNumOperands() ? dyn_cast<RankedTensorType>(ret.getOperand(0).getType())
                                       : RankedTensorType();
    if (!logits || logits.getRank() < 2 || !isa<FloatType>(logits.getElementType()))
      return main.emitError("qat-build-train-step: the first result of @main_graph must be "
                            "float logits [N, C, ...]");
    return std::make_pair(f, ret);
  }

  LogicalResult buildTrain(func::FuncOp main) {
    auto cloned = cloneMain(main, "train_step");
    if (failed(cloned))
      return failure();
    auto [f, ret] = *cloned;
    StepOptions options = stepOptions();
    FailureOr<StepArguments> args = parameterize(f, frozen, schedule == "tr");
    if (failed(args))
      return failure();
    if (llvm::none_of(args->args, [](const Argument &a) { return a.role == Role::Param; }))
      return main.emitError("qat-build-train-step: the model has no trainable parameters");
    markActivationQuantizers(f, *args);

    // BatchNorm on batch statistics.
    std::vector<BatchNormUpdate> batchNorms;
    SmallVector<nn::BatchNormOp> inference;
    f.walk([&](nn::BatchNormOp bn) { inference.push_back(bn); });
    for (nn::BatchNormOp bn : inference) {
      const Argument *mean = args->find(bn.getMean()), *var = args->find(bn.getVariance());
      if (!mean || !var || mean->role != Role::State || var->role != Role::State)
        return bn.emitError("qat-build-train-step: BatchNorm statistics must be constants");
      OpBuilder b(bn);
      auto train = nn::BatchNormTrainOp::create(b, bn.getLoc(), bn.getInput(), bn.getScale(),
                                                bn.getBias(), bn.getEpsilonAttr(),
                                                replicasAttr(b));
      bn.getResult().replaceAllUsesWith(train.getOutput());
      auto x = cast<RankedTensorType>(bn.getInput().getType());
      // The statistics are of all replicas' shards: so is the unbiasing count.
      batchNorms.push_back({train.getMean(), train.getVariance(), *mean, *var,
                            replicas * x.getNumElements() / std::max<int64_t>(1, x.getDimSize(1))});
      bn.erase();
    }

    // L1 normalization (qat-use-l1-norm) likewise: batch statistics, and
    // running mean and sigma updated (sigma is not a variance: no n/(n-1)).
    SmallVector<L1NormOp> l1Norms;
    f.walk([&](L1NormOp n) {
      if (n.getRunningMean())
        l1Norms.push_back(n);
    });
    for (L1NormOp n : l1Norms) {
      const Argument *mean = args->find(n.getRunningMean()),
                     *sigma = args->find(n.getRunningSigma());
      if (!mean || !sigma || mean->role != Role::State || sigma->role != Role::State)
        return n.emitError("qat-build-train-step: L1 norm statistics must be constants");
      OpBuilder b(n);
      auto train = L1NormOp::create(b, n.getLoc(), n->getResultTypes(), n.getInput(),
                                    n.getScale(), n.getBias(), Value(), Value(), n.getModeAttr(),
                                    n.getAxisAttr(), n.getEpsilonAttr(), n.getExactGradAttr(),
                                    replicasAttr(b));
      n.getOutput().replaceAllUsesWith(train.getOutput());
      n.getMean().replaceAllUsesWith(n.getRunningMean());
      n.getSigma().replaceAllUsesWith(n.getRunningSigma());
      auto x = cast<RankedTensorType>(n.getInput().getType());
      batchNorms.push_back({train.getMean(), train.getSigma(), *mean, *sigma,
                            x.getNumElements() / std::max<int64_t>(1, x.getDimSize(1)), false});
      n.erase();
    }

    // Schedule state and labels.
    auto i64 = RankedTensorType::get({}, OpBuilder(f).getI64Type());
    BlockArgument step = addArgument(f, i64, "step", Role::State, splat(i64, 0.0));
    auto logitsType = cast<RankedTensorType>(ret.getOperand(0).getType());
    bool soft = loss == "soft-cross-entropy";
    SmallVector<int64_t> labelShape{logitsType.getDimSize(0)};
    llvm::append_range(labelShape, logitsType.getShape().drop_front(2));
    Type labelType = soft ? (Type)logitsType
                          : (Type)RankedTensorType::get(labelShape, OpBuilder(f).getI64Type());
    BlockArgument labels = addArgument(f, labelType, "labels", Role::Labels);

    OpBuilder b(ret);
    Location loc = f.getLoc();
    LossAndCount lc = buildLoss(b, loc, ret.getOperand(0), labels, soft, std::nullopt);
    SmallVector<Value> wrt;
    SmallVector<const Argument *> trained;
    for (const Argument &a : args->args)
      if (a.role == Role::Param) {
        wrt.push_back(a.value);
        trained.push_back(&a);
      }
    Block &body = f.getBody().front();
    Value seed = scalar(b, loc, cast<RankedTensorType>(lc.loss.getType()).getElementType(), 1.0);
    FailureOr<SmallVector<Value>> gradients =
        differentiate(b, llvm::make_range(body.begin(), Block::iterator(seed.getDefiningOp())),
                      lc.loss, seed, wrt);
    if (failed(gradients))
      return failure();
    if (replicas > 1 && failed(averageOverReplicas(b, loc, trained, *gradients)))
      return failure();

    StepBuilder s(f, b, options, step);
    s.result(lc.loss, "loss");
    s.result(lc.correct, "correct");
    Value lr = s.learningRate();
    s.result(lr, "lr");

    // TR state: per quantized weight, or one for all.
    bool tr = schedule == "tr";
    llvm::DenseMap<Value, TRState> trOf;
    std::optional<TRState> global;
    int64_t globalBits = 0;
    if (tr) {
      if (args->quantizedWeights.empty())
        return main.emitError("qat-build-train-step: schedule=tr needs quantized weights "
                              "(run qat-insert-fake-quant first)");
      for (QuantizedWeight w : args->quantizedWeights) {
        int64_t bits = w.quantizer.getBits();
        if (trScope == "global") {
          if (globalBits && bits != globalBits)
            return w.quantizer.emitError("qat-build-train-step: tr-scope=global needs one "
                                         "weight bit-width (got ")
                   << globalBits << " and " << bits << ")";
          globalBits = bits;
        }
      }
      if (trScope == "global")
        global = s.trState("global");
    }
    auto quantized = [&](Value v) -> const QuantizedWeight * {
      for (const QuantizedWeight &w : args->quantizedWeights)
        if (w.weight == v)
          return &w;
      return nullptr;
    };

    // Updates: TALR for quantized weights under TR, lr_t for the rest.
    Value globalChanged;
    int64_t globalElements = 0;
    for (auto [a, g] : llvm::zip(trained, *gradients)) {
      const QuantizedWeight *w = tr ? quantized(a->value) : nullptr;
      Value paramLr = lr;
      if (w) {
        if (!global)
          trOf[a->value] = s.trState(a->name);
        paramLr = global ? global->talr : trOf[a->value].talr;
      }
      Value updated = a->value;
      if (g)
        updated = s.update(*a, g, paramLr).front();
      s.result(updated, a->name);
      if (!w)
        continue;
      Value rate = s.transitionRate(*w, updated);
      if (!global) {
        s.trUpdate(trOf[a->value], rate, FakeQuantOp(w->quantizer).getBits());
        continue;
      }
      int64_t n = cast<RankedTensorType>(a->value.getType()).getNumElements();
      Value changed = nn::MulOp::create(b, loc, rate, scalar(b, loc, b.getF32Type(), (double)n));
      globalChanged = globalChanged ? (Value)nn::AddOp::create(b, loc, globalChanged, changed)
                                    : changed;
      globalElements += n;
    }
    if (global) {
      Value rate = nn::DivOp::create(b, loc, globalChanged,
                                     scalar(b, loc, b.getF32Type(), (double)globalElements));
      s.trUpdate(*global, rate, globalBits);
    }
    for (const BatchNormUpdate &bn : batchNorms)
      s.runningStatistics(bn);
    s.result(s.updateCount(), "step");
    if (grads)
      for (auto [a, g] : llvm::zip(trained, *gradients))
        s.result(g ? g
                   : arith::ConstantOp::create(b, loc, splat(a->value.getType(), 0.0)).getResult(),
                 "grad." + a->name);
    finish(f, ret, s.results, s.resultNames);
    if (replicas > 1)
      f->setAttr(kReplicasAttr, b.getI64IntegerAttr(replicas));
    return success();
  }

  /// K >= 2 replicas: batch statistics of every shard (SyncBatchNorm).
  IntegerAttr replicasAttr(OpBuilder &b) const {
    return replicas > 1 ? b.getI64IntegerAttr(replicas) : IntegerAttr();
  }

  /// Each replica's gradients are those of its shard's mean loss; their
  /// mean over the replicas is the gradient of the global batch's mean
  /// loss (equal shards). One collective for all of them.
  LogicalResult averageOverReplicas(OpBuilder &b, Location loc,
                                    ArrayRef<const Argument *> params,
                                    SmallVector<Value> &gradients) const {
    SmallVector<Value> local;
    for (auto [a, g] : llvm::zip(params, gradients)) {
      if (!g)
        continue;
      if (!cast<RankedTensorType>(g.getType()).getElementType().isF32())
        return a->value.getOwner()->getParentOp()->emitError("qat-build-train-step: replicas > 1 "
                                                             "needs float32 parameters ('")
               << a->name << "' is " << cast<RankedTensorType>(g.getType()).getElementType()
               << ")";
      local.push_back(g);
    }
    if (local.empty())
      return success();
    auto reduced = nn::AllReduceOp::create(b, loc, local, replicas, /*mean=*/true);
    unsigned k = 0;
    for (Value &g : gradients)
      if (g)
        g = reduced.getResult(k++);
    return success();
  }

  LogicalResult buildEval(func::FuncOp main) {
    auto cloned = cloneMain(main, "eval_step");
    if (failed(cloned))
      return failure();
    auto [f, ret] = *cloned;
    if (failed(parameterize(f, frozen, schedule == "tr")))
      return failure();
    auto logitsType = cast<RankedTensorType>(ret.getOperand(0).getType());
    SmallVector<int64_t> labelShape{logitsType.getDimSize(0)};
    llvm::append_range(labelShape, logitsType.getShape().drop_front(2));
    BlockArgument labels =
        addArgument(f, RankedTensorType::get(labelShape, OpBuilder(f).getI64Type()), "labels",
                    Role::Labels);
    OpBuilder b(ret);
    // Label -1 marks padding (a last partial batch): no loss, never correct.
    LossAndCount lc = buildLoss(b, f.getLoc(), ret.getOperand(0), labels, false, -1);
    finish(f, ret, {lc.loss, lc.correct}, {"loss", "correct"});
    return success();
  }

  void runOnOperation() override {
    auto main = getOperation().lookupSymbol<func::FuncOp>("main_graph");
    if (!main || main.isExternal()) {
      getOperation().emitError("qat-build-train-step: no func.func @main_graph");
      return signalPassFailure();
    }
    if (failed(checkOptions(main)) || failed(buildTrain(main)) || failed(buildEval(main)))
      return signalPassFailure();
  }
};
} // namespace
