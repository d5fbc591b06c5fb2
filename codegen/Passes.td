//===- Passes.td - code generation passes ---------------------*- tablegen -*-===//

#ifndef QAT_CODEGEN_PASSES
#define QAT_CODEGEN_PASSES

include "mlir/Pass/PassBase.td"

def LowerNNToLinalg : Pass<"qat-lower-nn-to-linalg", "mlir::ModuleOp"> {
  let summary = "Lower nn graph ops to linalg, tensor, arith and math on tensors";
  let description = [{
    Every nn op becomes linalg on tensors: convolutions and pooling as
    linalg.generic windows over a padded input, matmul/gemm as contractions,
    elementwise ops as broadcasting linalg.generic, data movement as tensor
    ops. Unsigned integer element types (ONNX uint8, ...) become signless;
    the ops that care (div, max, cast, compare) pick the unsigned arith op.
  }];
  let dependentDialects = [
    "mlir::linalg::LinalgDialect", "mlir::tensor::TensorDialect",
    "mlir::arith::ArithDialect", "mlir::math::MathDialect"
  ];
}

#endif // QAT_CODEGEN_PASSES
