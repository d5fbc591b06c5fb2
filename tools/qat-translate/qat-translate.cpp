//===- qat-translate.cpp - ONNX <-> MLIR translation driver ----------------===//
//
//   qat-translate --import-onnx model.onnx [--shape name=1x3x224x224] [-o out.mlir]
//   qat-translate --export-onnx model.mlir -o model.onnx
//
// Errors end with one line on stderr and exit status 1.
//
//===----------------------------------------------------------------------===//
#include "frontend/OnnxExporter.h"
#include "frontend/OnnxImporter.h"
#include "tools/common/CommandLine.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Parser/Parser.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OperationSupport.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace llvm;

static cl::OptionCategory category("qat-translate options");
static cl::opt<std::string> inputPath(cl::Positional, cl::desc("<model.onnx>"),
                                      cl::cat(category));
static cl::opt<bool> importOnnx("import-onnx", cl::desc("Import an ONNX model into MLIR"),
                                cl::cat(category));
static cl::opt<bool> exportOnnx("export-onnx",
                                cl::desc("Export an nn/qat graph (fake-quant as QDQ) to ONNX"),
                                cl::cat(category));
static cl::opt<std::string> outputPath("o", cl::desc("Output file (default: stdout)"),
                                       cl::value_desc("file"), cl::init("-"),
                                       cl::cat(category));
static cl::list<std::string>
    shapes("shape", cl::desc("Static shape of a graph input, e.g. input=1x3x224x224"),
           cl::value_desc("name=d0xd1x..."), cl::cat(category));

static cl::list<std::string> constInputs(
    "const-input", cl::desc("Replace a graph input by the constant in a TensorProto file"),
    cl::value_desc("name=file.pb"), cl::cat(category));

[[noreturn]] static void die(const Twine &message) {
  errs() << "qat-translate: error: " << message << "\n";
  exit(1);
}

/// One --shape value into the import options.
static void parseShape(StringRef spec, qat::ImportOptions &options) {
  std::string name, error;
  std::vector<int64_t> shape;
  if (!qat::parseShapeFlag(spec, name, shape, error))
    die(error);
  if (!options.inputShapes.emplace(name, shape).second)
    die("--shape gives input '" + name + "' twice");
}

/// --export-onnx: parse the MLIR file, write the ONNX model.
static int exportFile() {
  if (!shapes.empty() || !constInputs.empty())
    die("--shape and --const-input apply to --import-onnx");
  if (outputPath == "-")
    die("--export-onnx writes a binary model: give -o model.onnx");
  mlir::MLIRContext context;
  qat::registerImportedDialects(context);
  std::string firstError;
  mlir::ScopedDiagnosticHandler handler(&context, [&](mlir::Diagnostic &diag) {
    if (diag.getSeverity() == mlir::DiagnosticSeverity::Error && firstError.empty()) {
      llvm::raw_string_ostream os(firstError);
      if (auto file = dyn_cast<mlir::FileLineColLoc>(diag.getLocation()))
        os << file.getLine() << ":" << file.getColumn();
      else
        diag.getLocation().print(os);
      os << ": " << diag.str();
    }
    return mlir::success();
  });
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceFile<mlir::ModuleOp>(inputPath, &context);
  if (!module)
    die(inputPath + ": " + (firstError.empty() ? "cannot read the file" : firstError));
  std::string bytes, error;
  if (!qat::exportOnnx(*module, bytes, error))
    die(inputPath + ": " + error);
  std::string openError;
  std::unique_ptr<ToolOutputFile> output = mlir::openOutputFile(outputPath, &openError);
  if (!output)
    die(openError);
  output->os() << bytes;
  output->keep();
  return 0;
}

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  mlir::registerAsmPrinterCLOptions();
  mlir::registerMLIRContextCLOptions();
  cl::HideUnrelatedOptions({&category});
  std::string message;
  if (!qat::parseCommandLine(argc, argv, "qat-mlir translation driver\n", message,
                              {&category}, {"mlir-"}))
    die(message);

  if (importOnnx == exportOnnx)
    die("choose one translation: --import-onnx or --export-onnx");
  if (inputPath.empty())
    die("no input model given");
  if (exportOnnx)
    return exportFile();

  qat::ImportOptions options;
  for (const std::string &spec : shapes)
    parseShape(spec, options);

  for (StringRef spec : constInputs) {
    auto [name, file] = spec.split('=');
    if (name.empty() || file.empty())
      die("--const-input '" + spec + "' is not of the form name=file.pb");
    if (!options.constantInputs.emplace(name.str(), file.str()).second)
      die("--const-input gives input '" + name + "' twice");
  }

  mlir::MLIRContext context;
  std::string error;
  mlir::OwningOpRef<mlir::ModuleOp> module =
      qat::importOnnxFile(inputPath, options, context, error);
  if (!module)
    die(error);

  std::string openError;
  std::unique_ptr<ToolOutputFile> output = mlir::openOutputFile(outputPath, &openError);
  if (!output)
    die(openError);
  module->print(output->os(), mlir::OpPrintingFlags());
  output->os() << "\n";
  output->keep();
  return 0;
}
