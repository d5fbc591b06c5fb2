//===- NNScatterToLoops.cpp - ScatterElements / ScatterND -> scf loops ----===//
//
// A scatter is sequential: updates land in order, a repeated index keeps
// the last one (or accumulates, with a reduction), so it is not a parallel
// linalg op. It becomes a loop nest over the updates carrying the result
// tensor (a copy of the input), one tensor.insert per update; bufferization
// turns that into stores into one buffer. Indices are clamped into the
// tensor: ONNX calls an index out of range an error, and a store must not
// land outside the buffer.
//
//===----------------------------------------------------------------------===//
#include "codegen/NNToLinalgCommon.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace qat;
using namespace qat::codegen;

namespace {
Value combine(OpBuilder &b, Location l, StringRef reduction, Value old, Value update,
              bool isUnsigned) {
  if (reduction == "add")
    return addOf(b, l, old, update);
  if (reduction == "mul")
    return mulOf(b, l, old, update);
  if (reduction == "max")
    return maxValue(b, l, old, update, isUnsigned);
  if (reduction == "min")
    return minValue(b, l, old, update, isUnsigned);
  return update;
}

/// for i in updates (row-major): out[target(i)] = combine(out[target(i)], updates[i]).
Value scatterLoops(OpBuilder &rewriter, Location loc, Value data, Value updates,
                   StringRef reduction, bool isUnsigned,
                   function_ref<SmallVector<Value>(OpBuilder &, Location, ValueRange)> target) {
  SmallVector<Value> lbs, ubs, steps;
  for (int64_t d : tensorType(updates).getShape()) {
    lbs.push_back(arith::ConstantIndexOp::create(rewriter, loc, 0));
    ubs.push_back(arith::ConstantIndexOp::create(rewriter, loc, d));
    steps.push_back(arith::ConstantIndexOp::create(rewriter, loc, 1));
  }
  scf::LoopNest nest = scf::buildLoopNest(
      rewriter, loc, lbs, ubs, steps, ValueRange{data},
      [&](OpBuilder &b, Location l, ValueRange ivs, ValueRange carried) -> scf::ValueVector {
        SmallVector<Value> at = target(b, l, ivs);
        Value v = tensor::ExtractOp::create(b, l, updates, ivs);
        if (reduction != "none")
          v = combine(b, l, reduction, tensor::ExtractOp::create(b, l, carried[0], at), v,
                      isUnsigned);
        return {tensor::InsertOp::create(b, l, v, carried[0], at)};
      });
  return nest.results.empty() ? data : nest.results.front();
}

bool unsignedElements(Value v) {
  return cast<RankedTensorType>(v.getType()).getElementType().isUnsignedInteger();
}

/// out[i with i[axis] = indices[i]] (op)= updates[i].
struct ScatterElementsToLoops : OpConversionPattern<nn::ScatterElementsOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(nn::ScatterElementsOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Value data = adaptor.getInput(), indices = adaptor.getIndices();
    int64_t axis = op.getAxis(), dim = tensorType(data).getDimSize(axis);
    bool indexUnsigned = unsignedElements(op.getIndices());
    rewriter.replaceOp(op, scatterLoops(rewriter, op.getLoc(), data, adaptor.getUpdates(),
                                        op.getReduction(), unsignedElements(op.getInput()),
                                        [&](OpBuilder &b, Location l, ValueRange ivs) {
                                          SmallVector<Value> at(ivs);
                                          Value raw = tensor::ExtractOp::create(b, l, indices, ivs);
                                          at[axis] = clampedIndex(b, l, raw, indexUnsigned, dim);
                                          return at;
                                        }));
    return success();
  }
};

/// out[indices[i], j] (op)= updates[i, j].
struct ScatterNDToLoops : OpConversionPattern<nn::ScatterNDOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(nn::ScatterNDOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Value data = adaptor.getInput(), indices = adaptor.getIndices();
    ArrayRef<int64_t> dataShape = tensorType(data).getShape();
    int64_t q = tensorType(indices).getRank(), r = tensorType(indices).getDimSize(q - 1);
    bool indexUnsigned = unsignedElements(op.getIndices());
    rewriter.replaceOp(op, scatterLoops(rewriter, op.getLoc(), data, adaptor.getUpdates(),
                                        op.getReduction(), unsignedElements(op.getInput()),
                                        [&](OpBuilder &b, Location l, ValueRange ivs) {
                                          SmallVector<Value> at, tuple(ivs.take_front(q - 1));
                                          tuple.push_back(Value());
                                          for (int64_t k = 0; k < r; ++k) {
                                            tuple.back() = arith::ConstantIndexOp::create(b, l, k);
                                            Value raw = tensor::ExtractOp::create(b, l, indices, tuple);
                                            at.push_back(clampedIndex(b, l, raw, indexUnsigned, dataShape[k]));
                                          }
                                          llvm::append_range(at, ivs.drop_front(q - 1));
                                          return at;
                                        }));
    return success();
  }
};
} // namespace

void qat::codegen::populateNNScatterToLoopsPatterns(TypeConverter &converter,
                                                    RewritePatternSet &patterns) {
  patterns.add<ScatterElementsToLoops, ScatterNDToLoops>(converter, patterns.getContext());
}
