//===- IdxFile.h - MNIST-style IDX image files as calibration data -*- C++ -*-===//
#ifndef QAT_TOOLS_QATCALIBRATE_IDXFILE_H
#define QAT_TOOLS_QATCALIBRATE_IDXFILE_H

#include "runtime/TensorFile.h"

#include <string>
#include <vector>

namespace qat {
/// Whether `path` starts like an IDX file (after gunzip if it is gzip'ed).
bool isIdxFile(const std::string &path);

/// Reads an IDX file of unsigned bytes [N, d1, ...] as float32 images times
/// `scale`, stacked to [N * batch, rest of `inputShape`]: each image must
/// hold as many values as one model input (batch dimension aside). At most
/// `maxImages` images are read (0: all).
bool readIdxImages(const std::string &path, double scale, const std::vector<int64_t> &inputShape,
                   int64_t maxImages, Tensor &tensor, std::string &error);
} // namespace qat

#endif // QAT_TOOLS_QATCALIBRATE_IDXFILE_H
