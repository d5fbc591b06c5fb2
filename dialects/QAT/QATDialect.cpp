//===- QATDialect.cpp - qat dialect registration ---------------------------===//
#include "dialects/QAT/QATDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace qat;

#include "dialects/QAT/QATDialect.cpp.inc"

void QATDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialects/QAT/QATOps.cpp.inc"
      >();
}

Operation *QATDialect::materializeConstant(OpBuilder &builder, Attribute value, Type type,
                                           Location loc) {
  auto typed = dyn_cast<TypedAttr>(value);
  if (!typed || typed.getType() != type)
    return nullptr;
  return arith::ConstantOp::create(builder, loc, type, typed);
}

QuantRange qat::getQuantRange(int64_t bits, bool isSigned, bool narrowRange) {
  QuantRange r = isSigned ? QuantRange{-(int64_t(1) << (bits - 1)), (int64_t(1) << (bits - 1)) - 1}
                          : QuantRange{0, (int64_t(1) << bits) - 1};
  if (narrowRange)
    ++r.qmin;
  return r;
}

int64_t FakeQuantOp::getQmin() {
  return getQuantRange(getBits(), getIsSigned(), getNarrowRange()).qmin;
}
int64_t FakeQuantOp::getQmax() {
  return getQuantRange(getBits(), getIsSigned(), getNarrowRange()).qmax;
}

#define GET_OP_CLASSES
#include "dialects/QAT/QATOps.cpp.inc"
