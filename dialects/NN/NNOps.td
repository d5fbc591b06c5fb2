//===- NNOps.td - nn dialect ops ------------------------------*- tablegen -*-===//

#ifndef QAT_NN_OPS
#define QAT_NN_OPS

include "dialects/NN/NNBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/IR/CommonAttrConstraints.td"

// Graph-level ops work on static shapes only: shape inference is exact.
def NN_Tensor : StaticShapeTensorOf<[AnyType]>;
def NN_FloatTensor : StaticShapeTensorOf<[AnyFloat]>;
def NN_IntTensor : StaticShapeTensorOf<[AnyInteger]>;

//===----------------------------------------------------------------------===//
// Elementwise unary ops: the result has the operand's type.
//===----------------------------------------------------------------------===//

class NN_UnaryOp<string mnemonic, Type operandType, string desc,
                 dag extraArgs = (ins), string extraFormat = "">
    : NN_Op<mnemonic, [Pure, SameOperandsAndResultType, InferTypeOpInterface]> {
  let summary = desc;
  let arguments = !con((ins operandType:$input), extraArgs);
  let results = (outs operandType:$output);
  let assemblyFormat = "$input " # extraFormat # "attr-dict `:` type($input)";
}

def NN_SqrtOp : NN_UnaryOp<"sqrt", NN_FloatTensor, "elementwise square root">;
def NN_NegOp : NN_UnaryOp<"neg", NN_Tensor, "elementwise negation">;
def NN_AbsOp : NN_UnaryOp<"abs", NN_Tensor, "elementwise absolute value">;
def NN_FloorOp : NN_UnaryOp<"floor", NN_FloatTensor, "largest integer <= x">;
def NN_CeilOp : NN_UnaryOp<"ceil", NN_FloatTensor, "smallest integer >= x">;
def NN_RoundOp : NN_UnaryOp<"round", NN_FloatTensor, "nearest integer, ties to even (ONNX Round)">;
def NN_ExpOp : NN_UnaryOp<"exp", NN_FloatTensor, "elementwise e^x">;
def NN_CosOp : NN_UnaryOp<"cos", NN_FloatTensor, "elementwise cosine">;
def NN_SinOp : NN_UnaryOp<"sin", NN_FloatTensor, "elementwise sine">;
def NN_TanOp : NN_UnaryOp<"tan", NN_FloatTensor, "elementwise tangent">;
def NN_AcosOp : NN_UnaryOp<"acos", NN_FloatTensor, "elementwise arc cosine">;
def NN_AsinOp : NN_UnaryOp<"asin", NN_FloatTensor, "elementwise arc sine">;
def NN_AtanOp : NN_UnaryOp<"atan", NN_FloatTensor, "elementwise arc tangent">;
def NN_CoshOp : NN_UnaryOp<"cosh", NN_FloatTensor, "elementwise hyperbolic cosine">;
def NN_SinhOp : NN_UnaryOp<"sinh", NN_FloatTensor, "elementwise hyperbolic sine">;
def NN_AcoshOp : NN_UnaryOp<"acosh", NN_FloatTensor, "elementwise inverse hyperbolic cosine">;
def NN_AsinhOp : NN_UnaryOp<"asinh", NN_FloatTensor, "elementwise inverse hyperbolic sine">;
def NN_AtanhOp : NN_UnaryOp<"atanh", NN_FloatTensor, "elementwise inverse hyperbolic tangent">;
def NN_ReciprocalOp : NN_UnaryOp<"reciprocal", NN_FloatTensor, "elementwise 1 / x">;
def NN_SignOp : NN_UnaryOp<"sign", NN_Tensor,
    "-1, 0 or 1 by the sign of x (NaN stays NaN)">;
def NN_SoftplusOp : NN_UnaryOp<"softplus", NN_FloatTensor, "log(1 + e^x)">;
def NN_SoftsignOp : NN_UnaryOp<"softsign", NN_FloatTensor, "x / (1 + |x|)">;
def NN_NotOp : NN_UnaryOp<"not", StaticShapeTensorOf<[I1]>, "logical negation">;
def NN_EluOp : NN_UnaryOp<"elu", NN_FloatTensor,
    "x if x >= 0 else alpha * (e^x - 1)", (ins F32Attr:$alpha), "`alpha` `=` $alpha ">;
def NN_CeluOp : NN_UnaryOp<"celu", NN_FloatTensor,
    "max(0, x) + min(0, alpha * (e^(x / alpha) - 1))", (ins F32Attr:$alpha),
    "`alpha` `=` $alpha ">;
def NN_SeluOp : NN_UnaryOp<"selu", NN_FloatTensor,
    "gamma * (x if x > 0 else alpha * e^x - alpha)", (ins F32Attr:$alpha, F32Attr:$gamma),
    "`alpha` `=` $alpha `,` `gamma` `=` $gamma ">;
def NN_ThresholdedReluOp : NN_UnaryOp<"thresholded_relu", NN_FloatTensor,
    "x if x > alpha else 0", (ins F32Attr:$alpha), "`alpha` `=` $alpha ">;

// Float classification: an i1 tensor of the input's shape.
class NN_FloatTestOp<string mnemonic, string desc, dag extraArgs = (ins)>
    : NN_Op<mnemonic, [Pure, InferTypeOpAdaptor]> {
  let summary = desc;
  let arguments = !con((ins NN_FloatTensor:$input), extraArgs);
  let results = (outs StaticShapeTensorOf<[I1]>:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}
def NN_IsNaNOp : NN_FloatTestOp<"is_nan", "x is NaN">;
def NN_IsInfOp : NN_FloatTestOp<"is_inf",
    "x is +inf (when `detect_positive`) or -inf (when `detect_negative`)",
    (ins BoolAttr:$detect_negative, BoolAttr:$detect_positive)>;
def NN_LogOp : NN_UnaryOp<"log", NN_FloatTensor, "elementwise natural logarithm">;
def NN_ErfOp : NN_UnaryOp<"erf", NN_FloatTensor, "elementwise error function">;
def NN_ReluOp : NN_UnaryOp<"relu", NN_Tensor, "max(x, 0)">;
def NN_SigmoidOp : NN_UnaryOp<"sigmoid", NN_FloatTensor, "1 / (1 + e^-x)">;
def NN_TanhOp : NN_UnaryOp<"tanh", NN_FloatTensor, "hyperbolic tangent">;
def NN_HardSwishOp : NN_UnaryOp<"hard_swish", NN_FloatTensor,
    "x * max(0, min(1, x / 6 + 1 / 2))">;
def NN_LeakyReluOp : NN_UnaryOp<"leaky_relu", NN_FloatTensor,
    "x if x >= 0 else alpha * x", (ins F32Attr:$alpha), "`alpha` `=` $alpha ">;
def NN_HardSigmoidOp : NN_UnaryOp<"hard_sigmoid", NN_FloatTensor,
    "max(0, min(1, alpha * x + beta))", (ins F32Attr:$alpha, F32Attr:$beta),
    "`alpha` `=` $alpha `,` `beta` `=` $beta ">;

def NN_GeluOp : NN_UnaryOp<"gelu", NN_FloatTensor,
    "Gaussian error linear unit, exact (erf) or tanh approximation",
    (ins StrAttr:$approximate), "`approximate` `=` $approximate ">;

class NN_SoftmaxBase<string mnemonic, string desc>
    : NN_UnaryOp<mnemonic, NN_FloatTensor, desc, (ins I64Attr:$axis),
                 "`axis` `=` $axis "> {
  let hasVerifier = 1;
}
def NN_SoftmaxOp : NN_SoftmaxBase<"softmax", "softmax along one axis">;
def NN_LogSoftmaxOp : NN_SoftmaxBase<"log_softmax", "log of softmax along one axis">;

def NN_ClipOp : NN_Op<"clip", [Pure, InferTypeOpAdaptor]> {
  let summary = "clamp to [min, max]; min and max are rank-0 tensors";
  let arguments = (ins NN_Tensor:$input, NN_Tensor:$min, NN_Tensor:$max);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input `,` $min `,` $max attr-dict `:` functional-type(operands, results)";
}

def NN_CastOp : NN_Op<"cast", [Pure]> {
  let summary = "element type conversion with ONNX Cast semantics";
  let description = [{
    Float to integer truncates toward zero; float to bool and integer to bool
    compare with zero; unsigned integer types are zero-extended.
  }];
  let arguments = (ins NN_Tensor:$input);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `to` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise binary ops with numpy broadcasting.
//===----------------------------------------------------------------------===//

class NN_BinaryOp<string mnemonic, string desc, Type operandType = NN_Tensor,
                  dag extraArgs = (ins)>
    : NN_Op<mnemonic, [Pure, InferTypeOpAdaptor]> {
  let hasFolder = 1;
  let summary = desc # " (numpy broadcasting)";
  let arguments = !con((ins operandType:$lhs, operandType:$rhs), extraArgs);
  let results = (outs operandType:$output);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
}

def NN_AddOp : NN_BinaryOp<"add", "elementwise sum">;
def NN_SubOp : NN_BinaryOp<"sub", "elementwise difference">;
def NN_MulOp : NN_BinaryOp<"mul", "elementwise product">;
def NN_DivOp : NN_BinaryOp<"div", "elementwise quotient (integers truncate)">;
def NN_PowOp : NN_BinaryOp<"pow", "elementwise power">;
def NN_PReluOp : NN_BinaryOp<"prelu",
    "x if x >= 0 else slope * x; slope broadcasts to x (unidirectional)">;
def NN_MaxOp : NN_BinaryOp<"max", "elementwise maximum (NaN wins)">;
def NN_MinOp : NN_BinaryOp<"min", "elementwise minimum (NaN wins)">;
def NN_ModOp : NN_BinaryOp<"mod",
    "remainder: with `fmod` the sign of the dividend (C fmod), else of the divisor "
    "(Python %, integers only)", NN_Tensor, (ins BoolAttr:$fmod)> {
  let hasVerifier = 1;
}
def NN_AndOp : NN_BinaryOp<"and", "logical and", StaticShapeTensorOf<[I1]>>;
def NN_OrOp : NN_BinaryOp<"or", "logical or", StaticShapeTensorOf<[I1]>>;
def NN_XorOp : NN_BinaryOp<"xor", "logical exclusive or", StaticShapeTensorOf<[I1]>>;
def NN_BitShiftOp : NN_BinaryOp<"bit_shift",
    "shift of unsigned integers, left or right; shifts of the bit width or more give 0",
    StaticShapeTensorOf<[AnyUnsignedInteger]>, (ins BoolAttr:$left)>;

//===----------------------------------------------------------------------===//
// Comparison and selection (numpy broadcasting; ONNX Equal/Greater/Less/Where).
//===----------------------------------------------------------------------===//

class NN_CompareOp<string mnemonic, string desc>
    : NN_Op<mnemonic, [Pure, InferTypeOpAdaptor]> {
  let summary = desc # " (numpy broadcasting), an i1 tensor";
  let arguments = (ins NN_Tensor:$lhs, NN_Tensor:$rhs);
  let results = (outs StaticShapeTensorOf<[I1]>:$output);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
}
def NN_EqualOp : NN_CompareOp<"equal", "lhs == rhs">;
def NN_GreaterOp : NN_CompareOp<"greater", "lhs > rhs">;
def NN_LessOp : NN_CompareOp<"less", "lhs < rhs">;

def NN_WhereOp : NN_Op<"where", [Pure, InferTypeOpAdaptor]> {
  let summary = "condition ? x : y, the three broadcast together (numpy)";
  let arguments = (ins StaticShapeTensorOf<[I1]>:$condition, NN_Tensor:$x, NN_Tensor:$y);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$condition `,` $x `,` $y attr-dict `:` functional-type(operands, results)";
}

class NN_ArgExtremumOp<string mnemonic, string which>
    : NN_Op<mnemonic, [Pure, InferTypeOpAdaptor]> {
  let summary = "index (i64) of the " # which # " element along `axis`";
  let description = [{
    Ties go to the first index, or the last with `select_last_index` (ONNX
    ArgMax/ArgMin). `keepdims` keeps `axis` as a dimension of size 1.
  }];
  let arguments = (ins NN_Tensor:$input, I64Attr:$axis, BoolAttr:$keepdims,
                   BoolAttr:$select_last_index);
  let results = (outs StaticShapeTensorOf<[I64]>:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}
def NN_ArgMaxOp : NN_ArgExtremumOp<"argmax", "largest">;
def NN_ArgMinOp : NN_ArgExtremumOp<"argmin", "smallest">;

def NN_TopKOp : NN_Op<"top_k", [Pure]> {
  let summary = "the k largest (or smallest) elements along `axis`, sorted, and their indices";
  let description = [{
    ONNX TopK with a constant k: `values` holds, along `axis`, the input's
    k largest elements in descending order (with `largest` false, its k
    smallest in ascending order) and `indices` (i64) their positions along
    `axis`. Equal elements keep their input order (the lower index first),
    as ONNX asks; NaN ranks above every number, so it comes first among the
    largest and last among the smallest (numpy's and PyTorch's order), and
    -0 equals +0. The other dims are those of the input.
  }];
  let arguments = (ins NN_Tensor:$input, I64Attr:$k, I64Attr:$axis, BoolAttr:$largest);
  let results = (outs NN_Tensor:$values, StaticShapeTensorOf<[I64]>:$indices);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($values) `,` type($indices)";
  let hasVerifier = 1;
}

def NN_TriluOp : NN_Op<"trilu", [Pure, SameOperandsAndResultType, InferTypeOpInterface]> {
  let summary = "upper or lower triangle of the last two dims, the rest zeroed";
  let description = [{
    With `upper`, keeps the elements with column - row >= k; otherwise those
    with column - row <= k (ONNX Trilu).
  }];
  let arguments = (ins NN_Tensor:$input, I64Attr:$k, BoolAttr:$upper);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Linear algebra and convolution.
//===----------------------------------------------------------------------===//

def NN_EinsumOp : NN_Op<"einsum", [Pure]> {
  let summary = "Einstein summation with an explicit equation (dialects/NN/Einsum.h)";
  let description = [{
    The product of the inputs at every combination of the equation's
    letters, summed over the letters not in the output. The importer makes
    ONNX's implicit and ellipsis forms explicit.
  }];
  let arguments = (ins Variadic<NN_Tensor>:$inputs, StrAttr:$equation);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$inputs attr-dict `:` functional-type($inputs, results)";
  let hasVerifier = 1;
}

def NN_MatMulOp : NN_Op<"matmul", [Pure, InferTypeOpAdaptor]> {
  let summary = "numpy matmul: batched, broadcast, 1-D operands promoted";
  let arguments = (ins NN_Tensor:$lhs, NN_Tensor:$rhs);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
}

def NN_GemmOp : NN_Op<"gemm", [Pure, InferTypeOpAdaptor]> {
  let summary = "alpha * op(A) * op(B) + beta * C, C broadcast to [M, N]";
  let arguments = (ins NN_Tensor:$a, NN_Tensor:$b, Optional<NN_Tensor>:$c,
                   F32Attr:$alpha, F32Attr:$beta,
                   BoolAttr:$trans_a, BoolAttr:$trans_b);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$a `,` $b (`,` $c^)? attr-dict `:` functional-type(operands, results)";
}

def NN_ConvOp : NN_Op<"conv", [Pure, InferTypeOpAdaptor]> {
  let summary = "N-D grouped convolution, NC[D]HW input, M(C/group)[kD]kHkW weight";
  let description = [{
    `pads` holds the begin pads of every spatial dimension, then the end pads
    (the ONNX order). 1-D, 2-D and 3-D convolutions share the op.
  }];
  let arguments = (ins NN_FloatTensor:$input, NN_FloatTensor:$weight,
                   Optional<NN_FloatTensor>:$bias,
                   DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                   DenseI64ArrayAttr:$dilations, I64Attr:$group);
  let results = (outs NN_FloatTensor:$output);
  let assemblyFormat = "$input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)";
}

class NN_PoolOp<string mnemonic, string desc, dag extraArgs>
    : NN_Op<mnemonic, [Pure, InferTypeOpAdaptor]> {
  let summary = desc;
  let arguments = !con((ins NN_Tensor:$input,
                   DenseI64ArrayAttr:$kernel_shape, DenseI64ArrayAttr:$strides,
                   DenseI64ArrayAttr:$pads, DenseI64ArrayAttr:$dilations,
                   BoolAttr:$ceil_mode), extraArgs);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}
def NN_MaxPoolOp : NN_PoolOp<"max_pool", "N-D max pooling", (ins)>;
def NN_AvgPoolOp : NN_PoolOp<"avg_pool", "N-D average pooling",
                             (ins BoolAttr:$count_include_pad)>;

//===----------------------------------------------------------------------===//
// Normalization.
//===----------------------------------------------------------------------===//

def NN_BatchNormOp : NN_Op<"batch_norm", [Pure, InferTypeOpAdaptor]> {
  let summary = "inference BatchNormalization with running statistics";
  let arguments = (ins NN_FloatTensor:$input, NN_FloatTensor:$scale,
                   NN_FloatTensor:$bias, NN_FloatTensor:$mean,
                   NN_FloatTensor:$variance, F32Attr:$epsilon);
  let results = (outs NN_FloatTensor:$output);
  let assemblyFormat = [{
    $input `,` $scale `,` $bias `,` $mean `,` $variance attr-dict `:`
    functional-type(operands, results)
  }];
}

def NN_LayerNormOp : NN_Op<"layer_norm", [Pure, InferTypeOpAdaptor]> {
  let summary = "LayerNormalization over the dimensions from `axis` on";
  let arguments = (ins NN_FloatTensor:$input, NN_FloatTensor:$scale,
                   Optional<NN_FloatTensor>:$bias, I64Attr:$axis, F32Attr:$epsilon);
  let results = (outs NN_FloatTensor:$output);
  let assemblyFormat = "$input `,` $scale (`,` $bias^)? attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Reductions.
//===----------------------------------------------------------------------===//

class NN_ReduceOp<string mnemonic, string desc>
    : NN_Op<mnemonic, [Pure, InferTypeOpAdaptor]> {
  let summary = desc # " over `axes` (sorted, non-negative, non-empty)";
  let arguments = (ins NN_Tensor:$input, DenseI64ArrayAttr:$axes, BoolAttr:$keepdims);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}
def NN_ReduceMeanOp : NN_ReduceOp<"reduce_mean", "mean">;
def NN_ReduceSumOp : NN_ReduceOp<"reduce_sum", "sum">;
def NN_ReduceMaxOp : NN_ReduceOp<"reduce_max", "maximum">;
def NN_ReduceMinOp : NN_ReduceOp<"reduce_min", "minimum">;

def NN_CumSumOp : NN_Op<"cumsum", [Pure, SameOperandsAndResultType, InferTypeOpInterface]> {
  let summary = "running sum along `axis`";
  let description = [{
    Element i sums elements 0..i (with `reverse`, i..n-1); `exclusive`
    leaves element i itself out (ONNX CumSum).
  }];
  let arguments = (ins NN_Tensor:$input, I64Attr:$axis, BoolAttr:$exclusive, BoolAttr:$reverse);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
}
def NN_ReduceProdOp : NN_ReduceOp<"reduce_prod", "product">;

//===----------------------------------------------------------------------===//
// Data movement.
//===----------------------------------------------------------------------===//

def NN_ReshapeOp : NN_Op<"reshape", [Pure]> {
  let summary = "row-major reshape to the static result type";
  let arguments = (ins NN_Tensor:$input);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def NN_ExpandOp : NN_Op<"expand", [Pure]> {
  let summary = "broadcast the input to the result type's shape (numpy rules)";
  let description = [{
    The result shape is given by the result type; the input must broadcast
    to it (ONNX Expand, whose target shape the importer combines with the
    input's shape).
  }];
  let arguments = (ins NN_Tensor:$input);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def NN_TransposeOp : NN_Op<"transpose", [Pure, InferTypeOpAdaptor]> {
  let summary = "permute dimensions: result dim i is input dim perm[i]";
  let arguments = (ins NN_Tensor:$input, DenseI64ArrayAttr:$perm);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasFolder = 1;
}

def NN_ConcatOp : NN_Op<"concat", [Pure, InferTypeOpAdaptor]> {
  let summary = "concatenate along `axis`";
  let arguments = (ins Variadic<NN_Tensor>:$inputs, I64Attr:$axis);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$inputs attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def NN_SliceOp : NN_Op<"slice", [Pure, InferTypeOpAdaptor]> {
  let summary = "strided slice; element i of dim d is input[offsets[d] + i * strides[d]]";
  let description = [{
    Strides may be negative (ONNX Slice with negative steps); `offsets` is
    the index of the first element taken, `sizes` the result shape.
  }];
  let arguments = (ins NN_Tensor:$input, DenseI64ArrayAttr:$offsets,
                   DenseI64ArrayAttr:$sizes, DenseI64ArrayAttr:$strides);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasFolder = 1;
}

def NN_GatherOp : NN_Op<"gather", [Pure, InferTypeOpAdaptor]> {
  let summary = "ONNX Gather: take slices along `axis` (negative indices wrap)";
  let arguments = (ins NN_Tensor:$input, NN_IntTensor:$indices, I64Attr:$axis);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input `,` $indices attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def NN_ResizeOp : NN_Op<"resize", [Pure]> {
  let summary = "ONNX Resize: nearest, (multi)linear or cubic interpolation";
  let description = [{
    Each output coordinate x along dim d maps to the input coordinate
    x_original by `coordinate_transformation_mode` (half_pixel,
    pytorch_half_pixel, align_corners, asymmetric, tf_half_pixel_for_nn,
    tf_crop_and_resize) with `scales[d]` (output / input length when the
    model gave sizes) and, for tf_crop_and_resize, `roi` (starts then ends,
    normalized). `nearest` rounds x_original by `nearest_mode`; `linear` and
    `cubic` weight 2 or 4 neighbours (cubic with `cubic_coeff_a`, neighbours
    outside the input dropped and the weights renormalized with
    `exclude_outside`); indices past the input clamp to its edge; with
    tf_crop_and_resize a coordinate outside the input gives
    `extrapolation_value`.
  }];
  let arguments = (ins NN_Tensor:$input, StrAttr:$mode,
                   StrAttr:$coordinate_transformation_mode, StrAttr:$nearest_mode,
                   F32Attr:$cubic_coeff_a, BoolAttr:$exclude_outside,
                   F32Attr:$extrapolation_value, DenseF64ArrayAttr:$scales,
                   DenseF64ArrayAttr:$roi);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def NN_GatherElementsOp : NN_Op<"gather_elements", [Pure, InferTypeOpAdaptor]> {
  let summary = "ONNX GatherElements: out[i] = input[i with i[axis] = indices[i]]";
  let description = [{
    The result has the indices' shape; negative indices wrap. Every other
    dimension of `indices` must fit in the input's.
  }];
  let arguments = (ins NN_Tensor:$input, NN_IntTensor:$indices, I64Attr:$axis);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input `,` $indices attr-dict `:` functional-type(operands, results)";
}

def NN_GatherNDOp : NN_Op<"gather_nd", [Pure, InferTypeOpAdaptor]> {
  let summary = "ONNX GatherND: the slices of input addressed by the last axis of indices";
  let description = [{
    With r = the last dim of `indices` and b = `batch_dims`: the result has
    shape indices[:-1] + input[b + r:]; entry [i, j] is input[i[:b],
    indices[i], j]. The first b dims of input and indices must match;
    negative indices wrap.
  }];
  let arguments = (ins NN_Tensor:$input, NN_IntTensor:$indices, I64Attr:$batch_dims);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input `,` $indices attr-dict `:` functional-type(operands, results)";
}

def NN_ScatterElementsOp : NN_Op<"scatter_elements", [Pure, InferTypeOpAdaptor]> {
  let summary = "ONNX ScatterElements: input with updates written at indices along an axis";
  let description = [{
    out = input, then for every position i of `updates` (in row-major
    order): out[i with i[axis] = indices[i]] = updates[i], or combined with
    what is there by `reduction` (add, mul, max, min). With `none` a
    repeated index keeps the last update. Negative indices wrap.
  }];
  let arguments = (ins NN_Tensor:$input, NN_IntTensor:$indices, NN_Tensor:$updates,
                   I64Attr:$axis, StrAttr:$reduction);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input `,` $indices `,` $updates attr-dict `:` functional-type(operands, results)";
}

def NN_ScatterNDOp : NN_Op<"scatter_nd", [Pure, InferTypeOpAdaptor]> {
  let summary = "ONNX ScatterND: input with slices replaced at the addresses in indices";
  let description = [{
    With r = the last dim of `indices`: `updates` has shape indices[:-1] +
    input[r:]; out = input, then for every i (row-major), out[indices[i],
    j] = updates[i, j], or combined by `reduction` (add, mul, max, min).
    Negative indices wrap.
  }];
  let arguments = (ins NN_Tensor:$input, NN_IntTensor:$indices, NN_Tensor:$updates,
                   StrAttr:$reduction);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input `,` $indices `,` $updates attr-dict `:` functional-type(operands, results)";
}

def NN_PadOp : NN_Op<"pad", [Pure, InferTypeOpAdaptor]> {
  let summary = "pad (or crop, for negative pads) every dimension";
  let description = [{
    `pads` holds the begin pads of every dimension, then the end pads.
    `value` (rank 0) fills the border in `constant` mode.
  }];
  let arguments = (ins NN_Tensor:$input, NN_Tensor:$value,
                   DenseI64ArrayAttr:$pads, StrAttr:$mode);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input `,` $value attr-dict `:` functional-type(operands, results)";
}

include "dialects/NN/NNTrainingOps.td"

#endif // QAT_NN_OPS
