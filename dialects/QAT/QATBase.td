//===- QATBase.td - the qat dialect ---------------------------*- tablegen -*-===//

#ifndef QAT_QAT_BASE
#define QAT_QAT_BASE

include "mlir/IR/OpBase.td"

def QAT_Dialect : Dialect {
  let name = "qat";
  let cppNamespace = "::qat";
  let summary = "Quantizers for quantization-aware training and integer storage";
  let description = [{
    Uniform quantization (as ONNX QuantizeLinear/DequantizeLinear and
    PyTorch's fake_quantize_* define it):

        q  = clip(round_half_even(x / s) + z, qmin, qmax)
        xq = (q - z) * s

    with qmin = -2^(b-1), qmax = 2^(b-1) - 1 for signed and [0, 2^b - 1]
    for unsigned b-bit levels (narrow range drops qmin by one).

    Scales and zero points are SSA values, not attributes or types, because
    QAT learns them (LSQ) and multi-bit switching keeps one scale per
    bit-width. The bit-width is an attribute; an optional rank-0 i32 operand
    overrides it at run time (it must not exceed the attribute, which bounds
    the storage).
  }];
  let hasCanonicalizer = 1;
  // Folders (qat.shift_scale of constants) produce arith.constant.
  let hasConstantMaterializer = 1;
  let dependentDialects = ["mlir::arith::ArithDialect"];
}

class QAT_Op<string mnemonic, list<Trait> traits = []>
    : Op<QAT_Dialect, mnemonic, traits>;

#endif // QAT_QAT_BASE
