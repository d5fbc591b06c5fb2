//===- QATOps.td - qat dialect ops ---------------------------*- tablegen -*-===//

#ifndef QAT_QAT_OPS
#define QAT_QAT_OPS

include "dialects/QAT/QATBase.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/IR/CommonAttrConstraints.td"

def QAT_FloatTensor : StaticShapeTensorOf<[AnyFloat]>;
def QAT_IntTensor : StaticShapeTensorOf<[AnyInteger]>;
def QAT_ZeroPointTensor : StaticShapeTensorOf<[AnyInteger, AnyFloat]>;
def QAT_BitsTensor : 0DTensorOf<[I32]>;

// The parameters every quantizer shares.
defvar QAT_QuantParams = (ins
  ConfinedAttr<I64Attr, [IntMinValue<1>, IntMaxValue<16>]>:$bits,
  DefaultValuedAttr<BoolAttr, "true">:$is_signed,
  UnitAttr:$narrow_range,
  OptionalAttr<ConfinedAttr<I64Attr, [IntNonNegative]>>:$axis,
  OptionalAttr<ConfinedAttr<I64Attr, [IntPositive]>>:$group_size);

// How x is scaled before rounding: ONNX QuantizeLinear divides, x / s;
// PyTorch's fake_quantize_* multiply by the float reciprocal, x * (1 / s).
// The two differ near ties, so each model keeps the convention of the tool
// it must agree with bit for bit.
defvar QAT_ReciprocalScale = (ins UnitAttr:$reciprocal_scale);

defvar QAT_GranularityDoc = [{
  Granularity follows from `axis` and `group_size`:
  - per tensor (no `axis`): `scale` and `zero_point` are rank-0;
  - per axis (`axis`): they are 1-D with `dim(axis)` entries;
  - per group (`axis` and `group_size`): they have the input's rank, with
    `ceil(dim(axis) / group_size)` entries along `axis` (the ONNX blocked
    layout): element i along `axis` uses block i / group_size.
  Signed values span [-2^(b-1), 2^(b-1) - 1], unsigned [0, 2^b - 1];
  `narrow_range` raises qmin by one.
}];

def QAT_FakeQuantOp : QAT_Op<"fake_quant", [Pure, AllTypesMatch<["input", "output"]>]> {
  let summary = "quantize and de-quantize in floating point (QAT)";
  let description = [{
    `xq = (clip(round(x / s) + z, qmin, qmax) - z) * s` with round half to
    even. The result has the input's type. With `reciprocal_scale`, `x / s`
    is computed as `x * (1 / s)` in the float type (PyTorch's convention).
  }] # QAT_GranularityDoc;
  let arguments = !con((ins QAT_FloatTensor:$input, QAT_FloatTensor:$scale,
                            QAT_ZeroPointTensor:$zero_point,
                            Optional<QAT_BitsTensor>:$runtime_bits),
                       QAT_QuantParams, QAT_ReciprocalScale);
  let results = (outs QAT_FloatTensor:$output);
  let assemblyFormat = [{
    $input `,` $scale `,` $zero_point (`bits` `(` $runtime_bits^ `)`)? attr-dict
    `:` type($input) `,` type($scale) `,` type($zero_point) (`,` type($runtime_bits)^)?
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
  let extraClassDeclaration = [{
    int64_t getQmin();
    int64_t getQmax();
  }];
}

def QAT_QuantizeOp : QAT_Op<"quantize", [Pure]> {
  let summary = "float to integer levels, stored in an integer tensor";
  let description = [{
    `q = clip(round(x / s) + z, qmin, qmax)`. Sub-8-bit levels live in i8
    (or ui8 for unsigned values) with their bit-width in `bits`; the storage
    integer must hold the range. `reciprocal_scale` as for fake_quant.
  }] # QAT_GranularityDoc;
  let arguments = !con((ins QAT_FloatTensor:$input, QAT_FloatTensor:$scale,
                            QAT_ZeroPointTensor:$zero_point,
                            Optional<QAT_BitsTensor>:$runtime_bits),
                       QAT_QuantParams, QAT_ReciprocalScale);
  let results = (outs QAT_IntTensor:$output);
  let assemblyFormat = [{
    $input `,` $scale `,` $zero_point (`bits` `(` $runtime_bits^ `)`)? attr-dict
    `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

// Dequantize also reads int32 accumulators (bits up to 32): the float view
// of an integer contraction's result, qat.int_conv / qat.int_matmul.
defvar QAT_DequantParams = (ins
  ConfinedAttr<I64Attr, [IntMinValue<1>, IntMaxValue<32>]>:$bits,
  DefaultValuedAttr<BoolAttr, "true">:$is_signed,
  UnitAttr:$narrow_range,
  OptionalAttr<ConfinedAttr<I64Attr, [IntNonNegative]>>:$axis,
  OptionalAttr<ConfinedAttr<I64Attr, [IntPositive]>>:$group_size);

def QAT_DequantizeOp : QAT_Op<"dequantize", [Pure]> {
  let summary = "integer levels to float: (q - z) * s";
  let description = [{
    Levels of up to 16 bits, or int32 accumulators with `bits = 32` (the
    conversion to float rounds above 2^24).
  }] # QAT_GranularityDoc;
  let arguments = !con((ins QAT_IntTensor:$input, QAT_FloatTensor:$scale,
                            QAT_ZeroPointTensor:$zero_point), QAT_DequantParams);
  let results = (outs QAT_FloatTensor:$output);
  let assemblyFormat = [{
    $input `,` $scale `,` $zero_point attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def QAT_RequantizeOp : QAT_Op<"requantize", [Pure]> {
  let summary = "int32 accumulators to integer levels by a fixed-point multiplier";
  let description = [{
    The integer epilogue of a quantized contraction (gemmlowp / TFLite's
    `MultiplyByQuantizedMultiplier`; `tosa.rescale` with
    `double_round = false` is the same arithmetic). Per tensor (rank-0
    `multiplier` and `shift`) or per channel along `axis` (1-D), the real
    multiplier `M = multiplier * 2^(shift - 31)`, `multiplier` a Q31 value
    (in `[2^30, 2^31)` for a normalized one), is applied as

        a = saturate_i32(acc * 2^max(shift, 0))
        h = SRDHM(a, multiplier)      -- (a * multiplier + nudge) / 2^31,
                                         truncated; nudge = 2^30 if the product
                                         is >= 0 else 1 - 2^30; INT32_MIN *
                                         INT32_MIN saturates to INT32_MAX
        r = RDivPOT(h, max(-shift, 0)) -- h / 2^n rounded half away from zero
        y = clamp(r + zero_point, qmin, qmax)

    `shift` must lie in [-31, 30]. The result's integer type stores the
    `bits`-wide range (signed or unsigned, as for qat.quantize); `qmin` /
    `qmax` (defaults: that range) narrow it further, as a fused ReLU or
    ReLU6 does.
  }];
  let arguments = (ins StaticShapeTensorOf<[I32]>:$input,
                       StaticShapeTensorOf<[I32]>:$multiplier,
                       StaticShapeTensorOf<[I32]>:$shift,
                       OptionalAttr<ConfinedAttr<I64Attr, [IntNonNegative]>>:$axis,
                       ConfinedAttr<I64Attr, [IntMinValue<1>, IntMaxValue<16>]>:$bits,
                       DefaultValuedAttr<BoolAttr, "true">:$is_signed,
                       DefaultValuedAttr<I64Attr, "0">:$zero_point,
                       OptionalAttr<I64Attr>:$qmin, OptionalAttr<I64Attr>:$qmax);
  let results = (outs QAT_IntTensor:$output);
  let assemblyFormat = [{
    $input `,` $multiplier `,` $shift attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The clamp bounds: qmin/qmax if given, else the bits' range.
    int64_t getLow();
    int64_t getHigh();
  }];
}

def QAT_ShiftScaleOp : QAT_Op<"shift_scale", [Pure]> {
  let summary = "ShiftQuant's group scales: a base scale times a power of two per group";
  let description = [{
    ShiftQuant (ALGORITHMS.md section 4) as the scale of a per-group
    `qat.fake_quant` / `qat.quantize` (`axis` = `group_axis`, same
    `group_size`): for each group g of `group_size` consecutive elements
    along `group_axis` (the ONNX blocked layout; the last group may be
    shorter),

        s_g = s * 2^-k_g,   k_g = the largest k in [0, max_shift] with
                                  2^k * max|x_g| <= max|x_c|

    where `s` and `max|x_c|` are per tensor (rank-0 `scale`, no `axis`) or
    per channel along `axis` (1-D `scale`), and an all-zero group gets
    `max_shift`. This is `clip(floor(log2(max|x_c| / max|x_g|)), 0, K)`
    computed exactly (no rounded logarithm). Quantizing with `s_g` gives
    `q = clip(round(x * 2^k_g / s))`, `x ~= s * 2^-k_g * q`: the group
    scales are shifts of one scale. The result has the input's shape with
    `ceil(dim(group_axis) / group_size)` entries along `group_axis`.
  }];
  let arguments = (ins QAT_FloatTensor:$input, QAT_FloatTensor:$scale,
                       OptionalAttr<ConfinedAttr<I64Attr, [IntNonNegative]>>:$axis,
                       ConfinedAttr<I64Attr, [IntNonNegative]>:$group_axis,
                       ConfinedAttr<I64Attr, [IntPositive]>:$group_size,
                       ConfinedAttr<I64Attr, [IntNonNegative, IntMaxValue<15>]>:$max_shift);
  let results = (outs QAT_FloatTensor:$output);
  let assemblyFormat = [{
    $input `,` $scale attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
  let extraClassDeclaration = [{
    /// The result for constant `input` and `scale` (the folder; the ONNX
    /// exporter, whose trained weights are constants and scales parameters).
    ::mlir::DenseElementsAttr evaluate(::mlir::DenseElementsAttr input,
                                       ::mlir::DenseElementsAttr scale);
  }];
}

def QAT_L1NormOp : QAT_Op<"l1_norm", [Pure, AttrSizedOperandSegments]> {
  let summary = "L1 normalization: BatchNorm / LayerNorm with the mean absolute deviation";
  let description = [{
    ALGORITHMS.md section 4: with `mu = mean(x)` and
    `sigma = sqrt(pi/2) * mean(|x - mu|)` (the standard deviation for
    Gaussian x, with no squares or square roots of data),

        output = scale * (x - mu) / (sigma + epsilon) + bias

    - `mode = "batch"` (BatchNorm form): statistics per channel (dimension
      1) over every other dimension; `scale` and `bias` have one entry per
      channel. With `running_mean` and `running_sigma` (inference) those
      are used instead of the batch's.
    - `mode = "layer"` (LayerNorm form): statistics per leading index over
      the dimensions from `axis` on; `scale` and `bias` have the shape of
      those dimensions.
    `mean` and `sigma` are the statistics used, shaped like `running_mean`
    (batch) or like the leading dimensions (layer). Sums accumulate in
    float64 for float32 data. The gradient drops the mean-of-sign term of
    d sigma / d x, as section 4 states, unless `exact_grad` is set.
    With `replicas` (K >= 2, the batch form on float32 batch statistics in
    a data-parallel step) the means are over all K shards, as
    nn.batch_norm_train's: each sum is summed over the replicas.
  }];
  let arguments = (ins QAT_FloatTensor:$input, QAT_FloatTensor:$scale, QAT_FloatTensor:$bias,
                       Optional<QAT_FloatTensor>:$running_mean,
                       Optional<QAT_FloatTensor>:$running_sigma,
                       StrAttr:$mode, DefaultValuedAttr<I64Attr, "1">:$axis,
                       F32Attr:$epsilon, UnitAttr:$exact_grad,
                       OptionalAttr<ConfinedAttr<I64Attr, [IntMinValue<2>]>>:$replicas);
  let results = (outs QAT_FloatTensor:$output, QAT_FloatTensor:$mean, QAT_FloatTensor:$sigma);
  let assemblyFormat = [{
    $input `,` $scale `,` $bias (`running` `(` $running_mean^ `,` $running_sigma `)`)? attr-dict
    `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    bool isBatch() { return getMode() == "batch"; }
    /// The dimensions the statistics run over.
    ::llvm::SmallVector<int64_t> statisticAxes();
    /// The shape of mean and sigma.
    ::llvm::SmallVector<int64_t> statisticShape();
  }];
}

def QAT_ParameterOp : QAT_Op<"parameter", [Pure, InferTypeOpAdaptor]> {
  let summary = "a named trainable tensor: a quantizer's scale or zero point";
  let description = [{
    A value that passes update (calibration sets activation scales, the
    training step learns LSQ scales) and code generation treats as a
    constant. Unlike `arith.constant` it is never merged with an equal
    constant, so two quantizers that start from the same scale keep two
    parameters. Names are unique within a module.

        %s = qat.parameter "conv1.weight_scale" = dense<0.1> : tensor<f32>
  }];
  let arguments = (ins StrAttr:$sym_name, ElementsAttr:$value);
  let results = (outs AnyStaticShapeTensor:$result);
  let assemblyFormat = "$sym_name `=` $value attr-dict";
  let hasVerifier = 1;
}

include "dialects/QAT/QATTrainingOps.td"
include "dialects/QAT/QATIntegerOps.td"

#endif // QAT_QAT_OPS
