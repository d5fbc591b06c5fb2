//===- qat-compile.cpp - ONNX/MLIR model -> native library -----------------===//
//
//   qat-compile model.onnx|model.mlir -o libmodel.so [--emit=mlir|llvm|obj|lib|exe]
//               [--mode=fp32|fake [--w-bits N] [--a-bits N] [--quant-options '...']]
//               [--pipeline-dump] [--no-fusion] [--target-cpu=native] [-O N]
//               [--shape name=1x3x224x224] [--const-input name=file.pb]
//
// Imports (ONNX) or parses (MLIR) the nn graph, lowers it through the stages
// of codegen/Pipelines.cpp to the LLVM dialect, optimizes and emits machine
// code in process, and links it with the generated C ABI (runtime/qat_model.h)
// into a shared library; model.h is written beside it. --emit=exe links the
// same code with runtime/runner (a main() that reads .pb/.npy inputs) into a
// standalone executable.
//
//===----------------------------------------------------------------------===//
#include "AbiWrapper.h"
#include "codegen/Passes.h"
#include "codegen/Pipelines.h"
#include "dialects/NN/NNDialect.h"
#include "dialects/QAT/QATDialect.h"
#include "frontend/OnnxImporter.h"
#include "passes/Passes.h"
#include "tools/common/CommandLine.h"
#include "tools/common/RunTool.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Host.h"

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
                                          "quantization first: qat-insert-fake-quant)"),
                                 cl::init("fp32"), cl::cat(category));
static cl::opt<unsigned> wBits("w-bits", cl::desc("Weight bit-width with --mode=fake"),
                               cl::init(8), cl::cat(category));
static cl::opt<unsigned> aBits("a-bits", cl::desc("Activation bit-width with --mode=fake"),
                               cl::init(8), cl::cat(category));
static cl::opt<std::string> quantOptions(
    "quant-options", cl::desc("More qat-insert-fake-quant options with --mode=fake"),
    cl::value_desc("'w-granularity=per-group group-size=32 ...'"), cl::init(""),
    cl::cat(category));
static cl::opt<bool> pipelineDump("pipeline-dump",
                                  cl::desc("Print the IR after each stage to stderr"),
                                  cl::cat(category));
static cl::opt<bool> noFusion("no-fusion",
                              cl::desc("Fuse no elementwise ops and no kernel epilogues (the "
                                       "unfused reference: outputs must be the same bits)"),
                              cl::cat(category));
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

/// The model's inputs and outputs, read before lowering changes the types.
static void readSignature(mlir::func::FuncOp func, std::vector<qat::TensorSignature> &inputs,
                          std::vector<qat::TensorSignature> &outputs) {
  std::string where = "@" + func.getSymName().str();
  auto collect = [&](mlir::TypeRange types, auto nameOf, const char *kind,
                     std::vector<qat::TensorSignature> &list) {
    for (auto [i, type] : llvm::enumerate(types)) {
      auto tensor = dyn_cast<mlir::RankedTensorType>(type);
      if (!tensor || !tensor.hasStaticShape())
        die(Twine(kind) + " " + Twine(i) + " of " + where + " is not a static tensor");
      int32_t dtype = qat::onnxDType(tensor.getElementType());
      if (!dtype)
        die(Twine(kind) + " " + Twine(i) + " of " + where +
            " has an element type the ABI cannot describe");
      std::string name = nameOf(i);
      if (name.empty())
        name = std::string(kind) + "_" + std::to_string(i);
      list.push_back({name, dtype, std::vector<int64_t>(tensor.getShape().begin(),
                                                        tensor.getShape().end())});
    }
  };
  auto attrName = [](mlir::DictionaryAttr attrs) {
    auto name = attrs ? attrs.getAs<mlir::StringAttr>("qat.name") : nullptr;
    return name ? name.str() : std::string();
  };
  collect(func.getArgumentTypes(), [&](unsigned i) { return attrName(func.getArgAttrDict(i)); },
          "input", inputs);
  collect(func.getResultTypes(),
          [&](unsigned i) { return attrName(func.getResultAttrDict(i)); }, "output", outputs);
}

static std::unique_ptr<TargetMachine> createTargetMachine() {
  InitializeNativeTarget();
  InitializeNativeTargetAsmPrinter();
  Triple triple(sys::getDefaultTargetTriple());
  std::string error;
  const Target *target = TargetRegistry::lookupTarget(triple, error);
  if (!target)
    die("no LLVM target for " + triple.str() + ": " + error);
  std::string cpu = targetCpu == "native" ? sys::getHostCPUName().str() : targetCpu.getValue();
  std::string features;
  if (targetCpu == "native")
    for (const auto &f : sys::getHostCPUFeatures())
      features += (features.empty() ? "" : ",") + std::string(f.second ? "+" : "-") +
                  f.first().str();
  std::unique_ptr<MCSubtargetInfo> subtarget(target->createMCSubtargetInfo(triple, cpu, ""));
  if (!subtarget->isCPUStringValid(cpu))
    die("unknown --target-cpu '" + cpu + "'");
  TargetOptions options;
  std::unique_ptr<TargetMachine> tm(target->createTargetMachine(
      triple, cpu, features, options, Reloc::PIC_, std::nullopt,
      optLevel >= 3 ? CodeGenOptLevel::Aggressive : CodeGenOptLevel::Default));
  if (!tm)
    die("cannot create a target machine for " + cpu);
  return tm;
}

/// Runs a tool (C compiler, linker); its output is kept and, on failure,
/// its first line becomes the error.
static void run(ArrayRef<StringRef> argv, StringRef what, StringRef logPath) {
  std::string error;
  if (!qat::runTool(argv, logPath, error))
    die(what + " failed: " + error);
}

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  mlir::registerAsmPrinterCLOptions();
  mlir::registerMLIRContextCLOptions();
  mlir::registerPassManagerCLOptions();
  cl::HideUnrelatedOptions({&category});
  std::string message;
  if (!qat::parseCommandLine(argc, argv, "qat-mlir compiler\n", message,
                              {&category}, {"mlir-"}))
    die(message);

  if (inputPath.empty())
    die("no input model given");
  if (emit != "mlir" && emit != "llvm" && emit != "obj" && emit != "lib" && emit != "exe")
    die("--emit must be mlir, llvm, obj, lib or exe (got '" + emit + "')");
  if (optLevel > 3)
    die("-O must be 0 to 3");
  if (mode != "fp32" && mode != "fake")
    die("--mode must be fp32 or fake (got '" + mode + "')");
  if (mode == "fp32" && (wBits.getNumOccurrences() || aBits.getNumOccurrences() ||
                         quantOptions.getNumOccurrences()))
    die("--w-bits, --a-bits and --quant-options need --mode=fake");
  std::string output = outputPath.empty() ? (emit == "lib"   ? "libmodel.so"
                                             : emit == "obj" ? "model.o"
                                             : emit == "exe" ? "model"
                                                             : "-")
                                          : outputPath.getValue();

  if (output != "-") {
    StringRef dir = sys::path::parent_path(output);
    if (!dir.empty() && !sys::fs::is_directory(dir))
      die("output directory '" + dir + "' does not exist");
  }

  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::registerAllToLLVMIRTranslations(registry);
  registry.insert<qat::QATDialect, qat::nn::NNDialect>();
  mlir::registerAllPasses();
  qat::codegen::registerQATCodegenPasses();
  qat::registerQATPasses();
  mlir::MLIRContext context(registry);
  context.loadAllAvailableDialects();

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
  if (StringRef(inputPath).ends_with(".mlir")) {
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

  // Entry points: @main_graph (function 0) if there is one, then every
  // other public function with a body, in module order (a training step,
  // gradients, ...).
  auto mainFunc = module->lookupSymbol<mlir::func::FuncOp>("main_graph");
  std::vector<mlir::func::FuncOp> entries;
  if (mainFunc)
    entries.push_back(mainFunc);
  for (auto f : module->getOps<mlir::func::FuncOp>())
    if (f != mainFunc && f.isPublic() && !f.isExternal())
      entries.push_back(f);
  if (entries.empty())
    die(inputPath + ": no public function to compile (func.func @main_graph, ...)");
  std::vector<qat::FunctionSignature> functions;
  for (mlir::func::FuncOp f : entries) {
    StringRef name = f.getSymName();
    if (name.empty() || isdigit((unsigned char)name[0]) ||
        !llvm::all_of(name, [](char c) { return isalnum((unsigned char)c) || c == '_'; }))
      die(inputPath + ": function @" + name + " needs a C identifier as its name");
    // The lowered symbols get a prefix: a model function named like a C
    // library function (exp, erf, ...) must not clash with it in the object.
    qat::FunctionSignature sig{name.str(), "qat_fn_" + name.str(), {}, {}};
    readSignature(f, sig.inputs, sig.outputs);
    f->setAttr("llvm.emit_c_interface", mlir::UnitAttr::get(&context));
    functions.push_back(std::move(sig));
  }
  for (auto [f, sig] : llvm::zip(entries, functions))
    if (failed(mlir::SymbolTable::replaceAllSymbolUses(f, mlir::StringAttr::get(&context, sig.symbol),
                                                       *module)))
      die("internal error: cannot rename @" + sig.name);
    else
      f.setSymName(sig.symbol);

  std::vector<std::pair<std::string, std::string>> stages = qat::codegen::loweringStages(!noFusion);
  if (mode == "fake")
    stages.insert(stages.begin(),
                  {"fake-quant", "qat-insert-fake-quant{w-bits=" + std::to_string(wBits) +
                                     " a-bits=" + std::to_string(aBits) + " " + quantOptions +
                                     "}"});
  for (const auto &[name, text] : stages) {
    mlir::PassManager pm(&context);
    if (failed(mlir::applyPassManagerCLOptions(pm)) ||
        failed(mlir::parsePassPipeline(text, pm)))
      die("internal error: bad pipeline for stage " + name);
    if (failed(pm.run(*module)))
      die("stage '" + name + "' failed: " + firstError);
    if (pipelineDump) {
      errs() << "// ----- IR after stage '" << name << "' (" << text << ") ----- //\n";
      module->print(errs());
      errs() << "\n";
    }
  }

  auto writeText = [&](auto print) {
    std::string error;
    auto out = mlir::openOutputFile(output, &error);
    if (!out)
      die(error);
    print(out->os());
    out->keep();
  };
  if (emit == "mlir") {
    writeText([&](raw_ostream &os) { module->print(os); });
    return 0;
  }

  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule = mlir::translateModuleToLLVMIR(*module, llvmContext);
  if (!llvmModule)
    die("translation to LLVM IR failed: " + firstError);
  std::unique_ptr<TargetMachine> tm = createTargetMachine();
  llvmModule->setDataLayout(tm->createDataLayout());
  llvmModule->setTargetTriple(tm->getTargetTriple());
  if (Error err = mlir::makeOptimizingTransformer(optLevel, 0, tm.get())(llvmModule.get()))
    die("LLVM optimization failed: " + toString(std::move(err)));
  if (emit == "llvm") {
    writeText([&](raw_ostream &os) { llvmModule->print(os, nullptr); });
    return 0;
  }

  // Machine code: the object itself, or a temporary one to link.
  SmallString<128> tempDir;
  if (emit != "obj" && sys::fs::createUniqueDirectory("qat-compile", tempDir))
    die("cannot create a temporary directory");
  std::string objectPath =
      emit == "obj" ? output : (tempDir + "/model.o").str();
  {
    std::error_code ec;
    ToolOutputFile object(objectPath, ec, sys::fs::OF_None);
    if (ec)
      die(objectPath + ": " + ec.message());
    legacy::PassManager codegen;
    if (tm->addPassesToEmitFile(codegen, object.os(), nullptr, CodeGenFileType::ObjectFile))
      die("the target cannot emit object files");
    codegen.run(*llvmModule);
    object.keep();
  }
  if (emit == "obj")
    return 0;

  std::string wrapperPath = (tempDir + "/model_abi.c").str();
  std::string wrapperObject = (tempDir + "/model_abi.o").str();
  {
    std::error_code ec;
    raw_fd_ostream wrapper(wrapperPath, ec);
    if (ec)
      die(wrapperPath + ": " + ec.message());
    wrapper << qat::generateAbiWrapper(functions);
  }
  ErrorOr<std::string> cc = sys::findProgramByName("cc");
  if (!cc)
    cc = sys::findProgramByName("clang-22");
  if (!cc)
    die("no C compiler/linker (cc) on PATH");
  // The runtime archives (kernels; the runner's main), built next to the tools.
  auto runtimeArchive = [&](const char *file, const char *envVar) {
    std::string path = std::getenv(envVar) ? std::getenv(envVar) : "";
    if (path.empty()) {
      SmallString<256> p(sys::path::parent_path(
          sys::fs::getMainExecutable(argv[0], reinterpret_cast<void *>(&die))));
      sys::path::append(p, "..", "lib", file);
      path = std::string(p);
    }
    if (!sys::fs::exists(path))
      die("runtime library '" + path + "' not found (set " + envVar + ")");
    return path;
  };
  std::string kernels = runtimeArchive("libqatkernels.a", "QAT_KERNELS_LIB");
  std::string log = (tempDir + "/tool.log").str();
  run({*cc, "-O2", "-fPIC", "-c", wrapperPath, "-o", wrapperObject}, "compiling the ABI wrapper",
      log);
  if (emit == "exe") {
    std::string runner = runtimeArchive("libqatrunner.a", "QAT_RUNNER_LIB");
    run({*cc, "-o", output, objectPath, wrapperObject, runner, kernels, "-lm"},
        "linking " + output, log);
    sys::fs::remove_directories(tempDir);
    return 0;
  }
  run({*cc, "-shared", "-o", output, objectPath, wrapperObject, kernels, "-lm"},
      "linking " + output, log);
  SmallString<128> header(sys::path::parent_path(output));
  sys::path::append(header, "model.h");
  {
    std::error_code ec;
    raw_fd_ostream h(header, ec);
    if (ec)
      die(std::string(header) + ": " + ec.message());
    h << qat::modelHeaderText();
  }
  sys::fs::remove_directories(tempDir);
  return 0;
}
