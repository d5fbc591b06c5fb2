//===- MultiplyAdds.h - the multiply-adds of a contraction ------*- C++ -*-===//
#ifndef QAT_DIALECTS_NN_MULTIPLYADDS_H
#define QAT_DIALECTS_NN_MULTIPLYADDS_H

#include "mlir/IR/Operation.h"

namespace qat::nn {
/// Multiply-adds of a contraction (nn.conv, nn.gemm, nn.matmul and the qat
/// integer convolutions and matmuls, by name), 0 for other ops and dynamic
/// shapes. The profiler's MAC column and qat-split-batch's cost rule.
int64_t multiplyAdds(mlir::Operation *op);
} // namespace qat::nn

#endif
