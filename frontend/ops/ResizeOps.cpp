//===- ResizeOps.cpp - ONNX Resize and Upsample -> nn.resize ---------------===//
//
// Scales, sizes and roi must be constants (static shapes). With sizes the
// scale of each dim is output / input length; with scales the output length
// is floor(input length * scale). Resize-10 and Upsample are asymmetric; their
// nearest rounding is floor when upsampling and ceil when downsampling, as
// onnxruntime implements them.
//
//===----------------------------------------------------------------------===//
#include "frontend/NodeImporter.h"

#include <cmath>

using namespace mlir;
using namespace qat;

namespace {
struct ResizeAttrs {
  std::string mode = "nearest", transform = "asymmetric", nearest = "floor";
  float cubicA = -0.75f, extrapolation = 0;
  bool excludeOutside = false;
};

FailureOr<Value> buildResize(NodeImporter &n, Value x, const ResizeAttrs &a,
                             ArrayRef<double> scales, ArrayRef<int64_t> sizes,
                             ArrayRef<double> roi) {
  RankedTensorType type = n.type(x);
  int64_t rank = type.getRank();
  SmallVector<double> scale(scales);
  SmallVector<int64_t> shape;
  if (!sizes.empty()) {
    if ((int64_t)sizes.size() != rank)
      return n.fail("sizes holds " + Twine(sizes.size()) + " values for an input of rank " +
                    Twine(rank));
    scale.clear();
    for (int64_t d = 0; d < rank; ++d) {
      if (sizes[d] < 1 || type.getDimSize(d) < 1)
        return n.fail("sizes and input dims must be positive");
      scale.push_back((double)sizes[d] / (double)type.getDimSize(d));
    }
    shape.assign(sizes.begin(), sizes.end());
  } else {
    if ((int64_t)scales.size() != rank)
      return n.fail("scales holds " + Twine(scales.size()) + " values for an input of rank " +
                    Twine(rank));
    for (int64_t d = 0; d < rank; ++d) {
      if (!(scales[d] > 0))
        return n.fail("scales must be positive, got " + std::to_string(scales[d]));
      double length = std::floor(scales[d] * (double)type.getDimSize(d));
      if (!(length < 4e18)) // past int64 the conversion is undefined
        return n.fail("scale " + std::to_string(scales[d]) + " gives an output too large");
      shape.push_back((int64_t)length);
    }
  }
  MLIRContext *ctx = n.context();
  Builder &b = n.builder;
  return n.create<nn::ResizeOp>(
      x,
      {n.named("mode", b.getStringAttr(a.mode)),
       n.named("coordinate_transformation_mode", b.getStringAttr(a.transform)),
       n.named("nearest_mode", b.getStringAttr(a.nearest)),
       n.named("cubic_coeff_a", b.getF32FloatAttr(a.cubicA)),
       n.named("exclude_outside", b.getBoolAttr(a.excludeOutside)),
       n.named("extrapolation_value", b.getF32FloatAttr(a.extrapolation)),
       n.named("scales", DenseF64ArrayAttr::get(ctx, scale)),
       n.named("roi", DenseF64ArrayAttr::get(ctx, roi))},
      RankedTensorType::get(shape, type.getElementType()));
}

/// Resize-10 and Upsample: nearest rounds down when upsampling and up when
/// downsampling (onnxruntime's "simple" mode); one rule per node.
FailureOr<std::string> legacyNearest(NodeImporter &n, ArrayRef<double> scales) {
  bool up = llvm::all_of(scales, [](double s) { return s >= 1; });
  bool down = llvm::all_of(scales, [](double s) { return s <= 1; });
  if (!up && !down)
    return n.fail("nearest resize that upsamples some dims and downsamples others is not "
                  "supported before opset 11");
  return std::string(up ? "floor" : "ceil");
}

LogicalResult legacyResize(NodeImporter &n, Value x, ArrayRef<double> scales) {
  ResizeAttrs a;
  FailureOr<std::string> mode = n.stringAttr("mode", "nearest");
  if (failed(mode))
    return failure();
  a.mode = *mode == "bilinear" ? "linear" : *mode; // Upsample-7 spells it bilinear
  if (a.mode != "nearest" && a.mode != "linear")
    return n.fail("mode must be 'nearest' or 'linear' before opset 11, got '" + *mode + "'");
  if (a.mode == "nearest") {
    FailureOr<std::string> nearest = legacyNearest(n, scales);
    if (failed(nearest))
      return failure();
    a.nearest = *nearest;
  }
  FailureOr<Value> r = buildResize(n, x, a, scales, {}, {});
  return failed(r) ? failure() : n.setOutput(0, *r);
}

LogicalResult resize(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  if (n.opset < 11) {
    FailureOr<SmallVector<double>> scales = n.constantFloats(1, "scales");
    return failed(scales) ? failure() : legacyResize(n, x, *scales);
  }
  ResizeAttrs a;
  FailureOr<std::string> mode = n.stringAttr("mode", "nearest"),
                         transform = n.stringAttr("coordinate_transformation_mode", "half_pixel"),
                         nearest = n.stringAttr("nearest_mode", "round_prefer_floor");
  FailureOr<float> cubicA = n.floatAttr("cubic_coeff_a", -0.75f),
                   extrapolation = n.floatAttr("extrapolation_value", 0);
  FailureOr<int64_t> exclude = n.intAttr("exclude_outside", 0);
  if (failed(mode) || failed(transform) || failed(nearest) || failed(cubicA) ||
      failed(extrapolation) || failed(exclude))
    return failure();
  a = {*mode, *transform, *nearest, *cubicA, *extrapolation, *exclude != 0};
  // Opset 18's additions, refused rather than ignored.
  FailureOr<int64_t> antialias = n.intAttr("antialias", 0);
  FailureOr<std::string> policy = n.stringAttr("keep_aspect_ratio_policy", "stretch");
  if (failed(antialias) || failed(policy))
    return failure();
  if (*antialias)
    return n.fail("antialias is not supported");
  if (*policy != "stretch")
    return n.fail("keep_aspect_ratio_policy '" + *policy + "' is not supported (only 'stretch')");
  if (n.hasAttr("axes"))
    return n.fail("the axes attribute is not supported: give scales or sizes for every dim");
  // An input counts when it is named and holds values (opset 11 passes an
  // empty scales tensor next to sizes).
  auto given = [&](int i) {
    if (!n.hasInput(i))
      return false;
    Value v = n.input(i);
    return v && n.type(v).getNumElements() > 0;
  };
  SmallVector<double> scales, roi;
  SmallVector<int64_t> sizes;
  if (given(3)) {
    FailureOr<SmallVector<int64_t>> s = n.constantInts(3, "sizes");
    if (failed(s))
      return failure();
    sizes = *s;
  } else if (given(2)) {
    FailureOr<SmallVector<double>> s = n.constantFloats(2, "scales");
    if (failed(s))
      return failure();
    scales = *s;
  } else {
    return n.fail("needs scales or sizes");
  }
  if (a.transform == "tf_crop_and_resize") {
    if (!given(1))
      return n.fail("tf_crop_and_resize needs roi");
    FailureOr<SmallVector<double>> r = n.constantFloats(1, "roi");
    if (failed(r))
      return failure();
    roi = *r;
    if ((int64_t)roi.size() != 2 * n.type(x).getRank())
      return n.fail("roi holds " + Twine(roi.size()) + " values, expected " +
                    Twine(2 * n.type(x).getRank()));
  }
  FailureOr<Value> r = buildResize(n, x, a, scales, sizes, roi);
  return failed(r) ? failure() : n.setOutput(0, *r);
}

/// Upsample (deprecated): scales as an attribute (opset 7) or an input (9).
LogicalResult upsample(NodeImporter &n) {
  Value x = n.input(0);
  if (!x)
    return failure();
  SmallVector<double> scales;
  if (n.opset < 9) {
    const onnx::AttributeProto *attr = n.attr("scales");
    if (!attr)
      return n.fail("the 'scales' attribute is required");
    for (float s : attr->floats())
      scales.push_back(s);
  } else {
    FailureOr<SmallVector<double>> s = n.constantFloats(1, "scales");
    if (failed(s))
      return failure();
    scales = *s;
  }
  return legacyResize(n, x, scales);
}
} // namespace

void qat::addResizeConverters(OpConverterMap &map) {
  map["Resize"] = resize;
  map["Upsample"] = upsample;
}
