//===- LowerNNToLinalg.cpp - the qat-lower-nn-to-linalg pass ---------------===//
#include "codegen/Collectives.h"
#include "codegen/NNToLinalgCommon.h"
#include "codegen/Passes.h"
#include "dialects/NN/NNDialect.h"
#include "dialects/QAT/QATDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

namespace qat::codegen {
#define GEN_PASS_DEF_LOWERNNTOLINALG
#include "codegen/Passes.h.inc"
} // namespace qat::codegen

using namespace mlir;
using namespace qat;

namespace {
/// Unsigned integers (ONNX uint8, ...) become signless: arith and linalg
/// only take signless integers. The patterns read signedness off the
/// original nn types.
class SignlessTypeConverter : public TypeConverter {
public:
  SignlessTypeConverter() {
    addConversion([](Type t) { return t; });
    addConversion([](IntegerType t) -> Type {
      return t.isSignless() ? t : IntegerType::get(t.getContext(), t.getWidth());
    });
    addConversion([this](RankedTensorType t) -> Type {
      return RankedTensorType::get(t.getShape(), convertType(t.getElementType()));
    });
    auto cast = [](OpBuilder &b, Type type, ValueRange inputs, Location loc) -> Value {
      return UnrealizedConversionCastOp::create(b, loc, type, inputs).getResult(0);
    };
    addSourceMaterialization(cast);
    addTargetMaterialization(cast);
  }
};

/// Constants of unsigned element type become signless bit-for-bit.
struct SignlessConstant : OpConversionPattern<arith::ConstantOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(arith::ConstantOp op, OpAdaptor,
                                ConversionPatternRewriter &rewriter) const override {
    auto dense = dyn_cast<DenseIntElementsAttr>(op.getValue());
    Type type = getTypeConverter()->convertType(op.getType());
    if (!dense || !type || type == op.getType())
      return failure();
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(
        op, type, dense.bitcast(cast<ShapedType>(type).getElementType()));
    return success();
  }
};

} // namespace

void qat::codegen::populateNNToLinalgPatterns(TypeConverter &converter,
                                              RewritePatternSet &patterns) {
  populateNNElementwiseToLinalgPatterns(converter, patterns);
  populateNNConvToLinalgPatterns(converter, patterns);
  populateNNPoolToLinalgPatterns(converter, patterns);
  populateNNContractionToLinalgPatterns(converter, patterns);
  populateNNNormalizationToLinalgPatterns(converter, patterns);
  populateNNDataMovementToLinalgPatterns(converter, patterns);
  populateNNResizeToLinalgPatterns(converter, patterns);
  populateNNScatterToLoopsPatterns(converter, patterns);
  populateNNTrainingToLinalgPatterns(converter, patterns);
  populateNNBackwardToLinalgPatterns(converter, patterns);
  populateCollectivesToLinalgPatterns(converter, patterns);
}

namespace {
struct LowerNNToLinalg : qat::codegen::impl::LowerNNToLinalgBase<LowerNNToLinalg> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    SignlessTypeConverter converter;
    ConversionTarget target(*ctx);
    target.addLegalDialect<linalg::LinalgDialect, tensor::TensorDialect, arith::ArithDialect,
                           math::MathDialect, scf::SCFDialect>();
    // Grouped convolutions start from a zero alloc_tensor of their own.
    target.addLegalOp<bufferization::AllocTensorOp>();
    // The replicas' sums are a runtime call on a buffer (Collectives.h).
    target.addLegalOp<memref::AllocOp, memref::CastOp, memref::SubViewOp, bufferization::MaterializeInDestinationOp,
                      bufferization::ToTensorOp>();
    target.addIllegalDialect<nn::NNDialect, qat::QATDialect>();
    target.addDynamicallyLegalOp<arith::ConstantOp>(
        [&](arith::ConstantOp op) { return converter.isLegal(op.getType()); });
    target.addDynamicallyLegalOp<func::FuncOp>([&](func::FuncOp op) {
      return converter.isSignatureLegal(op.getFunctionType()) &&
             converter.isLegal(&op.getBody());
    });
    target.addDynamicallyLegalOp<func::ReturnOp, func::CallOp>(
        [&](Operation *op) { return converter.isLegal(op); });

    RewritePatternSet patterns(ctx);
    qat::codegen::populateNNToLinalgPatterns(converter, patterns);
    qat::codegen::populateQATToLinalgPatterns(converter, patterns);
    qat::codegen::populateQATTrainingToLinalgPatterns(converter, patterns);
    qat::codegen::populateL1NormPatterns(converter, patterns);
    qat::codegen::populateIntegerToLinalgPatterns(converter, patterns);
    patterns.add<SignlessConstant>(converter, ctx);
    populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(patterns, converter);
    populateReturnOpTypeConversionPattern(patterns, converter);
    populateCallOpTypeConversionPattern(patterns, converter);
    if (failed(applyPartialConversion(getOperation(), target, std::move(patterns))))
      return signalPassFailure();
    qat::codegen::declareCollectives(getOperation());
  }
};
} // namespace
