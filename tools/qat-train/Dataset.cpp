//===- Dataset.cpp - training and test data for qat-train ------------------===//
#include "Dataset.h"

#include "runtime/TensorFile.h"
#include "tools/common/IdxFile.h"

#include <cstring>
#include <random>
#include <sys/stat.h>

using namespace qat;
using namespace qat::train;

namespace {
bool exists(const std::string &path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

/// `base` or `base.gz`, whichever exists.
std::string findFile(const std::string &dir, const std::string &base) {
  std::string plain = dir + "/" + base;
  return exists(plain) || !exists(plain + ".gz") ? plain : plain + ".gz";
}
} // namespace

bool qat::train::loadFashionMnist(const std::string &dir, bool train, Dataset &data,
                                  std::string &error) {
  std::string prefix = train ? "train" : "t10k";
  IdxData images, labels;
  if (!readIdx(findFile(dir, prefix + "-images-idx3-ubyte"), images, error) ||
      !readIdx(findFile(dir, prefix + "-labels-idx1-ubyte"), labels, error))
    return false;
  if (images.dims.size() < 2 || labels.dims.size() != 1) {
    error = dir + ": " + prefix + " images must be [N, ...] and labels [N]";
    return false;
  }
  if (images.dims[0] != labels.dims[0]) {
    error = dir + ": " + std::to_string(images.dims[0]) + " " + prefix + " images but " +
            std::to_string(labels.dims[0]) + " labels";
    return false;
  }
  data = Dataset();
  data.count = images.dims[0];
  data.sampleSize = data.count ? (int64_t)images.bytes.size() / data.count : 0;
  data.x.resize(images.bytes.size());
  for (size_t i = 0; i < images.bytes.size(); ++i)
    data.x[i] = images.bytes[i] / 255.0f;
  data.y.assign(labels.bytes.begin(), labels.bytes.end());
  return true;
}

bool qat::train::loadNpyPair(const std::string &xPath, const std::string &yPath, Dataset &data,
                             std::string &error) {
  Tensor x, y;
  if (!readNpy(xPath, x, error) || !readNpy(yPath, y, error))
    return false;
  if (x.dtype != 1 || x.shape.empty()) {
    error = xPath + ": samples must be float32 [N, ...], got " + dtypeName(x.dtype) + " " +
            shapeString(x.shape);
    return false;
  }
  if (y.shape.size() != 1 || !(y.dtype == 2 || y.dtype == 3 || y.dtype == 5 || y.dtype == 6 ||
                               y.dtype == 7 || y.dtype == 4 || y.dtype == 12 || y.dtype == 13)) {
    error = yPath + ": labels must be integers [N], got " + dtypeName(y.dtype) + " " +
            shapeString(y.shape);
    return false;
  }
  if (x.shape[0] != y.shape[0]) {
    error = xPath + " holds " + std::to_string(x.shape[0]) + " samples but " + yPath +
            " holds " + std::to_string(y.shape[0]) + " labels";
    return false;
  }
  data = Dataset();
  data.count = x.shape[0];
  data.sampleSize = data.count ? x.numElements() / data.count : 0;
  data.x.resize(x.numElements());
  std::memcpy(data.x.data(), x.data.data(), x.data.size());
  size_t width = dtypeByteSize(y.dtype);
  bool isSigned = y.dtype == 3 || y.dtype == 5 || y.dtype == 6 || y.dtype == 7;
  for (int64_t i = 0; i < data.count; ++i) {
    int64_t v = 0;
    std::memcpy(&v, y.data.data() + i * width, width);
    if (isSigned && width < 8 && (v >> (8 * width - 1)) & 1)
      v |= ~int64_t(0) << (8 * width); // sign-extend
    data.y.push_back(v);
  }
  return true;
}

void qat::train::normalize(Dataset &data, float mean, float std) {
  for (float &v : data.x)
    v = (v - mean) / std;
}

bool qat::train::checkDataset(const Dataset &data, int64_t sampleSize, int64_t classes,
                              const std::string &what, std::string &error) {
  if (data.count == 0) {
    error = what + " data holds no samples";
    return false;
  }
  if (data.sampleSize != sampleSize) {
    error = what + " samples hold " + std::to_string(data.sampleSize) +
            " values, the model's input takes " + std::to_string(sampleSize);
    return false;
  }
  for (int64_t i = 0; i < data.count; ++i)
    if (data.y[i] < 0 || data.y[i] >= classes) {
      error = what + " label " + std::to_string(i) + " is " + std::to_string(data.y[i]) +
              ", outside the model's " + std::to_string(classes) + " classes";
      return false;
    }
  return true;
}

std::vector<int64_t> qat::train::epochOrder(int64_t count, uint64_t seed, int64_t epoch) {
  std::mt19937_64 rng(seed * 0x9E3779B97F4A7C15ull + uint64_t(epoch) + 1);
  std::vector<int64_t> order(count);
  for (int64_t i = 0; i < count; ++i)
    order[i] = i;
  // Fisher-Yates with an unbiased bounded draw (no std::uniform_int_distribution,
  // whose algorithm differs between standard libraries).
  for (int64_t i = count - 1; i > 0; --i) {
    uint64_t bound = uint64_t(i) + 1, limit = ~uint64_t(0) - (~uint64_t(0) % bound), r;
    do
      r = rng();
    while (r >= limit);
    std::swap(order[i], order[r % bound]);
  }
  return order;
}
