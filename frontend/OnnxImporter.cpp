//===- OnnxImporter.cpp - ONNX graph -> func.func @main_graph --------------===//
//
// Loads the protobuf, checks the model as a whole (opset, every op supported,
// static input shapes), then converts nodes in order through the per-op
// converters of ops/. Errors end the import with one line naming the file
// and, where there is one, the node.
//
//===----------------------------------------------------------------------===//
#include "frontend/OnnxImporter.h"

#include "frontend/NodeImporter.h"
#include "frontend/TensorProto.h"
#include "runtime/TensorFile.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"


using namespace mlir;
using namespace qat;

namespace {
// Every opset from 1 is accepted: the converters read each op's older forms
// (Reshape-1, Concat-1, Pad-1, Cast-1, Split-1, the broadcast/axis attributes
// of binary ops and Gemm before opset 7, PRelu-6's per-channel slope, ...) or
// refuse them with a one-line error.
constexpr int64_t kMinOpset = 1, kMaxOpset = 21;

std::string shapeString(ArrayRef<int64_t> shape) {
  std::string s;
  for (auto [i, d] : llvm::enumerate(shape))
    s += (i ? "x" : "") + std::to_string(d);
  return s.empty() ? "scalar" : s;
}

constexpr const char *kTrainingDomain = "ai.onnx.preview.training";

bool isDefaultDomain(const onnx::NodeProto &node) {
  return node.domain().empty() || node.domain() == "ai.onnx";
}

/// Without a default-domain opset (opset 0), a node of another domain is
/// labelled with its domain.
std::string nodeLabel(const onnx::NodeProto &node, int64_t opset) {
  std::string version = opset                    ? ", opset " + std::to_string(opset)
                        : isDefaultDomain(node) ? std::string()
                                                : ", domain " + node.domain();
  return "node '" + node.name() + "' (" + node.op_type() + version + ")";
}

/// Names in a corrupt model may hold newlines; an error stays one line.
std::string escapeControlCharacters(const std::string &text) {
  std::string out;
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7f) {
      char buf[5];
      std::snprintf(buf, sizeof(buf), "\\x%02x", c);
      out += buf;
    } else {
      out += c;
    }
  }
  return out;
}

class GraphImporter {
public:
  GraphImporter(MLIRContext &ctx, const ImportOptions &options, std::string baseDir)
      : ctx(ctx), options(options), baseDir(std::move(baseDir)), builder(&ctx) {}

  OwningOpRef<ModuleOp> run(const onnx::ModelProto &model, std::string &error);

private:
  LogicalResult checkOpset(const onnx::ModelProto &model);
  LogicalResult checkSupported(const onnx::GraphProto &graph);
  FailureOr<RankedTensorType> inputType(const onnx::ValueInfoProto &info);
  LogicalResult importInitializers(const onnx::GraphProto &graph);
  LogicalResult importConstantInputs(const onnx::GraphProto &graph);
  LogicalResult importNode(const onnx::NodeProto &node);
  LogicalResult checkOutput(const onnx::ValueInfoProto &info, Value value);
  LogicalResult fail(const Twine &message) {
    if (error.empty())
      error = message.str();
    return failure();
  }

  MLIRContext &ctx;
  const ImportOptions &options;
  std::string baseDir;
  OpBuilder builder;
  int64_t opset = 0;
  llvm::StringMap<Value> values;
  std::string error, lastDiagnostic;
};

/// The default domain's opset is needed unless no node is in that domain (a
/// graph of ai.onnx.preview.training optimizers only). The training domain
/// has one version.
LogicalResult GraphImporter::checkOpset(const onnx::ModelProto &model) {
  for (const auto &entry : model.opset_import()) {
    if (entry.domain().empty() || entry.domain() == "ai.onnx")
      opset = entry.version();
    if (entry.domain() == kTrainingDomain && entry.version() != 1)
      return fail(std::string(kTrainingDomain) + " opset " + Twine(entry.version()) +
                  " is not supported (supported: 1)");
  }
  if (opset == 0) {
    if (llvm::none_of(model.graph().node(), isDefaultDomain))
      return success();
    return fail("the model imports no opset of the default ONNX domain");
  }
  if (opset < kMinOpset || opset > kMaxOpset)
    return fail("opset " + Twine(opset) + " is not supported (supported: " +
                Twine(kMinOpset) + " to " + Twine(kMaxOpset) + ")");
  return success();
}

/// Lists every unsupported node at once, so a user sees the whole gap.
LogicalResult GraphImporter::checkSupported(const onnx::GraphProto &graph) {
  const OpConverterMap &converters = getOpConverters();
  std::vector<std::string> unsupported;
  for (const auto &node : graph.node()) {
    if (!converters.count(converterKey(node)))
      unsupported.push_back(
          nodeLabel(node, opset).substr(0, std::string::npos) +
          (isDefaultDomain(node) || !opset ? "" : " in domain '" + node.domain() + "'"));
  }
  if (unsupported.empty())
    return success();
  std::string message = std::to_string(unsupported.size()) + " unsupported op" +
                        (unsupported.size() > 1 ? "s" : "") + ": ";
  for (size_t i = 0; i < unsupported.size(); ++i)
    message += (i ? ", " : "") + unsupported[i];
  return fail(message);
}

FailureOr<RankedTensorType> GraphImporter::inputType(const onnx::ValueInfoProto &info) {
  const std::string &name = info.name();
  if (!info.type().has_tensor_type())
    return fail("graph input '" + name + "' is not a tensor");
  const auto &tensor = info.type().tensor_type();
  Type element = convertElementType(tensor.elem_type(), &ctx);
  if (!element)
    return fail("graph input '" + name + "' has unsupported element type " +
                Twine(tensor.elem_type()));
  auto it = options.inputShapes.find(name);
  SmallVector<int64_t> shape;
  if (it != options.inputShapes.end()) {
    shape.assign(it->second.begin(), it->second.end());
    if (tensor.has_shape() && tensor.shape().dim_size() != (int)shape.size())
      return fail("--shape " + name + "=" + shapeString(shape) + " has rank " +
                  Twine(shape.size()) + ", the model declares rank " +
                  Twine(tensor.shape().dim_size()));
    if (tensor.has_shape())
      for (int i = 0; i < tensor.shape().dim_size(); ++i) {
        const auto &dim = tensor.shape().dim(i);
        if (dim.has_dim_value() && dim.dim_value() != shape[i])
          return fail("--shape " + name + "=" + shapeString(shape) +
                      " conflicts with the model's dimension " + Twine(i) + " = " +
                      Twine(dim.dim_value()));
      }
  } else {
    if (!tensor.has_shape())
      return fail("graph input '" + name + "' has no shape; give one with --shape " +
                  name + "=...");
    for (int i = 0; i < tensor.shape().dim_size(); ++i) {
      const auto &dim = tensor.shape().dim(i);
      if (!dim.has_dim_value() || dim.dim_value() < 0)
        return fail("graph input '" + name + "' dimension " + Twine(i) + " is dynamic" +
                    (dim.has_dim_param() ? " ('" + dim.dim_param() + "')" : std::string()) +
                    "; fix it with --shape " + name + "=...");
      shape.push_back(dim.dim_value());
    }
  }
  auto type = RankedTensorType::get(shape, element);
  if (std::optional<std::string> why = tensorTooLarge(type))
    return fail("graph input '" + name + "': " + *why);
  return type;
}

LogicalResult GraphImporter::importInitializers(const onnx::GraphProto &graph) {
  for (const auto &tensor : graph.initializer()) {
    std::string message;
    DenseElementsAttr value = decodeTensor(tensor, &ctx, &baseDir, message);
    if (!value)
      return fail(message);
    values[tensor.name()] = arith::ConstantOp::create(
        builder, NameLoc::get(builder.getStringAttr(tensor.name())), value.getType(), value);
  }
  return success();
}

/// Graph inputs frozen by --const-input become constants read from .pb files.
LogicalResult GraphImporter::importConstantInputs(const onnx::GraphProto &graph) {
  for (const auto &in : graph.input()) {
    auto it = options.constantInputs.find(in.name());
    if (it == options.constantInputs.end() || values.count(in.name()))
      continue;
    Tensor tensor;
    std::string message;
    if (!readTensorProto(it->second, tensor, message))
      return fail("--const-input " + in.name() + ": " + message);
    DenseElementsAttr value = toElementsAttr(tensor, &ctx);
    if (in.type().has_tensor_type() &&
        convertElementType(in.type().tensor_type().elem_type(), &ctx) !=
            value.getElementType())
      return fail("--const-input " + in.name() + ": the tensor's element type differs "
                  "from the graph input's");
    values[in.name()] = arith::ConstantOp::create(
        builder, NameLoc::get(builder.getStringAttr(in.name())), value.getType(), value);
  }
  return success();
}

LogicalResult GraphImporter::importNode(const onnx::NodeProto &node) {
  for (const std::string &in : node.input())
    if (!in.empty() && !values.count(in))
      return fail(nodeLabel(node, opset) + ": input '" + in +
                  "' is not produced by an earlier node, an initializer or a graph input");
  std::string nodeError;
  NodeImporter importer(node, opset, builder, values, nodeError, lastDiagnostic);
  if (failed(getOpConverters().lookup(converterKey(node))(importer)))
    return fail(nodeLabel(node, opset) + ": " +
                (nodeError.empty() ? std::string("conversion failed") : nodeError));
  for (int i = 0; i < node.output_size(); ++i)
    if (!node.output(i).empty() && !values.count(node.output(i)))
      return fail(nodeLabel(node, opset) + ": output " + Twine(i) + " ('" +
                  node.output(i) + "') is not supported");
  return success();
}

LogicalResult GraphImporter::checkOutput(const onnx::ValueInfoProto &info, Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  if (!info.type().has_tensor_type())
    return success();
  const auto &tensor = info.type().tensor_type();
  if (tensor.elem_type() != 0 &&
      convertElementType(tensor.elem_type(), &ctx) != type.getElementType())
    return fail("graph output '" + info.name() + "' is declared with element type " +
                Twine(tensor.elem_type()) + " but the graph computes a different one");
  if (!tensor.has_shape())
    return success();
  bool rankOk = tensor.shape().dim_size() == type.getRank();
  for (int i = 0; rankOk && i < tensor.shape().dim_size(); ++i) {
    const auto &dim = tensor.shape().dim(i);
    rankOk = !dim.has_dim_value() || dim.dim_value() == type.getDimSize(i);
  }
  if (!rankOk) {
    std::string declared;
    for (int i = 0; i < tensor.shape().dim_size(); ++i) {
      const auto &dim = tensor.shape().dim(i);
      declared += (i ? "x" : "") + (dim.has_dim_value() ? std::to_string(dim.dim_value())
                                                       : std::string("?"));
    }
    return fail("graph output '" + info.name() + "' is declared " +
                (declared.empty() ? "scalar" : declared) + " but the graph computes " +
                shapeString(type.getShape()));
  }
  return success();
}

OwningOpRef<ModuleOp> GraphImporter::run(const onnx::ModelProto &model, std::string &err) {
  // Capture diagnostics (type inference, verifiers) instead of printing them.
  ScopedDiagnosticHandler handler(&ctx, [&](Diagnostic &diag) {
    if (diag.getSeverity() == DiagnosticSeverity::Error)
      lastDiagnostic = diag.str();
    return success();
  });
  auto finish = [&]() -> OwningOpRef<ModuleOp> {
    err = error;
    return nullptr;
  };
  if (!model.has_graph())
    return (void)fail("the file holds no ONNX graph (empty or not an ONNX model)"), finish();
  const onnx::GraphProto &graph = model.graph();
  // Unsupported ops first: a model in another domain has no default opset.
  (void)checkOpset(model);
  error.clear();
  if (failed(checkSupported(graph)) || failed(checkOpset(model)))
    return finish();

  auto isInput = [&](const std::string &name) {
    return llvm::any_of(graph.input(), [&](const auto &in) { return in.name() == name; });
  };
  for (const auto &entry : options.inputShapes)
    if (!isInput(entry.first))
      return (void)fail("--shape names '" + entry.first + "', which is not a graph input"),
             finish();
  for (const auto &entry : options.constantInputs)
    if (!isInput(entry.first))
      return (void)fail("--const-input names '" + entry.first +
                        "', which is not a graph input"),
             finish();

  Location unknown = builder.getUnknownLoc();
  OwningOpRef<ModuleOp> module = ModuleOp::create(unknown);
  builder.setInsertionPointToEnd(module->getBody());

  // Graph inputs that are also initializers (IR version < 4) are constants.
  llvm::StringSet<> initializerNames;
  for (const auto &tensor : graph.initializer())
    initializerNames.insert(tensor.name());
  SmallVector<Type> argTypes;
  SmallVector<const onnx::ValueInfoProto *> args;
  for (const auto &in : graph.input()) {
    if (initializerNames.contains(in.name()))
      continue;
    if (options.constantInputs.count(in.name()))
      continue;
    FailureOr<RankedTensorType> type = inputType(in);
    if (failed(type))
      return finish();
    argTypes.push_back(*type);
    args.push_back(&in);
  }
  auto func = func::FuncOp::create(builder, unknown, "main_graph",
                                   builder.getFunctionType(argTypes, {}));
  Block *body = func.addEntryBlock();
  for (auto [i, info] : llvm::enumerate(args)) {
    func.setArgAttr(i, "qat.name", builder.getStringAttr(info->name()));
    values[info->name()] = body->getArgument(i);
  }
  builder.setInsertionPointToStart(body);
  if (failed(importInitializers(graph)) || failed(importConstantInputs(graph)))
    return finish();
  for (const auto &node : graph.node())
    if (failed(importNode(node)))
      return finish();

  SmallVector<Value> results;
  if (graph.output_size() == 0)
    return (void)fail("the graph has no outputs"), finish();
  for (const auto &out : graph.output()) {
    Value v = values.lookup(out.name());
    if (!v)
      return (void)fail("graph output '" + out.name() + "' is not computed by the graph"),
             finish();
    if (failed(checkOutput(out, v)))
      return finish();
    results.push_back(v);
  }
  func::ReturnOp::create(builder, unknown, results);
  // Folded shape arithmetic leaves constants nobody uses.
  for (Operation &op : llvm::make_early_inc_range(llvm::reverse(*body)))
    if (isOpTriviallyDead(&op))
      op.erase();
  func.setType(builder.getFunctionType(argTypes, ValueRange(results).getTypes()));
  for (auto [i, out] : llvm::enumerate(graph.output()))
    func.setResultAttr(i, "qat.name", builder.getStringAttr(out.name()));

  if (failed(verify(*module)))
    return (void)fail("internal error: the imported IR does not verify: " + lastDiagnostic),
           finish();
  return module;
}
} // namespace

void qat::registerImportedDialects(MLIRContext &context) {
  context.loadDialect<func::FuncDialect, arith::ArithDialect, nn::NNDialect, QATDialect>();
}

OwningOpRef<ModuleOp> qat::importOnnxBytes(const std::string &bytes, const std::string &name,
                                           const std::string &baseDir,
                                           const ImportOptions &options,
                                           MLIRContext &context, std::string &error) {
  onnx::ModelProto model;
  if (!model.ParseFromString(bytes)) {
    error = name + ": not a valid ONNX model (the protobuf does not parse; truncated or "
                   "not ONNX)";
    return nullptr;
  }
  registerImportedDialects(context);
  std::string message;
  GraphImporter importer(context, options, baseDir);
  OwningOpRef<ModuleOp> module = importer.run(model, message);
  if (!module)
    error = escapeControlCharacters(name + ": " + message);
  return module;
}

OwningOpRef<ModuleOp> qat::importOnnxFile(const std::string &path,
                                          const ImportOptions &options,
                                          MLIRContext &context, std::string &error) {
  auto file = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                          /*RequiresNullTerminator=*/false);
  if (!file) {
    error = path + ": cannot open file: " + file.getError().message();
    return nullptr;
  }
  // External data files are read from the model's folder (and only there).
  std::string folder(llvm::sys::path::parent_path(path));
  return importOnnxBytes((*file)->getBuffer().str(), path, folder.empty() ? "." : folder,
                         options, context, error);
}
