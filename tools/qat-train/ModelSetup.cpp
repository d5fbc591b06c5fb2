//===- ModelSetup.cpp - from a model file to a training library ------------===//
#include "ModelSetup.h"

#include "frontend/OnnxImporter.h"
#include "passes/ActivationQuantizers.h"
#include "passes/Passes.h"
#include "passes/TrainStep.h"
#include "tools/common/ModelLibrary.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include "onnx/onnx_pb.h"

#include <cmath>
#include <cstring>
#include <fstream>

using namespace mlir;
using namespace qat;
using namespace qat::train;

namespace {
/// Runs a textual pipeline; the first error diagnostic becomes `error`.
bool runPipeline(ModuleOp module, const std::string &text, std::string &error) {
  std::string first;
  ScopedDiagnosticHandler handler(module.getContext(), [&](Diagnostic &d) {
    if (d.getSeverity() == DiagnosticSeverity::Error && first.empty())
      first = d.str();
    return success();
  });
  PassManager pm(module.getContext());
  if (failed(parsePassPipeline(text, pm))) {
    error = "internal error: bad pipeline '" + text + "'";
    return false;
  }
  if (failed(pm.run(module))) {
    error = first.empty() ? "'" + text + "' failed" : first;
    return false;
  }
  return true;
}

/// The graph input of an ONNX model (not an initializer) and its shape with
/// the batch dimension set to `batch`.
bool onnxInputShape(const std::string &path, int64_t batch, std::string &name,
                    std::vector<int64_t> &shape, std::string &error) {
  std::ifstream in(path, std::ios::binary);
  onnx::ModelProto model;
  if (!in || !model.ParseFromIstream(&in)) {
    error = path + ": not a readable ONNX model";
    return false;
  }
  std::vector<std::string> inits;
  for (const auto &t : model.graph().initializer())
    inits.push_back(t.name());
  std::vector<const onnx::ValueInfoProto *> inputs;
  for (const auto &i : model.graph().input())
    if (std::find(inits.begin(), inits.end(), i.name()) == inits.end())
      inputs.push_back(&i);
  if (inputs.size() != 1) {
    error = path + ": qat-train takes models with one input, this one has " +
            std::to_string(inputs.size());
    return false;
  }
  name = inputs[0]->name();
  const auto &dims = inputs[0]->type().tensor_type().shape();
  if (dims.dim_size() < 1) {
    error = path + ": input '" + name + "' has no batch dimension";
    return false;
  }
  shape.assign({batch});
  for (int i = 1; i < dims.dim_size(); ++i) {
    if (!dims.dim(i).has_dim_value()) {
      error = path + ": input '" + name + "' dimension " + std::to_string(i) +
              " is dynamic; only the batch dimension may be";
      return false;
    }
    shape.push_back(dims.dim(i).dim_value());
  }
  return true;
}
} // namespace

bool qat::train::prepareModel(MLIRContext &context, const std::string &path, int64_t batch,
                              const QuantizationOptions &quant, PreparedModel &model,
                              std::string &error) {
  if (StringRef(path).ends_with(".mlir")) {
    std::string first;
    ScopedDiagnosticHandler handler(&context, [&](Diagnostic &d) {
      if (d.getSeverity() == DiagnosticSeverity::Error && first.empty())
        first = d.str();
      return success();
    });
    model.module = parseSourceFile<ModuleOp>(path, &context);
    if (!model.module) {
      error = path + ": " + (first.empty() ? "cannot read the file" : first);
      return false;
    }
  } else {
    std::string name;
    std::vector<int64_t> shape;
    if (!onnxInputShape(path, batch, name, shape, error))
      return false;
    ImportOptions options;
    options.inputShapes[name] = shape;
    model.module = importOnnxFile(path, options, context, error);
    if (!model.module)
      return false;
  }
  auto main = model.module->lookupSymbol<func::FuncOp>("main_graph");
  if (!main || main.isExternal() || main.getNumArguments() != 1 || main.getNumResults() < 1) {
    error = path + ": qat-train needs @main_graph with one input and logits as first result";
    return false;
  }
  auto input = dyn_cast<RankedTensorType>(main.getArgumentTypes()[0]);
  auto logits = dyn_cast<RankedTensorType>(main.getResultTypes()[0]);
  if (!input || !input.getElementType().isF32() || input.getRank() < 1 || !logits ||
      logits.getRank() != 2) {
    error = path + ": qat-train needs a float32 input [N, ...] and logits [N, classes]";
    return false;
  }
  if (input.getDimSize(0) != batch) {
    error = path + ": the model's batch is " + std::to_string(input.getDimSize(0)) +
            "; give --batch " + std::to_string(input.getDimSize(0)) +
            " (MLIR models train at their own batch)";
    return false;
  }
  model.inputShape.assign(input.getShape().begin(), input.getShape().end());
  model.classes = logits.getDimSize(1);
  if (quant.l1Norm && !runPipeline(*model.module, "qat-use-l1-norm", error))
    return false;
  bool quantized = false;
  main.walk([&](FakeQuantOp) { quantized = true; });
  if (quant.quantize && !quantized) {
    std::string options = "w-bits=" + std::to_string(quant.wBits) +
                          " a-bits=" + std::to_string(quant.aBits) + " " + quant.extra;
    if (!runPipeline(*model.module, "qat-insert-fake-quant{" + options + "}", error))
      return false;
    model.insertedQuantizers = true;
  }
  return true;
}

bool qat::train::initActivationScales(ModuleOp module, const float *batchData,
                                      const driver::CompileOptions &compile,
                                      std::string &error) {
  auto main = module.lookupSymbol<func::FuncOp>("main_graph");
  std::vector<ActivationQuantizer> quantizers = findActivationQuantizers(main);
  if (quantizers.empty())
    return true;
  OwningOpRef<ModuleOp> probes = module.clone();
  if (!runPipeline(*probes, "qat-calibration-probes{batch-statistics}", error))
    return false;
  SmallString<128> dir;
  if (llvm::sys::fs::createUniqueDirectory("qat-train-probes", dir)) {
    error = "cannot create a temporary directory";
    return false;
  }
  std::string lib = (dir + "/libprobes.so").str();
  driver::CompileOptions options = compile;
  options.emit = "lib";
  if (!driver::compileModule(*probes, options, lib, error))
    return false;
  ModelLibrary probe;
  bool ok = loadModelLibrary(lib, probe, error);
  llvm::sys::fs::remove_directories(dir);
  if (!ok)
    return false;
  size_t first = main.getNumResults();
  if (probe.outputs.size() != first + quantizers.size()) {
    error = "internal error: the probe model has " + std::to_string(probe.outputs.size()) +
            " outputs";
    return false;
  }
  qat_model *instance = probe.create();
  if (!instance) {
    error = std::string("cannot create the probe model: ") + probe.createError();
    return false;
  }
  std::vector<Buffer> outputs;
  std::vector<void *> outPtrs;
  for (const Signature &sig : probe.outputs) {
    outputs.push_back(allocateBuffer(sig.bytes));
    outPtrs.push_back(outputs.back().get());
  }
  const void *in[] = {batchData};
  int32_t status = probe.run(instance, in, outPtrs.data());
  probe.destroy(instance);
  if (status) {
    error = "the probe model failed";
    return false;
  }
  for (size_t k = 0; k < quantizers.size(); ++k) {
    const Signature &sig = probe.outputs[first + k];
    const float *x = reinterpret_cast<const float *>(outputs[first + k].get());
    size_t n = sig.bytes / sizeof(float);
    double sum = 0;
    for (size_t i = 0; i < n; ++i)
      sum += std::fabs(x[i]);
    double qmax = (double)quantizers[k].op.getQmax();
    // LSQ's initial step size; a dead activation keeps a usable one.
    double s = n ? 2.0 * (sum / n) / std::sqrt(qmax) : 0.0;
    if (!(s > 0) || !std::isfinite(s))
      s = 1.0 / qmax;
    ParameterOp param = quantizers[k].scale;
    auto type = cast<ShapedType>(param.getType());
    param.setValueAttr(DenseElementsAttr::get(
        type, FloatAttr::get(type.getElementType(), (float)s)));
  }
  return true;
}

bool qat::train::copyActivationScales(ModuleOp from, ModuleOp to, std::string &error) {
  std::vector<ActivationQuantizer> source =
      findActivationQuantizers(from.lookupSymbol<func::FuncOp>("main_graph"));
  std::vector<ActivationQuantizer> target =
      findActivationQuantizers(to.lookupSymbol<func::FuncOp>("main_graph"));
  if (source.size() != target.size()) {
    error = "internal error: the model has " + std::to_string(source.size()) + " and " +
            std::to_string(target.size()) + " activation quantizers at two batches";
    return false;
  }
  for (auto [s, t] : llvm::zip(source, target))
    t.scale.setValueAttr(s.scale.getValueAttr());
  return true;
}

bool qat::train::buildStepLibrary(ModuleOp module, const std::string &stepOptions,
                                  const driver::CompileOptions &compile,
                                  const std::string &libPath, std::vector<ArgInfo> &trainArgs,
                                  std::string &error) {
  OwningOpRef<ModuleOp> steps = module.clone();
  if (!runPipeline(*steps, "qat-build-train-step{" + stepOptions + "}", error))
    return false;
  // The library carries the step functions only.
  steps->lookupSymbol<func::FuncOp>("main_graph").erase();
  auto train = steps->lookupSymbol<func::FuncOp>("train_step");
  trainArgs.clear();
  for (unsigned i = 0; i < train.getNumArguments(); ++i) {
    ArgInfo arg;
    auto name = train.getArgAttrOfType<StringAttr>(i, "qat.name");
    auto role = train.getArgAttrOfType<StringAttr>(i, "qat.role");
    arg.name = name ? name.str() : "";
    arg.role = role ? role.str() : "";
    if (auto init = train.getArgAttrOfType<DenseElementsAttr>(i, "qat.init")) {
      auto type = cast<ShapedType>(init.getType());
      unsigned width = type.getElementTypeBitWidth() / 8;
      arg.init.resize(type.getNumElements() * width);
      if (init.isSplat()) {
        ArrayRef<char> raw = init.getRawData();
        for (int64_t e = 0; e < type.getNumElements(); ++e)
          std::memcpy(arg.init.data() + e * width, raw.data(), width);
      } else {
        std::memcpy(arg.init.data(), init.getRawData().data(), arg.init.size());
      }
    }
    trainArgs.push_back(std::move(arg));
  }
  driver::CompileOptions options = compile;
  options.emit = "lib";
  return driver::compileModule(*steps, options, libPath, error);
}

bool qat::train::writeBack(ModuleOp module, const Session &session, bool freezeWeightScales,
                           std::string &error) {
  auto main = module.lookupSymbol<func::FuncOp>("main_graph");
  FailureOr<std::vector<trainstep::ParameterCandidate>> params =
      trainstep::findParameters(main, {}, freezeWeightScales);
  if (failed(params)) {
    error = "internal error: cannot find the parameters again";
    return false;
  }
  for (const trainstep::ParameterCandidate &c : *params) {
    auto it = session.state.find(c.name);
    if (it == session.state.end())
      continue;
    auto type = cast<ShapedType>(c.value.getType());
    size_t bytes = type.getNumElements() * (type.getElementTypeBitWidth() / 8);
    auto value = DenseElementsAttr::getFromRawBuffer(
        type, ArrayRef<char>(it->second.get(), bytes));
    if (auto constant = dyn_cast<arith::ConstantOp>(c.op))
      constant.setValueAttr(value);
    else if (auto param = dyn_cast<ParameterOp>(c.op))
      param.setValueAttr(value);
  }
  return true;
}
