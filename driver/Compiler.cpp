//===- Compiler.cpp - the compile pipeline as a library --------------------===//
#include "driver/Compiler.h"

#include "codegen/InPlaceUpdates.h"
#include "codegen/Passes.h"
#include "codegen/Pipelines.h"
#include "dialects/NN/NNDialect.h"
#include "dialects/QAT/QATDialect.h"
#include "driver/AbiWrapper.h"
#include "frontend/TensorProto.h"
#include "passes/Passes.h"
#include "tools/common/RunTool.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Transforms/IPO/MergeFunctions.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Host.h"

#include <chrono>
#include <mutex>

using namespace llvm;
using namespace qat::driver;

void qat::driver::registerCompilerDialects(mlir::DialectRegistry &registry) {
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::registerAllToLLVMIRTranslations(registry);
  registry.insert<qat::QATDialect, qat::nn::NNDialect>();
  // The passes the stages name, registered once per process.
  static std::once_flag once;
  std::call_once(once, [] {
    mlir::registerAllPasses();
    qat::codegen::registerQATCodegenPasses();
    qat::registerQATPasses();
  });
}

std::string qat::driver::runtimeDirOf(const char *argv0, void *mainAddress) {
  SmallString<256> p(sys::path::parent_path(sys::fs::getMainExecutable(argv0, mainAddress)));
  sys::path::append(p, "..", "lib");
  return std::string(p);
}

namespace {
/// The model's inputs and outputs, read before lowering changes the types.
bool readSignature(mlir::func::FuncOp func, std::vector<qat::TensorSignature> &inputs,
                   std::vector<qat::TensorSignature> &outputs, std::string &error) {
  std::string where = "@" + func.getSymName().str();
  auto collect = [&](mlir::TypeRange types, auto nameOf, const char *kind,
                     std::vector<qat::TensorSignature> &list) {
    for (auto [i, type] : llvm::enumerate(types)) {
      auto tensor = dyn_cast<mlir::RankedTensorType>(type);
      if (!tensor || !tensor.hasStaticShape()) {
        error = std::string(kind) + " " + std::to_string(i) + " of " + where +
                " is not a static tensor";
        return false;
      }
      int32_t dtype = qat::onnxDType(tensor.getElementType());
      if (!dtype) {
        error = std::string(kind) + " " + std::to_string(i) + " of " + where +
                " has an element type the ABI cannot describe";
        return false;
      }
      std::string name = nameOf(i);
      if (name.empty())
        name = std::string(kind) + "_" + std::to_string(i);
      list.push_back({name, dtype, std::vector<int64_t>(tensor.getShape().begin(),
                                                        tensor.getShape().end())});
    }
    return true;
  };
  auto attrName = [](mlir::DictionaryAttr attrs) {
    auto name = attrs ? attrs.getAs<mlir::StringAttr>("qat.name") : nullptr;
    return name ? name.str() : std::string();
  };
  return collect(func.getArgumentTypes(),
                 [&](unsigned i) { return attrName(func.getArgAttrDict(i)); }, "input",
                 inputs) &&
         collect(func.getResultTypes(),
                 [&](unsigned i) { return attrName(func.getResultAttrDict(i)); }, "output",
                 outputs);
}

constexpr const char *kEntryPrefix = "qat_fn_";

/// The entry points: @main_graph first if there is one, then every other
/// public function with a body, in module order. Their lowered symbols get
/// a prefix: a function named like a C library function (exp, erf...) must
/// not clash with it in the object.
bool prepareEntryPoints(mlir::ModuleOp module, std::vector<qat::FunctionSignature> &functions,
                        std::string &error) {
  auto mainFunc = module.lookupSymbol<mlir::func::FuncOp>("main_graph");
  std::vector<mlir::func::FuncOp> entries;
  if (mainFunc)
    entries.push_back(mainFunc);
  for (auto f : module.getOps<mlir::func::FuncOp>())
    if (f != mainFunc && f.isPublic() && !f.isExternal())
      entries.push_back(f);
  if (entries.empty()) {
    error = "no public function to compile (func.func @main_graph, ...)";
    return false;
  }
  mlir::MLIRContext *ctx = module.getContext();
  for (mlir::func::FuncOp f : entries) {
    StringRef name = f.getSymName();
    if (name.empty() || isdigit((unsigned char)name[0]) ||
        !llvm::all_of(name, [](char c) { return isalnum((unsigned char)c) || c == '_'; })) {
      error = "function @" + name.str() + " needs a C identifier as its name";
      return false;
    }
    qat::FunctionSignature sig{name.str(), kEntryPrefix + name.str(), {}, {}, {}};
    if (!readSignature(f, sig.inputs, sig.outputs, error))
      return false;
    sig.updates = qat::codegen::updatedInputs(f);
    if (auto replicas = f->getAttrOfType<mlir::IntegerAttr>(qat::kReplicasAttr))
      sig.replicas = replicas.getInt();
    f->setAttr("llvm.emit_c_interface", mlir::UnitAttr::get(ctx));
    functions.push_back(std::move(sig));
  }
  for (auto [f, sig] : llvm::zip(entries, functions)) {
    if (failed(mlir::SymbolTable::replaceAllSymbolUses(f, mlir::StringAttr::get(ctx, sig.symbol),
                                                       module))) {
      error = "internal error: cannot rename @" + sig.name;
      return false;
    }
    f.setSymName(sig.symbol);
  }
  return true;
}

/// The functions qat-split-batch rewrote at batch 1: the ABI calls them
/// once per slice of the batch. Not a data-parallel step: its slices would
/// run its collectives once each, on the pool's threads, in any order.
bool readBatchSplits(mlir::ModuleOp module, std::vector<qat::FunctionSignature> &functions,
                     std::string &error) {
  for (qat::FunctionSignature &sig : functions)
    if (auto f = module.lookupSymbol<mlir::func::FuncOp>(sig.symbol))
      if (auto split = f->getAttrOfType<mlir::IntegerAttr>("qat.batch_split"))
        sig.batchSplit = split.getInt();
  for (const qat::FunctionSignature &sig : functions)
    if (sig.batchSplit > 1 && sig.replicas > 1) {
      error = "@" + sig.name + " runs on " + std::to_string(sig.replicas) +
              " replicas: its batch cannot also be split (--batch-split=off)";
      return false;
    }
  return true;
}

/// The host's LLVM target (initialized once), and its triple.
const Target *hostTarget(Triple &triple, std::string &error) {
  static std::once_flag once;
  std::call_once(once, [] {
    InitializeNativeTarget();
    InitializeNativeTargetAsmPrinter();
  });
  triple = Triple(sys::getDefaultTargetTriple());
  const Target *target = TargetRegistry::lookupTarget(triple, error);
  if (!target)
    error = "no LLVM target for " + triple.str() + ": " + error;
  return target;
}

/// Whether LLVM knows `cpu`: asked of a generic subtarget, since making one
/// for an unknown CPU prints a warning on stderr.
bool knownCpu(const Target *target, const Triple &triple, const std::string &cpu,
              std::string &error) {
  if (std::unique_ptr<MCSubtargetInfo>(target->createMCSubtargetInfo(triple, "", ""))
          ->isCPUStringValid(cpu))
    return true;
  error = "unknown --target-cpu '" + cpu + "'";
  return false;
}

std::unique_ptr<TargetMachine> createTargetMachine(const CompileOptions &options,
                                                   std::string &error) {
  Triple triple;
  const Target *target = hostTarget(triple, error);
  if (!target)
    return nullptr;
  bool native = options.targetCpu == "native";
  std::string cpu = native ? sys::getHostCPUName().str() : options.targetCpu;
  std::string features;
  if (native)
    for (const auto &f : sys::getHostCPUFeatures())
      features += (features.empty() ? "" : ",") + std::string(f.second ? "+" : "-") +
                  f.first().str();
  if (!knownCpu(target, triple, cpu, error))
    return nullptr;
  TargetOptions targetOptions;
  std::unique_ptr<TargetMachine> tm(target->createTargetMachine(
      triple, cpu, features, targetOptions, Reloc::PIC_, std::nullopt,
      options.optLevel >= 3 ? CodeGenOptLevel::Aggressive : CodeGenOptLevel::Default));
  if (!tm)
    error = "cannot create a target machine for " + cpu;
  return tm;
}

/// The integer kernel variant to generate: every one behind the run-time
/// dispatch for the host ("native"), or the best one a named --target-cpu
/// runs (the library then carries that variant and the portable loops).
bool integerKernelIsa(const CompileOptions &options, std::string &isa, std::string &error) {
  if (options.targetCpu == "native") {
    isa = "all";
    return true;
  }
  Triple triple;
  const Target *target = hostTarget(triple, error);
  if (!target || !knownCpu(target, triple, options.targetCpu, error))
    return false;
  std::unique_ptr<MCSubtargetInfo> subtarget(
      target->createMCSubtargetInfo(triple, options.targetCpu, ""));
  auto has = [&](const char *feature) { return subtarget->checkFeatures(feature); };
  if (has("+avx512f,+avx512bw,+avx512vnni"))
    isa = "avx512-vnni";
  else if (has("+avx512f,+avx512bw"))
    isa = "avx512";
  else if (has("+avx2"))
    isa = "avx2";
  else
    isa = "generic";
  return true;
}

bool writeText(const std::string &output, function_ref<void(raw_ostream &)> print,
               std::string &error) {
  auto out = mlir::openOutputFile(output, &error);
  if (!out)
    return false;
  print(out->os());
  out->keep();
  return true;
}

/// A runtime archive: `envVar` if set, else `file` in the runtime directory.
bool runtimeArchive(const CompileOptions &options, const char *file, const char *envVar,
                    std::string &path, std::string &error) {
  path = std::getenv(envVar) ? std::getenv(envVar) : "";
  if (path.empty()) {
    SmallString<256> p(options.runtimeDir);
    sys::path::append(p, file);
    path = std::string(p);
  }
  if (!sys::fs::exists(path)) {
    error = "runtime library '" + path + "' not found (set " + envVar + ")";
    return false;
  }
  return true;
}

/// Links the object (the model and its ABI tables) with the runtime into
/// `output`. The runtime's model_abi.c holds the rest of the ABI: asking
/// the linker for qat_model_abi_version pulls it out of the archive.
bool link(const CompileOptions &options, StringRef tempDir, const std::string &objectPath,
          const std::string &output, std::string &error) {
  ErrorOr<std::string> cc = sys::findProgramByName("cc");
  if (!cc)
    cc = sys::findProgramByName("clang-22");
  if (!cc) {
    error = "no C compiler/linker (cc) on PATH";
    return false;
  }
  std::string kernels, runner, log = (tempDir + "/tool.log").str(), why;
  if (!runtimeArchive(options, "libqatkernels.a", "QAT_KERNELS_LIB", kernels, error))
    return false;
  if (options.emit == "exe") {
    if (!runtimeArchive(options, "libqatrunner.a", "QAT_RUNNER_LIB", runner, error))
      return false;
    if (!qat::runTool({*cc, "-o", output, objectPath, runner, kernels, "-lm", "-pthread"},
                      log, why)) {
      error = "linking " + output + " failed: " + why;
      return false;
    }
    return true;
  }
  if (!qat::runTool(
          {*cc, "-shared", "-o", output, "-u", "qat_model_abi_version", objectPath, kernels, "-lm", "-pthread"},
          log, why)) {
    error = "linking " + output + " failed: " + why;
    return false;
  }
  SmallString<128> header(sys::path::parent_path(output));
  sys::path::append(header, "model.h");
  std::error_code ec;
  raw_fd_ostream h(header, ec);
  if (ec) {
    error = std::string(header) + ": " + ec.message();
    return false;
  }
  h << qat::modelHeaderText();
  return true;
}
/// Layers of the same shape lower to the same loop nests (qat-outline-loop-
/// nests gives each its own function), and a training step holds the
/// forward pass three times (train, eval, inference): mobilenet_v2's step
/// has 1491 functions of which 498 differ. Merged before optimization, the
/// copies cost LLVM nothing.
void mergeIdenticalFunctions(llvm::Module &module) {
  PassBuilder pb;
  LoopAnalysisManager lam;
  FunctionAnalysisManager fam;
  CGSCCAnalysisManager cgam;
  ModuleAnalysisManager mam;
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  ModulePassManager mpm;
  mpm.addPass(MergeFunctionsPass());
  mpm.run(module, mam);
}

/// Buffers come from the runtime's pool (runtime/kernels/buffer_pool.c)
/// through MLIR's generic allocation functions. LLVM knows aligned_alloc and
/// free by name; these it must be told about, or it could not tell two
/// buffers apart (and would neither hoist nor vectorize over several).
void markBufferAllocator(llvm::Module &module) {
  llvm::LLVMContext &ctx = module.getContext();
  if (llvm::Function *f = module.getFunction("_mlir_memref_to_llvm_aligned_alloc")) {
    f->addRetAttr(llvm::Attribute::NoAlias);
    f->addRetAttr(llvm::Attribute::NoUndef);
    f->addParamAttr(0, llvm::Attribute::AllocAlign);
    f->addFnAttr(llvm::Attribute::getWithAllocKind(
        ctx, llvm::AllocFnKind::Alloc | llvm::AllocFnKind::Uninitialized |
                 llvm::AllocFnKind::Aligned));
    f->addFnAttr(llvm::Attribute::getWithAllocSizeArgs(ctx, 1, std::nullopt));
    f->addFnAttr("alloc-family", "qat_buffer");
    f->addFnAttr(llvm::Attribute::NoUnwind);
  }
  // A block kept for its allocation site holds what that site left in it
  // (codegen/KeptBuffersToLLVM.cpp): neither uninitialized nor zeroed.
  if (llvm::Function *f = module.getFunction("qat_buffer_alloc_kept")) {
    f->addRetAttr(llvm::Attribute::NoAlias);
    f->addRetAttr(llvm::Attribute::NoUndef);
    f->addParamAttr(0, llvm::Attribute::AllocAlign);
    f->addFnAttr(llvm::Attribute::getWithAllocKind(
        ctx, llvm::AllocFnKind::Alloc | llvm::AllocFnKind::Aligned));
    f->addFnAttr(llvm::Attribute::getWithAllocSizeArgs(ctx, 1, std::nullopt));
    f->addFnAttr("alloc-family", "qat_buffer");
    f->addFnAttr(llvm::Attribute::NoUnwind);
  }
  if (llvm::Function *f = module.getFunction("_mlir_memref_to_llvm_free")) {
    f->addParamAttr(0, llvm::Attribute::AllocatedPointer);
    f->addFnAttr(llvm::Attribute::getWithAllocKind(ctx, llvm::AllocFnKind::Free));
    f->addFnAttr("alloc-family", "qat_buffer");
    f->addFnAttr(llvm::Attribute::NoUnwind);
  }
}

/// The importer's qat.name argument and result attributes (read before
/// lowering) mean nothing to LLVM: the translation warns about each one and
/// prints the whole function into the warning, which took 30% of a training
/// step's compile time.
void dropNonLLVMArgumentAttrs(mlir::ModuleOp module) {
  auto llvmOnly = [](ArrayRef<mlir::NamedAttribute> attrs) {
    SmallVector<mlir::NamedAttribute> kept;
    for (mlir::NamedAttribute a : attrs)
      if (a.getName().strref().starts_with("llvm."))
        kept.push_back(a);
    return kept;
  };
  module.walk([&](mlir::LLVM::LLVMFuncOp op) {
    auto fn = cast<mlir::FunctionOpInterface>(op.getOperation());
    for (unsigned i = 0; i < fn.getNumArguments(); ++i)
      fn.setArgAttrs(i, llvmOnly(fn.getArgAttrs(i)));
    for (unsigned i = 0; i < fn.getNumResults(); ++i)
      fn.setResultAttrs(i, llvmOnly(fn.getResultAttrs(i)));
  });
}
} // namespace

bool qat::driver::compileModule(mlir::ModuleOp module, const CompileOptions &options,
                                const std::string &output, std::string &error) {
  // One error line: the first error diagnostic, with its location.
  std::string firstError;
  mlir::ScopedDiagnosticHandler handler(module.getContext(), [&](mlir::Diagnostic &diag) {
    if (diag.getSeverity() == mlir::DiagnosticSeverity::Error && firstError.empty()) {
      std::string loc;
      llvm::raw_string_ostream ls(loc);
      diag.getLocation().print(ls);
      firstError = loc + ": " + diag.str();
    }
    // What the user asked for and did not get (--batch-split=always), with
    // the entry points under their own names.
    if (diag.getSeverity() == mlir::DiagnosticSeverity::Warning)
      errs() << "warning: "
             << llvm::join(llvm::split(diag.str(), "@" + std::string(kEntryPrefix)), "@")
             << "\n";
    return mlir::success();
  });

  // --time-stages: the wall time since the previous lap, one line each.
  auto lapStart = std::chrono::steady_clock::now();
  auto lap = [&](const Twine &what) {
    if (!options.timeStages)
      return;
    auto now = std::chrono::steady_clock::now();
    errs() << "qat-compile: time: " << what << ": "
           << format("%.3f s", std::chrono::duration<double>(now - lapStart).count()) << "\n";
    lapStart = now;
  };

  std::vector<qat::FunctionSignature> functions;
  if (!prepareEntryPoints(module, functions, error))
    return false;
  std::string kernelIsa;
  if (!integerKernelIsa(options, kernelIsa, error))
    return false;
  std::vector<std::pair<std::string, std::string>> stages = options.preStages;
  if (options.batchSplit != "off")
    stages.push_back({"split-batch", "qat-split-batch{policy=" + options.batchSplit + "}"});
  llvm::append_range(stages, qat::codegen::loweringStages(options.fuse, kernelIsa));
  if (options.profile) {
    // The nodes are named and whole before anything is lowered; the marks
    // go in once the kernels have their place.
    stages.insert(stages.begin(), {"record-layers", "qat-record-layers"});
    for (auto &[name, text] : stages)
      if (name == "bufferize")
        text += ",qat-profile-layers";
  }
  for (const auto &[name, text] : stages) {
    mlir::PassManager pm(module.getContext());
    if ((options.passManagerCLOptions && failed(mlir::applyPassManagerCLOptions(pm))) ||
        failed(mlir::parsePassPipeline(text, pm))) {
      error = "internal error: bad pipeline for stage " + name;
      return false;
    }
    if (failed(pm.run(module))) {
      error = "stage '" + name + "' failed: " + firstError;
      return false;
    }
    lap("stage " + name);
    if (name == "split-batch" && !readBatchSplits(module, functions, error))
      return false;
    if (options.pipelineDump) {
      errs() << "// ----- IR after stage '" << name << "' (" << text << ") ----- //\n";
      module.print(errs());
      errs() << "\n";
    }
  }
  if (options.emit == "mlir")
    return writeText(output, [&](raw_ostream &os) { module.print(os); }, error);

  dropNonLLVMArgumentAttrs(module);
  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule = mlir::translateModuleToLLVMIR(module, llvmContext);
  if (!llvmModule) {
    error = "translation to LLVM IR failed: " + firstError;
    return false;
  }
  lap("translation to LLVM IR");
  std::unique_ptr<TargetMachine> tm = createTargetMachine(options, error);
  if (!tm)
    return false;
  llvmModule->setDataLayout(tm->createDataLayout());
  llvmModule->setTargetTriple(tm->getTargetTriple());
  markBufferAllocator(*llvmModule);
  if (!qat::addAbiTables(*llvmModule, functions, error))
    return false;
  mergeIdenticalFunctions(*llvmModule);
  lap("merging identical functions");
  if (Error err = mlir::makeOptimizingTransformer(options.optLevel, 0, tm.get())(llvmModule.get())) {
    error = "LLVM optimization failed: " + toString(std::move(err));
    return false;
  }
  lap("LLVM optimization");
  if (options.emit == "llvm")
    return writeText(output, [&](raw_ostream &os) { llvmModule->print(os, nullptr); }, error);

  // Machine code: the object itself, or a temporary one to link.
  SmallString<128> tempDir;
  if (options.emit != "obj" && sys::fs::createUniqueDirectory("qat-compile", tempDir)) {
    error = "cannot create a temporary directory";
    return false;
  }
  std::string objectPath = options.emit == "obj" ? output : (tempDir + "/model.o").str();
  {
    std::error_code ec;
    ToolOutputFile object(objectPath, ec, sys::fs::OF_None);
    if (ec) {
      error = objectPath + ": " + ec.message();
      return false;
    }
    legacy::PassManager codegen;
    if (tm->addPassesToEmitFile(codegen, object.os(), nullptr, CodeGenFileType::ObjectFile)) {
      error = "the target cannot emit object files";
      return false;
    }
    codegen.run(*llvmModule);
    object.keep();
  }
  lap("machine code");
  if (options.emit == "obj")
    return true;
  bool ok = link(options, tempDir, objectPath, output, error);
  lap("link");
  sys::fs::remove_directories(tempDir);
  return ok;
}
