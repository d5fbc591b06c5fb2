//===- Passes.h - code generation passes ------------------------*- C++ -*-===//
#ifndef QAT_CODEGEN_PASSES_H
#define QAT_CODEGEN_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Transforms/DialectConversion.h"

namespace qat::codegen {
#define GEN_PASS_DECL
#include "codegen/Passes.h.inc"

/// The allocation-site number qat-zero-padding-once gives an allocation
/// whose zero border the runtime pool keeps (qat-kept-buffers-to-llvm
/// lowers it).
inline constexpr llvm::StringLiteral kKeptBufferSiteAttr = "qat.kept_buffer_site";

/// Patterns lowering every nn op to linalg/tensor/arith/math.
void populateNNToLinalgPatterns(mlir::TypeConverter &converter,
                                mlir::RewritePatternSet &patterns);
/// Patterns lowering qat.fake_quant / quantize / dequantize to linalg.generic.
void populateQATToLinalgPatterns(mlir::TypeConverter &converter,
                                 mlir::RewritePatternSet &patterns);
/// qat.l1_norm as nn ops (means, |x - mu|, one division), lowered in turn.
void populateL1NormPatterns(mlir::TypeConverter &converter, mlir::RewritePatternSet &patterns);
/// qat.int_conv / qat.int_matmul -> linalg.generic in i32 (IntegerToLinalg.cpp).
void populateIntegerToLinalgPatterns(mlir::TypeConverter &converter,
                                     mlir::RewritePatternSet &patterns);
/// Patterns lowering the training ops of qat (fake_quant_grad,
/// transition_rate, the optimizer updates) to linalg.generic.
void populateQATTrainingToLinalgPatterns(mlir::TypeConverter &converter,
                                         mlir::RewritePatternSet &patterns);
/// Patterns lowering the elementwise nn ops (the part shared with the above).
void populateNNElementwiseToLinalgPatterns(mlir::TypeConverter &converter,
                                           mlir::RewritePatternSet &patterns);

#define GEN_PASS_REGISTRATION
#include "codegen/Passes.h.inc"
} // namespace qat::codegen

#endif // QAT_CODEGEN_PASSES_H
