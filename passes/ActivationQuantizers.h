//===- ActivationQuantizers.h - finding the calibratable quantizers -*- C++ -*-===//
//
// The activation quantizers are the qat.fake_quant ops of @main_graph whose
// input is not a constant and whose scale is a qat.parameter (what
// qat-insert-fake-quant makes); calibration sets those parameters.
//
//===----------------------------------------------------------------------===//
#ifndef QAT_PASSES_ACTIVATIONQUANTIZERS_H
#define QAT_PASSES_ACTIVATIONQUANTIZERS_H

#include "dialects/QAT/QATDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <vector>

namespace qat {
struct ActivationQuantizer {
  FakeQuantOp op;
  ParameterOp scale;
  ParameterOp zeroPoint; ///< null when the zero point is a constant
};

/// In program order.
std::vector<ActivationQuantizer> findActivationQuantizers(mlir::func::FuncOp func);
} // namespace qat

#endif // QAT_PASSES_ACTIVATIONQUANTIZERS_H
