//===- qat-calibrate.cpp - set activation scales from sample data ----------===//
//
//   qat-calibrate model.mlir --data batch.npy [--data more.pb ...]
//                 [--method minmax|percentile|mse] [--percentile 99.99] [-o out.mlir]
//
// The model is a fake-quant graph (qat-insert-fake-quant). qat-calibrate
// builds its probe model (qat-calibration-probes: activations in float, each
// activation quantizer's input returned), compiles it with qat-compile, runs
// it on every sample, and writes each activation quantizer's scale (and
// zero point, when it is a parameter) back into the module, which it prints
// with locations. A data file (.npy, .pb) holds one model input, or several
// stacked along the first dimension; an IDX file (MNIST / Fashion-MNIST
// images, gzip'ed or not) holds images that become inputs scaled by
// --idx-scale.
// Every error is one line "qat-calibrate: error: ..." and exit status 1.
//
//===----------------------------------------------------------------------===//
#include "tools/common/IdxFile.h"
#include "Statistics.h"
#include "driver/Compiler.h"
#include "frontend/OnnxImporter.h"
#include "passes/ActivationQuantizers.h"
#include "passes/ConstantTensors.h"
#include "passes/Passes.h"
#include "runtime/TensorFile.h"
#include "tools/common/CommandLine.h"
#include "tools/common/ModelLibrary.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"

#include <cmath>
#include <cstring>

using namespace llvm;

static cl::OptionCategory category("qat-calibrate options");
static cl::opt<std::string> inputPath(cl::Positional, cl::desc("<model.mlir>"),
                                      cl::cat(category));
static cl::list<std::string> dataFiles("data",
                                       cl::desc("Sample inputs (.npy or .pb), one or stacked"),
                                       cl::value_desc("file"), cl::cat(category));
static cl::opt<std::string> method("method", cl::desc("minmax | percentile | mse"),
                                   cl::init("minmax"), cl::cat(category));
static cl::opt<double> percentile("percentile",
                                  cl::desc("Percentile of |x| for --method=percentile"),
                                  cl::init(99.99), cl::cat(category));
static cl::opt<double> idxScale("idx-scale",
                                cl::desc("Factor from IDX bytes to model inputs (default 1/255)"),
                                cl::init(1.0 / 255.0), cl::cat(category));
static cl::opt<unsigned> maxSamples("max-samples",
                                    cl::desc("Use at most N samples (0: all)"),
                                    cl::init(1000), cl::cat(category));
static cl::opt<std::string> outputPath("o", cl::desc("Output file (default: stdout)"),
                                       cl::value_desc("file"), cl::init("-"),
                                       cl::cat(category));

[[noreturn]] static void die(const Twine &message) {
  errs() << "qat-calibrate: error: " << message << "\n";
  std::exit(1);
}

/// The samples as model inputs: each file is one input or a stack of them.
static std::vector<std::vector<char>> readSamples(const qat::Signature &sig) {
  std::vector<std::vector<char>> samples;
  for (const std::string &file : dataFiles) {
    qat::Tensor t;
    std::string error;
    if (qat::isIdxFile(file)) {
      int64_t batch = sig.shape.empty() ? 1 : sig.shape[0];
      if (!qat::readIdxImages(file, idxScale, sig.shape, int64_t(maxSamples) * batch, t, error))
        die(error);
    } else if (!qat::readTensorFile(file, t, error)) {
      die(error);
    }
    if (t.dtype != sig.dtype)
      die(file + ": expected " + qat::dtypeName(sig.dtype) + " data, got " +
          qat::dtypeName(t.dtype));
    bool one = t.shape == sig.shape;
    bool stacked = !sig.shape.empty() && t.shape.size() == sig.shape.size() &&
                   std::equal(t.shape.begin() + 1, t.shape.end(), sig.shape.begin() + 1) &&
                   sig.shape[0] > 0 && t.shape[0] % sig.shape[0] == 0;
    if (!one && !stacked)
      die(file + ": shape " + qat::shapeString(t.shape) + " is neither the input's " +
          qat::shapeString(sig.shape) + " nor a stack of them along dimension 0");
    for (size_t off = 0; off + sig.bytes <= t.data.size(); off += sig.bytes)
      samples.emplace_back(t.data.begin() + off, t.data.begin() + off + sig.bytes);
  }
  if (samples.empty())
    die("no samples: give --data files");
  if (maxSamples && samples.size() > maxSamples)
    samples.resize(maxSamples);
  return samples;
}

/// Compiles the probe module in process (driver/Compiler.h).
static std::string compileProbes(mlir::ModuleOp probes, const char *argv0,
                                 SmallString<128> &tempDir) {
  if (sys::fs::createUniqueDirectory("qat-calibrate", tempDir))
    die("cannot create a temporary directory");
  std::string libPath = (tempDir + "/libprobes.so").str(), error;
  qat::driver::CompileOptions options;
  options.runtimeDir = qat::driver::runtimeDirOf(argv0, reinterpret_cast<void *>(&die));
  if (!qat::driver::compileModule(probes, options, libPath, error))
    die("compiling the probe model failed: " + error);
  return libPath;
}

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions({&category});
  std::string message;
  if (!qat::parseCommandLine(argc, argv, "set activation scales from sample data\n", message,
                              {&category}))
    die(message);
  if (inputPath.empty())
    die("no input model given");
  if (method != "minmax" && method != "percentile" && method != "mse")
    die("--method must be minmax, percentile or mse (got '" + method + "')");
  if (!(percentile > 0 && percentile <= 100))
    die("--percentile must be in (0, 100]");

  mlir::DialectRegistry registry;
  qat::driver::registerCompilerDialects(registry);
  mlir::MLIRContext context(registry);
  qat::registerImportedDialects(context);
  std::string firstError;
  mlir::ScopedDiagnosticHandler handler(&context, [&](mlir::Diagnostic &diag) {
    if (diag.getSeverity() == mlir::DiagnosticSeverity::Error && firstError.empty())
      firstError = diag.str();
    return mlir::success();
  });
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceFile<mlir::ModuleOp>(inputPath, &context);
  if (!module)
    die(inputPath + ": " + (firstError.empty() ? "cannot read the file" : firstError));
  auto func = module->lookupSymbol<mlir::func::FuncOp>("main_graph");
  if (!func || func.isExternal())
    die(inputPath + ": no func.func @main_graph");
  std::vector<qat::ActivationQuantizer> quantizers = qat::findActivationQuantizers(func);
  if (quantizers.empty())
    die(inputPath + ": no activation quantizers with parameter scales (run "
                    "qat-insert-fake-quant first)");
  unsigned modelOutputs = func.getNumResults();

  // The probe model, compiled and loaded.
  mlir::OwningOpRef<mlir::ModuleOp> probes = module->clone();
  mlir::PassManager pm(&context);
  pm.addPass(qat::createCalibrationProbes());
  if (failed(pm.run(*probes)))
    die(inputPath + ": " + firstError);
  SmallString<128> tempDir;
  std::string libPath = compileProbes(*probes, argv[0], tempDir);
  qat::ModelLibrary lib;
  std::string error;
  if (!qat::loadModelLibrary(libPath, lib, error))
    die(error);
  sys::fs::remove_directories(tempDir);
  if (lib.inputs.size() != 1)
    die(inputPath + ": calibration takes models with one input, this one has " +
        Twine(lib.inputs.size()));
  if (lib.outputs.size() != modelOutputs + quantizers.size())
    die("internal error: the probe model has " + Twine(lib.outputs.size()) + " outputs");
  std::vector<std::vector<char>> samples = readSamples(lib.inputs[0]);

  // Two passes over the samples: ranges, then histograms if the method needs them.
  qat_model *instance = lib.create();
  if (!instance)
    die("cannot create a model instance: " + std::string(lib.createError()));
  std::vector<qat::Buffer> outputs;
  std::vector<void *> outputPtrs;
  for (const qat::Signature &sig : lib.outputs) {
    outputs.push_back(qat::allocateBuffer(sig.bytes));
    if (!outputs.back())
      die("cannot allocate " + Twine(sig.bytes) + " bytes");
    outputPtrs.push_back(outputs.back().get());
  }
  qat::Buffer input = qat::allocateBuffer(lib.inputs[0].bytes);
  std::vector<qat::ActivationStats> stats(quantizers.size());
  int passes = method == "minmax" ? 1 : 2;
  for (int pass = 0; pass < passes; ++pass)
    for (const std::vector<char> &sample : samples) {
      std::memcpy(input.get(), sample.data(), sample.size());
      const void *inputPtr = input.get();
      if (lib.run(instance, &inputPtr, outputPtrs.data()) != 0)
        die("the probe model failed to run");
      for (size_t q = 0; q < quantizers.size(); ++q) {
        const qat::Signature &sig = lib.outputs[modelOutputs + q];
        auto *x = reinterpret_cast<const float *>(outputPtrs[modelOutputs + q]);
        int64_t n = sig.bytes / sizeof(float);
        if (pass == 0)
          stats[q].observeRange(x, n);
        else
          stats[q].observeHistogram(x, n);
      }
    }
  lib.destroy(instance);

  // New scales (and zero points).
  for (auto [q, s] : llvm::zip(quantizers, stats)) {
    qat::QuantRange r = qat::getQuantRange(q.op.getBits(), q.op.getIsSigned(),
                                           q.op.getNarrowRange());
    auto scalarType = cast<mlir::ShapedType>(q.scale.getType());
    if (q.zeroPoint) { // asymmetric: cover [min, max] (and 0)
      double lo = std::min(s.min(), 0.0), hi = std::max(s.max(), 0.0);
      if (!(hi > lo))
        continue;
      double scale = (hi - lo) / double(r.qmax - r.qmin);
      double zp = std::clamp(std::round(r.qmin - lo / scale), (double)r.qmin, (double)r.qmax);
      q.scale.setValueAttr(qat::floatsAttr(scalarType, {scale}));
      q.zeroPoint.setValueAttr(
          qat::floatsAttr(cast<mlir::ShapedType>(q.zeroPoint.getType()), {zp}));
      continue;
    }
    double range = method == "minmax"       ? (q.op.getIsSigned() ? s.maxAbs() : s.max())
                   : method == "percentile" ? s.percentileAbs(percentile)
                                            : s.mseThresholdAbs(r.qmax);
    if (range > 0 && std::isfinite(range))
      q.scale.setValueAttr(qat::floatsAttr(scalarType, {range / double(r.qmax)}));
  }

  std::unique_ptr<ToolOutputFile> out = mlir::openOutputFile(outputPath, &error);
  if (!out)
    die(error);
  mlir::OpPrintingFlags flags;
  flags.enableDebugInfo();
  module->print(out->os(), flags);
  out->keep();
  errs() << "qat-calibrate: " << quantizers.size() << " activation quantizers, "
         << samples.size() << " samples, method " << method << "\n";
  return 0;
}
