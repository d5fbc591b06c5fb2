//===- ContractionsToKernelCalls.cpp - 2-D f32 contractions -> qat_sgemm_f32 ===//
#include "codegen/BufferAnalysis.h"
#include "codegen/KernelEpilogue.h"
#include "codegen/Passes.h"

#include "mlir/Dialect/MemRef/Utils/MemRefUtils.h"
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
constexpr StringLiteral kConvKernel = "qat_conv2d_f32";
constexpr StringLiteral kDepthwiseKernel = "qat_depthwise_conv2d_f32";
constexpr StringLiteral kMaxPoolKernel = "qat_max_pool2d_f32";
// Max pooling of integer levels (runtime/kernels/maxpool_levels.c).
constexpr StringLiteral kMaxPoolU8Kernel = "qat_max_pool2d_u8";
constexpr StringLiteral kMaxPoolI8Kernel = "qat_max_pool2d_i8";
/// runtime/kernels/maxpool.h's QAT_POOL_START_NEG_INF.
constexpr int64_t kPoolStartNegInf = 1;
constexpr StringLiteral kGroupedConvKernel = "qat_grouped_conv2d_f32";
constexpr StringLiteral kWeightGradKernel = "qat_conv2d_weight_grad_f32";

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

/// A strided memref of `rank` dynamic sizes: the kernels' operand type.
MemRefType strided(Type element, int64_t rank) {
  MLIRContext *ctx = element.getContext();
  SmallVector<int64_t> dyn(rank, ShapedType::kDynamic);
  return MemRefType::get(dyn, element, StridedLayoutAttr::get(ctx, ShapedType::kDynamic, dyn));
}
MemRefType stridedF32(MLIRContext *ctx, int64_t rank) {
  return strided(Float32Type::get(ctx), rank);
}

/// A contiguous buffer as 1-D.
Value flatten(PatternRewriter &rewriter, Location loc, Value v) {
  auto type = cast<MemRefType>(v.getType());
  if (type.getRank() == 1)
    return v;
  ReassociationIndices all = llvm::to_vector(llvm::seq<int64_t>(0, type.getRank()));
  return memref::CollapseShapeOp::create(rewriter, loc, v, ArrayRef<ReassociationIndices>{all});
}

/// Whether every use of `v` (the buffer `root` or a reshape of it) only
/// zero-fills, deallocates or reshapes it: then `dead` (in def-use order)
/// holds those users and the reshapes.
bool onlyZeroed(Value v, Value root, SmallVectorImpl<Operation *> &dead) {
  for (Operation *user : v.getUsers()) {
    dead.push_back(user);
    if (isa<memref::DeallocOp>(user) || setsZero(user, root))
      continue;
    if (!isa<memref::ExpandShapeOp, memref::CollapseShapeOp, memref::CastOp>(user) ||
        !onlyZeroed(user->getResult(0), root, dead))
      return false;
  }
  return true;
}

/// A kernel call: `buffers` (cast to strided types), then the epilogue's
/// bias and residual as 1-D buffers (the output when unused: never read),
/// then `scalars`, then the epilogue's flags and clamp bounds. The absorbed
/// prologue/epilogue ops and `op` are erased.
void replaceByKernelCall(PatternRewriter &rewriter, Operation *op, StringRef callee,
                         ArrayRef<Value> buffers, Value output, const KernelEpilogue &epi,
                         ArrayRef<Value> scalars) {
  Location loc = op->getLoc();
  MLIRContext *ctx = op->getContext();
  SmallVector<Value> args;
  for (Value v : buffers)
    args.push_back(memref::CastOp::create(
        rewriter, loc, stridedF32(ctx, cast<MemRefType>(v.getType()).getRank()), v));
  for (Value v : {epi.bias ? epi.bias : output, epi.residual ? epi.residual : output})
    args.push_back(memref::CastOp::create(rewriter, loc, stridedF32(ctx, 1),
                                          flatten(rewriter, loc, v)));
  llvm::append_range(args, scalars);
  args.push_back(arith::ConstantIntOp::create(rewriter, loc, epi.flags, 32));
  for (float bound : {epi.lo, epi.hi})
    args.push_back(
        arith::ConstantFloatOp::create(rewriter, loc, rewriter.getF32Type(), APFloat(bound)));
  func::CallOp::create(rewriter, loc, callee, TypeRange{}, args);
  rewriter.eraseOp(op);
  for (Operation *absorbed : {epi.prologue, epi.epilogue})
    if (absorbed)
      rewriter.eraseOp(absorbed);
  // A zero buffer only the absorbed copy read: its fill, deallocation, views
  // and allocation go too.
  if (Value source = epi.zeroSource) {
    SmallVector<Operation *> dead;
    if (onlyZeroed(source, source, dead)) {
      for (Operation *o : llvm::reverse(dead))
        rewriter.eraseOp(o);
      rewriter.eraseOp(source.getDefiningOp());
    }
  }
}

Value i32(PatternRewriter &rewriter, Location loc, int64_t v) {
  return arith::ConstantIntOp::create(rewriter, loc, v, 32);
}
Value i64(PatternRewriter &rewriter, Location loc, int64_t v) {
  return arith::ConstantIntOp::create(rewriter, loc, v, 64);
}

/// qat_sgemm_f32(A, B, C, bias, residual, trans_a, trans_b, a_constant,
///               b_constant, flags, lo, hi); a bias has one value per row of C.
struct ContractionToKernelCall : OpRewritePattern<linalg::GenericOp> {
  ContractionToKernelCall(MLIRContext *ctx, bool fuse) : OpRewritePattern(ctx), fuse(fuse) {}
  bool fuse; ///< absorb the prologue/epilogue
  LogicalResult matchAndRewrite(linalg::GenericOp op,
                                PatternRewriter &rewriter) const override {
    bool transA, transB;
    if (!matchContraction(op, transA, transB))
      return failure();
    Location loc = op.getLoc();
    Value a = op.getDpsInputs()[0], b = op.getDpsInputs()[1], c = op.getDpsInits()[0];
    KernelEpilogue epi;
    if (fuse)
      epi = matchKernelEpilogue(op, c, cast<MemRefType>(c.getType()).getDimSize(0),
                                /*rowDim=*/0);
    replaceByKernelCall(rewriter, op, kKernel, {a, b, c}, c, epi,
                        {i32(rewriter, loc, transA), i32(rewriter, loc, transB),
                         i32(rewriter, loc, isConstantBuffer(a)),
                         i32(rewriter, loc, isConstantBuffer(b))});
    return success();
  }
};


/// Contiguous buffer of `rank` and `element` type (what the kernels index
/// directly): row-major strides, at any offset (a channel slice of one image
/// is one).
bool isContiguous(Value v, int64_t rank, Type element) {
  auto type = dyn_cast<MemRefType>(v.getType());
  return type && type.getRank() == rank && type.getElementType() == element &&
         type.hasStaticShape() &&
         (type.getLayout().isIdentity() || memref::isStaticShapeAndContiguousRowMajor(type));
}
/// A static `rank`-D buffer of `element`s whose last dimension is
/// contiguous (rows of a padded buffer's interior).
bool hasUnitRowStride(Value v, int64_t rank, Type element) {
  auto type = dyn_cast<MemRefType>(v.getType());
  if (!type || type.getRank() != rank || type.getElementType() != element ||
      !type.hasStaticShape())
    return false;
  SmallVector<int64_t> strides;
  int64_t offset;
  return succeeded(type.getStridesAndOffset(strides, offset)) && strides.back() == 1;
}
bool isContiguousF32(Value v, int64_t rank) {
  return isContiguous(v, rank, Float32Type::get(v.getContext()));
}

bool matchConv(linalg::Conv2DNchwFchwOp op) {
  return op.hasPureBufferSemantics() && isContiguousF32(op.getDpsInputs()[0], 4) &&
         isContiguousF32(op.getDpsInputs()[1], 4) && isContiguousF32(op.getDpsInits()[0], 4);
}

/// A padded copy of a buffer, as bufferized tensor.pad leaves it:
///   %pad = memref.alloc; fill %pad with 0; %view = subview %pad[0, 0, t, l];
///   memref.copy %source, %view
/// The kernel reads the padding as zeros itself (the pooling kernel: as
/// -inf, which it skips), so the copy is not needed.
struct ZeroPadding {
  Value source;
  int64_t top = 0, left = 0;
  SmallVector<Operation *> ops; // the fill, subview, copy, deallocs and alloc
};

/// Erases the padded copy once no op other than its own reads it.
void erasePadding(PatternRewriter &rewriter, const ZeroPadding &pad) {
  Value buffer = pad.ops.back()->getResult(0);
  if (llvm::any_of(buffer.getUsers(),
                   [&](Operation *user) { return !llvm::is_contained(pad.ops, user); }))
    return;
  for (Operation *dead : pad.ops)
    rewriter.eraseOp(dead);
}

/// Whether `v` is the padding value: +-0, or -inf with `negInf`; with
/// `lowest` (the max pooling of integer levels), that integer.
bool isPadValue(Value v, bool negInf, std::optional<int64_t> lowest = std::nullopt) {
  if (lowest) {
    APInt i;
    return matchPattern(v, m_ConstantInt(&i)) && i.getSExtValue() == *lowest;
  }
  if (!negInf)
    return matchPattern(v, m_AnyZeroFloat());
  APFloat f(0.0f);
  return matchPattern(v, m_ConstantFloat(&f)) && f.isInfinity() && f.isNegative();
}

std::optional<ZeroPadding> matchZeroPadding(Value padded, Operation *conv, bool negInf = false,
                                            std::optional<int64_t> lowest = std::nullopt) {
  auto alloc = padded.getDefiningOp<memref::AllocOp>();
  if (!alloc)
    return std::nullopt;
  Type element = alloc.getType().getElementType();
  ZeroPadding pad;
  Operation *fill = nullptr, *copy = nullptr;
  for (Operation *user : alloc->getUsers()) {
    if (user == conv || isa<memref::DeallocOp>(user)) {
      if (user != conv)
        pad.ops.push_back(user);
      continue;
    }
    // Another op that only reads the copy (CSE merges the identical pads of
    // a forward convolution and its weight gradient): the copy stays until
    // the last reader folds it (erasePadding).
    if (auto reader = dyn_cast<linalg::LinalgOp>(user);
        reader && reader != conv && llvm::none_of(reader.getDpsInits(), [&](Value v) {
          return v == alloc.getResult();
        }))
      continue;
    if (auto map = dyn_cast<linalg::MapOp>(user)) {
      auto yield = cast<linalg::YieldOp>(map.getMapper().front().getTerminator());
      if (fill || map.getInputs().size() != 0 ||
          !isPadValue(yield.getValues()[0], negInf, lowest))
        return std::nullopt;
      fill = map;
      continue;
    }
    if (auto f = dyn_cast<linalg::FillOp>(user)) {
      if (fill || !isPadValue(f.getInputs()[0], negInf, lowest))
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
        !isContiguous(c.getSource(), 4, element))
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


/// What a window kernel reads for `input`: the source of its padded copy and
/// the pads when the copy folds (`negInf`: a -inf padding), else the input
/// itself if it is contiguous; nothing otherwise.
struct WindowInput {
  Value buffer;
  int64_t top = 0, left = 0;
  std::optional<ZeroPadding> pad; ///< erased after the call (erasePadding)
};
std::optional<WindowInput> windowInput(Value input, Operation *op, bool negInf = false,
                                       std::optional<int64_t> lowest = std::nullopt) {
  if (std::optional<ZeroPadding> pad = matchZeroPadding(input, op, negInf, lowest))
    return WindowInput{pad->source, pad->top, pad->left, pad};
  // f32, or the 8-bit levels of an integer pooling.
  Type element = lowest ? Type(IntegerType::get(op->getContext(), 8))
                        : Type(Float32Type::get(op->getContext()));
  if (!isContiguous(input, 4, element))
    return std::nullopt;
  return WindowInput{input, 0, 0, std::nullopt};
}

/// The call of a generic marked with a {strides, dilations} dictionary:
/// `buffers` (strided 4-D), `scalars`, then the strides and dilations, as
/// i64; the generic is erased, then the folded padding copy.
void callMarkedWindowKernel(PatternRewriter &rewriter, Operation *op, StringRef callee,
                            ArrayRef<Value> buffers, ArrayRef<int64_t> scalars,
                            DictionaryAttr attrs, const WindowInput &in,
                            ArrayRef<int64_t> trailing = {}) {
  Location loc = op->getLoc();
  SmallVector<Value> args;
  for (Value v : buffers)
    args.push_back(memref::CastOp::create(
        rewriter, loc, strided(cast<MemRefType>(v.getType()).getElementType(), 4), v));
  for (int64_t v : scalars)
    args.push_back(i64(rewriter, loc, v));
  for (StringRef key : {"strides", "dilations"})
    for (int64_t v : cast<DenseI64ArrayAttr>(attrs.get(key)).asArrayRef())
      args.push_back(i64(rewriter, loc, v));
  for (int64_t v : trailing)
    args.push_back(i64(rewriter, loc, v));
  func::CallOp::create(rewriter, loc, callee, TypeRange{}, args);
  rewriter.eraseOp(op);
  if (in.pad)
    erasePadding(rewriter, *in.pad);
}

bool matchDepthwise(linalg::DepthwiseConv2DNchwChwOp op) {
  return op.hasPureBufferSemantics() && isContiguousF32(op.getDpsInputs()[0], 4) &&
         isContiguousF32(op.getDpsInputs()[1], 3) && isContiguousF32(op.getDpsInits()[0], 4);
}

/// A 2-D window op (convolution, depthwise convolution) on NCHW buffers as a
/// kernel call: a zero-padded input copy folds into the pads, the bias (one
/// per output channel) and the epilogue into the call; `extra` scalars go
/// after strides and dilations.
void rewriteWindowOp(PatternRewriter &rewriter, linalg::LinalgOp op, StringRef callee,
                     DenseIntElementsAttr strides, DenseIntElementsAttr dilations,
                     ArrayRef<Value> extra, bool fuse) {
  Location loc = op.getLoc();
  Value input = op.getDpsInputs()[0], output = op.getDpsInits()[0];
  int64_t top = 0, left = 0;
  std::optional<ZeroPadding> pad = matchZeroPadding(input, op);
  if (pad) {
    input = pad->source;
    top = pad->top;
    left = pad->left;
  }
  KernelEpilogue epi;
  if (fuse)
    epi = matchKernelEpilogue(op, output, cast<MemRefType>(output.getType()).getDimSize(1),
                              /*rowDim=*/1);
  SmallVector<Value> scalars{i64(rewriter, loc, top), i64(rewriter, loc, left)};
  for (int64_t v : llvm::concat<const int64_t>(llvm::to_vector(strides.getValues<int64_t>()),
                                               llvm::to_vector(dilations.getValues<int64_t>())))
    scalars.push_back(i64(rewriter, loc, v));
  llvm::append_range(scalars, extra);
  replaceByKernelCall(rewriter, op, callee, {input, op.getDpsInputs()[1], output}, output, epi,
                      scalars);
  if (pad)
    erasePadding(rewriter, *pad);
}

/// linalg.conv_2d_nchw_fchw on contiguous buffers -> the implicit-GEMM kernel
/// qat_conv2d_f32(in, w, out, bias, residual, pad_top, pad_left, sh, sw, dh,
/// dw, weight_constant, flags, lo, hi).
struct ConvToKernelCall : OpRewritePattern<linalg::Conv2DNchwFchwOp> {
  ConvToKernelCall(MLIRContext *ctx, bool fuse) : OpRewritePattern(ctx), fuse(fuse) {}
  bool fuse;
  LogicalResult matchAndRewrite(linalg::Conv2DNchwFchwOp op,
                                PatternRewriter &rewriter) const override {
    if (!matchConv(op))
      return failure();
    rewriteWindowOp(rewriter, op, kConvKernel, op.getStrides(), op.getDilations(),
                    {i32(rewriter, op.getLoc(), isConstantBuffer(op.getDpsInputs()[1]))}, fuse);
    return success();
  }
};

/// A contiguous 5-D grouped-convolution operand as the 4-D buffer the kernel
/// reads: the source of a memref.expand_shape that split dimension `split`
/// (channels, or filters) in two, else the operand collapsed back.
Value ungrouped(PatternRewriter &rewriter, Value v, unsigned split) {
  SmallVector<ReassociationIndices> merge;
  for (unsigned i = 0; i < 4; ++i)
    merge.push_back(i < split    ? ReassociationIndices{i}
                    : i == split ? ReassociationIndices{i, i + 1}
                                 : ReassociationIndices{i + 1});
  if (auto expand = v.getDefiningOp<memref::ExpandShapeOp>();
      expand && isContiguousF32(expand.getSrc(), 4) && expand.getReassociationIndices() == merge)
    return expand.getSrc();
  return memref::CollapseShapeOp::create(rewriter, v.getLoc(), v, merge);
}

/// linalg.conv_2d_ngchw_gfchw on views of contiguous NCHW / FCHW / NFHW
/// buffers -> the implicit-GEMM kernel group by group,
/// qat_grouped_conv2d_f32(in, w, out, bias, residual, pad_top, pad_left, sh,
/// sw, dh, dw, groups, weight_constant, flags, lo, hi): the zero-padded
/// input copy folds into the pads, the start (bias per output channel) and
/// the epilogue on the NFHW output into the call, as for ungrouped ones.
struct GroupedConvToKernelCall : OpRewritePattern<linalg::Conv2DNgchwGfchwOp> {
  GroupedConvToKernelCall(MLIRContext *ctx, bool fuse) : OpRewritePattern(ctx), fuse(fuse) {}
  bool fuse;
  LogicalResult matchAndRewrite(linalg::Conv2DNgchwGfchwOp op,
                                PatternRewriter &rewriter) const override {
    if (!op.hasPureBufferSemantics())
      return failure();
    Value view = op.getDpsInputs()[0];
    if (!llvm::all_of(op->getOperands(), [](Value v) { return isContiguousF32(v, 5); }))
      return failure();
    Value input = ungrouped(rewriter, view, 1), weight = ungrouped(rewriter, op.getDpsInputs()[1], 0),
          output = ungrouped(rewriter, op.getDpsInits()[0], 1);
    int64_t groups = cast<MemRefType>(view.getType()).getDimSize(1);
    Location loc = op.getLoc();
    int64_t top = 0, left = 0;
    Operation *viewOp = view.getDefiningOp<memref::ExpandShapeOp>();
    std::optional<ZeroPadding> pad;
    if (viewOp)
      pad = matchZeroPadding(input, viewOp);
    if (pad && !mayWriteBetween(viewOp, op, rootBuffer(pad->source))) {
      input = pad->source;
      top = pad->top;
      left = pad->left;
    } else {
      pad.reset();
    }
    KernelEpilogue epi;
    if (fuse)
      epi = matchKernelEpilogue(op, output, cast<MemRefType>(output.getType()).getDimSize(1),
                                /*rowDim=*/1);
    SmallVector<Value> scalars{i64(rewriter, loc, top), i64(rewriter, loc, left)};
    for (int64_t v : llvm::concat<const int64_t>(
             llvm::to_vector(op.getStrides().getValues<int64_t>()),
             llvm::to_vector(op.getDilations().getValues<int64_t>())))
      scalars.push_back(i64(rewriter, loc, v));
    scalars.push_back(i64(rewriter, loc, groups));
    scalars.push_back(i32(rewriter, loc, isConstantBuffer(weight)));
    replaceByKernelCall(rewriter, op, kGroupedConvKernel, {input, weight, output}, output, epi,
                        scalars);
    // The grouped view of the padded copy goes first, so that the copy has
    // no reader left.
    if (viewOp && view.use_empty())
      rewriter.eraseOp(viewOp);
    if (pad)
      erasePadding(rewriter, *pad);
    return success();
  }
};

/// linalg.depthwise_conv_2d_nchw_chw on contiguous buffers -> the depthwise
/// kernel qat_depthwise_conv2d_f32(in, w, out, bias, residual, pad_top,
/// pad_left, sh, sw, dh, dw, flags, lo, hi).
struct DepthwiseToKernelCall : OpRewritePattern<linalg::DepthwiseConv2DNchwChwOp> {
  DepthwiseToKernelCall(MLIRContext *ctx, bool fuse) : OpRewritePattern(ctx), fuse(fuse) {}
  bool fuse;
  LogicalResult matchAndRewrite(linalg::DepthwiseConv2DNchwChwOp op,
                                PatternRewriter &rewriter) const override {
    if (!matchDepthwise(op))
      return failure();
    rewriteWindowOp(rewriter, op, kDepthwiseKernel, op.getStrides(), op.getDilations(), {},
                    fuse);
    return success();
  }
};

/// The ungrouped 2-D weight gradient that nn.conv_weight_grad lowers to
/// (a generic marked `qat.conv2d_weight_grad`) -> the packed kernel
/// qat_conv2d_weight_grad_f32(in, grad, w_grad, pad_top, pad_left, sh, sw,
/// dh, dw), which overwrites w_grad. A zero-padded copy of the input folds
/// into the pads.
struct WeightGradToKernelCall : OpRewritePattern<linalg::GenericOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(linalg::GenericOp op,
                                PatternRewriter &rewriter) const override {
    auto attrs = op->getAttrOfType<DictionaryAttr>("qat.conv2d_weight_grad");
    if (!attrs || !op.hasPureBufferSemantics() || op.getNumDpsInputs() != 2)
      return failure();
    Value grad = op.getDpsInputs()[0], out = op.getDpsInits()[0];
    std::optional<WindowInput> in = windowInput(op.getDpsInputs()[1], op);
    if (!isContiguousF32(grad, 4) || !isContiguousF32(out, 4) || !in)
      return failure();
    callMarkedWindowKernel(rewriter, op, kWeightGradKernel, {in->buffer, grad, out},
                           {in->top, in->left}, attrs, *in);
    return success();
  }
};

/// Whether the body is exactly the pooling lowering's fold
///   acc = (x > acc || x is NaN) ? x : acc
/// of the input element x (block argument 0) into acc (argument 2): nothing
/// fused into the generic since it was marked.
bool isMaxPoolFold(linalg::GenericOp op) {
  Block &body = op.getRegion().front();
  if (body.getNumArguments() != 3 || body.getOperations().size() != 5)
    return false;
  Value x = body.getArgument(0), acc = body.getArgument(2);
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  auto select = yield.getValues()[0].getDefiningOp<arith::SelectOp>();
  if (!select || select.getTrueValue() != x || select.getFalseValue() != acc)
    return false;
  auto take = select.getCondition().getDefiningOp<arith::OrIOp>();
  if (!take)
    return false;
  auto greater = take.getLhs().getDefiningOp<arith::CmpFOp>();
  auto nan = take.getRhs().getDefiningOp<arith::CmpFOp>();
  return greater && nan && greater.getPredicate() == arith::CmpFPredicate::OGT &&
         greater.getLhs() == x && greater.getRhs() == acc &&
         nan.getPredicate() == arith::CmpFPredicate::UNO && nan.getLhs() == x &&
         nan.getRhs() == x;
}

/// Whether `op` sets all of `buffer` to -inf (or, for levels, to the
/// lowest level `lowest`).
bool setsNegInf(Operation *op, Value buffer, std::optional<int64_t> lowest = std::nullopt) {
  return setsValue(op, buffer,
                   [&](Value v) { return isPadValue(v, /*negInf=*/true, lowest); });
}

/// The op that sets `out` to the -inf the pooling fold starts from, when it
/// is the last op before `op` that writes out's buffer: a -inf fill, or a
/// copy of a whole buffer a -inf fill set last (bufferization copies one
/// -inf tensor several poolings share: googlenet's). `readers`: whether ops
/// in between read it (then it stays for them).
Operation *negInfStart(Operation *op, Value out, bool &readers,
                       std::optional<int64_t> lowest = std::nullopt) {
  Value root = rootBuffer(out);
  Operation *prev = op->getPrevNode();
  readers = false;
  while (prev && !mayTouch(prev, root, /*orRead=*/false)) {
    readers |= mayTouch(prev, root, /*orRead=*/true);
    prev = prev->getPrevNode();
  }
  if (!prev)
    return nullptr;
  if (setsNegInf(prev, out, lowest))
    return prev;
  auto copy = dyn_cast<memref::CopyOp>(prev);
  if (!copy || copy.getTarget() != out)
    return nullptr;
  Value source = copy.getSource();
  if (!source.getDefiningOp<memref::AllocOp>())
    return nullptr;
  Operation *writer = copy->getPrevNode();
  while (writer && !mayTouch(writer, source, /*orRead=*/false))
    writer = writer->getPrevNode();
  return writer && setsNegInf(writer, source, lowest) ? copy.getOperation() : nullptr;
}

/// Erases the -inf start `start` (a fill, or a copy of a filled buffer,
/// whose fill and allocation go too once nothing else uses them).
void eraseNegInfStart(PatternRewriter &rewriter, Operation *start,
                      std::optional<int64_t> lowest = std::nullopt) {
  auto copy = dyn_cast<memref::CopyOp>(start);
  Value source = copy ? copy.getSource() : Value();
  rewriter.eraseOp(start);
  if (!source)
    return;
  SmallVector<Operation *> users(source.getUsers());
  if (!llvm::all_of(users, [&](Operation *user) {
        return isa<memref::DeallocOp>(user) || setsNegInf(user, source, lowest);
      }))
    return;
  for (Operation *user : users)
    rewriter.eraseOp(user);
  rewriter.eraseOp(source.getDefiningOp());
}

/// The 2-D f32 max pooling generic (marked `qat.max_pool2d` by the pooling
/// lowering) on contiguous NCHW buffers -> qat_max_pool2d_f32(in, out,
/// pad_top, pad_left, kh, kw, sh, sw, dh, dw, flags), which folds from out's
/// value as the generic does, or from -inf (flags 1,
/// runtime/kernels/maxpool.h) when out was last set to -inf; that fill goes
/// into the call unless something reads it in between. A -inf-padded copy
/// of the input folds into the pads (the kernel skips positions outside the
/// input, ceil-mode ones included).
struct MaxPoolToKernelCall : OpRewritePattern<linalg::GenericOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(linalg::GenericOp op,
                                PatternRewriter &rewriter) const override {
    auto attrs = op->getAttrOfType<DictionaryAttr>("qat.max_pool2d");
    if (!attrs || !op.hasPureBufferSemantics() || op.getNumDpsInputs() != 2 ||
        !isMaxPoolFold(op))
      return failure();
    Value out = op.getDpsInits()[0];
    auto window = dyn_cast<MemRefType>(op.getDpsInputs()[1].getType());
    if (!window || !window.hasStaticShape() || window.getRank() != 2 ||
        !isContiguousF32(out, 4))
      return failure();
    std::optional<WindowInput> in = windowInput(op.getDpsInputs()[0], op, /*negInf=*/true);
    if (!in)
      return failure();
    bool readers = false;
    Operation *start = negInfStart(op, out, readers);
    callMarkedWindowKernel(rewriter, op, kMaxPoolKernel, {in->buffer, out},
                           {in->top, in->left, window.getDimSize(0), window.getDimSize(1)},
                           attrs, *in, {start ? kPoolStartNegInf : 0});
    if (start && !readers)
      eraseNegInfStart(rewriter, start);
    return success();
  }
};

/// The 2-D max pooling generic of 8-bit levels (marked `qat.max_pool2d`
/// with `unsigned` by the pooling lowering; its body one arith.maxui /
/// maxsi of the input element into acc) at equal strides of 1 or 2, from
/// a contiguous NCHW buffer into rows no wider than the input's (rows of
/// unit stride, which may be a padded buffer's interior), windows of at
/// most 16 x 16 -> qat_max_pool2d_u8 / _i8
/// (runtime/kernels/maxpool_levels.c), with the f32 kernel's operands. The
/// fold starts from out's value, or from the lowest level (flags 1) when a
/// fill set out to it last (the fill then goes); a padded copy of the input
/// whose padding is the lowest level folds into the pads (the kernel skips
/// positions outside the input, which the lowest level never wins).
struct LevelMaxPoolToKernelCall : OpRewritePattern<linalg::GenericOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(linalg::GenericOp op,
                                PatternRewriter &rewriter) const override {
    auto attrs = op->getAttrOfType<DictionaryAttr>("qat.max_pool2d");
    auto isUnsigned = attrs ? attrs.getAs<BoolAttr>("unsigned") : BoolAttr();
    if (!isUnsigned || !op.hasPureBufferSemantics() || op.getNumDpsInputs() != 2)
      return failure();
    // The body: yield max(acc, x) (or max(x, acc)), nothing fused since.
    Block &body = op.getRegion().front();
    if (body.getNumArguments() != 3 || body.getOperations().size() != 2)
      return failure();
    Operation *max = &body.front();
    bool fold = isUnsigned.getValue() ? isa<arith::MaxUIOp>(max) : isa<arith::MaxSIOp>(max);
    Value x = body.getArgument(0), acc = body.getArgument(2);
    if (!fold || max->getResult(0) != body.getTerminator()->getOperand(0) ||
        !((max->getOperand(0) == acc && max->getOperand(1) == x) ||
          (max->getOperand(0) == x && max->getOperand(1) == acc)))
      return failure();
    Value out = op.getDpsInits()[0];
    auto window = dyn_cast<MemRefType>(op.getDpsInputs()[1].getType());
    if (!window || !window.hasStaticShape() || window.getRank() != 2 ||
        window.getDimSize(0) > 16 || window.getDimSize(1) > 16 ||
        !hasUnitRowStride(out, 4, rewriter.getI8Type()))
      return failure();
    int64_t lowest = isUnsigned.getValue() ? 0 : -128;
    std::optional<WindowInput> in =
        windowInput(op.getDpsInputs()[0], op, /*negInf=*/false, lowest);
    // The kernel pools at equal strides of 1 or 2 into rows no wider than
    // the input's (the padding it reads as the lowest level).
    auto strides = dyn_cast_or_null<DenseI64ArrayAttr>(attrs.get("strides"));
    if (!in || !strides || strides.size() != 2 || strides[0] != strides[1] ||
        (strides[0] != 1 && strides[0] != 2) ||
        cast<MemRefType>(out.getType()).getDimSize(3) >
            cast<MemRefType>(in->buffer.getType()).getDimSize(3))
      return failure();
    // The fold starts from the lowest level the lowering filled out with:
    // the kernel starts there itself (flags 1) and the fill goes.
    bool readers = false;
    Operation *start = negInfStart(op, out, readers, lowest);
    callMarkedWindowKernel(rewriter, op,
                           isUnsigned.getValue() ? kMaxPoolU8Kernel : kMaxPoolI8Kernel,
                           {in->buffer, out},
                           {in->top, in->left, window.getDimSize(0), window.getDimSize(1)},
                           attrs, *in, {start ? kPoolStartNegInf : 0});
    if (start && !readers)
      eraseNegInfStart(rewriter, start, lowest);
    return success();
  }
};

/// The buffer a constant fill (linalg.fill, map or generic: zero, or a
/// pooling's -inf) writes whole.
Value filledBuffer(Operation *op) {
  auto dps = dyn_cast<DestinationStyleOpInterface>(op);
  if (!dps || dps.getNumDpsInits() != 1 || !isa<MemRefType>(dps.getDpsInits()[0].getType()))
    return {};
  Value root = rootBuffer(dps.getDpsInits()[0]);
  return setsValue(op, root, [](Value v) { return matchPattern(v, m_Constant()); }) ? root
                                                                                   : Value();
}

/// Whether `call`, a kernel call whose operands are (x, y, out, bias,
/// residual, ..., flags, lo, hi), sets all of `root` without reading it: it
/// writes the whole buffer as its output from a start of zero or the bias,
/// and reads no other operand in it (the bias and residual slots carry the
/// output when unused: never read).
bool overwritesWhole(func::CallOp call, Value root) {
  // A pooling that starts from -inf (in, out, ..., flags) writes all of out.
  IntegerAttr poolFlags;
  if (call.getCallee() == kMaxPoolKernel)
    return matchPattern(call.getOperands().back(), m_Constant(&poolFlags)) &&
           (poolFlags.getInt() & kPoolStartNegInf) && wholeBuffer(call.getOperand(1), root) &&
           distinctBuffers(rootBuffer(call.getOperand(0)), root);
  if (!llvm::is_contained({kKernel, kConvKernel, kDepthwiseKernel, kGroupedConvKernel},
                          call.getCallee()))
    return false;
  IntegerAttr flagsAttr;
  if (call.getNumOperands() < 8 ||
      !matchPattern(call.getOperand(call.getNumOperands() - 3), m_Constant(&flagsAttr)))
    return false;
  int64_t flags = flagsAttr.getInt();
  if (!(flags & (kInitZero | kInitBias)))
    return false;
  if (!wholeBuffer(call.getOperand(2), root))
    return false;
  for (auto [i, operand] : llvm::enumerate(call.getOperands())) {
    if (i == 2 || !isa<MemRefType>(operand.getType()) ||
        distinctBuffers(rootBuffer(operand), root))
      continue;
    if ((i == 3 && !(flags & kInitBias)) || (i == 4 && !(flags & kResidual)))
      continue;
    return false;
  }
  return true;
}

/// Constant fills that a kernel call overwrites before anything reads them
/// go. Bufferization reuses a zero (or -inf) tensor's buffer for a later
/// layer's output (the fill stays where the tensor was made), and the calls
/// that absorbed the start value no longer read it: mnasnet0_5 filled ~10
/// such buffers (up to 600 KB each) for nothing, googlenet 4 of -inf.
void eraseOverwrittenFills(ModuleOp module) {
  SmallVector<Operation *> dead;
  module.walk([&](Operation *op) {
    Value root = filledBuffer(op);
    if (!root)
      return;
    Operation *next = op->getNextNode();
    while (next && !mayTouch(next, root, /*orRead=*/true))
      next = next->getNextNode();
    if (auto call = dyn_cast_or_null<func::CallOp>(next); call && overwritesWhole(call, root))
      dead.push_back(op);
  });
  for (Operation *op : dead)
    op->erase();
}

struct ContractionsToKernelCalls
    : qat::codegen::impl::ContractionsToKernelCallsBase<ContractionsToKernelCalls> {
  using ContractionsToKernelCallsBase::ContractionsToKernelCallsBase;
  void runOnOperation() override {
    ModuleOp module = getOperation();
    RewritePatternSet patterns(&getContext());
    patterns.add<ContractionToKernelCall, ConvToKernelCall, DepthwiseToKernelCall,
                 GroupedConvToKernelCall>(&getContext(), fuseEpilogues.getValue());
    patterns.add<WeightGradToKernelCall, MaxPoolToKernelCall, LevelMaxPoolToKernelCall>(
        &getContext());
    if (failed(applyPatternsGreedily(module, std::move(patterns))))
      return signalPassFailure();
    eraseOverwrittenFills(module);
    // Declare each kernel the calls use, with the C interface (memref
    // descriptors by pointer) that runtime/kernels implements.
    OpBuilder b = OpBuilder::atBlockBegin(module.getBody());
    module.walk([&](func::CallOp call) {
      StringRef callee = call.getCallee();
      if (!llvm::is_contained(
              {kKernel, kConvKernel, kDepthwiseKernel, kWeightGradKernel, kMaxPoolKernel,
               kMaxPoolU8Kernel, kMaxPoolI8Kernel, kGroupedConvKernel},
              callee) ||
          module.lookupSymbol(callee))
        return;
      auto decl = func::FuncOp::create(b, module.getLoc(), callee,
                                       b.getFunctionType(call.getOperandTypes(), {}));
      decl.setPrivate();
      decl->setAttr("llvm.emit_c_interface", b.getUnitAttr());
    });
  }
};
} // namespace
