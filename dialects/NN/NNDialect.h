//===- NNDialect.h - the nn dialect -----------------------------*- C++ -*-===//
#ifndef QAT_DIALECTS_NN_NNDIALECT_H
#define QAT_DIALECTS_NN_NNDIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "dialects/NN/NNDialect.h.inc"

#define GET_OP_CLASSES
#include "dialects/NN/NNOps.h.inc"

#include <string>

namespace qat::nn {
/// The layer an op belongs to: the first NameLoc of its location (the ONNX
/// node name the importer records); empty if there is none.
std::string layerName(mlir::Operation *op);
} // namespace qat::nn

#endif // QAT_DIALECTS_NN_NNDIALECT_H
