//===- KeptBuffersToLLVM.cpp - allocations the pool keeps for their site -----===//
//
// An allocation qat-zero-padding-once marked (`qat.kept_buffer_site`) gets
// its block from the runtime pool's list for that site:
// qat_buffer_alloc_kept(alignment, bytes, site) returns a block this site
// freed before, holding what it held then, or a new block of zeros
// (runtime/kernels/buffer_pool.c). Its memref.dealloc stays the pool's
// free, which files the block back under its site. Runs before
// finalize-memref-to-llvm, which lowers every other allocation.
//
//===----------------------------------------------------------------------===//
#include "codegen/Passes.h"

#include "mlir/Conversion/LLVMCommon/MemRefBuilder.h"
#include "mlir/Conversion/LLVMCommon/Pattern.h"
#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Dialect/LLVMIR/FunctionCallUtils.h"

namespace qat::codegen {
#define GEN_PASS_DEF_KEPTBUFFERSTOLLVM
#include "codegen/Passes.h.inc"
} // namespace qat::codegen

using namespace mlir;

namespace {

struct LowerKeptAlloc : ConvertOpToLLVMPattern<memref::AllocOp> {
  using ConvertOpToLLVMPattern::ConvertOpToLLVMPattern;

  LogicalResult matchAndRewrite(memref::AllocOp op, OpAdaptor,
                                ConversionPatternRewriter &rewriter) const override {
    auto site = op->getAttrOfType<IntegerAttr>(qat::codegen::kKeptBufferSiteAttr);
    MemRefType type = op.getType();
    if (!site || !type.hasStaticShape() || !type.getElementType().isIntOrFloat())
      return rewriter.notifyMatchFailure(op, "not a kept buffer of a static shape");
    Location loc = op.getLoc();
    Type i64 = rewriter.getI64Type();
    auto ptr = LLVM::LLVMPointerType::get(rewriter.getContext());
    FailureOr<LLVM::LLVMFuncOp> fn = LLVM::lookupOrCreateFn(
        rewriter, op->getParentOfType<ModuleOp>(), "qat_buffer_alloc_kept", {i64, i64, i64}, ptr);
    if (failed(fn))
      return failure();
    int64_t align = std::max<int64_t>(op.getAlignment().value_or(64), 64);
    int64_t bytes = type.getNumElements() *
                    static_cast<int64_t>(llvm::divideCeil(type.getElementTypeBitWidth(), 8));
    auto constant = [&](int64_t v) {
      return LLVM::ConstantOp::create(rewriter, loc, i64, rewriter.getI64IntegerAttr(v));
    };
    auto call = LLVM::CallOp::create(
        rewriter, loc, *fn,
        ValueRange{constant(align), constant(llvm::alignTo(bytes, align)), constant(site.getInt())});
    Value descriptor = MemRefDescriptor::fromStaticShape(rewriter, loc, *getTypeConverter(), type,
                                                         call.getResult());
    rewriter.replaceOp(op, descriptor);
    return success();
  }
};

struct KeptBuffersToLLVM : qat::codegen::impl::KeptBuffersToLLVMBase<KeptBuffersToLLVM> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    LLVMTypeConverter converter(ctx);
    RewritePatternSet patterns(ctx);
    patterns.add<LowerKeptAlloc>(converter);
    ConversionTarget target(*ctx);
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    target.addDynamicallyLegalOp<memref::AllocOp>(
        [](memref::AllocOp op) { return !op->hasAttr(qat::codegen::kKeptBufferSiteAttr); });
    target.addLegalDialect<LLVM::LLVMDialect>();
    if (failed(applyPartialConversion(getOperation(), target, std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
