//===- IdxFile.cpp - MNIST-style IDX image files as calibration data -------===//
//
// IDX: bytes 0, 0, a type code (0x08 = unsigned byte), the number of
// dimensions, then each dimension as a big-endian uint32, then the data.
// Files are often gzip'ed (the MNIST downloads are); zlib inflates them in
// memory, only as far as the header says the data reaches. Every failure is
// one error line "<file>: ...".
//
//===----------------------------------------------------------------------===//
#include "tools/common/IdxFile.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <functional>
#include <zlib.h>

using namespace qat;

namespace {
/// A file over this size cannot hold kMaxIdxBytes of IDX data, gzip'ed or
/// not (gzip's stored blocks add 5 bytes per 64 KiB): reading stops there.
constexpr size_t kMaxIdxFileBytes = 2 * kMaxIdxBytes;

/// The IDX bytes of a file's contents: the contents themselves, or, when
/// they start with gzip's magic, inflated on demand. Asking for no more than
/// the header announces keeps a gzip bomb from inflating any further.
class IdxBytes {
public:
  IdxBytes(const unsigned char *bytes, size_t size) : in(bytes), inSize(size) {
    gzip = size >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;
    if (!gzip)
      return;
    // 15 + 16: a 32 KiB window and a gzip (not zlib) header.
    if (inflateInit2(&stream, 15 + 16) != Z_OK) {
      corrupt = "zlib cannot start";
      ended = true;
      return;
    }
    initialized = true;
  }
  ~IdxBytes() {
    if (initialized)
      inflateEnd(&stream);
  }
  IdxBytes(const IdxBytes &) = delete;
  IdxBytes &operator=(const IdxBytes &) = delete;

  /// Whether the first `n` bytes exist (inflating up to them); if not,
  /// `corrupt` says why when the gzip data is bad, else the data just ends.
  bool ensure(size_t n) {
    if (!gzip)
      return n <= inSize;
    while (out.size() < n && !ended) {
      // Grow with what actually inflates, not with what the header claims.
      size_t have = out.size();
      out.resize(std::min(n, std::max(2 * have, size_t(1) << 16)));
      stream.next_out = out.data() + have;
      stream.avail_out = uInt(out.size() - have); // n is at most kMaxIdxBytes
      inflateSome();
      out.resize(out.size() - stream.avail_out);
    }
    return out.size() >= n;
  }
  const unsigned char *data() const { return gzip ? out.data() : in; }

  std::string corrupt;

private:
  /// One inflate call into stream.next_out; sets `ended` at the end of the
  /// data or on an error.
  void inflateSome() {
    if (stream.avail_in == 0 && fed < inSize) {
      // avail_in is 32 bits: feed large inputs in pieces.
      stream.next_in = const_cast<Bytef *>(in + fed);
      stream.avail_in = uInt(std::min(inSize - fed, size_t(1) << 30));
      fed += stream.avail_in;
    }
    int status = inflate(&stream, Z_NO_FLUSH);
    size_t left = inSize - fed + stream.avail_in;
    if (status == Z_STREAM_END) {
      // `cat a.gz b.gz` is a valid gzip file (gzip -d reads both members);
      // anything else after a member is ignored, as gzip -d does.
      const unsigned char *next = in + (inSize - left);
      if (left >= 2 && next[0] == 0x1f && next[1] == 0x8b && inflateReset(&stream) == Z_OK)
        return;
      ended = true;
    } else if (status == Z_BUF_ERROR && left == 0) {
      ended = true; // a truncated gzip file: its data ends here
    } else if (status != Z_OK) {
      corrupt = stream.msg ? stream.msg : "inflate failed (" + std::to_string(status) + ")";
      ended = true;
    }
  }

  const unsigned char *in;
  size_t inSize, fed = 0;
  bool gzip, initialized = false, ended = false;
  z_stream stream = {};
  std::vector<unsigned char> out;
};

/// Product of `dims` into `product`, false if it exceeds `limit`.
bool productWithin(const uint32_t *dims, size_t n, uint64_t limit, uint64_t &product) {
  product = 1;
  if (std::find(dims, dims + n, 0u) != dims + n) {
    product = 0;
    return true;
  }
  for (size_t i = 0; i < n; ++i) {
    if (product > limit / dims[i])
      return false;
    product *= dims[i];
  }
  return true;
}

/// Values per model input, batch dimension aside; -1 if the shape is empty,
/// dynamic or absurd.
int64_t valuesPerInput(const std::vector<int64_t> &inputShape) {
  if (inputShape.empty())
    return -1;
  int64_t n = 1;
  for (size_t i = 1; i < inputShape.size(); ++i) {
    int64_t d = inputShape[i];
    if (d < 0 || (d && n > INT64_MAX / d))
      return -1;
    n *= d;
  }
  return n;
}

/// The file `path`, unless it is bigger than kMaxIdxFileBytes.
bool readFile(const std::string &path, std::vector<unsigned char> &bytes, std::string &error) {
  FILE *file = std::fopen(path.c_str(), "rb");
  if (!file) {
    error = path + ": cannot open file: " + std::strerror(errno);
    return false;
  }
  unsigned char buffer[1 << 16];
  size_t n;
  while (bytes.size() <= kMaxIdxFileBytes && (n = std::fread(buffer, 1, sizeof buffer, file)) > 0)
    bytes.insert(bytes.end(), buffer, buffer + n);
  int savedErrno = errno;
  bool failed = std::ferror(file);
  std::fclose(file);
  if (failed)
    error = path + ": cannot read file: " + std::strerror(savedErrno);
  else if (bytes.size() > kMaxIdxFileBytes)
    error = path + ": file exceeds the " + std::to_string(kMaxIdxFileBytes >> 30) +
            " GiB limit on IDX files";
  return error.empty();
}
} // namespace

bool qat::isIdxFile(const std::string &path) {
  // The first 64 KiB hold gzip's header and the start of the data, however
  // the data was compressed (short of kilobytes of file name or comment).
  FILE *file = std::fopen(path.c_str(), "rb");
  if (!file)
    return false;
  unsigned char head[1 << 16];
  size_t size = std::fread(head, 1, sizeof head, file);
  std::fclose(file);
  IdxBytes idx(head, size);
  // Ranks 1 (labels) to 4; neither .npy nor .pb files start with two zeros.
  return idx.ensure(4) && idx.data()[0] == 0 && idx.data()[1] == 0 &&
         idx.data()[2] == 0x08 && idx.data()[3] >= 1 && idx.data()[3] <= 4;
}

namespace {
/// The dims and the location of the data in the (inflated) bytes.
bool parseHeader(IdxBytes &idx, const std::function<bool(const std::string &)> &fail,
                 std::vector<uint32_t> &dims, size_t &offset, uint64_t &dataBytes) {
  if (!idx.ensure(4) || idx.data()[0] || idx.data()[1] || idx.data()[2] != 0x08)
    return fail("not an IDX file of unsigned bytes");
  size_t rank = idx.data()[3];
  offset = 4 + 4 * rank;
  if (rank == 0)
    return fail("IDX file without dimensions, so without images");
  if (!idx.ensure(offset))
    return fail("truncated IDX header");
  dims.resize(rank);
  for (size_t i = 0; i < rank; ++i) {
    const unsigned char *d = idx.data() + 4 + 4 * i;
    dims[i] = uint32_t(d[0]) << 24 | uint32_t(d[1]) << 16 | uint32_t(d[2]) << 8 | d[3];
  }
  uint64_t perImage;
  if (!productWithin(dims.data() + 1, rank - 1, kMaxIdxBytes, perImage) ||
      !productWithin(dims.data(), rank, kMaxIdxBytes - offset, dataBytes))
    return fail("IDX shape " + shapeString(std::vector<int64_t>(dims.begin(), dims.end())) +
                " exceeds the " + std::to_string(kMaxIdxBytes >> 30) +
                " GiB limit on IDX files");
  if (!idx.ensure(offset + dataBytes))
    return fail("truncated IDX data (" + std::to_string(dims[0]) + " images announced)");
  return true;
}
} // namespace

bool qat::parseIdx(const unsigned char *bytes, size_t size, const std::string &what,
                   IdxData &data, std::string &error) {
  data = IdxData();
  IdxBytes idx(bytes, size);
  auto fail = [&](const std::string &message) {
    error = what + ": " + (idx.corrupt.empty() ? message : "bad gzip data: " + idx.corrupt);
    return false;
  };
  std::vector<uint32_t> dims;
  size_t offset;
  uint64_t dataBytes;
  if (!parseHeader(idx, fail, dims, offset, dataBytes))
    return false;
  data.dims.assign(dims.begin(), dims.end());
  data.bytes.assign(idx.data() + offset, idx.data() + offset + dataBytes);
  return true;
}

bool qat::readIdx(const std::string &path, IdxData &data, std::string &error) {
  std::vector<unsigned char> bytes;
  return readFile(path, bytes, error) && parseIdx(bytes.data(), bytes.size(), path, data, error);
}

bool qat::parseIdxImages(const unsigned char *bytes, size_t size, const std::string &what,
                         double scale, const std::vector<int64_t> &inputShape,
                         int64_t maxImages, Tensor &tensor, std::string &error) {
  tensor = Tensor();
  IdxBytes idx(bytes, size);
  // A bad gzip stream explains any shortage better than the IDX check.
  auto fail = [&](const std::string &message) {
    error = what + ": " + (idx.corrupt.empty() ? message : "bad gzip data: " + idx.corrupt);
    return false;
  };
  std::vector<uint32_t> dims;
  size_t offset;
  uint64_t dataBytes;
  if (!parseHeader(idx, fail, dims, offset, dataBytes))
    return false;
  uint64_t count = dims[0], perImage = count ? dataBytes / count : 0;
  if (!count)
    productWithin(dims.data() + 1, dims.size() - 1, kMaxIdxBytes, perImage);
  int64_t perInput = valuesPerInput(inputShape);
  if (perInput < 0 || uint64_t(perInput) != perImage)
    return fail("images of " + std::to_string(perImage) + " values do not fit the input " +
                shapeString(inputShape));
  if (maxImages > 0 && count > uint64_t(maxImages))
    count = maxImages;
  tensor.dtype = 1; // float32
  tensor.shape = inputShape;
  tensor.shape[0] = int64_t(count);
  tensor.data.resize(count * perImage * sizeof(float));
  auto *out = reinterpret_cast<float *>(tensor.data.data());
  const unsigned char *in = idx.data() + offset;
  for (uint64_t i = 0; i < count * perImage; ++i)
    out[i] = float(in[i] * scale);
  return true;
}

bool qat::readIdxImages(const std::string &path, double scale,
                        const std::vector<int64_t> &inputShape, int64_t maxImages,
                        Tensor &tensor, std::string &error) {
  std::vector<unsigned char> bytes;
  return readFile(path, bytes, error) &&
         parseIdxImages(bytes.data(), bytes.size(), path, scale, inputShape, maxImages, tensor,
                        error);
}
