//===- ChannelAffine.h - inference normalizations as y = k x + shift -*- C++ -*-===//
//
// BatchNorm with constant statistics, and L1 normalization in its batch
// form on running statistics, are one scale and one shift per channel
// (dimension 1). qat-fold-batchnorm folds them into float weights,
// qat-lower-to-integer into the requantization of the contraction before.
//
//===----------------------------------------------------------------------===//
#ifndef QAT_PASSES_CHANNELAFFINE_H
#define QAT_PASSES_CHANNELAFFINE_H

#include "mlir/IR/Operation.h"

#include <optional>
#include <vector>

namespace qat {
struct ChannelAffine {
  std::vector<double> k, shift;
};

/// nn.batch_norm: k = gamma / sqrt(var + eps), shift = beta - k mean.
/// qat.l1_norm (batch mode, running statistics): k = scale / (sigma + eps),
/// shift = bias - k mu. Nothing for other ops or non-constant operands.
std::optional<ChannelAffine> channelAffine(mlir::Operation *op);
} // namespace qat

#endif // QAT_PASSES_CHANNELAFFINE_H
