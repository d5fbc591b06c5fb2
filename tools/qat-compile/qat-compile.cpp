//===- qat-compile.cpp - ONNX/MLIR model -> native library -----------------===//
//
//   qat-compile model.onnx|model.mlir -o libmodel.so [--emit=mlir|llvm|obj|lib|exe]
//               [--mode=fp32|fake|int [--w-bits N] [--a-bits N] [--quant-options '...']]
//               [--pipeline-dump] [--no-fusion] [--target-cpu=native] [-O N]
//               [--shape name=1x3x224x224] [--const-input name=file.pb]
//   qat-compile --batch list.txt [--jobs N]
//
// Imports (ONNX) or parses (MLIR) the nn graph and compiles it with the
// driver library (driver/Compiler.h): the stages of codegen/Pipelines.cpp to
// the LLVM dialect, machine code in process, and the generated C ABI
// (runtime/qat_model.h) linked into a shared library (model.h beside it) or,
// with --emit=exe, with runtime/runner into a standalone executable.
// --batch compiles one command line per line of a file (Batch.h).
//
//===----------------------------------------------------------------------===//
#include "driver/Compiler.h"
#include "tools/qat-compile/Batch.h"
#include "frontend/OnnxImporter.h"
#include "tools/common/CommandLine.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"

using namespace llvm;

static cl::OptionCategory category("qat-compile options");
static cl::opt<std::string> inputPath(cl::Positional, cl::desc("<model.onnx|model.mlir>"),
                                      cl::cat(category));
static cl::opt<std::string> outputPath("o", cl::desc("Output file"), cl::value_desc("file"),
                                       cl::cat(category));
static cl::opt<std::string> emit("emit", cl::desc("What to write: mlir|llvm|obj|lib|exe"),
                                 cl::init("lib"), cl::cat(category));
static cl::opt<std::string> mode("mode",
                                 cl::desc("fp32 (the model as it is) | fake (insert fake "
                                          "quantization first: qat-insert-fake-quant) | int "
                                          "(integer arithmetic: qat-lower-to-integer, after "
                                          "inserting fake quantization into an ONNX model)"),
                                 cl::init("fp32"), cl::cat(category));
static cl::opt<unsigned> wBits("w-bits", cl::desc("Weight bit-width with --mode=fake|int"),
                               cl::init(8), cl::cat(category));
static cl::opt<unsigned> aBits("a-bits", cl::desc("Activation bit-width with --mode=fake|int"),
                               cl::init(8), cl::cat(category));
static cl::opt<std::string> quantOptions(
    "quant-options", cl::desc("More qat-insert-fake-quant options with --mode=fake|int"),
    cl::value_desc("'w-granularity=per-group group-size=32 ...'"), cl::init(""),
    cl::cat(category));
static cl::opt<bool> pipelineDump("pipeline-dump",
                                  cl::desc("Print the IR after each stage to stderr"),
                                  cl::cat(category));
static cl::opt<bool> timeStages("time-stages",
                                cl::desc("Print the compile time of each stage to stderr (MLIR "
                                         "stages, LLVM translation, optimization, machine "
                                         "code, link)"),
                                cl::cat(category));
static cl::opt<bool> profile(
    "profile",
    cl::desc("Time each layer (ONNX node) at run time: qat-run --profile prints the table"),
    cl::cat(category));
static cl::opt<bool> noFusion("no-fusion",
                              cl::desc("Fuse no elementwise ops and no kernel epilogues (the "
                                       "unfused reference: outputs must be the same bits)"),
                              cl::cat(category));
static cl::opt<std::string> batchSplit(
    "batch-split",
    cl::desc("Run a batch whose images never meet one image at a time: auto (when the batch's "
             "largest tensor is over 1 MiB and twice the weights), always, off (qat-split-batch)"),
    cl::init("auto"), cl::cat(category));
static cl::opt<std::string> targetCpu("target-cpu",
                                      cl::desc("CPU to generate code for (default: this host)"),
                                      cl::init("native"), cl::cat(category));
static cl::opt<unsigned> optLevel("O", cl::desc("LLVM optimization level 0-3"), cl::init(3),
                                  cl::Prefix, cl::cat(category));
static cl::list<std::string> shapes("shape", cl::desc("Static shape of a graph input"),
                                    cl::value_desc("name=d0xd1x..."), cl::cat(category));
static cl::list<std::string> constInputs("const-input",
                                         cl::desc("Replace a graph input by a constant"),
                                         cl::value_desc("name=file.pb"), cl::cat(category));
static cl::opt<std::string> batchList(
    "batch",
    cl::desc("Compile many models: each line of the file holds the arguments of one qat-compile "
             "command line (shell quoting; '#' starts a comment line); the libraries load once "
             "and each item runs in its own forked process. Prints `<line> TAB <exit status> TAB "
             "<first error line>` per item; exits 1 if any failed"),
    cl::value_desc("file"), cl::cat(category));
static cl::opt<unsigned> jobs("jobs", cl::desc("With --batch: items compiled at once"),
                              cl::init(1), cl::cat(category));

[[noreturn]] static void die(const Twine &message) {
  errs() << "qat-compile: error: " << message << "\n";
  exit(1);
}

static qat::ImportOptions importOptions() {
  qat::ImportOptions options;
  for (StringRef spec : shapes) {
    std::string name, error;
    std::vector<int64_t> shape;
    if (!qat::parseShapeFlag(spec, name, shape, error))
      die(error);
    if (!options.inputShapes.emplace(name, shape).second)
      die("--shape gives input '" + name + "' twice");
  }
  for (StringRef spec : constInputs) {
    auto [name, file] = spec.split('=');
    if (name.empty() || file.empty())
      die("--const-input '" + spec + "' is not of the form name=file.pb");
    options.constantInputs[name.str()] = file.str();
  }
  return options;
}

/// One compile from the parsed options (the whole run without --batch, one
/// item of it with).
static int compile(mlir::MLIRContext &context, const char *argv0, bool batchItem) {
  if (inputPath.empty())
    die("no input model given");
  if (emit != "mlir" && emit != "llvm" && emit != "obj" && emit != "lib" && emit != "exe")
    die("--emit must be mlir, llvm, obj, lib or exe (got '" + emit + "')");
  if (optLevel > 3)
    die("-O must be 0 to 3");
  if (batchSplit != "auto" && batchSplit != "always" && batchSplit != "off")
    die("--batch-split must be auto, always or off (got '" + batchSplit + "')");
  if (mode != "fp32" && mode != "fake" && mode != "int")
    die("--mode must be fp32, fake or int (got '" + mode + "')");
  bool quantFlags = wBits.getNumOccurrences() || aBits.getNumOccurrences() ||
                    quantOptions.getNumOccurrences();
  if (mode == "fp32" && quantFlags)
    die("--w-bits, --a-bits and --quant-options need --mode=fake or --mode=int");
  std::string output = outputPath.empty() ? (emit == "lib"   ? "libmodel.so"
                                             : emit == "obj" ? "model.o"
                                             : emit == "exe" ? "model"
                                                             : "-")
                                          : outputPath.getValue();
  if (batchItem && output == "-")
    die("--batch items write files: give -o");

  if (output != "-") {
    StringRef dir = sys::path::parent_path(output);
    if (!dir.empty() && !sys::fs::is_directory(dir))
      die("output directory '" + dir + "' does not exist");
  }

  // One error line: the first error diagnostic, with its location.
  std::string firstError;
  mlir::ScopedDiagnosticHandler handler(&context, [&](mlir::Diagnostic &diag) {
    if (diag.getSeverity() == mlir::DiagnosticSeverity::Error && firstError.empty()) {
      std::string loc;
      llvm::raw_string_ostream ls(loc);
      diag.getLocation().print(ls);
      firstError = loc + ": " + diag.str();
    }
    return mlir::success();
  });

  mlir::OwningOpRef<mlir::ModuleOp> module;
  bool isMlir = StringRef(inputPath).ends_with(".mlir");
  if (isMlir) {
    llvm::SourceMgr sourceMgr;
    std::string error;
    auto file = mlir::openInputFile(inputPath, &error);
    if (!file)
      die(inputPath + ": " + error);
    sourceMgr.AddNewSourceBuffer(std::move(file), SMLoc());
    module = mlir::parseSourceFile<mlir::ModuleOp>(sourceMgr, &context);
    if (!module)
      die(inputPath + ": " + firstError);
  } else {
    std::string error;
    module = qat::importOnnxFile(inputPath, importOptions(), context, error);
    if (!module)
      die(error);
  }

  qat::driver::CompileOptions options;
  options.emit = emit;
  options.fuse = !noFusion;
  options.batchSplit = batchSplit;
  options.targetCpu = targetCpu;
  options.optLevel = optLevel;
  options.pipelineDump = pipelineDump;
  options.timeStages = timeStages;
  options.profile = profile;
  options.passManagerCLOptions = true;
  options.runtimeDir = qat::driver::runtimeDirOf(argv0, reinterpret_cast<void *>(&die));
  // An ONNX model gets quantizers inserted; an MLIR model is taken as the
  // fake-quant graph it is (calibrated or trained) unless bits are given.
  if (mode == "fake" || (mode == "int" && (!isMlir || quantFlags)))
    options.preStages.push_back(
        {"fake-quant", "qat-insert-fake-quant{w-bits=" + std::to_string(wBits) +
                           " a-bits=" + std::to_string(aBits) + " " + quantOptions + "}"});
  if (mode == "int")
    options.preStages.push_back({"integer", "func.func(qat-lower-to-integer),canonicalize,cse"});
  std::string error;
  if (!qat::driver::compileModule(*module, options, output, error)) {
    // Input-level problems name the model file; stage failures say the stage.
    if (StringRef(error).starts_with("no public function") ||
        StringRef(error).starts_with("function @"))
      die(inputPath + ": " + error);
    die(error);
  }
  return 0;
}

static bool parse(int argc, const char *const *argv, std::string &message) {
  return qat::parseCommandLine(argc, const_cast<char **>(argv), "qat-mlir compiler\n", message,
                               {&category}, {"mlir-"});
}

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  mlir::registerAsmPrinterCLOptions();
  mlir::registerMLIRContextCLOptions();
  mlir::registerPassManagerCLOptions();
  cl::HideUnrelatedOptions({&category});
  std::string message;
  if (!parse(argc, argv, message))
    die(message);

  mlir::DialectRegistry registry;
  qat::driver::registerCompilerDialects(registry);
  mlir::MLIRContext context(registry);
  context.loadAllAvailableDialects();
  if (batchList.empty()) {
    if (jobs.getNumOccurrences())
      die("--jobs needs --batch");
    return compile(context, argv[0], /*batchItem=*/false);
  }

  for (auto &entry : cl::getRegisteredOptions()) {
    cl::Option *option = entry.second;
    if (option->getNumOccurrences() && option != &batchList && option != &jobs)
      die("--batch takes only --jobs (got --" + entry.first + ")");
  }
  if (!inputPath.empty())
    die("--batch takes no model: the list names them");
  // Each item parses its own line from the defaults, in a child that has the
  // loaded libraries and the context with every dialect (the context is the
  // child's copy: nothing one item does reaches another).
  auto compileItem = [&](ArrayRef<const char *> itemArgv) {
    cl::ResetAllOptionOccurrences();
    std::string itemMessage;
    if (!parse(itemArgv.size(), itemArgv.data(), itemMessage))
      die(itemMessage);
    if (!batchList.empty())
      die("--batch items cannot hold --batch");
    return compile(context, argv[0], /*batchItem=*/true);
  };
  std::string error;
  int status = qat::runBatch(batchList, jobs, argv[0], compileItem, error);
  if (status < 0)
    die(error);
  return status;
}
