//===- GradientOpInterface.h - reverse-mode rules per op --------*- C++ -*-===//
#ifndef QAT_AUTODIFF_GRADIENTOPINTERFACE_H
#define QAT_AUTODIFF_GRADIENTOPINTERFACE_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/OpDefinition.h"

#include "autodiff/GradientOpInterface.h.inc"

namespace qat {
/// Attaches the gradient rules of the nn, qat and arith ops to `registry`.
void registerGradientExternalModels(mlir::DialectRegistry &registry);
} // namespace qat

#endif // QAT_AUTODIFF_GRADIENTOPINTERFACE_H
