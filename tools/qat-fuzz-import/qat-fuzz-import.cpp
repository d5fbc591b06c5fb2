//===- qat-fuzz-import.cpp - libFuzzer target for the ONNX importer --------===//
//
// Any byte string must either import or produce one error line: never crash,
// hang, leak or trip a sanitizer. Built with -DQAT_FUZZ=ON (and QAT_SANITIZE).
//
//===----------------------------------------------------------------------===//
#include "frontend/OnnxImporter.h"

#include "mlir/IR/MLIRContext.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  mlir::MLIRContext context(mlir::MLIRContext::Threading::DISABLED);
  std::string error;
  // External data must not escape into the file system during fuzzing.
  auto module = qat::importOnnxBytes(std::string(reinterpret_cast<const char *>(data), size),
                                     "<fuzz>", "/nonexistent", {}, context, error);
  if (!module && (error.empty() || error.find('\n') != std::string::npos)) {
    std::fprintf(stderr, "importer failed without exactly one error line: '%s'\n",
                 error.c_str());
    std::abort();
  }
  return 0;
}
