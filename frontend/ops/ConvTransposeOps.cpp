//===- ConvTransposeOps.cpp - ONNX ConvTranspose -> nn ---------------------===//
//
// A transposed convolution is the ordinary convolution, stride 1, of the
// input with (stride - 1) zeros inserted between neighbours and padded by
// dilation * (kernel - 1) - pad on each side (negative: cropped), with the
// weight's two channel axes swapped (per group) and its window flipped.
// Built that way, it runs on the packed convolution kernels like any other
// convolution, instead of a scatter loop; the zeros cost stride^2 more
// multiplications, which a direct kernel would skip.
//
//===----------------------------------------------------------------------===//
#include "frontend/NodeImporter.h"

using namespace mlir;
using namespace qat;

namespace {
/// The attributes, with auto_pad and output_shape resolved to pads.
struct TransposedWindow {
  SmallVector<int64_t> kernel, strides, dilations, pads, outputPadding;
  int64_t group = 1;
};

FailureOr<TransposedWindow> readTransposedWindow(NodeImporter &n, ArrayRef<int64_t> xShape,
                                                 ArrayRef<int64_t> wShape) {
  size_t spatial = wShape.size() - 2;
  TransposedWindow w;
  w.kernel.assign(wShape.begin() + 2, wShape.end());
  auto kernel = n.intsAttr("kernel_shape");
  FailureOr<int64_t> group = n.intAttr("group", 1);
  FailureOr<std::string> autoPad = n.stringAttr("auto_pad", "NOTSET");
  if (failed(kernel) || failed(group) || failed(autoPad) ||
      failed(n.intsAttrOfLength("strides", 1, spatial, w.strides)) ||
      failed(n.intsAttrOfLength("dilations", 1, spatial, w.dilations)) ||
      failed(n.intsAttrOfLength("pads", 0, 2 * spatial, w.pads)) ||
      failed(n.intsAttrOfLength("output_padding", 0, spatial, w.outputPadding)))
    return failure();
  if (*kernel && ArrayRef<int64_t>(**kernel) != ArrayRef<int64_t>(w.kernel))
    return n.fail("kernel_shape does not match the weight shape");
  w.group = *group;
  if (w.group < 1 || xShape[1] % w.group)
    return n.fail("group " + Twine(w.group) + " must be positive and divide the " +
                  Twine(xShape[1]) + " input channels");
  if (wShape[0] != xShape[1])
    return n.fail("the weight's first dim (" + Twine(wShape[0]) +
                  ") must equal the input channels (" + Twine(xShape[1]) + ")");
  for (size_t i = 0; i < spatial; ++i) {
    if (w.strides[i] < 1 || w.dilations[i] < 1 || w.kernel[i] < 1)
      return n.fail("kernel, strides and dilations must be positive");
    if (w.outputPadding[i] < 0 || w.outputPadding[i] >= std::max(w.strides[i], w.dilations[i]))
      return n.fail("output_padding " + Twine(w.outputPadding[i]) +
                    " must be below the stride or the dilation");
    if (w.pads[i] < 0 || w.pads[i + spatial] < 0)
      return n.fail("pads must be non-negative");
  }
  if (*autoPad != "NOTSET" && *autoPad != "SAME_UPPER" && *autoPad != "SAME_LOWER" &&
      *autoPad != "VALID")
    return n.fail("auto_pad '" + *autoPad + "' is not NOTSET, SAME_UPPER, SAME_LOWER or VALID");
  auto outputShape = n.intsAttr("output_shape");
  if (failed(outputShape))
    return failure();
  std::optional<SmallVector<int64_t>> target;
  if (*outputShape) {
    target = **outputShape;
    if (target->size() == spatial + 2) // some exporters give N and C too
      target->erase(target->begin(), target->begin() + 2);
    if (target->size() != spatial)
      return n.fail("output_shape must have " + Twine(spatial) + " entries");
  } else if (*autoPad == "SAME_UPPER" || *autoPad == "SAME_LOWER") {
    target.emplace();
    for (size_t i = 0; i < spatial; ++i)
      target->push_back(xShape[i + 2] * w.strides[i]);
  }
  if (*autoPad == "VALID")
    w.pads.assign(2 * spatial, 0);
  if (target) {
    // ONNX: total = stride (in - 1) + output_padding + (kernel - 1) dilation
    // + 1 - output; SAME_UPPER puts the smaller half first. A negative total
    // (output_shape beyond the natural length) extends the end.
    for (size_t i = 0; i < spatial; ++i) {
      int64_t total = w.strides[i] * (xShape[i + 2] - 1) + w.outputPadding[i] +
                      (w.kernel[i] - 1) * w.dilations[i] + 1 - (*target)[i];
      if (total < 0) { // a longer output: zeros of the bias' value at the end, as ONNX's reference
        w.pads[i] = 0;
        w.pads[i + spatial] = total;
        continue;
      }
      int64_t half = total / 2;
      w.pads[i] = *autoPad == "SAME_UPPER" ? half : total - half;
      w.pads[i + spatial] = total - w.pads[i];
    }
  }
  return w;
}

LogicalResult convTranspose(NodeImporter &n) {
  Value x = n.input(0), weight = n.input(1);
  if (!x || !weight)
    return failure();
  ArrayRef<int64_t> xShape = n.type(x).getShape(), wShape = n.type(weight).getShape();
  if (wShape.size() < 3 || xShape.size() != wShape.size())
    return n.fail("ConvTranspose needs input and weight of one rank >= 3");
  FailureOr<TransposedWindow> w = readTransposedWindow(n, xShape, wShape);
  if (failed(w))
    return failure();
  int64_t rank = xShape.size(), spatial = rank - 2, g = w->group;
  int64_t C = xShape[1], perGroupF = wShape[1], F = g * perGroupF;
  Type element = n.type(x).getElementType();
  Value zero = n.scalar(element, 0.0);

  // Zeros between neighbours: [N, C, D1, 1, D2, 1, ...] padded at the end of
  // each inserted axis by stride - 1, then merged: [N, C, D1 s1, D2 s2, ...]
  // (the trailing stride - 1 zeros are cropped by the border pad below).
  Value input = x;
  if (llvm::any_of(w->strides, [](int64_t s) { return s > 1; })) {
    SmallVector<int64_t> split{xShape[0], C}, pads(2 * (2 + 2 * spatial), 0), merged{xShape[0], C};
    for (int64_t i = 0; i < spatial; ++i) {
      split.append({xShape[i + 2], 1});
      pads[2 + 2 * spatial + 3 + 2 * i] = w->strides[i] - 1;
      merged.push_back(xShape[i + 2] * w->strides[i]);
    }
    FailureOr<Value> v = n.reshape(input, split);
    if (failed(v) ||
        failed(v = n.create<nn::PadOp>({*v, zero}, {n.named("pads", n.i64s(pads)),
                                                     n.named("mode", n.builder.getStringAttr("constant"))})) ||
        failed(v = n.reshape(*v, merged)))
      return failure();
    input = *v;
  }
  // The border: dilation (kernel - 1) - pad on each side (plus
  // output_padding at the end, minus the stride - 1 trailing zeros).
  SmallVector<int64_t> border(2 * rank, 0);
  bool anyBorder = false;
  for (int64_t i = 0; i < spatial; ++i) {
    int64_t reach = w->dilations[i] * (w->kernel[i] - 1);
    border[i + 2] = reach - w->pads[i];
    border[rank + i + 2] = reach - w->pads[i + spatial] + w->outputPadding[i] - (w->strides[i] - 1);
    int64_t length = xShape[i + 2] * w->strides[i] + border[i + 2] + border[rank + i + 2];
    if (length < reach + 1)
      return n.fail("pads leave no output along spatial dim " + Twine(i));
    anyBorder |= border[i + 2] || border[rank + i + 2];
  }
  if (anyBorder) {
    FailureOr<Value> v = n.create<nn::PadOp>(
        {input, zero},
        {n.named("pads", n.i64s(border)), n.named("mode", n.builder.getStringAttr("constant"))});
    if (failed(v))
      return failure();
    input = *v;
  }

  // The weight: [C, F/g, k...] -> [g, C/g, F/g, k...] -> [g, F/g, C/g, k...]
  // -> [F, C/g, k...], each window flipped.
  SmallVector<int64_t> grouped{g, C / g, perGroupF}, perm{0, 2, 1}, filters{F, C / g};
  for (int64_t i = 0; i < spatial; ++i) {
    grouped.push_back(wShape[i + 2]);
    perm.push_back(3 + i);
    filters.push_back(wShape[i + 2]);
  }
  FailureOr<Value> kernel = n.reshape(weight, grouped);
  if (failed(kernel) ||
      failed(kernel = n.create<nn::TransposeOp>(*kernel, {n.named("perm", n.i64s(perm))})) ||
      failed(kernel = n.reshape(*kernel, filters)))
    return failure();
  SmallVector<int64_t> offsets(rank, 0), strides(rank, 1);
  for (int64_t i = 0; i < spatial; ++i) {
    offsets[i + 2] = wShape[i + 2] - 1;
    strides[i + 2] = -1;
  }
  kernel = n.create<nn::SliceOp>(*kernel, {n.named("offsets", n.i64s(offsets)),
                                           n.named("sizes", n.i64s(filters)),
                                           n.named("strides", n.i64s(strides))});
  if (failed(kernel))
    return failure();

  SmallVector<Value> operands{input, *kernel};
  if (Value bias = n.optionalInput(2))
    operands.push_back(bias);
  FailureOr<Value> r = n.create<nn::ConvOp>(
      operands, {n.named("strides", n.i64s(SmallVector<int64_t>(spatial, 1))),
                 n.named("pads", n.i64s(SmallVector<int64_t>(2 * spatial, 0))),
                 n.named("dilations", n.i64s(w->dilations)),
                 n.named("group", n.builder.getI64IntegerAttr(g))});
  return failed(r) ? failure() : n.setOutput(0, *r);
}
} // namespace

void qat::addConvTransposeConverters(OpConverterMap &map) {
  map["ConvTranspose"] = convTranspose;
}
