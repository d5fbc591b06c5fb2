//===- qat-opt.cpp - mlir-opt with the qat-mlir dialects and passes --------===//
#include "codegen/Passes.h"
#include "codegen/Pipelines.h"
#include "dialects/NN/NNDialect.h"
#include "dialects/QAT/QATDialect.h"
#include "passes/Passes.h"

#include "mlir/InitAllDialects.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  qat::codegen::registerQATCodegenPasses();
  qat::registerQATPasses();
  qat::codegen::registerQATPipelines();
  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  registry.insert<qat::QATDialect, qat::nn::NNDialect>();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "qat-mlir optimizer driver\n", registry));
}
