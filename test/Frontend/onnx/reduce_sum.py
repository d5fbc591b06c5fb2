# ReduceSum -> nn.reduce_sum {axes (sorted, non-negative), keepdims}. Axes are an
# attribute before opset 13 and an optional input from opset 13;
# no axes reduces every dim (unless noop_with_empty_axes = 1, then the op is
# the identity); keepdims defaults to 1.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/attr_axis.onnx | FileCheck %s --check-prefix=ATTRAXIS
# RUN: qat-translate --import-onnx %t/attr_no_keepdims.onnx | FileCheck %s --check-prefix=ATTRNOKEEP
# RUN: qat-translate --import-onnx %t/attr_all.onnx | FileCheck %s --check-prefix=ATTRALL
# RUN: qat-translate --import-onnx %t/attr_all_no_keepdims.onnx | FileCheck %s --check-prefix=ATTRALLNOKEEP
# RUN: qat-translate --import-onnx %t/input_axes.onnx | FileCheck %s --check-prefix=INPUTAXES
# RUN: qat-translate --import-onnx %t/input_keepdims.onnx | FileCheck %s --check-prefix=INPUTKEEP
# RUN: qat-translate --import-onnx %t/input_no_axes.onnx | FileCheck %s --check-prefix=INPUTNOAXES
# RUN: qat-translate --import-onnx %t/input_noop.onnx | FileCheck %s --check-prefix=INPUTNOOP
# RUN: qat-translate --import-onnx %t/input_empty_axes.onnx | FileCheck %s --check-prefix=INPUTEMPTY

from onnx_fixture import array, main, single


def attr_form(out_rank, **attrs):
    return single("ReduceSum", [("x", "f32", [2, 3, 4])], [("y", "f32", out_rank)], attrs,
                  opset=11)


def input_form(out_rank, axes=None, **attrs):
    inits = {} if axes is None else {"axes": array(axes, "i64")}
    return single("ReduceSum", [("x", "f32", [2, 3, 4])], [("y", "f32", out_rank)], attrs,
                  initializers=inits, opset=13, check=True)


# ATTRAXIS-LABEL: func.func @main_graph(%arg0: tensor<2x3x4xf32> {qat.name = "x"}) -> (tensor<2x1x4xf32> {qat.name = "y"})
# ATTRAXIS: %[[Y:.*]] = nn.reduce_sum %arg0 {axes = array<i64: 1>, keepdims = true} : tensor<2x3x4xf32> -> tensor<2x1x4xf32>
# ATTRAXIS: return %[[Y]]
def attr_axis():
    return attr_form(3, axes=[1])


# axes [-1, 0] -> [0, 2].
# ATTRNOKEEP-LABEL: func.func @main_graph
# ATTRNOKEEP: nn.reduce_sum %arg0 {axes = array<i64: 0, 2>, keepdims = false} : tensor<2x3x4xf32> -> tensor<3xf32>
def attr_no_keepdims():
    return attr_form(1, axes=[-1, 0], keepdims=0)


# ATTRALL-LABEL: func.func @main_graph
# ATTRALL: nn.reduce_sum %arg0 {axes = array<i64: 0, 1, 2>, keepdims = true} : tensor<2x3x4xf32> -> tensor<1x1x1xf32>
def attr_all():
    return attr_form(3)


# ATTRALLNOKEEP-LABEL: func.func @main_graph
# ATTRALLNOKEEP: nn.reduce_sum %arg0 {axes = array<i64: 0, 1, 2>, keepdims = false} : tensor<2x3x4xf32> -> tensor<f32>
def attr_all_no_keepdims():
    return attr_form(0, keepdims=0)


# INPUTAXES-LABEL: func.func @main_graph
# INPUTAXES: nn.reduce_sum %arg0 {axes = array<i64: 1>, keepdims = false} : tensor<2x3x4xf32> -> tensor<2x4xf32>
def input_axes():
    return input_form(2, [1], keepdims=0)


# INPUTKEEP-LABEL: func.func @main_graph
# INPUTKEEP: nn.reduce_sum %arg0 {axes = array<i64: 1, 2>, keepdims = true} : tensor<2x3x4xf32> -> tensor<2x1x1xf32>
def input_keepdims():
    return input_form(3, [2, -2])


# No axes input: every dim.
# INPUTNOAXES-LABEL: func.func @main_graph
# INPUTNOAXES: nn.reduce_sum %arg0 {axes = array<i64: 0, 1, 2>, keepdims = true} : tensor<2x3x4xf32> -> tensor<1x1x1xf32>
def input_no_axes():
    return input_form(3)


# noop_with_empty_axes = 1 and no axes: Y = X.
# INPUTNOOP-LABEL: func.func @main_graph
# INPUTNOOP-NOT: nn.reduce_sum
# INPUTNOOP: return %arg0 : tensor<2x3x4xf32>
def input_noop():
    return input_form(3, noop_with_empty_axes=1)



# An empty axes tensor is "no axes": every dim.
# INPUTEMPTY-LABEL: func.func @main_graph
# INPUTEMPTY: nn.reduce_sum %arg0 {axes = array<i64: 0, 1, 2>, keepdims = false} : tensor<2x3x4xf32> -> tensor<f32>
def input_empty_axes():
    return input_form(0, [], keepdims=0)


main({f.__name__: f for f in [attr_axis, attr_no_keepdims, attr_all, attr_all_no_keepdims,
                              input_axes, input_keepdims, input_no_axes, input_noop,
                              input_empty_axes]})
