//===- Passes.h - graph-level QAT passes ------------------------*- C++ -*-===//
#ifndef QAT_PASSES_PASSES_H
#define QAT_PASSES_PASSES_H

#include "dialects/QAT/QATDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Pass/Pass.h"

namespace qat {
#define GEN_PASS_DECL
#include "passes/Passes.h.inc"

/// On a step function built for K >= 2 replicas (qat-build-train-step's
/// `replicas`): K. The driver reports it (qat_function_info.replicas).
inline constexpr llvm::StringLiteral kReplicasAttr = "qat.replicas";

/// batch_norm(conv) and batch_norm(gemm) with constant operands -> one op.
void populateFoldBatchNormPatterns(mlir::RewritePatternSet &patterns);

#define GEN_PASS_REGISTRATION
#include "passes/Passes.h.inc"
} // namespace qat

#endif // QAT_PASSES_PASSES_H
