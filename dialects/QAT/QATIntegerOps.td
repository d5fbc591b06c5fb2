//===- QATIntegerOps.td - integer contractions -----------------*- tablegen -*-===//
//
// What qat-lower-to-integer rewrites quantized convolutions and matrix
// products into: contractions of integer levels with exact int32
// accumulation. Zero points do not appear: the pass folds the input's zero
// point into the bias (bias - z_x * sum(w)) and pads with it, so the
// contraction is a plain sum of products, the form vpdpbusd computes.
//
//===----------------------------------------------------------------------===//

#ifndef QAT_QAT_INTEGER_OPS
#define QAT_QAT_INTEGER_OPS

def QAT_LevelTensor : StaticShapeTensorOf<[I8, UI8]>;
def QAT_AccumulatorTensor : StaticShapeTensorOf<[I32]>;

// Bit-widths the integer path supports for activations, and for weights
// (i8 storage up to 8 bits; i16 holds ShiftQuant levels pre-shifted by their
// group exponents when b + K > 8).
defvar QAT_IntegerBits = ConfinedAttr<I64Attr, [IntMinValue<2>, IntMaxValue<8>]>;
defvar QAT_WeightBits = ConfinedAttr<I64Attr, [IntMinValue<2>, IntMaxValue<16>]>;
def QAT_WeightTensor : StaticShapeTensorOf<[I8, I16]>;
// The accumulator's extra fraction bits: (sum << acc_shift) + bias.
defvar QAT_AccShift = DefaultValuedAttr<ConfinedAttr<I64Attr, [IntNonNegative, IntMaxValue<30>]>, "0">;

def QAT_IntConvOp : QAT_Op<"int_conv", [Pure]> {
  let summary = "integer N-D grouped convolution with int32 accumulation";
  let description = [{
    `acc[n, m, o...] = (sum_{c, k...} x'[n, g(m) * C/G + c, o * stride
    + k * dilation - pad_begin] * w[m, c, k...]) * 2^acc_shift + bias[m]`
    where `x'` reads `pad_value` outside the input. `acc_shift` gives the
    accumulator fraction bits where the products leave int32 room, so that
    the bias (and the requantization after) keeps precision below one
    product unit. Inputs are `input_bits`-wide levels (ui8: unsigned,
    i8: signed), weights `weight_bits`-wide signed levels in i8 (packing
    sub-8-bit weights is the kernel's business), the bias and the result
    int32; weights wider than 8 bits (ShiftQuant levels pre-shifted by
    their group exponents) are stored in i16 and take the portable loops.
    Layouts as nn.conv: NC[D]HW input, M(C/G)[kD]kHkW weight, `pads`
    the begin pads of every spatial dimension, then the end pads. The result is
    exact when it fits int32 (the pass checks
    `(K * max|x| * max|w|) * 2^acc_shift + max|bias| < 2^31`).
  }];
  let arguments = (ins QAT_LevelTensor:$input, QAT_WeightTensor:$weight,
                       StaticShapeTensorOf<[I32]>:$bias,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                       DenseI64ArrayAttr:$dilations, I64Attr:$group,
                       I64Attr:$pad_value, QAT_IntegerBits:$input_bits,
                       QAT_WeightBits:$weight_bits, QAT_AccShift:$acc_shift);
  let results = (outs QAT_AccumulatorTensor:$output);
  let assemblyFormat = [{
    $input `,` $weight `,` $bias attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def QAT_IntMatmulOp : QAT_Op<"int_matmul", [Pure]> {
  let summary = "integer matrix product with int32 accumulation";
  let description = [{
    `acc[..., i, j] = (sum_k lhs[..., i, k] * rhs[k, j]) * 2^acc_shift + bias[j]`
    (`acc_shift` as for qat.int_conv): `lhs` holds
    `lhs_bits`-wide levels (ui8 unsigned, i8 signed) with any number of
    leading batch dimensions, `rhs` `rhs_bits`-wide signed levels in i8 (a
    constant weight; i16 above 8 bits, as for qat.int_conv), `bias` int32
    [N]. Exact when the sum fits int32.
  }];
  let arguments = (ins QAT_LevelTensor:$lhs, QAT_WeightTensor:$rhs,
                       StaticShapeTensorOf<[I32]>:$bias,
                       QAT_IntegerBits:$lhs_bits, QAT_WeightBits:$rhs_bits,
                       QAT_AccShift:$acc_shift);
  let results = (outs QAT_AccumulatorTensor:$output);
  let assemblyFormat = [{
    $lhs `,` $rhs `,` $bias attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def QAT_IntAddOp : QAT_Op<"int_add", [Pure, SameOperandsAndResultShape]> {
  let summary = "sum of two level tensors, rescaled to output levels";
  let description = [{
    A residual addition on levels (qat-lower-to-integer's form of
    `quantize(dequantize(lhs) + dequantize(rhs))`, with a fused ReLU / Clip
    as the clamp):

        t = (lhs - lhs_zero_point) * lhs_multiplier
          + (rhs - rhs_zero_point) * rhs_multiplier
        y = clamp(floor((t + 2^(shift-1)) / 2^shift) + zero_point, qmin, qmax)

    i.e. the real factors s_lhs / s_y and s_rhs / s_y as integers over
    2^shift, one rounding (half up; none when shift = 0). All of it is exact
    in int32: the multipliers are below 2^21 in magnitude and level
    differences at most 2^8, so |t| + 2^(shift-1) < 2^31. Operands and
    result are 1..8-bit levels of one shape (i8 signed, ui8 unsigned); the
    zero points must be levels of their tensors' storage.
  }];
  let arguments = (ins QAT_LevelTensor:$lhs, QAT_LevelTensor:$rhs,
                       I64Attr:$lhs_zero_point, I64Attr:$rhs_zero_point,
                       ConfinedAttr<I64Attr, [IntMinValue<-2097151>, IntMaxValue<2097151>]>:$lhs_multiplier,
                       ConfinedAttr<I64Attr, [IntMinValue<-2097151>, IntMaxValue<2097151>]>:$rhs_multiplier,
                       ConfinedAttr<I64Attr, [IntNonNegative, IntMaxValue<30>]>:$shift,
                       ConfinedAttr<I64Attr, [IntMinValue<1>, IntMaxValue<8>]>:$bits,
                       DefaultValuedAttr<BoolAttr, "true">:$is_signed,
                       DefaultValuedAttr<I64Attr, "0">:$zero_point,
                       OptionalAttr<I64Attr>:$qmin, OptionalAttr<I64Attr>:$qmax);
  let results = (outs QAT_LevelTensor:$output);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The clamp bounds: qmin/qmax if given, else the bits' range.
    int64_t getLow();
    int64_t getHigh();
  }];
}

#endif // QAT_QAT_INTEGER_OPS
