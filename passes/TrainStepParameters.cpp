//===- TrainStepParameters.cpp - parameters become named arguments ---------===//
//
// A compiled model treats its weights as constants (and caches their packed
// form); a step function must take them as inputs and return them updated.
// This finds them in a clone of @main_graph and moves them into arguments,
// each named after its ONNX initializer and carrying its initial value.
//
//===----------------------------------------------------------------------===//
#include "passes/TrainStep.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace qat;
using namespace qat::trainstep;

StringRef qat::trainstep::roleName(Role role) {
  switch (role) {
  case Role::Param: return "param";
  case Role::Frozen: return "frozen";
  case Role::State: return "state";
  case Role::Input: return "input";
  case Role::Labels: return "labels";
  }
  return "";
}

const Argument *StepArguments::find(Value v) const {
  for (const Argument &a : args)
    if (a.value == v)
      return &a;
  return nullptr;
}

Value qat::trainstep::scalar(OpBuilder &b, Location loc, Type element, double v) {
  return arith::ConstantOp::create(b, loc, splat(RankedTensorType::get({}, element), v));
}

DenseElementsAttr qat::trainstep::splat(Type type, double v) {
  auto shaped = cast<ShapedType>(type);
  Type e = shaped.getElementType();
  if (isa<FloatType>(e))
    return DenseElementsAttr::get(shaped, FloatAttr::get(e, v));
  return DenseElementsAttr::get(shaped, IntegerAttr::get(e, (int64_t)v));
}

BlockArgument qat::trainstep::addArgument(func::FuncOp func, Type type, StringRef name,
                                          Role role, Attribute init) {
  Builder b(func.getContext());
  SmallVector<NamedAttribute> attrs{b.getNamedAttr("qat.name", b.getStringAttr(name)),
                                    b.getNamedAttr("qat.role", b.getStringAttr(roleName(role)))};
  if (init)
    attrs.push_back(b.getNamedAttr("qat.init", init));
  unsigned index = func.getNumArguments();
  if (failed(func.insertArgument(index, type, b.getDictionaryAttr(attrs), func.getLoc())))
    return {};
  return func.getArgument(index);
}

namespace {
bool isFloatTensor(Type t) {
  auto r = dyn_cast<RankedTensorType>(t);
  return r && isa<FloatType>(r.getElementType());
}

/// Operand positions that hold weights whatever their size.
bool isWeightPosition(OpOperand &use) {
  Operation *user = use.getOwner();
  unsigned i = use.getOperandNumber();
  return TypeSwitch<Operation *, bool>(user)
      .Case([&](nn::ConvOp) { return i >= 1; })
      .Case([&](nn::GemmOp) { return true; })
      .Case([&](nn::MatMulOp) { return true; })
      .Case([&](nn::BatchNormOp) { return i == 1 || i == 2; })
      .Case([&](nn::LayerNormOp) { return i >= 1; })
      .Case([&](L1NormOp) { return i == 1 || i == 2; })
      .Case([&](nn::PReluOp) { return i == 1; })
      .Case([&](FakeQuantOp) { return i == 0; })
      .Default([](Operation *) { return false; });
}

/// BatchNorm running statistics: the mean and variance (L1: sigma) operands.
bool isRunningStatistic(OpOperand &use) {
  return isa<nn::BatchNormOp, L1NormOp>(use.getOwner()) &&
         (use.getOperandNumber() == 3 || use.getOperandNumber() == 4);
}

/// A weight quantizer reads a constant (or what will be a parameter).
bool quantizesWeight(FakeQuantOp q) {
  Operation *def = q.getInput().getDefiningOp();
  return def && (isa<arith::ConstantOp>(def) || isa<ParameterOp>(def));
}

} // namespace

FailureOr<std::vector<ParameterCandidate>>
qat::trainstep::findParameters(func::FuncOp func, ArrayRef<std::string> frozen,
                               bool freezeWeightScales) {
  using Candidate = ParameterCandidate;
  std::vector<Candidate> found;
  for (Operation &op : func.getBody().front()) {
    if (auto c = dyn_cast<arith::ConstantOp>(op)) {
      auto value = dyn_cast<DenseElementsAttr>(c.getValue());
      if (!value || !isFloatTensor(c.getType()))
        continue;
      bool stat = llvm::any_of(c->getUses(), isRunningStatistic);
      bool weight = llvm::any_of(c->getUses(), isWeightPosition);
      if (!stat && !weight && value.getNumElements() < 2)
        continue;
      found.push_back({c, stat ? Role::State : Role::Param, nn::layerName(c), value});
    } else if (auto p = dyn_cast<ParameterOp>(op)) {
      auto value = dyn_cast<DenseElementsAttr>(p.getValue());
      if (!value || !isFloatTensor(p.getType()))
        continue;
      // Zero points stay constants: they get no gradient.
      bool zeroPoint = llvm::any_of(p->getUses(), [](OpOperand &u) {
        return isa<FakeQuantOp>(u.getOwner()) && u.getOperandNumber() == 2;
      });
      if (zeroPoint)
        continue;
      // A weight's scale, or ShiftQuant's base scale of a weight's groups.
      bool weightScale = llvm::any_of(p->getUses(), [](OpOperand &u) {
        if (auto shift = dyn_cast<ShiftScaleOp>(u.getOwner()))
          return u.getOperandNumber() == 1 &&
                 llvm::any_of(shift->getUsers(), [](Operation *user) {
                   auto q = dyn_cast<FakeQuantOp>(user);
                   return q && quantizesWeight(q);
                 });
        auto q = dyn_cast<FakeQuantOp>(u.getOwner());
        return q && u.getOperandNumber() == 1 && quantizesWeight(q);
      });
      found.push_back({p, weightScale && freezeWeightScales ? Role::Frozen : Role::Param,
                       p.getSymName().str(), value});
    }
  }
  // Unique, non-empty names; user-frozen parameters.
  llvm::StringSet<> used;
  for (BlockArgument arg : func.getArguments())
    if (auto n = func.getArgAttrOfType<StringAttr>(arg.getArgNumber(), "qat.name"))
      used.insert(n.getValue());
  unsigned anonymous = 0;
  for (Candidate &c : found) {
    if (c.name.empty())
      c.name = "param_" + std::to_string(anonymous++);
    std::string base = c.name;
    for (int k = 1; used.contains(c.name); ++k)
      c.name = base + "." + std::to_string(k);
    used.insert(c.name);
    if (c.role == Role::Param && llvm::is_contained(frozen, c.name))
      c.role = Role::Frozen;
  }
  for (const std::string &name : frozen)
    if (!llvm::any_of(found, [&](const Candidate &c) { return c.name == name; }))
      return func.emitError("frozen parameter '") << name << "' is not a parameter of the model";
  return found;
}

FailureOr<StepArguments> qat::trainstep::parameterize(func::FuncOp func,
                                                      ArrayRef<std::string> frozen,
                                                      bool freezeWeightScales) {
  FailureOr<std::vector<ParameterCandidate>> found =
      findParameters(func, frozen, freezeWeightScales);
  if (failed(found))
    return failure();

  // Arguments in front of the original inputs: parameters, frozen, state.
  StepArguments result;
  unsigned index = 0;
  for (Role role : {Role::Param, Role::Frozen, Role::State})
    for (ParameterCandidate &c : *found) {
      if (c.role != role)
        continue;
      Builder b(func.getContext());
      DictionaryAttr attrs = b.getDictionaryAttr(
          {b.getNamedAttr("qat.name", b.getStringAttr(c.name)),
           b.getNamedAttr("qat.role", b.getStringAttr(roleName(role))),
           b.getNamedAttr("qat.init", c.value)});
      if (failed(func.insertArgument(index, c.op->getResult(0).getType(), attrs, c.op->getLoc())))
        return failure();
      BlockArgument arg = func.getArgument(index++);
      c.op->getResult(0).replaceAllUsesWith(arg);
      c.op->erase();
      result.args.push_back({c.name, role, arg});
    }
  for (unsigned i = index; i < func.getNumArguments(); ++i) {
    auto n = func.getArgAttrOfType<StringAttr>(i, "qat.name");
    std::string name = n ? n.str() : "input_" + std::to_string(i - index);
    Builder b(func.getContext());
    func.setArgAttr(i, "qat.name", b.getStringAttr(name));
    func.setArgAttr(i, "qat.role", b.getStringAttr(roleName(Role::Input)));
    result.args.push_back({name, Role::Input, func.getArgument(i)});
  }
  func.walk([&](FakeQuantOp q) {
    auto w = dyn_cast<BlockArgument>(q.getInput());
    const Argument *a = w ? result.find(w) : nullptr;
    if (a && a->role == Role::Param)
      result.quantizedWeights.push_back({w, q});
  });
  return result;
}

void qat::trainstep::markActivationQuantizers(func::FuncOp func, const StepArguments &args) {
  func.walk([&](FakeQuantOp q) {
    auto w = dyn_cast<BlockArgument>(q.getInput());
    const Argument *a = w ? args.find(w) : nullptr;
    if (a && a->role != Role::Input)
      return;
    auto type = cast<RankedTensorType>(q.getInput().getType());
    int64_t batch = type.getRank() ? std::max<int64_t>(1, type.getDimSize(0)) : 1;
    q->setAttr("qat.lsq_elements",
               IntegerAttr::get(IntegerType::get(q.getContext(), 64),
                                type.getNumElements() / batch));
  });
}
