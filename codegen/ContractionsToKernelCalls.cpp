//===- ContractionsToKernelCalls.cpp - 2-D f32 contractions -> qat_sgemm_f32 ===//
#include "codegen/BufferAnalysis.h"
#include "codegen/KernelEpilogue.h"
#include "codegen/Passes.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace qat::codegen {
#define GEN_PASS_DEF_CONTRACTIONSTOKERNELCALLS
#include "codegen/Passes.h.inc"
} // namespace qat::codegen

using namespace mlir;
using namespace qat::codegen;

namespace {
constexpr StringLiteral kKernel = "qat_sgemm_f32";

/// The operand type the kernel takes: any 2-D strided f32 buffer.
MemRefType kernelOperandType(MLIRContext *ctx) {
  auto layout = StridedLayoutAttr::get(ctx, ShapedType::kDynamic,
                                       {ShapedType::kDynamic, ShapedType::kDynamic});
  return MemRefType::get({ShapedType::kDynamic, ShapedType::kDynamic},
                         Float32Type::get(ctx), layout);
}

/// Whether `op` is C[m, n] += A[m, k] * B[k, n] on 2-D f32 buffers, and
/// whether A and B are read transposed.
bool matchContraction(linalg::GenericOp op, bool &transA, bool &transB) {
  if (!op.hasPureBufferSemantics() || op.getNumLoops() != 3 || op.getNumDpsInputs() != 2 ||
      op.getNumDpsInits() != 1)
    return false;
  auto iterators = op.getIteratorTypesArray();
  if (iterators[0] != utils::IteratorType::parallel ||
      iterators[1] != utils::IteratorType::parallel ||
      iterators[2] != utils::IteratorType::reduction)
    return false;
  for (OpOperand &operand : op->getOpOperands()) {
    auto type = dyn_cast<MemRefType>(operand.get().getType());
    if (!type || type.getRank() != 2 || !type.getElementType().isF32())
      return false;
  }
  MLIRContext *ctx = op.getContext();
  auto map = [&](unsigned r, unsigned c) {
    return AffineMap::get(3, 0, {getAffineDimExpr(r, ctx), getAffineDimExpr(c, ctx)}, ctx);
  };
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  if (maps[2] != map(0, 1))
    return false;
  if (maps[0] == map(0, 2))
    transA = false;
  else if (maps[0] == map(2, 0))
    transA = true;
  else
    return false;
  if (maps[1] == map(2, 1))
    transB = false;
  else if (maps[1] == map(1, 2))
    transB = true;
  else
    return false;
  // Body: yield(out + a * b), in either operand order.
  Block &body = op.getRegion().front();
  if (body.getOperations().size() != 3)
    return false;
  auto mul = dyn_cast<arith::MulFOp>(body.getOperations().front());
  auto add = dyn_cast<arith::AddFOp>(*std::next(body.begin()));
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  if (!mul || !add || yield.getValues().size() != 1 || yield.getValues()[0] != add.getResult())
    return false;
  Value a = body.getArgument(0), b = body.getArgument(1), c = body.getArgument(2);
  bool mulOk = (mul.getLhs() == a && mul.getRhs() == b) || (mul.getLhs() == b && mul.getRhs() == a);
  bool addOk = (add.getLhs() == c && add.getRhs() == mul.getResult()) ||
               (add.getRhs() == c && add.getLhs() == mul.getResult());
  return mulOk && addOk;
}

/// Whether `v` is a view of a constant global (model weights): the kernel
/// may then cache its packed form across calls.
bool isConstantBuffer(Value v) {
  while (Operation *def = v.getDefiningOp()) {
    if (auto global = dyn_cast<memref::GetGlobalOp>(def)) {
      auto decl = SymbolTable::lookupNearestSymbolFrom<memref::GlobalOp>(def, global.getNameAttr());
      return decl && decl.getConstant();
    }
    if (!isa<memref::CollapseShapeOp, memref::ExpandShapeOp, memref::CastOp,
             memref::SubViewOp, memref::ReinterpretCastOp>(def))
      return false;
    v = def->getOperand(0);
  }
  return false;
}

struct ContractionToKernelCall : OpRewritePattern<linalg::GenericOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(linalg::GenericOp op,
                                PatternRewriter &rewriter) const override {
    bool transA, transB;
    if (!matchContraction(op, transA, transB))
      return failure();
    Location loc = op.getLoc();
    MemRefType type = kernelOperandType(op.getContext());
    SmallVector<Value> args;
    for (Value v : {op.getDpsInputs()[0], op.getDpsInputs()[1], op.getDpsInits()[0]})
      args.push_back(memref::CastOp::create(rewriter, loc, type, v));
    args.push_back(arith::ConstantIntOp::create(rewriter, loc, transA, 32));
    args.push_back(arith::ConstantIntOp::create(rewriter, loc, transB, 32));
    args.push_back(
        arith::ConstantIntOp::create(rewriter, loc, isConstantBuffer(op.getDpsInputs()[0]), 32));
    func::CallOp::create(rewriter, loc, kKernel, TypeRange{}, args);
    rewriter.eraseOp(op);
    return success();
  }
};

constexpr StringLiteral kConvKernel = "qat_conv2d_f32";

/// Contiguous 4-D f32 buffer (what the conv kernel indexes directly).
bool isContiguousF32(Value v, int64_t rank) {
  auto type = dyn_cast<MemRefType>(v.getType());
  return type && type.getRank() == rank && type.getElementType().isF32() &&
         type.hasStaticShape() && type.getLayout().isIdentity();
}

bool matchConv(linalg::Conv2DNchwFchwOp op) {
  return op.hasPureBufferSemantics() && isContiguousF32(op.getDpsInputs()[0], 4) &&
         isContiguousF32(op.getDpsInputs()[1], 4) && isContiguousF32(op.getDpsInits()[0], 4);
}

/// A zero-padded copy of a buffer, as bufferized tensor.pad leaves it:
///   %pad = memref.alloc; fill %pad with 0; %view = subview %pad[0, 0, t, l];
///   memref.copy %source, %view
/// The kernel reads the padding as zeros itself, so the copy is not needed.
struct ZeroPadding {
  Value source;
  int64_t top = 0, left = 0;
  SmallVector<Operation *> ops; // the fill, subview, copy, deallocs and alloc
};

std::optional<ZeroPadding> matchZeroPadding(Value padded, Operation *conv) {
  auto alloc = padded.getDefiningOp<memref::AllocOp>();
  if (!alloc)
    return std::nullopt;
  ZeroPadding pad;
  Operation *fill = nullptr, *copy = nullptr;
  for (Operation *user : alloc->getUsers()) {
    if (user == conv || isa<memref::DeallocOp>(user)) {
      if (user != conv)
        pad.ops.push_back(user);
      continue;
    }
    if (auto map = dyn_cast<linalg::MapOp>(user)) {
      auto yield = cast<linalg::YieldOp>(map.getMapper().front().getTerminator());
      if (fill || map.getInputs().size() != 0 || !matchPattern(yield.getValues()[0], m_AnyZeroFloat()))
        return std::nullopt;
      fill = map;
      continue;
    }
    if (auto f = dyn_cast<linalg::FillOp>(user)) {
      if (fill || !matchPattern(f.getInputs()[0], m_AnyZeroFloat()))
        return std::nullopt;
      fill = f;
      continue;
    }
    auto view = dyn_cast<memref::SubViewOp>(user);
    if (!view || copy || !view->hasOneUse())
      return std::nullopt;
    auto c = dyn_cast<memref::CopyOp>(*view->getUsers().begin());
    ArrayRef<int64_t> offsets = view.getStaticOffsets();
    if (!c || c.getTarget() != view.getResult() || offsets.size() != 4 || offsets[0] != 0 ||
        offsets[1] != 0 || !llvm::all_of(view.getStaticStrides(), [](int64_t s) { return s == 1; }) ||
        !isContiguousF32(c.getSource(), 4))
      return std::nullopt;
    pad.top = offsets[2];
    pad.left = offsets[3];
    pad.source = c.getSource();
    copy = c;
    pad.ops.push_back(c);
    pad.ops.push_back(view);
  }
  // The copy is a snapshot of the source: it may only be skipped if nothing
  // writes the source between the copy and the convolution.
  if (!fill || !copy || copy->getBlock() != conv->getBlock() ||
      !copy->isBeforeInBlock(conv) || mayWriteBetween(copy, conv, rootBuffer(pad.source)))
    return std::nullopt;
  pad.ops.push_back(fill);
  pad.ops.push_back(alloc);
  return pad;
}

/// linalg.conv_2d_nchw_fchw on contiguous buffers -> the implicit-GEMM kernel.
struct ConvToKernelCall : OpRewritePattern<linalg::Conv2DNchwFchwOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(linalg::Conv2DNchwFchwOp op,
                                PatternRewriter &rewriter) const override {
    if (!matchConv(op))
      return failure();
    Location loc = op.getLoc();
    Value input = op.getDpsInputs()[0];
    int64_t top = 0, left = 0;
    std::optional<ZeroPadding> pad = matchZeroPadding(input, op);
    if (pad) {
      input = pad->source;
      top = pad->top;
      left = pad->left;
    }
    Value output = op.getDpsInits()[0];
    int64_t filters = cast<MemRefType>(output.getType()).getDimSize(1);
    KernelEpilogue epi = matchKernelEpilogue(op, output, filters);
    // Unused epilogue operands are the output itself: never read.
    Value bias = output, residual = epi.residual ? epi.residual : output;
    if (epi.bias) {
      MemRefType biasType = cast<MemRefType>(epi.bias.getType());
      ReassociationIndices all = llvm::to_vector(llvm::seq<int64_t>(0, biasType.getRank()));
      bias = memref::CollapseShapeOp::create(rewriter, loc, epi.bias,
                                             ArrayRef<ReassociationIndices>{all});
    } else {
      ReassociationIndices all = {0, 1, 2, 3};
      bias = memref::CollapseShapeOp::create(rewriter, loc, output,
                                             ArrayRef<ReassociationIndices>{all});
    }
    SmallVector<Value> args{input, op.getDpsInputs()[1], output};
    args.push_back(arith::ConstantIntOp::create(rewriter, loc, top, 64));
    args.push_back(arith::ConstantIntOp::create(rewriter, loc, left, 64));
    for (int64_t v : llvm::concat<const int64_t>(
             llvm::to_vector(op.getStrides().getValues<int64_t>()),
             llvm::to_vector(op.getDilations().getValues<int64_t>())))
      args.push_back(arith::ConstantIntOp::create(rewriter, loc, v, 64));
    args.push_back(
        arith::ConstantIntOp::create(rewriter, loc, isConstantBuffer(op.getDpsInputs()[1]), 32));
    args.push_back(arith::ConstantIntOp::create(rewriter, loc, epi.flags, 32));
    args.push_back(arith::ConstantFloatOp::create(rewriter, loc, rewriter.getF32Type(),
                                                  APFloat(epi.lo)));
    args.push_back(arith::ConstantFloatOp::create(rewriter, loc, rewriter.getF32Type(),
                                                  APFloat(epi.hi)));
    MLIRContext *ctx = op.getContext();
    SmallVector<Value> casted;
    for (Value v : ArrayRef(args).take_front(3))
      casted.push_back(memref::CastOp::create(rewriter, loc, convOperandType(ctx), v));
    casted.push_back(memref::CastOp::create(rewriter, loc, biasOperandType(ctx), bias));
    casted.push_back(memref::CastOp::create(rewriter, loc, convOperandType(ctx), residual));
    llvm::append_range(casted, ArrayRef(args).drop_front(3));
    func::CallOp::create(rewriter, loc, kConvKernel, TypeRange{}, casted);
    rewriter.eraseOp(op);
    for (Operation *absorbed : {epi.prologue, epi.epilogue})
      if (absorbed)
        rewriter.eraseOp(absorbed);
    if (pad)
      for (Operation *dead : pad->ops)
        rewriter.eraseOp(dead);
    return success();
  }
  static MemRefType biasOperandType(MLIRContext *ctx) {
    return MemRefType::get({ShapedType::kDynamic}, Float32Type::get(ctx),
                           StridedLayoutAttr::get(ctx, ShapedType::kDynamic,
                                                  {ShapedType::kDynamic}));
  }
  static MemRefType convOperandType(MLIRContext *ctx) {
    SmallVector<int64_t> dyn(4, ShapedType::kDynamic);
    return MemRefType::get(dyn, Float32Type::get(ctx),
                           StridedLayoutAttr::get(ctx, ShapedType::kDynamic, dyn));
  }
};

struct ContractionsToKernelCalls
    : qat::codegen::impl::ContractionsToKernelCallsBase<ContractionsToKernelCalls> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    bool anyGemm = false, anyConv = false;
    module.walk([&](linalg::GenericOp op) {
      bool ta, tb;
      anyGemm |= matchContraction(op, ta, tb);
    });
    module.walk([&](linalg::Conv2DNchwFchwOp op) { anyConv |= matchConv(op); });
    if (anyConv && !module.lookupSymbol(kConvKernel)) {
      OpBuilder b = OpBuilder::atBlockBegin(module.getBody());
      MemRefType type = ConvToKernelCall::convOperandType(&getContext());
      MemRefType bias = ConvToKernelCall::biasOperandType(&getContext());
      Type i64 = b.getI64Type(), i32 = b.getI32Type(), f32 = b.getF32Type();
      // (input, filter, output, bias, residual, pad top/left, strides,
      // dilations, weight constant, epilogue flags, clamp lo/hi)
      auto decl = func::FuncOp::create(
          b, module.getLoc(), kConvKernel,
          b.getFunctionType(
              {type, type, type, bias, type, i64, i64, i64, i64, i64, i64, i32, i32, f32, f32},
              {}));
      decl.setPrivate();
      decl->setAttr("llvm.emit_c_interface", b.getUnitAttr());
    }
    if (anyGemm && !module.lookupSymbol(kKernel)) {
      OpBuilder b = OpBuilder::atBlockBegin(module.getBody());
      MemRefType type = kernelOperandType(&getContext());
      Type i32 = b.getI32Type();
      auto decl = func::FuncOp::create(b, module.getLoc(), kKernel,
                                       b.getFunctionType({type, type, type, i32, i32, i32}, {}));
      decl.setPrivate();
      decl->setAttr("llvm.emit_c_interface", b.getUnitAttr());
    }
    RewritePatternSet patterns(&getContext());
    patterns.add<ContractionToKernelCall, ConvToKernelCall>(&getContext());
    if (failed(applyPatternsGreedily(module, std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
