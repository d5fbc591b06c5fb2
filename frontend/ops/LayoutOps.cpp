//===- LayoutOps.cpp - ONNX DepthToSpace, SpaceToDepth, Tile -> nn ---------===//
//
// Each is a reshape, a data movement (transpose or broadcast) and a
// reshape; the lowering turns them into copies (or views).
//
//===----------------------------------------------------------------------===//
#include "frontend/NodeImporter.h"

using namespace mlir;
using namespace qat;

namespace {
FailureOr<Value> reshapeTransposeReshape(NodeImporter &n, Value x, ArrayRef<int64_t> split,
                                         ArrayRef<int64_t> perm, ArrayRef<int64_t> shape) {
  FailureOr<Value> v = n.reshape(x, split);
  if (failed(v) || failed(v = n.create<nn::TransposeOp>(*v, {n.named("perm", n.i64s(perm))})))
    return failure();
  return n.reshape(*v, shape);
}

/// DepthToSpace (DCR: depth-column-row, the default; CRD) and SpaceToDepth
/// on N x C x H x W with blocksize b.
template <bool toSpace>
LogicalResult blockRearrange(NodeImporter &n) {
  Value x = n.input(0);
  FailureOr<int64_t> blocksize = n.intAttr("blocksize", 0);
  FailureOr<std::string> mode = n.stringAttr("mode", "DCR");
  if (!x || failed(blocksize) || failed(mode))
    return failure();
  ArrayRef<int64_t> s = n.type(x).getShape();
  int64_t b = *blocksize;
  if (s.size() != 4)
    return n.fail("the input must be 4-D (N x C x H x W)");
  if (b < 1)
    return n.fail("blocksize must be >= 1, got " + Twine(b));
  int64_t N = s[0], C = s[1], H = s[2], W = s[3];
  FailureOr<Value> r;
  if (toSpace) {
    if (*mode != "DCR" && *mode != "CRD")
      return n.fail("mode must be 'DCR' or 'CRD', got '" + *mode + "'");
    if (C % (b * b))
      return n.fail("channels (" + Twine(C) + ") must be a multiple of blocksize^2");
    int64_t c = C / (b * b);
    if (*mode == "DCR")
      r = reshapeTransposeReshape(n, x, {N, b, b, c, H, W}, {0, 3, 4, 1, 5, 2},
                                  {N, c, H * b, W * b});
    else
      r = reshapeTransposeReshape(n, x, {N, c, b, b, H, W}, {0, 1, 4, 2, 5, 3},
                                  {N, c, H * b, W * b});
  } else {
    if (H % b || W % b)
      return n.fail("height and width must be multiples of blocksize " + Twine(b));
    r = reshapeTransposeReshape(n, x, {N, C, H / b, b, W / b, b}, {0, 3, 5, 1, 2, 4},
                                {N, C * b * b, H / b, W / b});
  }
  return failed(r) ? failure() : n.setOutput(0, *r);
}

/// Tile: x reshaped to [1, d0, 1, d1, ...], broadcast to [r0, d0, r1, d1,
/// ...] and reshaped to [r0 d0, r1 d1, ...].
LogicalResult tile(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  FailureOr<SmallVector<int64_t>> repeats = n.constantInts(1, "repeats");
  if (failed(repeats))
    return failure();
  ArrayRef<int64_t> shape = n.type(x).getShape();
  if (repeats->size() != shape.size())
    return n.fail("repeats holds " + Twine(repeats->size()) + " values for an input of rank " +
                  Twine(shape.size()));
  SmallVector<int64_t> interleaved, broadcast, result;
  for (auto [d, r] : llvm::zip(shape, *repeats)) {
    if (r < 0)
      return n.fail("repeats must be >= 0, got " + Twine(r));
    interleaved.append({1, d});
    broadcast.append({r, d});
    result.push_back(r * d);
  }
  FailureOr<Value> v = n.reshape(x, interleaved);
  if (failed(v))
    return failure();
  v = n.create<nn::ExpandOp>(*v, {}, RankedTensorType::get(broadcast, n.type(x).getElementType()));
  if (failed(v) || failed(v = n.reshape(*v, result)))
    return failure();
  return n.setOutput(0, *v);
}
} // namespace

void qat::addLayoutConverters(OpConverterMap &map) {
  map["DepthToSpace"] = blockRearrange<true>;
  map["SpaceToDepth"] = blockRearrange<false>;
  map["Tile"] = tile;
}
