//===- qat-fuzz-idx.cpp - libFuzzer target for qat-calibrate's IDX reader --===//
//
// tools/qat-calibrate/IdxFile on arbitrary bytes, gzip'ed or not, against a
// few model input shapes: either images that fill the input shape or one
// error line; never crash, hang, leak, trip a sanitizer or inflate a gzip
// bomb beyond kMaxIdxBytes. Built with -DQAT_FUZZ=ON (and QAT_SANITIZE).
//
//===----------------------------------------------------------------------===//
#include "tools/common/IdxFile.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {
/// MNIST images, labels (one value each, at most 2 kept), and a batch of 4
/// inputs of 2x2 values.
struct Config {
  std::vector<int64_t> inputShape;
  int64_t maxImages;
} const kConfigs[] = {{{1, 1, 28, 28}, 0}, {{1}, 2}, {{4, 2, 2}, 0}};
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  for (const Config &config : kConfigs) {
    qat::Tensor tensor;
    std::string error;
    if (!qat::parseIdxImages(data, size, "<fuzz>", 1.0 / 255, config.inputShape,
                             config.maxImages, tensor, error)) {
      if (error.empty() || error.find('\n') != std::string::npos) {
        std::fprintf(stderr, "IDX reader failed without exactly one error line: '%s'\n",
                     error.c_str());
        std::abort();
      }
      continue;
    }
    bool fits = tensor.dtype == 1 && tensor.shape.size() == config.inputShape.size() &&
                tensor.data.size() == size_t(tensor.numElements()) * sizeof(float) &&
                (!config.maxImages || tensor.shape[0] <= config.maxImages);
    if (!fits) {
      std::fprintf(stderr, "IDX reader returned %zu bytes of %s %s\n", tensor.data.size(),
                   qat::dtypeName(tensor.dtype).c_str(),
                   qat::shapeString(tensor.shape).c_str());
      std::abort();
    }
  }
  return 0;
}
