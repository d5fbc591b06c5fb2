//===- NNBase.td - the nn dialect ----------------------------*- tablegen -*-===//
//
// Graph-level neural-network ops with ONNX semantics on statically shaped
// tensors. The ONNX importer targets these ops one-to-one (or a few-to-one),
// so that the graph passes (fake-quant insertion, autodiff, integer lowering)
// pattern-match on whole layers instead of on their linalg decomposition.
//
//===----------------------------------------------------------------------===//

#ifndef QAT_NN_BASE
#define QAT_NN_BASE

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"

def NN_Dialect : Dialect {
  let name = "nn";
  let cppNamespace = "::qat::nn";
  let summary = "Graph-level neural-network ops with ONNX semantics";
  let description = [{
    Ops on ranked, statically shaped tensors. Every op infers its result type
    from its operands and attributes, so the verifier re-checks every shape
    and element type. Attributes are normalized by the importer: axes are
    non-negative, pads are explicit (no auto_pad), slices are
    offset/size/stride triples.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
  let hasConstantMaterializer = 1;
}

class NN_Op<string mnemonic, list<Trait> traits = []>
    : Op<NN_Dialect, mnemonic, traits>;

#endif // QAT_NN_BASE
