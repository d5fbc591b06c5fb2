//===- NodeImporter.h - what one ONNX node's converter sees -----*- C++ -*-===//
//
// Each supported ONNX op has one converter function taking a NodeImporter:
// typed access to inputs, attributes (with ONNX defaults) and constants, a
// builder that infers result types and folds, and one way to report errors.
//
//===----------------------------------------------------------------------===//
#ifndef QAT_FRONTEND_NODEIMPORTER_H
#define QAT_FRONTEND_NODEIMPORTER_H

#include "dialects/NN/NNDialect.h"
#include "dialects/QAT/QATDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringMap.h"

#include "onnx/onnx_pb.h"

#include <optional>
#include <string>

namespace qat {
class NodeImporter;
using OpConverter = mlir::LogicalResult (*)(NodeImporter &);
using OpConverterMap = llvm::StringMap<OpConverter>;

/// Every converter, keyed by converterKey(): the op type for ONNX's default
/// domain, "qonnx:" + op type for QONNX's custom ops, "domain:" + op type for
/// other domains (ai.onnx.preview.training's optimizers).
const OpConverterMap &getOpConverters();
std::string converterKey(const onnx::NodeProto &node);
void addElementwiseConverters(OpConverterMap &map);
void addNNConverters(OpConverterMap &map);
void addConvTransposeConverters(OpConverterMap &map);
void addIndexingConverters(OpConverterMap &map);
void addShapeConverters(OpConverterMap &map);
void addReductionConverters(OpConverterMap &map);
void addMathConverters(OpConverterMap &map);
void addResizeConverters(OpConverterMap &map);
void addLayoutConverters(OpConverterMap &map);
void addNormalizationConverters(OpConverterMap &map);
void addGeneratorConverters(OpConverterMap &map);
void addQuantConverters(OpConverterMap &map);
void addQONNXConverters(OpConverterMap &map);
void addQLinearConverters(OpConverterMap &map);
void addTrainingConverters(OpConverterMap &map);

/// Why a value of `type` cannot exist here (its byte size exceeds
/// kMaxTensorBytes, runtime/TensorFile.h), or nothing if it can.
std::optional<std::string> tensorTooLarge(mlir::Type type);

/// ONNX TensorProto element type -> MLIR type; null if unsupported.
mlir::Type convertElementType(int32_t onnxType, mlir::MLIRContext *ctx);

class NodeImporter {
public:
  NodeImporter(const onnx::NodeProto &node, int64_t opset, mlir::OpBuilder &builder,
               llvm::StringMap<mlir::Value> &values, std::string &error,
               std::string &lastDiagnostic)
      : node(node), opset(opset), builder(builder),
        nodeLoc(mlir::NameLoc::get(builder.getStringAttr(
            node.name().empty() ? node.op_type() : node.name()))),
        values(values), error(error), lastDiagnostic(lastDiagnostic) {}

  const onnx::NodeProto &node;
  const int64_t opset;
  mlir::OpBuilder &builder;

  mlir::MLIRContext *context() { return builder.getContext(); }
  mlir::Location loc() { return nodeLoc; }

  /// Reports `message` for this node; always returns failure.
  mlir::LogicalResult fail(const llvm::Twine &message);

  // Inputs. Optional ONNX inputs are absent or have an empty name.
  bool hasInput(int i) const { return i < node.input_size() && !node.input(i).empty(); }
  mlir::Value input(int i);               // null after fail() if missing
  mlir::Value optionalInput(int i);       // null if absent
  mlir::RankedTensorType type(mlir::Value v) {
    return mlir::cast<mlir::RankedTensorType>(v.getType());
  }
  /// The constant value of an input, or null if it is not a constant.
  mlir::DenseElementsAttr constantInput(int i);
  /// Integer constant input as int64s; fails (reporting `what`) if not constant.
  mlir::FailureOr<llvm::SmallVector<int64_t>> constantInts(int i, llvm::StringRef what);
  /// Float constant input as doubles; fails (reporting `what`) if not constant.
  mlir::FailureOr<llvm::SmallVector<double>> constantFloats(int i, llvm::StringRef what);

  // Attributes with their ONNX defaults; a wrongly typed attribute fails.
  const onnx::AttributeProto *attr(llvm::StringRef name) const;
  bool hasAttr(llvm::StringRef name) const { return attr(name) != nullptr; }
  mlir::FailureOr<int64_t> intAttr(llvm::StringRef name, int64_t fallback);
  mlir::FailureOr<float> floatAttr(llvm::StringRef name, float fallback);
  mlir::FailureOr<std::string> stringAttr(llvm::StringRef name, llvm::StringRef fallback);
  mlir::FailureOr<std::optional<llvm::SmallVector<int64_t>>> intsAttr(llvm::StringRef name);
  /// An ints attribute that must have `count` entries; `fill` repeated when absent.
  mlir::LogicalResult intsAttrOfLength(llvm::StringRef name, int64_t fill, size_t count,
                                       llvm::SmallVector<int64_t> &out);

  /// Normalizes a possibly negative axis for `rank`; fails when out of range.
  mlir::FailureOr<int64_t> axis(int64_t axis, int64_t rank, llvm::StringRef what = "axis");

  // Outputs.
  int numOutputs() const { return node.output_size(); }
  bool outputUsed(int i) const { return i < node.output_size() && !node.output(i).empty(); }
  mlir::LogicalResult setOutput(int i, mlir::Value v);

  /// Builds `OpTy` with inferred result types (or `resultType`), verifies and
  /// folds it. Fails with the inference or verifier message.
  template <typename OpTy>
  mlir::FailureOr<mlir::Value> create(mlir::ValueRange operands,
                                      llvm::ArrayRef<mlir::NamedAttribute> attrs = {},
                                      mlir::Type resultType = {});
  /// The same for ops of several results: all of them, inferred or given.
  template <typename OpTy>
  mlir::FailureOr<llvm::SmallVector<mlir::Value>>
  createAll(mlir::ValueRange operands, llvm::ArrayRef<mlir::NamedAttribute> attrs = {},
            mlir::TypeRange resultTypes = {});

  // Small builders.
  mlir::Value scalar(mlir::Type elementType, double value);
  mlir::Value constant(mlir::DenseElementsAttr value);
  /// A constant of `type` holding `values` (one per element, row-major, or
  /// one for all), converted as scalar() converts.
  mlir::Value constantOf(mlir::RankedTensorType type, llvm::ArrayRef<double> values);
  mlir::FailureOr<mlir::Value> reshape(mlir::Value v, llvm::ArrayRef<int64_t> shape);
  mlir::NamedAttribute named(llvm::StringRef name, mlir::Attribute value) {
    return builder.getNamedAttr(name, value);
  }
  mlir::DenseI64ArrayAttr i64s(llvm::ArrayRef<int64_t> v) {
    return builder.getDenseI64ArrayAttr(v);
  }

private:
  mlir::FailureOr<llvm::SmallVector<mlir::Value>> finish(mlir::Operation *op);

  mlir::Location nodeLoc;
  llvm::StringMap<mlir::Value> &values;
  std::string &error;
  std::string &lastDiagnostic;
};

/// Constant indices (unsigned ones read as such) must lie in [-dim, dim);
/// element k is checked against dims[k % dims.size()] (the columns of
/// GatherND / ScatterND index tuples address different dims).
mlir::LogicalResult checkConstantIndices(NodeImporter &n, mlir::DenseIntElementsAttr indices,
                                         llvm::ArrayRef<int64_t> dims);

/// The converter of an op that maps to one nn op of the same single input.
template <typename OpTy>
mlir::LogicalResult unary(NodeImporter &n);

/// Axes from an attribute (before `inputFromOpset`) or from the constant
/// input `inputIndex`; none when neither is given.
mlir::FailureOr<std::optional<llvm::SmallVector<int64_t>>>
readAxes(NodeImporter &n, int64_t inputFromOpset, int inputIndex);
/// Normalized, sorted, unique axes for `rank`; fails on duplicates.
mlir::FailureOr<llvm::SmallVector<int64_t>> normalizeAxes(NodeImporter &n,
                                                          llvm::ArrayRef<int64_t> axes,
                                                          int64_t rank);

/// nn.conv of x and weight (and bias) with the node's Conv attributes
/// (kernel_shape, strides, pads, auto_pad, dilations, group).
mlir::FailureOr<mlir::Value> buildConv(NodeImporter &n, mlir::Value x, mlir::Value weight,
                                       mlir::Value bias);

template <typename OpTy>
mlir::FailureOr<mlir::Value>
NodeImporter::create(mlir::ValueRange operands, llvm::ArrayRef<mlir::NamedAttribute> attrs,
                     mlir::Type resultType) {
  mlir::FailureOr<llvm::SmallVector<mlir::Value>> results =
      createAll<OpTy>(operands, attrs,
                      resultType ? mlir::TypeRange(llvm::ArrayRef<mlir::Type>(resultType))
                                 : mlir::TypeRange());
  if (failed(results))
    return mlir::failure();
  return results->front();
}

template <typename OpTy>
mlir::FailureOr<llvm::SmallVector<mlir::Value>>
NodeImporter::createAll(mlir::ValueRange operands, llvm::ArrayRef<mlir::NamedAttribute> attrs,
                        mlir::TypeRange resultTypes) {
  lastDiagnostic.clear();
  mlir::OperationState state(loc(), OpTy::getOperationName());
  state.addOperands(operands);
  state.addAttributes(attrs);
  // Inherent attributes live in properties; convert them as ODS builders do.
  auto &props = state.getOrAddProperties<typename OpTy::Properties>();
  auto emitError = [&]() { return mlir::emitError(loc()); };
  if (failed(OpTy::setPropertiesFromAttr(props, state.attributes.getDictionary(context()),
                                         emitError)))
    return fail(lastDiagnostic);
  if constexpr (std::is_base_of_v<mlir::InferTypeOpInterface::Trait<OpTy>, OpTy>) {
    if (resultTypes.empty()) {
      llvm::SmallVector<mlir::Type, 1> types;
      if (failed(OpTy::inferReturnTypes(context(), loc(), state.operands,
                                        state.attributes.getDictionary(context()),
                                        state.getRawProperties(), state.regions, types)))
        return fail(lastDiagnostic);
      state.addTypes(types);
    }
  }
  state.addTypes(resultTypes);
  if (state.types.empty())
    return fail("internal error: no result type for " + OpTy::getOperationName());
  return finish(builder.create(state));
}
template <typename OpTy>
mlir::LogicalResult unary(NodeImporter &n) {
  mlir::Value x = n.input(0);
  if (!x)
    return mlir::failure();
  mlir::FailureOr<mlir::Value> result = n.create<OpTy>(x);
  return mlir::failed(result) ? mlir::failure() : n.setOutput(0, *result);
}
} // namespace qat

#endif // QAT_FRONTEND_NODEIMPORTER_H
