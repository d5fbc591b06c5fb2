//===- OnnxExporter.cpp - nn/qat graph -> ONNX QDQ model -------------------===//
//
// One pass over @main_graph in program order. Constants and qat.parameter
// values become initializers; every other op becomes one node (a quantizer
// two or three), named after the op's layer (its NameLoc). Attributes are
// written in opset 17's forms: Clip/Reshape/Slice/Pad/ReduceSum take inputs,
// ReduceMean/ReduceMax keep their `axes` attribute; a per-group quantizer
// makes the model opset 21 (block_size), where those axes become inputs.
//
//===----------------------------------------------------------------------===//
#include "frontend/OnnxExporter.h"
#include "dialects/NN/NNDialect.h"
#include "dialects/QAT/QATDialect.h"
#include "frontend/TensorProto.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>

using namespace mlir;
using namespace qat;

namespace {
class Exporter {
public:
  Exporter(onnx::GraphProto &graph, MLIRContext *context, int64_t opset)
      : graph(graph), context(context), opset(opset) {}

  /// Exports one op; false (with `problems` extended) if ONNX cannot say it.
  bool exportOp(Operation *op);
  void addInput(Value v, const std::string &name) {
    names[v] = name;
    valueInfo(graph.add_input(), name, v.getType());
  }
  /// Graph outputs: an Identity renames a value that already has a name.
  void addOutput(Value v, const std::string &name) {
    node("Identity", {nameOf(v)}, name);
    valueInfo(graph.add_output(), name, v.getType());
  }
  std::vector<std::string> problems;

private:
  onnx::GraphProto &graph;
  MLIRContext *context;
  int64_t opset;
  llvm::DenseMap<Value, std::string> names;
  unsigned counter = 0;

  static void valueInfo(onnx::ValueInfoProto *info, const std::string &name, Type type) {
    info->set_name(name);
    auto tensor = cast<RankedTensorType>(type);
    auto *t = info->mutable_type()->mutable_tensor_type();
    t->set_elem_type(onnxDType(tensor.getElementType()));
    auto *shape = t->mutable_shape();
    for (int64_t d : tensor.getShape())
      shape->add_dim()->set_dim_value(d);
  }

  std::string fresh(const std::string &base) {
    return (base.empty() ? "v" : base) + "_" + std::to_string(counter++);
  }
  /// A value's ONNX name; constants become initializers on first use, so
  /// the ones only quantizers read (converted zero points) are not written.
  std::string nameOf(Value v) {
    auto it = names.find(v);
    if (it != names.end())
      return it->second;
    auto c = constants.find(v);
    if (c == constants.end()) // produced by an op that could not be exported
      return "unexported";
    return names[v] = initializer(c->second.first, c->second.second);
  }
  llvm::DenseMap<Value, std::pair<DenseElementsAttr, std::string>> constants;


  onnx::NodeProto *node(const std::string &type, const std::vector<std::string> &inputs,
                        const std::string &output, const std::string &name = "") {
    onnx::NodeProto *n = graph.add_node();
    n->set_op_type(type);
    n->set_name(name.empty() ? fresh(type) : name);
    for (const std::string &i : inputs)
      n->add_input(i);
    n->add_output(output);
    return n;
  }
  /// The node for `op`'s single result, named after its layer.
  onnx::NodeProto *resultNode(Operation *op, const std::string &type,
                              const std::vector<std::string> &inputs) {
    std::string layer = nn::layerName(op);
    std::string out = fresh(layer.empty() ? type : layer);
    names[op->getResult(0)] = out;
    return node(type, inputs, out, layer.empty() ? "" : layer);
  }
  std::vector<std::string> operandNames(Operation *op) {
    std::vector<std::string> out;
    for (Value v : op->getOperands())
      out.push_back(nameOf(v));
    return out;
  }

  std::string initializer(DenseElementsAttr value, const std::string &base) {
    onnx::TensorProto *t = graph.add_initializer();
    std::string name = fresh(base);
    t->set_name(name);
    encodeTensor(value, *t);
    return name;
  }
  std::string int64s(ArrayRef<int64_t> values, const std::string &base) {
    auto type = RankedTensorType::get({(int64_t)values.size()},
                                      IntegerType::get(context, 64));
    return initializer(DenseElementsAttr::get(type, values), base);
  }

  static void ints(onnx::NodeProto *n, const char *name, ArrayRef<int64_t> values) {
    onnx::AttributeProto *a = n->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INTS);
    for (int64_t v : values)
      a->add_ints(v);
  }
  static void intAttr(onnx::NodeProto *n, const char *name, int64_t value) {
    onnx::AttributeProto *a = n->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INT);
    a->set_i(value);
  }
  static void floatAttr(onnx::NodeProto *n, const char *name, APFloat value) {
    onnx::AttributeProto *a = n->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::FLOAT);
    a->set_f(value.convertToFloat());
  }

  bool fail(Operation *op, const std::string &why) {
    std::string layer = nn::layerName(op);
    problems.push_back(op->getName().getStringRef().str() +
                       (layer.empty() ? "" : " '" + layer + "'") + ": " + why);
    return false;
  }

  template <typename OpTy> bool quantizer(OpTy op, bool quantize, bool dequantize);
};

/// An 8-bit integer of either signedness.
APInt byte(int64_t v) { return APInt(8, (uint64_t)v, /*isSigned=*/v < 0); }

/// QuantizeLinear [-> Clip] [-> DequantizeLinear] for fake_quant, quantize
/// and dequantize.
template <typename OpTy>
bool Exporter::quantizer(OpTy op, bool quantize, bool dequantize) {
  if (op.getBits() > 8)
    return fail(op, "more than 8 bits have no int8/uint8 storage in opset 17");
  if constexpr (!std::is_same_v<OpTy, DequantizeOp>) {
    if (op.getRuntimeBits())
      return fail(op, "a run-time bit-width has no ONNX form");
    if (op.getReciprocalScale())
      return fail(op, "reciprocal_scale (PyTorch's rounding) has no ONNX form; "
                      "quantize with rounding=divide");
  }
  // Scale and zero point must be constants (the constants table holds them);
  // the zero point is stored in the quantized type.
  DenseElementsAttr zp = constants.lookup(op.getZeroPoint()).first;
  if (!constants.count(op.getScale()) || !zp)
    return fail(op, "the scale and zero point must be constants or parameters");
  bool isSigned = op.getIsSigned();
  auto storage = IntegerType::get(op.getContext(), 8,
                                  isSigned ? IntegerType::Signed : IntegerType::Unsigned);
  SmallVector<APInt> zpValues;
  for (Attribute a : zp.getValues<Attribute>()) {
    double z = isa<FloatAttr>(a) ? cast<FloatAttr>(a).getValueAsDouble()
                                 : (double)cast<IntegerAttr>(a).getInt();
    if (z != std::round(z) || z < (isSigned ? -128 : 0) || z > (isSigned ? 127 : 255))
      return fail(op, "zero point " + std::to_string(z) + " is not an 8-bit integer");
    zpValues.push_back(byte((int64_t)z));
  }
  auto zpType = RankedTensorType::get(cast<ShapedType>(zp.getType()).getShape(), storage);
  std::string s = nameOf(op.getScale()),
              z = initializer(DenseElementsAttr::get(zpType, zpValues), "zero_point");
  std::string layer = nn::layerName(op);
  auto axis = [&](onnx::NodeProto *n) {
    if (op.getAxis())
      intAttr(n, "axis", *op.getAxis());
    if (op.getGroupSize())
      intAttr(n, "block_size", *op.getGroupSize());
  };
  std::string current = nameOf(op->getOperand(0));
  if (quantize) {
    std::string q = fresh(layer + "_q");
    axis(node("QuantizeLinear", {current, s, z}, q));
    current = q;
    QuantRange r = getQuantRange(op.getBits(), isSigned, op.getNarrowRange());
    if (r.qmin != (isSigned ? -128 : 0) || r.qmax != (isSigned ? 127 : 255)) {
      auto scalar = RankedTensorType::get({}, storage);
      std::string lo = initializer(DenseElementsAttr::get(scalar, byte(r.qmin)), "qmin");
      std::string hi = initializer(DenseElementsAttr::get(scalar, byte(r.qmax)), "qmax");
      std::string c = fresh(layer + "_clip");
      node("Clip", {current, lo, hi}, c);
      current = c;
    }
  }
  if (dequantize) {
    std::string d = fresh(layer + "_dq");
    axis(node("DequantizeLinear", {current, s, z}, d));
    current = d;
  }
  names[op->getResult(0)] = current;
  return true;
}

bool Exporter::exportOp(Operation *op) {
  auto simple = [&](const char *type) {
    resultNode(op, type, operandNames(op));
    return true;
  };
  auto window = [&](auto pool, const char *type, ArrayRef<int64_t> kernel) {
    onnx::NodeProto *n = resultNode(op, type, {nameOf(op->getOperand(0))});
    ints(n, "kernel_shape", kernel);
    ints(n, "strides", pool.getStrides());
    ints(n, "pads", pool.getPads());
    return n;
  };
  return llvm::TypeSwitch<Operation *, bool>(op)
      .Case<arith::ConstantOp, ParameterOp>([&](Operation *c) {
        auto value = dyn_cast<DenseElementsAttr>(
            isa<ParameterOp>(c) ? cast<ParameterOp>(c).getValue()
                                : cast<arith::ConstantOp>(c).getValue());
        if (!value || !onnxDType(value.getElementType()))
          return fail(c, "constant of a type ONNX cannot store");
        std::string base = isa<ParameterOp>(c) ? cast<ParameterOp>(c).getSymName().str()
                                               : nn::layerName(c);
        constants[c->getResult(0)] = {value, base.empty() ? "const" : base};
        return true;
      })
      .Case([&](ShiftScaleOp shift) {
        // ShiftQuant's group scales of constant weights are constants: the
        // blocked QDQ that follows carries them.
        auto input = constants.lookup(shift.getInput()).first;
        auto scale = constants.lookup(shift.getScale()).first;
        if (!input || !scale)
          return fail(shift, "ShiftQuant of a non-constant tensor has no ONNX form");
        constants[shift.getResult()] = {shift.evaluate(input, scale),
                                        nn::layerName(shift) + ".group_scale"};
        return true;
      })
      .Case([&](FakeQuantOp q) { return quantizer(q, true, true); })
      .Case([&](QuantizeOp q) { return quantizer(q, true, false); })
      .Case([&](DequantizeOp q) { return quantizer(q, false, true); })
      .Case([&](nn::ConvOp conv) {
        auto w = cast<RankedTensorType>(conv.getWeight().getType());
        onnx::NodeProto *n = resultNode(op, "Conv", operandNames(op));
        ints(n, "kernel_shape", w.getShape().drop_front(2));
        ints(n, "strides", conv.getStrides());
        ints(n, "pads", conv.getPads());
        ints(n, "dilations", conv.getDilations());
        intAttr(n, "group", conv.getGroup());
        return true;
      })
      .Case([&](nn::GemmOp gemm) {
        onnx::NodeProto *n = resultNode(op, "Gemm", operandNames(op));
        floatAttr(n, "alpha", gemm.getAlpha());
        floatAttr(n, "beta", gemm.getBeta());
        intAttr(n, "transA", gemm.getTransA());
        intAttr(n, "transB", gemm.getTransB());
        return true;
      })
      .Case([&](nn::MaxPoolOp pool) {
        onnx::NodeProto *n = window(pool, "MaxPool", pool.getKernelShape());
        ints(n, "dilations", pool.getDilations());
        intAttr(n, "ceil_mode", pool.getCeilMode());
        return true;
      })
      .Case([&](nn::AvgPoolOp pool) {
        if (llvm::any_of(pool.getDilations(), [](int64_t d) { return d != 1; }))
          return fail(op, "dilated average pooling needs opset 19");
        onnx::NodeProto *n = window(pool, "AveragePool", pool.getKernelShape());
        intAttr(n, "ceil_mode", pool.getCeilMode());
        intAttr(n, "count_include_pad", pool.getCountIncludePad());
        return true;
      })
      .Case([&](nn::BatchNormOp bn) {
        floatAttr(resultNode(op, "BatchNormalization", operandNames(op)), "epsilon",
                  bn.getEpsilon());
        return true;
      })
      .Case([&](nn::LayerNormOp ln) {
        onnx::NodeProto *n = resultNode(op, "LayerNormalization", operandNames(op));
        intAttr(n, "axis", ln.getAxis());
        floatAttr(n, "epsilon", ln.getEpsilon());
        return true;
      })
      .Case<nn::ReduceMeanOp, nn::ReduceMaxOp>([&](Operation *r) {
        // Opset 18 moved `axes` from an attribute to an input.
        ArrayRef<int64_t> axes = r->getAttrOfType<DenseI64ArrayAttr>("axes").asArrayRef();
        std::vector<std::string> inputs = {nameOf(r->getOperand(0))};
        if (opset >= 18)
          inputs.push_back(int64s(axes, "axes"));
        onnx::NodeProto *n =
            resultNode(op, isa<nn::ReduceMeanOp>(r) ? "ReduceMean" : "ReduceMax", inputs);
        if (opset < 18)
          ints(n, "axes", axes);
        intAttr(n, "keepdims", r->getAttrOfType<BoolAttr>("keepdims").getValue());
        return true;
      })
      .Case([&](nn::ReduceSumOp r) {
        intAttr(resultNode(op, "ReduceSum",
                           {nameOf(r.getInput()), int64s(r.getAxes(), "axes")}),
                "keepdims", r.getKeepdims());
        return true;
      })
      .Case([&](nn::ReshapeOp r) {
        resultNode(op, "Reshape", {nameOf(r.getInput()),
                                   int64s(cast<RankedTensorType>(r.getType()).getShape(),
                                          "shape")});
        return true;
      })
      .Case([&](nn::TransposeOp t) {
        ints(resultNode(op, "Transpose", {nameOf(t.getInput())}), "perm", t.getPerm());
        return true;
      })
      .Case([&](nn::ConcatOp c) {
        intAttr(resultNode(op, "Concat", operandNames(op)), "axis", c.getAxis());
        return true;
      })
      .Case([&](nn::SliceOp s) {
        SmallVector<int64_t> ends, axes;
        for (auto [d, offset] : llvm::enumerate(s.getOffsets())) {
          int64_t end = offset + s.getSizes()[d] * s.getStrides()[d];
          ends.push_back(end < 0 ? INT64_MIN : end); // a negative step ending before 0
          axes.push_back(d);
        }
        resultNode(op, "Slice", {nameOf(s.getInput()), int64s(s.getOffsets(), "starts"),
                                 int64s(ends, "ends"), int64s(axes, "axes"),
                                 int64s(s.getStrides(), "steps")});
        return true;
      })
      .Case([&](nn::GatherOp g) {
        intAttr(resultNode(op, "Gather", operandNames(op)), "axis", g.getAxis());
        return true;
      })
      .Case([&](nn::PadOp p) {
        onnx::NodeProto *n =
            resultNode(op, "Pad", {nameOf(p.getInput()), int64s(p.getPads(), "pads"),
                                   nameOf(p.getValue())});
        onnx::AttributeProto *a = n->add_attribute();
        a->set_name("mode");
        a->set_type(onnx::AttributeProto::STRING);
        a->set_s(p.getMode().str());
        return true;
      })
      .Case([&](nn::CastOp c) {
        int32_t to = onnxDType(cast<RankedTensorType>(c.getType()).getElementType());
        if (!to)
          return fail(op, "cast to a type ONNX cannot name");
        intAttr(resultNode(op, "Cast", {nameOf(c.getInput())}), "to", to);
        return true;
      })
      .Case([&](nn::LeakyReluOp r) {
        floatAttr(resultNode(op, "LeakyRelu", operandNames(op)), "alpha", r.getAlpha());
        return true;
      })
      .Case([&](nn::HardSigmoidOp h) {
        onnx::NodeProto *n = resultNode(op, "HardSigmoid", operandNames(op));
        floatAttr(n, "alpha", h.getAlpha());
        floatAttr(n, "beta", h.getBeta());
        return true;
      })
      .Case<nn::SoftmaxOp, nn::LogSoftmaxOp>([&](Operation *s) {
        intAttr(resultNode(op, isa<nn::SoftmaxOp>(s) ? "Softmax" : "LogSoftmax",
                           operandNames(op)),
                "axis", s->getAttrOfType<IntegerAttr>("axis").getInt());
        return true;
      })
      .Case([&](nn::ReluOp) { return simple("Relu"); })
      .Case([&](nn::SigmoidOp) { return simple("Sigmoid"); })
      .Case([&](nn::TanhOp) { return simple("Tanh"); })
      .Case([&](nn::ExpOp) { return simple("Exp"); })
      .Case([&](nn::LogOp) { return simple("Log"); })
      .Case([&](nn::SqrtOp) { return simple("Sqrt"); })
      .Case([&](nn::NegOp) { return simple("Neg"); })
      .Case([&](nn::AbsOp) { return simple("Abs"); })
      .Case([&](nn::FloorOp) { return simple("Floor"); })
      .Case([&](nn::CeilOp) { return simple("Ceil"); })
      .Case([&](nn::RoundOp) { return simple("Round"); })
      .Case([&](nn::ErfOp) { return simple("Erf"); })
      .Case([&](nn::HardSwishOp) { return simple("HardSwish"); })
      .Case([&](nn::ClipOp) { return simple("Clip"); })
      .Case([&](nn::AddOp) { return simple("Add"); })
      .Case([&](nn::SubOp) { return simple("Sub"); })
      .Case([&](nn::MulOp) { return simple("Mul"); })
      .Case([&](nn::DivOp) { return simple("Div"); })
      .Case([&](nn::PowOp) { return simple("Pow"); })
      .Case([&](nn::PReluOp) { return simple("PRelu"); })
      .Case([&](nn::MatMulOp) { return simple("MatMul"); })
      .Default([&](Operation *other) { return fail(other, "no ONNX export"); });
}
} // namespace

bool qat::exportOnnx(ModuleOp module, std::string &bytes, std::string &error) {
  auto func = module.lookupSymbol<func::FuncOp>("main_graph");
  if (!func || func.isExternal()) {
    error = "no func.func @main_graph with a body to export";
    return false;
  }
  // Opset 17 (IR 8), which most tools read; opset 21 (IR 10) when a
  // per-group quantizer needs QuantizeLinear's block_size.
  bool blocked = false;
  func.walk([&](Operation *op) {
    if (auto fq = dyn_cast<FakeQuantOp>(op))
      blocked |= fq.getGroupSize().has_value();
    else if (auto q = dyn_cast<QuantizeOp>(op))
      blocked |= q.getGroupSize().has_value();
    else if (auto dq = dyn_cast<DequantizeOp>(op))
      blocked |= dq.getGroupSize().has_value();
  });
  int64_t opset = blocked ? 21 : 17;
  onnx::ModelProto model;
  model.set_ir_version(blocked ? 10 : 8);
  model.set_producer_name("qat-mlir");
  model.add_opset_import()->set_version(opset);
  onnx::GraphProto &graph = *model.mutable_graph();
  graph.set_name("main_graph");
  Exporter exporter(graph, module.getContext(), opset);

  auto nameAt = [](DictionaryAttr attrs, const std::string &fallback) {
    auto name = attrs ? attrs.getAs<StringAttr>("qat.name") : nullptr;
    return name ? name.str() : fallback;
  };
  for (BlockArgument arg : func.getArguments())
    exporter.addInput(arg, nameAt(func.getArgAttrDict(arg.getArgNumber()),
                                  "input_" + std::to_string(arg.getArgNumber())));
  for (Operation &op : func.getBody().front()) {
    if (auto ret = dyn_cast<func::ReturnOp>(op)) {
      if (!exporter.problems.empty())
        break;
      for (auto [i, v] : llvm::enumerate(ret.getOperands()))
        exporter.addOutput(v, nameAt(func.getResultAttrDict(i), "output_" + std::to_string(i)));
      continue;
    }
    exporter.exportOp(&op);
  }
  if (!exporter.problems.empty()) {
    error = "cannot export " + std::to_string(exporter.problems.size()) + " op" +
            (exporter.problems.size() == 1 ? "" : "s") + ": ";
    for (auto [i, p] : llvm::enumerate(exporter.problems))
      error += (i ? "; " : "") + p;
    return false;
  }
  if (!model.SerializeToString(&bytes)) {
    error = "the model does not serialize (larger than 2 GiB?)";
    return false;
  }
  return true;
}
