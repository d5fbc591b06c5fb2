# Resize (opset 10, 11, 13) and Upsample (opset 7, 9) -> nn.resize {mode,
# coordinate_transformation_mode, nearest_mode, cubic_coeff_a,
# exclude_outside, extrapolation_value, scales, roi}.
# From opset 11 the inputs are X, roi, scales, sizes; the defaults are mode
# nearest, half_pixel, round_prefer_floor, cubic_coeff_a -0.75,
# exclude_outside 0, extrapolation_value 0. Scales, sizes and roi must be
# constants. With sizes, scales[d] = sizes[d] / X.shape[d] and the result has
# shape sizes; with scales, the result has floor(X.shape[d] * scales[d]). An
# empty tensor counts as absent (opset 11 passes an empty scales next to
# sizes); roi is read only for tf_crop_and_resize (2 * rank values: starts,
# then ends).
# Resize-10 and Upsample take scales only, are asymmetric, and round nearest
# down when every dim upsamples (floor) and up when every dim downsamples
# (ceil), as onnxruntime does; Upsample-7 holds its scales in an attribute
# and spells linear 'bilinear'.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/defaults.onnx | FileCheck %s --check-prefix=DEFAULTS
# RUN: qat-translate --import-onnx %t/scales_floor.onnx | FileCheck %s --check-prefix=FLOOR
# RUN: qat-translate --import-onnx %t/linear_sizes.onnx | FileCheck %s --check-prefix=SIZES
# RUN: qat-translate --import-onnx %t/v11_empty_scales_sizes.onnx | FileCheck %s --check-prefix=V11SIZES
# RUN: qat-translate --import-onnx %t/cubic_attrs.onnx | FileCheck %s --check-prefix=CUBIC
# RUN: qat-translate --import-onnx %t/crop_and_resize.onnx | FileCheck %s --check-prefix=CROP
# RUN: qat-translate --import-onnx %t/nearest_u8_constant_node.onnx | FileCheck %s --check-prefix=U8
# RUN: qat-translate --import-onnx %t/v10_nearest_up.onnx | FileCheck %s --check-prefix=V10UP
# RUN: qat-translate --import-onnx %t/v10_nearest_down.onnx | FileCheck %s --check-prefix=V10DOWN
# RUN: qat-translate --import-onnx %t/v10_linear.onnx | FileCheck %s --check-prefix=V10LINEAR
# RUN: qat-translate --import-onnx %t/upsample_v7_bilinear.onnx | FileCheck %s --check-prefix=UP7
# RUN: qat-translate --import-onnx %t/upsample_v9.onnx | FileCheck %s --check-prefix=UP9
# RUN: not qat-translate --import-onnx %t/no_scales_or_sizes.onnx 2>&1 | FileCheck %s --check-prefix=NEITHER
# RUN: not qat-translate --import-onnx %t/empty_scales_no_sizes.onnx 2>&1 | FileCheck %s --check-prefix=EMPTYSCALES
# RUN: not qat-translate --import-onnx %t/scales_wrong_length.onnx 2>&1 | FileCheck %s --check-prefix=SCALESLEN
# RUN: not qat-translate --import-onnx %t/sizes_wrong_length.onnx 2>&1 | FileCheck %s --check-prefix=SIZESLEN
# RUN: not qat-translate --import-onnx %t/scales_zero.onnx 2>&1 | FileCheck %s --check-prefix=SCALEZERO
# RUN: not qat-translate --import-onnx %t/sizes_zero.onnx 2>&1 | FileCheck %s --check-prefix=SIZEZERO
# RUN: not qat-translate --import-onnx %t/scales_not_constant.onnx 2>&1 | FileCheck %s --check-prefix=SCALESINPUT
# RUN: not qat-translate --import-onnx %t/sizes_not_constant.onnx 2>&1 | FileCheck %s --check-prefix=SIZESINPUT
# RUN: not qat-translate --import-onnx %t/crop_without_roi.onnx 2>&1 | FileCheck %s --check-prefix=NOROI
# RUN: not qat-translate --import-onnx %t/crop_roi_wrong_length.onnx 2>&1 | FileCheck %s --check-prefix=ROILEN
# RUN: not qat-translate --import-onnx %t/crop_roi_not_constant.onnx 2>&1 | FileCheck %s --check-prefix=ROIINPUT
# RUN: not qat-translate --import-onnx %t/v10_nearest_mixed.onnx 2>&1 | FileCheck %s --check-prefix=V10MIXED
# RUN: not qat-translate --import-onnx %t/v10_cubic.onnx 2>&1 | FileCheck %s --check-prefix=V10CUBIC
# RUN: not qat-translate --import-onnx %t/v10_scales_not_constant.onnx 2>&1 | FileCheck %s --check-prefix=V10INPUT
# RUN: not qat-translate --import-onnx %t/upsample_v7_no_scales.onnx 2>&1 | FileCheck %s --check-prefix=UP7NOSCALES
# RUN: not qat-translate --import-onnx %t/unknown_mode.onnx 2>&1 | FileCheck %s --check-prefix=BADMODE
# RUN: not qat-translate --import-onnx %t/unknown_transform.onnx 2>&1 | FileCheck %s --check-prefix=BADTRANSFORM
# RUN: not qat-translate --import-onnx %t/linear_int.onnx 2>&1 | FileCheck %s --check-prefix=LINEARINT
# RUN: qat-translate --import-onnx %t/v10_linear_mixed.onnx | FileCheck %s --check-prefix=V10LINMIX
# RUN: not qat-translate --import-onnx %t/v18_antialias.onnx 2>&1 | FileCheck %s --check-prefix=ANTIALIAS
# RUN: not qat-translate --import-onnx %t/v18_aspect_policy.onnx 2>&1 | FileCheck %s --check-prefix=POLICY
# RUN: not qat-translate --import-onnx %t/v18_axes.onnx 2>&1 | FileCheck %s --check-prefix=AXES
# RUN: not qat-translate --import-onnx %t/scale_huge.onnx 2>&1 | FileCheck %s --check-prefix=HUGE

from onnx_fixture import array, graph_model, main, node, single, tensor


def resize(shape, scales=None, sizes=None, roi=None, t="f32", opset=13, check=True,
           out_rank=None, **attrs):
    """A Resize node on x of `shape`; roi / scales / sizes become initializers
    when given and absent inputs ("") otherwise (trailing ones dropped)."""
    inits, names = {}, ["x"]
    for name, value, vt in (("roi", roi, "f32"), ("scales", scales, "f32"),
                            ("sizes", sizes, "i64")):
        if value is None:
            names.append("")
        else:
            inits[name] = array(value, vt)
            names.append(name)
    while names[-1] == "":
        names.pop()
    out = ("y", t) if out_rank is None else ("y", t, out_rank)
    return single("Resize", [("x", t, shape)], [out], attrs, initializers=inits,
                  node_inputs=names, opset=opset, check=check)


# DEFAULTS-LABEL: func.func @main_graph(%arg0: tensor<1x2x3x4xf32> {qat.name = "x"}) -> (tensor<1x2x6x8xf32> {qat.name = "y"})
# DEFAULTS: %[[Y:.*]] = nn.resize %arg0 {coordinate_transformation_mode = "half_pixel", cubic_coeff_a = -7.500000e-01 : f32, exclude_outside = false, extrapolation_value = 0.000000e+00 : f32, mode = "nearest", nearest_mode = "round_prefer_floor", roi = array<f64>, scales = array<f64: 1.000000e+00, 1.000000e+00, 2.000000e+00, 2.000000e+00>} : tensor<1x2x3x4xf32> -> tensor<1x2x6x8xf32>
# DEFAULTS: return %[[Y]] : tensor<1x2x6x8xf32>
def defaults():
    return resize([1, 2, 3, 4], scales=[1, 1, 2, 2])


# The output length is floor(length * scale): 3 * 1.5 = 4.5 -> 4, 5 * 0.5
# = 2.5 -> 2; the scales stay as given.
# FLOOR-LABEL: func.func @main_graph
# FLOOR: nn.resize %arg0 {{{.*}}scales = array<f64: 1.500000e+00, 5.000000e-01>} : tensor<3x5xf32> -> tensor<4x2xf32>
def scales_floor():
    return resize([3, 5], scales=[1.5, 0.5], out_rank=2)


# Sizes give the shape and the scales sizes / input: 3 / 4 and 9 / 6.
# SIZES-LABEL: func.func @main_graph(%arg0: tensor<1x1x4x6xf32> {qat.name = "x"}) -> (tensor<1x1x3x9xf32> {qat.name = "y"})
# SIZES: nn.resize %arg0 {coordinate_transformation_mode = "pytorch_half_pixel", {{.*}}mode = "linear", {{.*}}scales = array<f64: 1.000000e+00, 1.000000e+00, 7.500000e-01, 1.500000e+00>} : tensor<1x1x4x6xf32> -> tensor<1x1x3x9xf32>
def linear_sizes():
    return resize([1, 1, 4, 6], sizes=[1, 1, 3, 9], mode="linear",
                  coordinate_transformation_mode="pytorch_half_pixel")


# Opset 11: roi and scales are required inputs, here empty next to sizes;
# without tf_crop_and_resize the roi is not kept.
# V11SIZES-LABEL: func.func @main_graph
# V11SIZES: nn.resize %arg0 {coordinate_transformation_mode = "asymmetric", {{.*}}mode = "nearest", nearest_mode = "floor", roi = array<f64>, scales = array<f64: 1.000000e+00, 2.500000e+00>} : tensor<3x2xf32> -> tensor<3x5xf32>
def v11_empty_scales_sizes():
    return resize([3, 2], roi=[], scales=[], sizes=[3, 5], opset=11,
                  coordinate_transformation_mode="asymmetric", nearest_mode="floor")


# CUBIC-LABEL: func.func @main_graph
# CUBIC: nn.resize %arg0 {coordinate_transformation_mode = "align_corners", cubic_coeff_a = -5.000000e-01 : f32, exclude_outside = true, extrapolation_value = 0.000000e+00 : f32, mode = "cubic", nearest_mode = "round_prefer_floor", roi = array<f64>, scales = array<f64: 1.000000e+00, 1.000000e+00, 5.000000e-01, 2.000000e+00>} : tensor<1x3x4x4xf64> -> tensor<1x3x2x8xf64>
def cubic_attrs():
    return resize([1, 3, 4, 4], scales=[1, 1, 0.5, 2], t="f64", mode="cubic",
                  coordinate_transformation_mode="align_corners", cubic_coeff_a=-0.5,
                  exclude_outside=1)


# tf_crop_and_resize keeps the roi (starts, then ends) and the
# extrapolation value (an roi past 1 reaches outside the input).
# CROP-LABEL: func.func @main_graph
# CROP: nn.resize %arg0 {coordinate_transformation_mode = "tf_crop_and_resize", cubic_coeff_a = -7.500000e-01 : f32, exclude_outside = false, extrapolation_value = 1.000000e+01 : f32, mode = "linear", nearest_mode = "round_prefer_floor", roi = array<f64: 0.000000e+00, 0.000000e+00, 2.500000e-01, 5.000000e-01, 1.000000e+00, 1.000000e+00, 1.250000e+00, 1.750000e+00>, scales = array<f64: 1.000000e+00, 1.000000e+00, 7.500000e-01, 7.500000e-01>} : tensor<1x1x4x4xf32> -> tensor<1x1x3x3xf32>
def crop_and_resize():
    return resize([1, 1, 4, 4], roi=[0, 0, 0.25, 0.5, 1, 1, 1.25, 1.75], sizes=[1, 1, 3, 3],
                  mode="linear", coordinate_transformation_mode="tf_crop_and_resize",
                  extrapolation_value=10.0)


# Nearest takes any element type; scales from a Constant node, which is not
# kept.
# U8-LABEL: func.func @main_graph
# U8-NOT: arith.constant
# U8: nn.resize %arg0 {coordinate_transformation_mode = "tf_half_pixel_for_nn", {{.*}}mode = "nearest", nearest_mode = "ceil", {{.*}}scales = array<f64: 3.000000e+00, 1.000000e+00>} : tensor<2x2xui8> -> tensor<6x2xui8>
def nearest_u8_constant_node():
    nodes = [node("Constant", [], ["scales"], value=tensor("scales", array([3, 1], "f32"))),
             node("Resize", ["x", "", "scales"], ["y"],
                  coordinate_transformation_mode="tf_half_pixel_for_nn", nearest_mode="ceil")]
    return graph_model(nodes, [("x", "u8", [2, 2])], [("y", "u8")], opset=13)


def v10(shape, scales, check=True, **attrs):
    return single("Resize", [("x", "f32", shape)], [("y", "f32", len(shape))], attrs,
                  initializers={"scales": array(scales, "f32")}, opset=10, check=check)


# Resize-10 nearest, every scale >= 1: asymmetric, floor.
# V10UP-LABEL: func.func @main_graph
# V10UP: nn.resize %arg0 {coordinate_transformation_mode = "asymmetric", cubic_coeff_a = -7.500000e-01 : f32, exclude_outside = false, extrapolation_value = 0.000000e+00 : f32, mode = "nearest", nearest_mode = "floor", roi = array<f64>, scales = array<f64: 1.000000e+00, 1.000000e+00, 2.000000e+00, 3.000000e+00>} : tensor<1x1x2x2xf32> -> tensor<1x1x4x6xf32>
def v10_nearest_up():
    return v10([1, 1, 2, 2], [1, 1, 2, 3])


# Every scale <= 1: ceil.
# V10DOWN-LABEL: func.func @main_graph
# V10DOWN: nn.resize %arg0 {coordinate_transformation_mode = "asymmetric", {{.*}}mode = "nearest", nearest_mode = "ceil", {{.*}}scales = array<f64: 1.000000e+00, 7.500000e-01>} : tensor<2x8xf32> -> tensor<2x6xf32>
def v10_nearest_down():
    return v10([2, 8], [1, 0.75])


# V10LINEAR-LABEL: func.func @main_graph
# V10LINEAR: nn.resize %arg0 {coordinate_transformation_mode = "asymmetric", {{.*}}mode = "linear", {{.*}}scales = array<f64: 2.000000e+00, 2.000000e+00>} : tensor<2x2xf32> -> tensor<4x4xf32>
def v10_linear():
    return v10([2, 2], [2, 2], mode="linear")


# Upsample-7: scales attribute, 'bilinear' is linear.
# UP7-LABEL: func.func @main_graph
# UP7: nn.resize %arg0 {coordinate_transformation_mode = "asymmetric", {{.*}}mode = "linear", nearest_mode = "floor", {{.*}}scales = array<f64: 1.000000e+00, 1.000000e+00, 2.000000e+00, 2.000000e+00>} : tensor<1x1x2x3xf32> -> tensor<1x1x4x6xf32>
def upsample_v7_bilinear():
    return single("Upsample", [("x", "f32", [1, 1, 2, 3])], [("y", "f32", 4)],
                  dict(mode="bilinear", scales=[1.0, 1.0, 2.0, 2.0]), opset=7, check=False)


# Upsample-9: scales input, nearest by default.
# UP9-LABEL: func.func @main_graph
# UP9: nn.resize %arg0 {coordinate_transformation_mode = "asymmetric", {{.*}}mode = "nearest", nearest_mode = "floor", {{.*}}scales = array<f64: 1.000000e+00, 3.000000e+00>} : tensor<2x2xi32> -> tensor<2x6xi32>
def upsample_v9():
    return single("Upsample", [("x", "i32", [2, 2])], [("y", "i32", 2)],
                  initializers={"scales": array([1, 3], "f32")}, opset=9)


# NEITHER: error: {{.*}}node 'resize_0' (Resize, opset 13): needs scales or sizes
def no_scales_or_sizes():
    return resize([2, 2], roi=[], out_rank=2, check=False)


# EMPTYSCALES: error: {{.*}}node 'resize_0' (Resize, opset 11): needs scales or sizes
def empty_scales_no_sizes():
    return resize([2, 2], roi=[], scales=[], opset=11, out_rank=2, check=False)


# SCALESLEN: error: {{.*}}node 'resize_0' (Resize, opset 13): scales holds 3 values for an input of rank 4
def scales_wrong_length():
    return resize([1, 1, 2, 2], scales=[1, 2, 2], out_rank=4, check=False)


# SIZESLEN: error: {{.*}}node 'resize_0' (Resize, opset 13): sizes holds 1 values for an input of rank 2
def sizes_wrong_length():
    return resize([2, 2], sizes=[4], out_rank=2, check=False)


# SCALEZERO: error: {{.*}}node 'resize_0' (Resize, opset 13): scales must be positive, got 0.000000
def scales_zero():
    return resize([2, 2], scales=[1, 0], out_rank=2, check=False)


# SIZEZERO: error: {{.*}}node 'resize_0' (Resize, opset 13): sizes and input dims must be positive
def sizes_zero():
    return resize([2, 2], sizes=[2, 0], out_rank=2, check=False)


# SCALESINPUT: error: {{.*}}node 'resize_0' (Resize, opset 13): scales ('s') must be a constant: an initializer or a Constant node
def scales_not_constant():
    return single("Resize", [("x", "f32", [2, 2]), ("s", "f32", [2])], [("y", "f32", 2)],
                  node_inputs=["x", "", "s"], opset=13, check=False)


# SIZESINPUT: error: {{.*}}node 'resize_0' (Resize, opset 13): sizes ('n') must be a constant
def sizes_not_constant():
    return single("Resize", [("x", "f32", [2, 2]), ("n", "i64", [2])], [("y", "f32", 2)],
                  node_inputs=["x", "", "", "n"], opset=13, check=False)


# NOROI: error: {{.*}}node 'resize_0' (Resize, opset 13): tf_crop_and_resize needs roi
def crop_without_roi():
    return resize([2, 2], scales=[2, 2], out_rank=2, check=False,
                  coordinate_transformation_mode="tf_crop_and_resize")


# ROILEN: error: {{.*}}node 'resize_0' (Resize, opset 13): roi holds 2 values, expected 4
def crop_roi_wrong_length():
    return resize([2, 2], roi=[0, 1], scales=[2, 2], out_rank=2, check=False,
                  coordinate_transformation_mode="tf_crop_and_resize")


# ROIINPUT: error: {{.*}}node 'resize_0' (Resize, opset 13): roi ('r') must be a constant: an initializer or a Constant node
def crop_roi_not_constant():
    return single("Resize", [("x", "f32", [2, 2]), ("r", "f32", [4])], [("y", "f32", 2)],
                  dict(coordinate_transformation_mode="tf_crop_and_resize"),
                  initializers={"scales": array([2, 2], "f32")}, node_inputs=["x", "r", "scales"],
                  opset=13, check=False)


# Nearest rounding before opset 11 is one rule per node.
# V10MIXED: error: {{.*}}node 'resize_0' (Resize, opset 10): nearest resize that upsamples some dims and downsamples others is not supported before opset 11
def v10_nearest_mixed():
    return v10([2, 4], [2, 0.5], check=False)


# V10CUBIC: error: {{.*}}node 'resize_0' (Resize, opset 10): mode must be 'nearest' or 'linear' before opset 11, got 'cubic'
def v10_cubic():
    return v10([2, 2], [2, 2], check=False, mode="cubic")


# V10INPUT: error: {{.*}}node 'resize_0' (Resize, opset 10): scales ('s') must be a constant
def v10_scales_not_constant():
    return single("Resize", [("x", "f32", [2, 2]), ("s", "f32", [2])], [("y", "f32", 2)],
                  opset=10, check=False)


# UP7NOSCALES: error: {{.*}}node 'upsample_0' (Upsample, opset 7): the 'scales' attribute is required
def upsample_v7_no_scales():
    return single("Upsample", [("x", "f32", [2, 2])], [("y", "f32", 2)], opset=7, check=False)


# The op's verifier names an unknown mode or transformation.
# BADMODE: error: {{.*}}node 'resize_0' (Resize, opset 13): 'nn.resize' op unknown mode 'bicubic'
def unknown_mode():
    return resize([2, 2], scales=[2, 2], out_rank=2, check=False, mode="bicubic")


# BADTRANSFORM: error: {{.*}}node 'resize_0' (Resize, opset 13): 'nn.resize' op unknown coordinate_transformation_mode 'half_pixel_symmetric'
def unknown_transform():
    return resize([2, 2], scales=[2, 2], out_rank=2, check=False,
                  coordinate_transformation_mode="half_pixel_symmetric")


# LINEARINT: error: {{.*}}node 'resize_0' (Resize, opset 13): 'nn.resize' op linear and cubic modes need a floating-point input
def linear_int():
    return resize([2, 2], scales=[2, 2], t="i32", out_rank=2, check=False, mode="linear")


# Resize-10 linear has no rounding rule: up and down in one node is fine.
# V10LINMIX-LABEL: func.func @main_graph
# V10LINMIX: nn.resize %arg0 {coordinate_transformation_mode = "asymmetric", {{.*}}mode = "linear", {{.*}}scales = array<f64: 2.000000e+00, 5.000000e-01>} : tensor<2x4xf32> -> tensor<4x2xf32>
def v10_linear_mixed():
    return v10([2, 4], [2, 0.5], mode="linear")


# Opset 18's antialias, keep_aspect_ratio_policy and axes are refused, not
# ignored.
# ANTIALIAS: error: {{.*}}node 'resize_0' (Resize, opset 18): antialias is not supported
def v18_antialias():
    return resize([1, 8], scales=[1, 0.5], opset=18, check=False, mode="linear", antialias=1)


# POLICY: error: {{.*}}keep_aspect_ratio_policy 'not_larger' is not supported (only 'stretch')
def v18_aspect_policy():
    return resize([1, 8], sizes=[1, 4], opset=18, check=False,
                  keep_aspect_ratio_policy="not_larger")


# AXES: error: {{.*}}the axes attribute is not supported: give scales or sizes for every dim
def v18_axes():
    return resize([1, 8], scales=[0.5], opset=18, check=False, out_rank=2, axes=[1])


# An output length past int64 is refused before it is converted.
# HUGE: error: {{.*}}node 'resize_0' (Resize, opset 13): scale {{.*}} gives an output too large
def scale_huge():
    return resize([1, 2], scales=[1, 1e30], out_rank=2, check=False)


main({f.__name__: f for f in [scale_huge, v10_linear_mixed, v18_antialias, v18_aspect_policy, v18_axes,
    defaults, scales_floor, linear_sizes, v11_empty_scales_sizes, cubic_attrs, crop_and_resize,
    nearest_u8_constant_node, v10_nearest_up, v10_nearest_down, v10_linear,
    upsample_v7_bilinear, upsample_v9, no_scales_or_sizes, empty_scales_no_sizes,
    scales_wrong_length, sizes_wrong_length, scales_zero, sizes_zero, scales_not_constant,
    sizes_not_constant, crop_without_roi, crop_roi_wrong_length, crop_roi_not_constant,
    v10_nearest_mixed, v10_cubic, v10_scales_not_constant, upsample_v7_no_scales,
    unknown_mode, unknown_transform, linear_int]})
