//===- IdxFile.h - MNIST-style IDX files (images and labels) ----*- C++ -*-===//
#ifndef QAT_TOOLS_COMMON_IDXFILE_H
#define QAT_TOOLS_COMMON_IDXFILE_H

#include "runtime/TensorFile.h"

#include <cstddef>
#include <string>
#include <vector>

namespace qat {
/// The most an IDX file may hold once gunzipped, header and images: 1 GiB,
/// 20 times Fashion-MNIST's training images. Beyond it is a corrupt header
/// or a gzip bomb; gunzipping stops where the (capped) header says the data
/// ends, so neither costs more than this.
constexpr size_t kMaxIdxBytes = size_t(1) << 30;

/// Whether `path` starts like an IDX file (after gunzip if it is gzip'ed).
bool isIdxFile(const std::string &path);

/// An IDX file of unsigned bytes: its dimensions and its data.
struct IdxData {
  std::vector<int64_t> dims;
  std::vector<unsigned char> bytes; ///< product of dims
};

/// Decodes an IDX file of unsigned bytes (images [N, ...] or labels [N]),
/// gzip'ed or not, held in memory; `what` names it in the error line.
bool parseIdx(const unsigned char *bytes, size_t size, const std::string &what, IdxData &data,
              std::string &error);
/// The same on the file `path`.
bool readIdx(const std::string &path, IdxData &data, std::string &error);

/// Decodes an IDX file of unsigned bytes [N, d1, ...], gzip'ed or not, held
/// in memory, as float32 images times `scale`, stacked to [N * batch, rest of
/// `inputShape`]: each image must hold as many values as one model input
/// (batch dimension aside). At most `maxImages` images are kept (0: all).
/// `what` names the source in the error line.
bool parseIdxImages(const unsigned char *bytes, size_t size, const std::string &what,
                    double scale, const std::vector<int64_t> &inputShape, int64_t maxImages,
                    Tensor &tensor, std::string &error);
/// The same on the file `path`.
bool readIdxImages(const std::string &path, double scale, const std::vector<int64_t> &inputShape,
                   int64_t maxImages, Tensor &tensor, std::string &error);
} // namespace qat

#endif // QAT_TOOLS_COMMON_IDXFILE_H
