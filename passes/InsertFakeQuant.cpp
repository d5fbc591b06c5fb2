//===- InsertFakeQuant.cpp - the qat-insert-fake-quant pass ----------------===//
//
// Finds the layers (nn.conv, nn.gemm, nn.matmul; nn.add of two activations
// when asked), decides each one's bit-widths from the options and the
// override file, and rewrites its operands to go through qat.fake_quant.
// A layer is an op with a name (its ONNX node name, the op's NameLoc); the
// names are how users address layers, so an unknown name is an error.
//
//===----------------------------------------------------------------------===//
#include "dialects/NN/NNDialect.h"
#include "dialects/QAT/QATDialect.h"
#include "dialects/QAT/ShiftQuant.h"
#include "passes/ConstantTensors.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cmath>

namespace qat {
#define GEN_PASS_DEF_INSERTFAKEQUANT
#include "passes/Passes.h.inc"
} // namespace qat

using namespace mlir;
using namespace qat;

namespace {
struct LayerBits {
  int64_t w, a;
};

/// Whether `v` is >= 0 by construction: ReLU, Clip(0, .), sigmoid, and ops
/// that only move or pool such values.
bool isNonNegative(Value v, int depth = 0) {
  Operation *op = v.getDefiningOp();
  if (!op || depth > 16)
    return false;
  if (isa<nn::ReluOp, nn::SigmoidOp>(op))
    return true;
  if (auto clip = dyn_cast<nn::ClipOp>(op)) {
    auto lo = constantFloats(clip.getMin());
    return lo && lo->size() == 1 && (*lo)[0] >= 0.0;
  }
  if (auto fq = dyn_cast<FakeQuantOp>(op))
    return !fq.getIsSigned();
  if (isa<nn::MaxPoolOp, nn::AvgPoolOp, nn::ReshapeOp, nn::TransposeOp, nn::ReduceMeanOp,
          nn::ReduceMaxOp, nn::SliceOp>(op))
    return isNonNegative(op->getOperand(0), depth + 1);
  if (isa<nn::ConcatOp>(op))
    return llvm::all_of(op->getOperands(),
                        [&](Value x) { return isNonNegative(x, depth + 1); });
  return false;
}

/// A layer's weight operand and its quantization axes.
struct WeightSlot {
  unsigned operand;
  int64_t channelAxis, reductionAxis;
};

/// The quantizable layers and where their weights are.
std::optional<WeightSlot> weightSlot(Operation *op) {
  if (auto conv = dyn_cast<nn::ConvOp>(op))
    return WeightSlot{1, 0, 1};
  if (auto gemm = dyn_cast<nn::GemmOp>(op))
    return gemm.getTransB() ? WeightSlot{1, 0, 1} : WeightSlot{1, 1, 0};
  if (auto mm = dyn_cast<nn::MatMulOp>(op)) {
    int64_t rank = cast<RankedTensorType>(mm.getRhs().getType()).getRank();
    if (rank < 2)
      return std::nullopt;
    return WeightSlot{1, rank - 1, rank - 2};
  }
  return std::nullopt;
}

struct InsertFakeQuant : qat::impl::InsertFakeQuantBase<InsertFakeQuant> {
  using InsertFakeQuantBase::InsertFakeQuantBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (failed(checkOptions()))
      return signalPassFailure();

    // The layers in program order, named.
    SmallVector<std::pair<Operation *, std::string>> layers;
    SmallVector<std::pair<Operation *, std::string>> adds;
    llvm::StringMap<unsigned> unnamed;
    module.walk([&](Operation *op) {
      bool isLayer = weightSlot(op).has_value();
      bool isAdd = quantizeResidualAdd && isa<nn::AddOp>(op) &&
                   llvm::none_of(op->getOperands(), isFloatConstant);
      if (!isLayer && !isAdd)
        return;
      std::string name = nn::layerName(op);
      if (name.empty())
        name = op->getName().stripDialect().str() + "_" +
               std::to_string(unnamed[op->getName().getStringRef()]++);
      (isLayer ? layers : adds).push_back({op, name});
    });

    llvm::StringSet<> known;
    for (auto &[op, name] : llvm::concat<std::pair<Operation *, std::string>>(layers, adds))
      known.insert(name);
    llvm::StringMap<LayerBits> bits;
    llvm::StringSet<> skipped;
    if (failed(readOverrides(known, bits)) || failed(readSkips(known, skipped)))
      return signalPassFailure();
    if (skipFirstLast && !layers.empty()) {
      skipped.insert(layers.front().second);
      skipped.insert(layers.back().second);
    }
    auto bitsOf = [&](const std::string &name) {
      auto it = bits.find(name);
      return it == bits.end() ? LayerBits{wBits, aBits} : it->second;
    };

    for (auto &[op, name] : layers) {
      if (skipped.contains(name))
        continue;
      LayerBits b = bitsOf(name);
      WeightSlot slot = *weightSlot(op);
      OpBuilder builder(op);
      // Activation input(s): operand 0, and a non-constant weight operand.
      quantizeActivation(builder, op, 0, name + ".input", b.a);
      if (isFloatConstant(op->getOperand(slot.operand)))
        quantizeWeight(builder, op, slot, name + ".weight", b.w);
      else
        quantizeActivation(builder, op, slot.operand, name + ".input1", b.a);
    }
    for (auto &[op, name] : adds) {
      if (skipped.contains(name))
        continue;
      OpBuilder builder(op);
      for (unsigned i = 0; i < 2; ++i)
        quantizeActivation(builder, op, i, name + ".input" + std::to_string(i),
                           bitsOf(name).a);
    }
    if (quantizeOutputs)
      module.walk([&](func::FuncOp func) {
        if (func.isExternal())
          return;
        auto ret = cast<func::ReturnOp>(func.getBody().back().getTerminator());
        OpBuilder builder(ret);
        for (unsigned i = 0; i < ret.getNumOperands(); ++i) {
          auto type = dyn_cast<RankedTensorType>(ret.getOperand(i).getType());
          if (!type || !isa<FloatType>(type.getElementType()) ||
              ret.getOperand(i).getDefiningOp<FakeQuantOp>())
            continue;
          auto resultName = func.getResultAttrOfType<StringAttr>(i, "qat.name");
          quantizeActivation(builder, ret, i,
                             "output." + (resultName ? resultName.str() : std::to_string(i)),
                             aBits);
        }
      });
  }

  LogicalResult checkOptions() {
    ModuleOp module = getOperation();
    auto bad = [&](const Twine &message) { return module.emitError(message); };
    if (wBits < 2 || wBits > 16 || aBits < 2 || aBits > 16)
      return bad("qat-insert-fake-quant: w-bits and a-bits must be 2..16 (got " +
                 Twine(wBits) + ", " + Twine(aBits) + ")");
    if (wGranularity != "per-channel" && wGranularity != "per-tensor" &&
        wGranularity != "per-group" && wGranularity != "shift-group")
      return bad("qat-insert-fake-quant: w-granularity must be per-channel, per-tensor, "
                 "per-group or shift-group (got '" + wGranularity + "')");
    bool grouped = wGranularity == "per-group" || wGranularity == "shift-group";
    if (grouped != (groupSize > 0))
      return bad("qat-insert-fake-quant: group-size > 0 goes with w-granularity=per-group or "
                 "shift-group");
    if (maxShift < 0 || maxShift > 15)
      return bad("qat-insert-fake-quant: max-shift must be 0..15 (got " + Twine(maxShift) + ")");
    if (quantizer != "lsq" && quantizer != "minmax")
      return bad("qat-insert-fake-quant: quantizer must be lsq or minmax (got '" + quantizer +
                 "')");
    if (rounding != "divide" && rounding != "reciprocal")
      return bad("qat-insert-fake-quant: rounding must be divide or reciprocal (got '" +
                 rounding + "')");
    if (!(aInitMax > 0))
      return bad("qat-insert-fake-quant: a-init-max must be positive");
    return success();
  }

  LogicalResult readSkips(const llvm::StringSet<> &known, llvm::StringSet<> &skipped) {
    for (const std::string &name : skip) {
      if (!known.contains(name))
        return getOperation().emitError("qat-insert-fake-quant: skip: unknown layer '" + name +
                                        "'");
      skipped.insert(name);
    }
    return success();
  }

  /// override-file: {"layer": {"w-bits": N, "a-bits": N}, ...}.
  LogicalResult readOverrides(const llvm::StringSet<> &known, llvm::StringMap<LayerBits> &out) {
    if (overrideFile.empty())
      return success();
    ModuleOp module = getOperation();
    std::string prefix = "qat-insert-fake-quant: override file '" + overrideFile + "': ";
    auto buffer = llvm::MemoryBuffer::getFile(overrideFile);
    if (!buffer)
      return module.emitError(prefix + buffer.getError().message());
    llvm::Expected<llvm::json::Value> json = llvm::json::parse((*buffer)->getBuffer());
    if (!json)
      return module.emitError(prefix + "invalid JSON: " + llvm::toString(json.takeError()));
    const llvm::json::Object *layersObj = json->getAsObject();
    if (!layersObj)
      return module.emitError(prefix + "expected an object of layer name -> bits");
    for (const auto &[key, value] : *layersObj) {
      std::string name = key.str();
      if (!known.contains(name))
        return module.emitError(prefix + "unknown layer '" + name + "'");
      const llvm::json::Object *entry = value.getAsObject();
      if (!entry)
        return module.emitError(prefix + "layer '" + name + "': expected an object");
      LayerBits b{wBits, aBits};
      for (const auto &[field, v] : *entry) {
        std::optional<int64_t> n = v.getAsInteger();
        int64_t *slot = field == "w-bits" ? &b.w : field == "a-bits" ? &b.a : nullptr;
        if (!slot)
          return module.emitError(prefix + "layer '" + name + "': unknown key '" +
                                  field.str() + "' (expected w-bits, a-bits)");
        if (!n || *n < 2 || *n > 16)
          return module.emitError(prefix + "layer '" + name + "': " + field.str() +
                                  " must be an integer in 2..16");
        *slot = *n;
      }
      out[name] = b;
    }
    return success();
  }

  Value parameter(OpBuilder &b, Location loc, const std::string &name, DenseElementsAttr value) {
    return ParameterOp::create(b, loc, name, value);
  }

  void setCommonAttrs(FakeQuantOp fq) {
    if (rounding == "reciprocal")
      fq.setReciprocalScale(true);
  }

  /// operand `index` of `op` -> fake_quant(operand), per tensor.
  void quantizeActivation(OpBuilder &b, Operation *op, unsigned index, const std::string &name,
                          int64_t bits) {
    Value x = op->getOperand(index);
    auto type = cast<RankedTensorType>(x.getType());
    Location loc = op->getLoc();
    Type f = type.getElementType();
    auto scalar = RankedTensorType::get({}, f);
    bool isUnsigned = aAsymmetric || isNonNegative(x);
    QuantRange range = getQuantRange(bits, !isUnsigned, false);
    double scale = aAsymmetric ? 2 * aInitMax / (range.qmax - range.qmin) : aInitMax / range.qmax;
    Value s = parameter(b, loc, name + "_scale", floatsAttr(scalar, {scale}));
    Value z;
    if (aAsymmetric) {
      z = parameter(b, loc, name + "_zero_point",
                    floatsAttr(scalar, {double((range.qmax + range.qmin + 1) / 2)}));
    } else {
      auto i32 = RankedTensorType::get({}, b.getI32Type());
      z = arith::ConstantOp::create(b, loc, DenseElementsAttr::get(i32, b.getI32IntegerAttr(0)));
    }
    auto fq = FakeQuantOp::create(b, loc, type, x, s, z, Value(), bits, !isUnsigned, false,
                                  nullptr, nullptr);
    setCommonAttrs(fq);
    op->setOperand(index, fq);
  }

  /// The constant weight -> fake_quant(weight), signed and symmetric.
  void quantizeWeight(OpBuilder &b, Operation *op, const WeightSlot &slot,
                      const std::string &name, int64_t bits) {
    Value w = op->getOperand(slot.operand);
    auto type = cast<RankedTensorType>(w.getType());
    std::vector<double> values = *constantFloats(w);
    Location loc = op->getLoc();
    double qmax = double(getQuantRange(bits, true, false).qmax);

    // Scale shape and the scale index of every element (row-major).
    SmallVector<int64_t> scaleShape;
    std::optional<int64_t> axis, group;
    bool shift = wGranularity == "shift-group";
    if (wGranularity == "per-channel" || shift) {
      axis = slot.channelAxis;
      scaleShape = {type.getDimSize(*axis)};
    } else if (wGranularity == "per-group") {
      axis = slot.reductionAxis;
      group = groupSize;
      scaleShape = llvm::to_vector(type.getShape());
      scaleShape[*axis] = (scaleShape[*axis] + groupSize - 1) / groupSize;
    }
    int64_t numScales = 1;
    for (int64_t d : scaleShape)
      numScales *= d;
    ArrayRef<int64_t> shape = type.getShape();
    std::vector<int64_t> slotOf(values.size(), 0);
    if (axis) {
      SmallVector<int64_t> index(shape.size(), 0);
      for (size_t e = 0; e < values.size(); ++e) {
        if (!group) {
          slotOf[e] = index[*axis];
        } else {
          int64_t flat = 0;
          for (size_t d = 0; d < shape.size(); ++d)
            flat = flat * scaleShape[d] +
                   ((int64_t)d == *axis ? index[d] / *group : index[d]);
          slotOf[e] = flat;
        }
        for (int64_t d = shape.size() - 1; d >= 0 && ++index[d] == shape[d]; --d)
          index[d] = 0;
      }
    }
    // LSQ: 2 mean|w| / sqrt(qmax); min/max: max|w| / qmax.
    std::vector<double> sum(numScales, 0.0), peak(numScales, 0.0), count(numScales, 0.0);
    for (size_t e = 0; e < values.size(); ++e) {
      double a = std::fabs(values[e]);
      sum[slotOf[e]] += a;
      peak[slotOf[e]] = std::max(peak[slotOf[e]], a);
      count[slotOf[e]] += 1;
    }
    std::vector<double> scales(numScales);
    for (int64_t i = 0; i < numScales; ++i) {
      double s = quantizer == "lsq" ? 2 * (sum[i] / std::max(count[i], 1.0)) / std::sqrt(qmax)
                                    : peak[i] / qmax;
      scales[i] = s > 0 && std::isfinite(s) ? s : 1.0; // an all-zero slice: any scale
    }
    Type f = type.getElementType();
    auto scaleType = RankedTensorType::get(scaleShape, f);
    Value s = parameter(b, loc, name + "_scale", floatsAttr(scaleType, scales));
    if (shift) {
      // The per-channel scale becomes per-group powers of two of itself.
      scaleShape = llvm::to_vector(shiftGroupShape(type.getShape(), slot.reductionAxis,
                                                   groupSize));
      s = ShiftScaleOp::create(b, loc, RankedTensorType::get(scaleShape, f), w, s,
                               b.getI64IntegerAttr(*axis),
                               b.getI64IntegerAttr(slot.reductionAxis),
                               b.getI64IntegerAttr(groupSize), b.getI64IntegerAttr(maxShift));
      axis = slot.reductionAxis;
      group = groupSize;
    }
    auto zpType = RankedTensorType::get(scaleShape, b.getI32Type());
    Value z = arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(zpType, b.getI32IntegerAttr(0)));
    auto fq = FakeQuantOp::create(b, loc, type, w, s, z, Value(), bits, true, false,
                                  axis ? b.getI64IntegerAttr(*axis) : nullptr,
                                  group ? b.getI64IntegerAttr(*group) : nullptr);
    setCommonAttrs(fq);
    op->setOperand(slot.operand, fq);
  }
};
} // namespace
