//===- GradientOpInterface.td - reverse-mode rules per op ------*- tablegen -*-===//
//
// The interface the autodiff of qat-build-train-step asks each op for its
// adjoints: one rule per op, attached to the nn and qat ops (and to the
// upstream ops the graphs contain) as external models registered through
// the dialect registry, as Enzyme-MLIR and MLIR's own
// BufferizableOpInterface do. The pass never switches over op names.
//
//===----------------------------------------------------------------------===//

#ifndef QAT_AUTODIFF_GRADIENTOPINTERFACE
#define QAT_AUTODIFF_GRADIENTOPINTERFACE

include "mlir/IR/OpBase.td"

def GradientOpInterface : OpInterface<"GradientOpInterface"> {
  let cppNamespace = "::qat";
  let description = [{
    An op that can pass gradients back from its results to its operands.
    `buildGradients` is called once, after the gradients of every use of
    the op's results are known, with the builder positioned after the
    gradient ops built so far. `resultGrads` has one entry per result: the
    gradient of the loss with respect to that result, or null when nothing
    that reaches the loss uses it (the rule treats it as zero).
    `operandsNeeded` says which operands lead back to a value being
    differentiated: a rule may skip the others (a first convolution needs no
    gradient of the input image).
    `operandGrads` receives one entry per operand: the gradient with respect
    to it (of the operand's type), or null for an operand through which no
    gradient flows (integer operands, constants of the op's definition such
    as clip bounds, or a gradient that is identically zero). A rule that
    cannot handle a configuration returns failure after emitting an error
    at the op.
  }];
  let methods = [
    InterfaceMethod<"Builds the gradients of the operands from those of the results.",
      "::mlir::LogicalResult", "buildGradients",
      (ins "::mlir::OpBuilder &":$builder, "::mlir::ArrayRef<::mlir::Value>":$resultGrads,
           "::llvm::ArrayRef<bool>":$operandsNeeded,
           "::llvm::SmallVectorImpl<::mlir::Value> &":$operandGrads)>
  ];
}

#endif // QAT_AUTODIFF_GRADIENTOPINTERFACE
