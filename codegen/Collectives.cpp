//===- Collectives.cpp - nn.all_reduce and SyncBatchNorm's sums ------------===//
//
// The sum over the replicas is a runtime call on a buffer, so it is built
// in buffer form inside the tensor program: the operands are written into
// one fresh flat buffer (bufferization.materialize_in_destination, into a
// subview each), the
// call sums it in place, and bufferization.to_tensor (restrict: nothing
// else aliases the buffer) hands it back to the tensor ops, which take
// each operand's part as a view. One-shot bufferization keeps the copy-in
// and the views; the buffer is freed like any other allocation.
//
//===----------------------------------------------------------------------===//
#include "codegen/Collectives.h"
#include "codegen/NNToLinalgCommon.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace qat;
using namespace qat::codegen;

SmallVector<Value> qat::codegen::allReduceSum(OpBuilder &b, Location loc, ValueRange values) {
  Type f32 = b.getF32Type();
  SmallVector<int64_t> sizes;
  int64_t total = 0;
  for (Value v : values) {
    sizes.push_back(tensorType(v).getNumElements());
    total += sizes.back();
  }
  auto flatType = RankedTensorType::get({total}, f32);
  auto bufferType = MemRefType::get({total}, f32);
  Value buffer = memref::AllocOp::create(b, loc, bufferType, b.getI64IntegerAttr(64));
  int64_t offset = 0;
  for (auto [v, n] : llvm::zip(values, sizes)) {
    Value part = memref::SubViewOp::create(b, loc, buffer, ArrayRef<int64_t>{offset},
                                           ArrayRef<int64_t>{n}, ArrayRef<int64_t>{1});
    // Not `restrict`: the buffer is returned by a restrict to_tensor below,
    // and a restrict copy-in would let empty-tensor elimination compute the
    // operand inside the buffer the call then overwrites.
    bufferization::MaterializeInDestinationOp::create(b, loc, Type(), reshape(b, loc, v, {n}),
                                                       part, /*restrict=*/false,
                                                       /*writable=*/true);
    offset += n;
  }
  Value dynamic =
      memref::CastOp::create(b, loc, MemRefType::get({ShapedType::kDynamic}, f32), buffer);
  func::CallOp::create(b, loc, kAllReduceFunction, TypeRange{}, ValueRange{dynamic});
  Value summed = bufferization::ToTensorOp::create(b, loc, flatType, buffer, /*restrict=*/true,
                                                   /*writable=*/true);
  SmallVector<Value> results;
  offset = 0;
  for (auto [v, n] : llvm::zip(values, sizes)) {
    Value part = tensor::ExtractSliceOp::create(b, loc, summed,
                                                ArrayRef<OpFoldResult>{b.getIndexAttr(offset)},
                                                ArrayRef<OpFoldResult>{b.getIndexAttr(n)},
                                                ArrayRef<OpFoldResult>{b.getIndexAttr(1)});
    results.push_back(reshape(b, loc, part, tensorType(v).getShape()));
    offset += n;
  }
  return results;
}

void qat::codegen::declareCollectives(ModuleOp module) {
  if (module.lookupSymbol(kAllReduceFunction))
    return;
  bool used = false;
  module.walk([&](func::CallOp call) {
    used |= call.getCallee() == kAllReduceFunction;
  });
  if (!used)
    return;
  OpBuilder b = OpBuilder::atBlockBegin(module.getBody());
  Type buffer = MemRefType::get({ShapedType::kDynamic}, b.getF32Type());
  auto decl = func::FuncOp::create(b, module.getLoc(), kAllReduceFunction,
                                   b.getFunctionType({buffer}, {}));
  decl.setPrivate();
  // The runtime takes the memref descriptor by pointer (memref.h).
  decl->setAttr("llvm.emit_c_interface", b.getUnitAttr());
}

namespace {
struct AllReduceToCall : OpConversionPattern<nn::AllReduceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(nn::AllReduceOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    SmallVector<Value> sums = allReduceSum(rewriter, loc, adaptor.getInputs());
    if (op.getMean()) {
      double replicas = (double)op.getReplicas();
      for (Value &s : sums)
        s = elementwise(rewriter, loc, tensorType(s), s,
                        [&](OpBuilder &nb, Location l, ValueRange a) {
                          Type t = a[0].getType();
                          return arith::DivFOp::create(nb, l, a[0],
                                                       scalarConstant(nb, l, t, replicas));
                        });
    }
    rewriter.replaceOp(op, sums);
    return success();
  }
};
} // namespace

void qat::codegen::populateCollectivesToLinalgPatterns(TypeConverter &converter,
                                                       RewritePatternSet &patterns) {
  patterns.add<AllReduceToCall>(converter, patterns.getContext());
}
