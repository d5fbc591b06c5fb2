//===- Collectives.h - the collective of data-parallel steps ---*- C++ -*-===//
//
// A data-parallel training step (qat-build-train-step replicas=K) sums
// tensors over its K replicas: the parameter gradients (nn.all_reduce) and
// SyncBatchNorm's per-channel sums (nn.batch_norm_train/_grad with
// `replicas`). The compiled code hands one flat f32 buffer to the runtime
// (runtime/kernels/collectives.c), which calls the all-reduce function the
// caller gave qat_model_create_with_options.
//
//===----------------------------------------------------------------------===//
#ifndef QAT_CODEGEN_COLLECTIVES_H
#define QAT_CODEGEN_COLLECTIVES_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Transforms/DialectConversion.h"

namespace qat::codegen {

/// void qat_all_reduce_f32(memref<?xf32>): sums the buffer in place over
/// the replicas.
inline constexpr llvm::StringLiteral kAllReduceFunction = "qat_all_reduce_f32";

/// `values` (static f32 tensors) summed over the replicas, at the tensor
/// level: one flat buffer, one runtime call, then a view per value.
llvm::SmallVector<mlir::Value> allReduceSum(mlir::OpBuilder &b, mlir::Location loc,
                                            mlir::ValueRange values);

/// Declares kAllReduceFunction in `module` if a call uses it.
void declareCollectives(mlir::ModuleOp module);

/// nn.all_reduce -> allReduceSum (and the division for `mean`).
void populateCollectivesToLinalgPatterns(mlir::TypeConverter &converter,
                                         mlir::RewritePatternSet &patterns);

} // namespace qat::codegen

#endif // QAT_CODEGEN_COLLECTIVES_H
