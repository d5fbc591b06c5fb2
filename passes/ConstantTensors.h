//===- ConstantTensors.h - reading and writing constant float tensors -*- C++ -*-===//
//
// The graph passes compute new weights and initial scales at compile time
// from constant operands; these helpers move values between float
// ElementsAttrs (splat or dense, any float type) and std::vector<double>.
//
//===----------------------------------------------------------------------===//
#ifndef QAT_PASSES_CONSTANTTENSORS_H
#define QAT_PASSES_CONSTANTTENSORS_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Value.h"

#include <optional>
#include <vector>

namespace qat {
/// The elements of `value` if an arith.constant or qat.parameter with a
/// float tensor value defines it, in row-major order.
std::optional<std::vector<double>> constantFloats(mlir::Value value);

/// The elements of an integer or float constant (arith.constant or
/// qat.parameter) as doubles: zero points, which may be either. Integers
/// keep their signedness (ui8 200 is 200).
std::optional<std::vector<double>> constantNumbers(mlir::Value value);

/// Whether constantFloats(value) would succeed, without copying the values.
bool isFloatConstant(mlir::Value value);

/// A dense attribute of `type` (a float tensor) holding `values`.
mlir::DenseElementsAttr floatsAttr(mlir::ShapedType type, llvm::ArrayRef<double> values);
} // namespace qat

#endif // QAT_PASSES_CONSTANTTENSORS_H
