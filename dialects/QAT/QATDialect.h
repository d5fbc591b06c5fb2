//===- QATDialect.h - the qat dialect ---------------------------*- C++ -*-===//
#ifndef QAT_DIALECTS_QAT_QATDIALECT_H
#define QAT_DIALECTS_QAT_QATDIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "dialects/QAT/QATDialect.h.inc"

#define GET_OP_CLASSES
#include "dialects/QAT/QATOps.h.inc"

namespace qat {
/// The integer range of a quantizer: [qmin, qmax].
struct QuantRange {
  int64_t qmin, qmax;
};
QuantRange getQuantRange(int64_t bits, bool isSigned, bool narrowRange);
} // namespace qat

#endif // QAT_DIALECTS_QAT_QATDIALECT_H
