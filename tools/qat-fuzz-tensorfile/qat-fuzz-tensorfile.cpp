//===- qat-fuzz-tensorfile.cpp - libFuzzer target for qat-run's readers ----===//
//
// runtime/TensorFile's TensorProto and .npy decoders (what qat-run and
// qat-calibrate read inputs with) on the same bytes: each must either decode
// a tensor whose data matches its shape and dtype or produce one error line;
// never crash, hang, leak or trip a sanitizer. No external data: the fuzzer
// must not touch the file system. Built with -DQAT_FUZZ=ON (and QAT_SANITIZE).
//
//===----------------------------------------------------------------------===//
#include "runtime/TensorFile.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {
void check(bool ok, const char *decoder, const qat::Tensor &tensor, const std::string &error) {
  if (!ok) {
    if (error.empty() || error.find('\n') != std::string::npos) {
      std::fprintf(stderr, "%s failed without exactly one error line: '%s'\n", decoder,
                   error.c_str());
      std::abort();
    }
    return;
  }
  std::string why;
  int64_t bytes = qat::tensorByteSize(tensor.shape, tensor.dtype, why);
  if (!qat::dtypeByteSize(tensor.dtype) || bytes != (int64_t)tensor.data.size()) {
    std::fprintf(stderr, "%s decoded %zu bytes of %s %s (%lld expected)\n", decoder,
                 tensor.data.size(), qat::dtypeName(tensor.dtype).c_str(),
                 qat::shapeString(tensor.shape).c_str(), (long long)bytes);
    std::abort();
  }
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *bytes = reinterpret_cast<const char *>(data);
  qat::Tensor tensor;
  std::string error;
  check(qat::parseTensorProto(bytes, size, "<fuzz>", tensor, error), "parseTensorProto", tensor,
        error);
  error.clear();
  check(qat::parseNpy(bytes, size, "<fuzz>", tensor, error), "parseNpy", tensor, error);
  return 0;
}
