//===- NNDataMovementToLinalg.cpp - reshape, transpose, concat, slice, gather, pad ===//
//
// Tensor ops where they exist (reshape, slices, pad), generics that read the
// input at computed indices otherwise.
//
//===----------------------------------------------------------------------===//
#include "codegen/NNToLinalgCommon.h"

using namespace mlir;
using namespace qat;
using namespace qat::codegen;

namespace {

//===----------------------------------------------------------------------===//
// Data movement.
//===----------------------------------------------------------------------===//
struct ReshapeToTensor : OpConversionPattern<nn::ReshapeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(nn::ReshapeOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, reshape(rewriter, op.getLoc(), adaptor.getInput(),
                                   op.getType().getShape()));
    return success();
  }
};

struct ExpandToGeneric : OpConversionPattern<nn::ExpandOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(nn::ExpandOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    RankedTensorType type = convertedType(*this, op.getType());
    rewriter.replaceOp(op, elementwise(rewriter, op.getLoc(), type, adaptor.getInput(),
                                       [](OpBuilder &, Location, ValueRange a) { return a[0]; }));
    return success();
  }
};

struct TransposeToLinalg : OpConversionPattern<nn::TransposeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(nn::TransposeOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    RankedTensorType resultType = convertedType(*this, op.getType());
    Value init = tensor::EmptyOp::create(rewriter, op.getLoc(), resultType.getShape(),
                                         resultType.getElementType());
    rewriter.replaceOp(op, linalg::TransposeOp::create(rewriter, op.getLoc(), adaptor.getInput(),
                                                       init, op.getPerm())
                               .getResult());
    return success();
  }
};

struct ConcatToInsertSlices : OpConversionPattern<nn::ConcatOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(nn::ConcatOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = convertedType(*this, op.getType());
    Value result = tensor::EmptyOp::create(rewriter, loc, resultType.getShape(),
                                           resultType.getElementType());
    int64_t axis = op.getAxis(), offset = 0, rank = resultType.getRank();
    for (Value in : adaptor.getInputs()) {
      auto t = tensorType(in);
      SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0)), sizes,
          strides(rank, rewriter.getIndexAttr(1));
      offsets[axis] = rewriter.getIndexAttr(offset);
      for (int64_t d : t.getShape())
        sizes.push_back(rewriter.getIndexAttr(d));
      if (t.getDimSize(axis) > 0)
        result = tensor::InsertSliceOp::create(rewriter, loc, in, result, offsets, sizes, strides);
      offset += t.getDimSize(axis);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// A generic over the output whose body reads the input at computed indices.
Value gatherGeneric(OpBuilder &b, Location loc, RankedTensorType resultType,
                    ValueRange inputs, ArrayRef<AffineMap> inputMaps,
                    function_ref<Value(OpBuilder &, Location, ValueRange, ValueRange)> body) {
  int64_t rank = resultType.getRank();
  SmallVector<AffineMap> maps(inputMaps);
  maps.push_back(b.getMultiDimIdentityMap(rank));
  Value init = tensor::EmptyOp::create(b, loc, resultType.getShape(), resultType.getElementType());
  SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             b, loc, resultType, inputs, init, maps, iterators,
             [&](OpBuilder &nb, Location nloc, ValueRange args) {
               SmallVector<Value> indices;
               for (int64_t d = 0; d < rank; ++d)
                 indices.push_back(linalg::IndexOp::create(nb, nloc, d));
               linalg::YieldOp::create(nb, nloc, body(nb, nloc, indices, args.drop_back()));
             })
      .getResult(0);
}

struct SliceToTensor : OpConversionPattern<nn::SliceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(nn::SliceOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = convertedType(*this, op.getType());
    Value input = adaptor.getInput();
    if (llvm::all_of(op.getStrides(), [](int64_t s) { return s > 0; })) {
      rewriter.replaceOp(op, tensor::ExtractSliceOp::create(
                                 rewriter, loc, resultType, input, ValueRange{}, ValueRange{},
                                 ValueRange{}, op.getOffsets(), op.getSizes(), op.getStrides()));
      return success();
    }
    // Negative strides: out[i] = in[offset + i * stride].
    ArrayRef<int64_t> offsets = op.getOffsets(), strides = op.getStrides();
    rewriter.replaceOp(op, gatherGeneric(rewriter, loc, resultType, {}, {},
                                         [&](OpBuilder &b, Location l, ValueRange idx, ValueRange) {
                                           SmallVector<Value> at;
                                           for (auto [d, i] : llvm::enumerate(idx)) {
                                             Value scaled = arith::MulIOp::create(
                                                 b, l, i, arith::ConstantIndexOp::create(b, l, strides[d]));
                                             at.push_back(arith::AddIOp::create(
                                                 b, l, scaled, arith::ConstantIndexOp::create(b, l, offsets[d])));
                                           }
                                           return tensor::ExtractOp::create(b, l, input, at);
                                         }));
    return success();
  }
};

struct GatherToGeneric : OpConversionPattern<nn::GatherOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(nn::GatherOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = convertedType(*this, op.getType());
    Value data = adaptor.getInput(), indices = adaptor.getIndices();
    int64_t axis = op.getAxis(), q = tensorType(indices).getRank();
    int64_t dim = tensorType(data).getDimSize(axis);
    bool isUnsigned = op.getIndices().getType().getElementType().isUnsignedInteger();
    SmallVector<AffineExpr> ie;
    for (int64_t i = 0; i < q; ++i)
      ie.push_back(rewriter.getAffineDimExpr(axis + i));
    AffineMap indexMap = AffineMap::get(resultType.getRank(), 0, ie, rewriter.getContext());
    rewriter.replaceOp(op, gatherGeneric(rewriter, loc, resultType, indices, indexMap,
                                         [&](OpBuilder &b, Location l, ValueRange idx, ValueRange args) {
                                           Value i = wrappedIndex(b, l, args[0], isUnsigned, dim);
                                           SmallVector<Value> at(idx.take_front(axis));
                                           at.push_back(i);
                                           llvm::append_range(at, idx.drop_front(axis + q));
                                           return tensor::ExtractOp::create(b, l, data, at);
                                         }));
    return success();
  }
};

/// out[i] = data[i with i[axis] = indices[i]]: a generic over the indices.
struct GatherElementsToGeneric : OpConversionPattern<nn::GatherElementsOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(nn::GatherElementsOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    RankedTensorType resultType = convertedType(*this, op.getType());
    Value data = adaptor.getInput(), indices = adaptor.getIndices();
    int64_t axis = op.getAxis(), dim = tensorType(data).getDimSize(axis);
    bool isUnsigned = op.getIndices().getType().getElementType().isUnsignedInteger();
    AffineMap indexMap = rewriter.getMultiDimIdentityMap(resultType.getRank());
    rewriter.replaceOp(op, gatherGeneric(rewriter, op.getLoc(), resultType, indices, indexMap,
                                         [&](OpBuilder &b, Location l, ValueRange idx, ValueRange args) {
                                           SmallVector<Value> at(idx);
                                           at[axis] = wrappedIndex(b, l, args[0], isUnsigned, dim);
                                           return tensor::ExtractOp::create(b, l, data, at);
                                         }));
    return success();
  }
};

/// out[i, j] = data[i[:b], indices[i], j]: a generic over the result that
/// reads each index tuple from `indices` (clamped into the input: an index
/// out of range is an error in ONNX, and must not read outside the buffer).
struct GatherNDToGeneric : OpConversionPattern<nn::GatherNDOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(nn::GatherNDOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    RankedTensorType resultType = convertedType(*this, op.getType());
    Value data = adaptor.getInput(), indices = adaptor.getIndices();
    ArrayRef<int64_t> dataShape = tensorType(data).getShape();
    int64_t batch = op.getBatchDims(), q = tensorType(indices).getRank();
    int64_t r = tensorType(indices).getDimSize(q - 1);
    bool isUnsigned = op.getIndices().getType().getElementType().isUnsignedInteger();
    rewriter.replaceOp(op, gatherGeneric(rewriter, op.getLoc(), resultType, {}, {},
                                         [&](OpBuilder &b, Location l, ValueRange idx, ValueRange) {
                                           SmallVector<Value> at(idx.take_front(batch));
                                           SmallVector<Value> tuple(idx.take_front(q - 1));
                                           tuple.push_back(Value());
                                           for (int64_t k = 0; k < r; ++k) {
                                             tuple.back() = arith::ConstantIndexOp::create(b, l, k);
                                             Value raw = tensor::ExtractOp::create(b, l, indices, tuple);
                                             at.push_back(clampedIndex(b, l, raw, isUnsigned, dataShape[batch + k]));
                                           }
                                           llvm::append_range(at, idx.drop_front(q - 1));
                                           return tensor::ExtractOp::create(b, l, data, at);
                                         }));
    return success();
  }
};

struct PadToTensor : OpConversionPattern<nn::PadOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(nn::PadOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    RankedTensorType resultType = convertedType(*this, op.getType());
    Value input = adaptor.getInput();
    auto type = tensorType(input);
    int64_t rank = type.getRank();
    ArrayRef<int64_t> pads = op.getPads();
    // Negative pads crop first.
    SmallVector<int64_t> offsets(rank, 0), sizes(type.getShape()), ones(rank, 1), low, high;
    bool crop = false;
    for (int64_t d = 0; d < rank; ++d) {
      if (pads[d] < 0) {
        offsets[d] = -pads[d];
        sizes[d] += pads[d];
        crop = true;
      }
      if (pads[d + rank] < 0) {
        sizes[d] += pads[d + rank];
        crop = true;
      }
      low.push_back(std::max<int64_t>(0, pads[d]));
      high.push_back(std::max<int64_t>(0, pads[d + rank]));
    }
    if (crop)
      input = tensor::ExtractSliceOp::create(
          b, loc, RankedTensorType::get(sizes, type.getElementType()), input, ValueRange{},
          ValueRange{}, ValueRange{}, offsets, sizes, ones);
    if (op.getMode() == "constant") {
      Value value = extractScalar(b, loc, adaptor.getValue());
      rewriter.replaceOp(op, padConstant(b, loc, input, low, high, value));
      return success();
    }
    // edge clamps the index into the input; reflect mirrors it without
    // repeating the border element.
    bool reflect = op.getMode() == "reflect";
    ArrayRef<int64_t> inShape = tensorType(input).getShape();
    rewriter.replaceOp(op, gatherGeneric(b, loc, resultType, {}, {},
                                         [&](OpBuilder &nb, Location l, ValueRange idx, ValueRange) {
                                           SmallVector<Value> at;
                                           for (int64_t d = 0; d < rank; ++d) {
                                             auto c = [&](int64_t v) { return arith::ConstantIndexOp::create(nb, l, v); };
                                             Value i = arith::SubIOp::create(nb, l, idx[d], c(low[d]));
                                             Value last = c(inShape[d] - 1);
                                             if (reflect) {
                                               // i < 0 -> -i; i > last -> 2 * last - i
                                               Value neg = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::slt, i, c(0));
                                               i = arith::SelectOp::create(nb, l, neg, arith::SubIOp::create(nb, l, c(0), i), i);
                                               Value over = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::sgt, i, last);
                                               Value mirrored = arith::SubIOp::create(nb, l, c(2 * (inShape[d] - 1)), i);
                                               i = arith::SelectOp::create(nb, l, over, mirrored, i);
                                             } else {
                                               i = arith::MaxSIOp::create(nb, l, i, c(0));
                                               i = arith::MinSIOp::create(nb, l, i, last);
                                             }
                                             at.push_back(i);
                                           }
                                           return tensor::ExtractOp::create(nb, l, input, at);
                                         }));
    return success();
  }
};
} // namespace

Value qat::codegen::wrappedIndex(OpBuilder &b, Location l, Value raw, bool isUnsigned,
                                int64_t dim) {
  Value i = isUnsigned ? (Value)arith::IndexCastUIOp::create(b, l, b.getIndexType(), raw)
                       : (Value)arith::IndexCastOp::create(b, l, b.getIndexType(), raw);
  Value zero = arith::ConstantIndexOp::create(b, l, 0);
  Value negative = arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, i, zero);
  Value wrapped = arith::AddIOp::create(b, l, i, arith::ConstantIndexOp::create(b, l, dim));
  return arith::SelectOp::create(b, l, negative, wrapped, i);
}

Value qat::codegen::clampedIndex(OpBuilder &b, Location l, Value raw, bool isUnsigned,
                                 int64_t dim) {
  Value i = wrappedIndex(b, l, raw, isUnsigned, dim);
  i = arith::MaxSIOp::create(b, l, i, arith::ConstantIndexOp::create(b, l, 0));
  return arith::MinSIOp::create(b, l, i, arith::ConstantIndexOp::create(b, l, dim - 1));
}

void qat::codegen::populateNNDataMovementToLinalgPatterns(TypeConverter &converter,
                                                          RewritePatternSet &patterns) {
  patterns.add<ReshapeToTensor, ExpandToGeneric, TransposeToLinalg, ConcatToInsertSlices, SliceToTensor,
               GatherToGeneric, GatherElementsToGeneric, GatherNDToGeneric, PadToTensor>(converter, patterns.getContext());
}
