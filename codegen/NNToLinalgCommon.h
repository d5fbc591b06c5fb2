//===- NNToLinalgCommon.h - helpers of the nn -> linalg patterns -*- C++ -*-===//
//
// What the per-family conversion files (NNConvToLinalg.cpp, NNPoolToLinalg.cpp,
// ...) share. Internal to codegen/.
//
//===----------------------------------------------------------------------===//
#ifndef QAT_CODEGEN_NNTOLINALGCOMMON_H
#define QAT_CODEGEN_NNTOLINALGCOMMON_H

#include "codegen/LinalgBuilders.h"
#include "codegen/Passes.h"
#include "dialects/NN/NNDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Transforms/DialectConversion.h"

namespace qat::codegen {
using namespace mlir;

inline RankedTensorType tensorType(Value v) { return cast<RankedTensorType>(v.getType()); }

template <typename OpTy>
RankedTensorType convertedType(const OpConversionPattern<OpTy> &p, Type t) {
  return cast<RankedTensorType>(p.getTypeConverter()->convertType(t));
}

/// x + y and x * y on floats or integers.
Value addOf(OpBuilder &b, Location loc, Value x, Value y);
Value mulOf(OpBuilder &b, Location loc, Value x, Value y);
/// Zero of a float or integer type.
TypedAttr zeroOf(Builder &b, Type t);

/// Sum-of-products generic: out[outMap] += lhs[lhsMap] * rhs[rhsMap].
Value contraction(OpBuilder &b, Location loc, Value lhs, Value rhs, Value init,
                  ArrayRef<AffineMap> maps, ArrayRef<utils::IteratorType> iterators);

/// An NC[D]HW tensor padded by ONNX `pads` (the begin pads of every
/// spatial dimension, then the end pads) with the scalar `value`.
Value padSpatial(OpBuilder &b, Location loc, Value x, ArrayRef<int64_t> pads, Value value);

/// The loops of a grouped convolution [N, G, C/G, I...] x [G, M/G, C/G, K...]
/// -> [N, G, M/G, O...], outermost first: n, g, m, o_1..o_{s-1}, c,
/// k_1..k_s, o_s. The last output dimension is innermost: contiguous in the
/// output, so the loop vectorizes (depthwise convolutions live here). Maps:
/// input, weight, output.
struct ConvWindowLoops {
  SmallVector<AffineMap> maps;
  SmallVector<utils::IteratorType> iterators;
};
ConvWindowLoops groupedConvLoops(OpBuilder &b, int64_t spatial, ArrayRef<int64_t> strides,
                                 ArrayRef<int64_t> dilations);

/// An index operand as `index`, negative values counting back from `dim`;
/// clampedIndex then clamps it into [0, dim) (ONNX calls an index out of
/// range an error; clamped, it cannot touch memory outside the tensor).
Value wrappedIndex(OpBuilder &b, Location l, Value raw, bool isUnsigned, int64_t dim);
Value clampedIndex(OpBuilder &b, Location l, Value raw, bool isUnsigned, int64_t dim);

/// A tensor of `shape` filled with `value`.
Value filled(OpBuilder &b, Location loc, ArrayRef<int64_t> shape, TypedAttr value);

// One populate function per op family.
void populateNNConvToLinalgPatterns(TypeConverter &converter, RewritePatternSet &patterns);
void populateNNPoolToLinalgPatterns(TypeConverter &converter, RewritePatternSet &patterns);
void populateNNContractionToLinalgPatterns(TypeConverter &converter,
                                           RewritePatternSet &patterns);
void populateNNNormalizationToLinalgPatterns(TypeConverter &converter,
                                             RewritePatternSet &patterns);
void populateNNDataMovementToLinalgPatterns(TypeConverter &converter,
                                            RewritePatternSet &patterns);
void populateNNResizeToLinalgPatterns(TypeConverter &converter,
                                      RewritePatternSet &patterns);
void populateNNScatterToLoopsPatterns(TypeConverter &converter, RewritePatternSet &patterns);
void populateNNTrainingToLinalgPatterns(TypeConverter &converter,
                                        RewritePatternSet &patterns);
void populateNNBackwardToLinalgPatterns(TypeConverter &converter,
                                        RewritePatternSet &patterns);

/// Average pooling's divisor per output position (spatial dims of
/// `resultType`): the number of window elements inside the input (or inside
/// input + explicit pads), as a constant tensor.
Value avgPoolCounts(OpBuilder &b, Location loc, ArrayRef<int64_t> inShape,
                    RankedTensorType resultType, ArrayRef<int64_t> kernel,
                    ArrayRef<int64_t> strides, ArrayRef<int64_t> pads,
                    ArrayRef<int64_t> dilations, bool countIncludePad);

/// Mean over `axes`, kept as size-1 dimensions (`map`: as sumFloat's).
Value meanKeepDims(OpBuilder &b, Location loc, Value x, ArrayRef<int64_t> axes,
                   function_ref<Value(OpBuilder &, Location, Value)> map = {});
} // namespace qat::codegen

#endif // QAT_CODEGEN_NNTOLINALGCOMMON_H
