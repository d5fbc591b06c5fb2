//===- Differentiate.cpp - the qat-differentiate pass ----------------------===//
#include "autodiff/Autodiff.h"
#include "autodiff/GradientOpInterface.h"
#include "dialects/NN/NNDialect.h"
#include "passes/Passes.h"

#include "mlir/IR/IRMapping.h"

namespace qat {
#define GEN_PASS_DEF_DIFFERENTIATE
#include "passes/Passes.h.inc"
} // namespace qat

using namespace mlir;
using namespace qat;

namespace {
bool isScalarFloat(Type t) {
  auto tensor = dyn_cast<RankedTensorType>(t);
  return tensor && tensor.getRank() == 0 && isa<FloatType>(tensor.getElementType());
}

/// A constant tensor of zeros of `type`.
Value zeros(OpBuilder &b, Location loc, RankedTensorType type) {
  return arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(type, b.getFloatAttr(type.getElementType(), 0.0)));
}

struct Differentiate : qat::impl::DifferentiateBase<Differentiate> {
  using DifferentiateBase::DifferentiateBase;

  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<nn::NNDialect, QATDialect, arith::ArithDialect>();
    registerGradientExternalModels(registry);
  }

  LogicalResult differentiateFunction(func::FuncOp f) {
    ModuleOp module = getOperation();
    OpBuilder b(f);
    b.setInsertionPointAfter(f);
    std::string name = (f.getSymName() + "_grad").str();
    if (module.lookupSymbol(name))
      return f.emitError("cannot add @") << name << ": the name is taken";
    auto grad = cast<func::FuncOp>(b.clone(*f));
    grad.setSymName(name);
    Block &body = grad.getBody().front();
    auto ret = cast<func::ReturnOp>(body.getTerminator());
    Value loss = ret.getOperand(0);
    SmallVector<Value> wrt;
    SmallVector<unsigned> wrtIndex;
    for (BlockArgument arg : body.getArguments())
      if (auto t = dyn_cast<RankedTensorType>(arg.getType()); t && isa<FloatType>(t.getElementType())) {
        wrt.push_back(arg);
        wrtIndex.push_back(arg.getArgNumber());
      }
    b.setInsertionPoint(ret);
    Location loc = ret.getLoc();
    auto lossType = cast<RankedTensorType>(loss.getType());
    Value seed = arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(lossType, b.getFloatAttr(lossType.getElementType(), 1.0)));
    FailureOr<SmallVector<Value>> grads =
        differentiate(b, llvm::make_range(body.begin(), Block::iterator(ret)), loss, seed, wrt);
    if (failed(grads))
      return failure();
    SmallVector<Value> results{loss};
    SmallVector<Attribute> names{b.getDictionaryAttr(b.getNamedAttr("qat.name", b.getStringAttr("loss")))};
    for (auto [arg, index, g] : llvm::zip(wrt, wrtIndex, *grads)) {
      results.push_back(g ? g : zeros(b, loc, cast<RankedTensorType>(arg.getType())));
      auto argName = grad.getArgAttrOfType<StringAttr>(index, "qat.name");
      std::string label = argName ? argName.str() : "input_" + std::to_string(index);
      names.push_back(b.getDictionaryAttr(
          b.getNamedAttr("qat.name", b.getStringAttr("grad." + label))));
    }
    func::ReturnOp::create(b, loc, results);
    ret.erase();
    grad.setType(b.getFunctionType(grad.getArgumentTypes(), ValueRange(results).getTypes()));
    grad.setAllResultAttrs(names);
    return success();
  }

  void runOnOperation() override {
    SmallVector<func::FuncOp> targets;
    for (auto f : getOperation().getOps<func::FuncOp>()) {
      bool named = llvm::is_contained(functions, f.getSymName().str());
      bool eligible = f.isPublic() && !f.isExternal() && f.getNumResults() > 0 &&
                      isScalarFloat(f.getResultTypes()[0]);
      if (named && !eligible) {
        f.emitError("cannot differentiate @")
            << f.getSymName() << ": its first result is not a rank-0 float tensor";
        return signalPassFailure();
      }
      if ((functions.empty() && eligible) || named)
        targets.push_back(f);
    }
    for (func::FuncOp f : targets)
      if (failed(differentiateFunction(f)))
        return signalPassFailure();
  }
};
} // namespace
