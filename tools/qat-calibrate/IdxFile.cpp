//===- IdxFile.cpp - MNIST-style IDX image files as calibration data -------===//
//
// IDX: bytes 0, 0, a type code (0x08 = unsigned byte), the number of
// dimensions, then each dimension as a big-endian uint32, then the data.
// zlib's gz* functions read gzip'ed and plain files alike.
//
//===----------------------------------------------------------------------===//
#include "IdxFile.h"

#include <cstring>
#include <zlib.h>

using namespace qat;

namespace {
/// All of a (possibly gzip'ed) file; false if it cannot be read.
bool readAll(const std::string &path, std::vector<unsigned char> &bytes, size_t limit) {
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f)
    return false;
  unsigned char buffer[1 << 16];
  int n;
  while (bytes.size() < limit && (n = gzread(f, buffer, sizeof buffer)) > 0)
    bytes.insert(bytes.end(), buffer, buffer + n);
  bool ok = gzclose(f) == Z_OK || !bytes.empty();
  if (bytes.size() > limit)
    bytes.resize(limit);
  return ok;
}
} // namespace

bool qat::isIdxFile(const std::string &path) {
  std::vector<unsigned char> head;
  return readAll(path, head, 4) && head.size() == 4 && head[0] == 0 && head[1] == 0 &&
         head[2] == 0x08 && head[3] >= 1 && head[3] <= 4;
}

bool qat::readIdxImages(const std::string &path, double scale,
                        const std::vector<int64_t> &inputShape, int64_t maxImages,
                        Tensor &tensor, std::string &error) {
  std::vector<unsigned char> bytes;
  if (!readAll(path, bytes, size_t(1) << 32)) {
    error = path + ": cannot read the file";
    return false;
  }
  if (bytes.size() < 4 || bytes[2] != 0x08) {
    error = path + ": not an IDX file of unsigned bytes";
    return false;
  }
  size_t rank = bytes[3], offset = 4 + 4 * rank;
  if (bytes.size() < offset) {
    error = path + ": truncated IDX header";
    return false;
  }
  std::vector<int64_t> dims;
  for (size_t i = 0; i < rank; ++i)
    dims.push_back((int64_t(bytes[4 + 4 * i]) << 24) | (bytes[5 + 4 * i] << 16) |
                   (bytes[6 + 4 * i] << 8) | bytes[7 + 4 * i]);
  int64_t count = dims[0], perImage = 1, perInput = 1;
  for (size_t i = 1; i < rank; ++i)
    perImage *= dims[i];
  for (size_t i = 1; i < inputShape.size(); ++i)
    perInput *= inputShape[i];
  if (inputShape.empty() || perImage != perInput) {
    error = path + ": images of " + std::to_string(perImage) + " values do not fit the input " +
            shapeString(inputShape);
    return false;
  }
  if ((int64_t)(bytes.size() - offset) < count * perImage) {
    error = path + ": truncated IDX data (" + std::to_string(count) + " images announced)";
    return false;
  }
  if (maxImages > 0 && count > maxImages)
    count = maxImages;
  tensor.dtype = 1; // float32
  tensor.shape = inputShape;
  tensor.shape[0] = count;
  tensor.data.resize(count * perImage * sizeof(float));
  auto *out = reinterpret_cast<float *>(tensor.data.data());
  for (int64_t i = 0; i < count * perImage; ++i)
    out[i] = float(bytes[offset + i] * scale);
  return true;
}
