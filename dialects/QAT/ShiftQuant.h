//===- ShiftQuant.h - ShiftQuant's group shifts on host values --*- C++ -*-===//
#ifndef QAT_DIALECTS_QAT_SHIFTQUANT_H
#define QAT_DIALECTS_QAT_SHIFTQUANT_H

#include "llvm/ADT/ArrayRef.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace qat {
/// The shape of qat.shift_scale's result: `shape` with ceil(dim / groupSize)
/// entries along `groupAxis`.
std::vector<int64_t> shiftGroupShape(llvm::ArrayRef<int64_t> shape, int64_t groupAxis,
                                     int64_t groupSize);

/// k_g of every group of `values` (row-major, of `shape`), in the layout of
/// shiftGroupShape: the largest k in [0, maxShift] with
/// 2^k * max|x_g| <= max|x_c| (max|x_c| over the channel along `axis`, or
/// the whole tensor). The exact arithmetic qat.shift_scale specifies.
std::vector<int64_t> shiftAmounts(llvm::ArrayRef<double> values, llvm::ArrayRef<int64_t> shape,
                                  std::optional<int64_t> axis, int64_t groupAxis,
                                  int64_t groupSize, int64_t maxShift);
} // namespace qat

#endif // QAT_DIALECTS_QAT_SHIFTQUANT_H
