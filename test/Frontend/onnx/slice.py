# Slice -> nn.slice {offsets, sizes, strides} (offsets: first index taken;
# sizes: result shape). ONNX: negative starts/ends add the dim; with a
# positive step start is clamped to [0, dim] and end to [0, dim]; with a
# negative step start to [0, dim - 1] and end to [-1, dim - 1]; the size is
# max(0, ceil((end - start) / step)). Opset < 10: starts/ends/axes attributes.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/v9_attrs.onnx | FileCheck %s --check-prefix=V9ATTRS
# RUN: qat-translate --import-onnx %t/v9_no_axes.onnx | FileCheck %s --check-prefix=V9NOAXES
# RUN: qat-translate --import-onnx %t/v9_negative.onnx | FileCheck %s --check-prefix=V9NEG
# RUN: qat-translate --import-onnx %t/v13_steps.onnx | FileCheck %s --check-prefix=V13STEPS
# RUN: qat-translate --import-onnx %t/reverse.onnx | FileCheck %s --check-prefix=REVERSE
# RUN: qat-translate --import-onnx %t/neg_step2.onnx | FileCheck %s --check-prefix=NEGSTEP2
# RUN: qat-translate --import-onnx %t/neg_step_clamped.onnx | FileCheck %s --check-prefix=NEGCLAMP
# RUN: qat-translate --import-onnx %t/int64_max_end.onnx | FileCheck %s --check-prefix=INTMAX
# RUN: qat-translate --import-onnx %t/neg_axes.onnx | FileCheck %s --check-prefix=NEGAXES
# RUN: qat-translate --import-onnx %t/v10_no_steps.onnx | FileCheck %s --check-prefix=V10

from onnx_fixture import array, main, single

INT64_MAX = 2**63 - 1


def slice_attrs(shape, **attrs):
    return single("Slice", [("x", "f32", shape)], [("y", "f32")], attrs, opset=9)


def slice_inputs(shape, starts, ends, axes=None, steps=None, opset=13):
    inits = {"starts": array(starts, "i64"), "ends": array(ends, "i64")}
    if axes is not None:
        inits["axes"] = array(axes, "i64")
    if steps is not None:
        inits["steps"] = array(steps, "i64")
    return single("Slice", [("x", "f32", shape)], [("y", "f32")], initializers=inits,
                  opset=opset)


# V9ATTRS-LABEL: func.func @main_graph(%arg0: tensor<4x10xf32> {qat.name = "x"}) -> (tensor<2x6xf32> {qat.name = "y"})
# V9ATTRS: %[[Y:.*]] = nn.slice %arg0 {offsets = array<i64: 1, 2>, sizes = array<i64: 2, 6>, strides = array<i64: 1, 1>} : tensor<4x10xf32> -> tensor<2x6xf32>
# V9ATTRS: return %[[Y]]
def v9_attrs():
    return slice_attrs([4, 10], starts=[1, 2], ends=[3, 8], axes=[0, 1])


# No axes: starts/ends apply to dims 0..; end 100 clamps to 4.
# V9NOAXES-LABEL: func.func @main_graph
# V9NOAXES: nn.slice %arg0 {offsets = array<i64: 1, 0, 0>, sizes = array<i64: 3, 10, 3>, strides = array<i64: 1, 1, 1>} : tensor<4x10x3xf32> -> tensor<3x10x3xf32>
def v9_no_axes():
    return slice_attrs([4, 10, 3], starts=[1], ends=[100])


# starts -3, ends -1 on dim 10: [7, 9).
# V9NEG-LABEL: func.func @main_graph
# V9NEG: nn.slice %arg0 {offsets = array<i64: 0, 7>, sizes = array<i64: 4, 2>, strides = array<i64: 1, 1>} : tensor<4x10xf32> -> tensor<4x2xf32>
def v9_negative():
    return slice_attrs([4, 10], starts=[-3], ends=[-1], axes=[1])


# dim 0: 0, 2 (size 2); dim 1: 1, 4, 7 (ceil(8 / 3) = 3).
# V13STEPS-LABEL: func.func @main_graph
# V13STEPS: nn.slice %arg0 {offsets = array<i64: 0, 1>, sizes = array<i64: 2, 3>, strides = array<i64: 2, 3>} : tensor<4x10xf32> -> tensor<2x3xf32>
def v13_steps():
    return slice_inputs([4, 10], [0, 1], [4, 9], [0, 1], [2, 3])


# x[:, ::-1] as exported: start -1 -> 9, end -1000 -> clamped to -1: 10 elements.
# REVERSE-LABEL: func.func @main_graph
# REVERSE: nn.slice %arg0 {offsets = array<i64: 0, 9>, sizes = array<i64: 4, 10>, strides = array<i64: 1, -1>} : tensor<4x10xf32> -> tensor<4x10xf32>
def reverse():
    return slice_inputs([4, 10], [-1], [-1000], [1], [-1])


# start 8, end 1, step -2: 8, 6, 4, 2.
# NEGSTEP2-LABEL: func.func @main_graph
# NEGSTEP2: nn.slice %arg0 {offsets = array<i64: 0, 8>, sizes = array<i64: 4, 4>, strides = array<i64: 1, -2>} : tensor<4x10xf32> -> tensor<4x4xf32>
def neg_step2():
    return slice_inputs([4, 10], [8], [1], [1], [-2])


# start 100 -> 9, end -100 -> -1, step -3: 9, 6, 3, 0.
# NEGCLAMP-LABEL: func.func @main_graph
# NEGCLAMP: nn.slice %arg0 {offsets = array<i64: 9>, sizes = array<i64: 4>, strides = array<i64: -3>} : tensor<10xf32> -> tensor<4xf32>
def neg_step_clamped():
    return slice_inputs([10], [100], [-100], [0], [-3])


# x[:, 2:] as PyTorch exports it: end INT64_MAX clamps to 10.
# INTMAX-LABEL: func.func @main_graph
# INTMAX: nn.slice %arg0 {offsets = array<i64: 0, 2>, sizes = array<i64: 4, 8>, strides = array<i64: 1, 1>} : tensor<4x10xf32> -> tensor<4x8xf32>
def int64_max_end():
    return slice_inputs([4, 10], [2], [INT64_MAX], [1], [1])


# axes [-1, -3] on [2, 3, 4]: dim 2 [1, 3), dim 0 [1, 2).
# NEGAXES-LABEL: func.func @main_graph
# NEGAXES: nn.slice %arg0 {offsets = array<i64: 1, 0, 1>, sizes = array<i64: 1, 3, 2>, strides = array<i64: 1, 1, 1>} : tensor<2x3x4xf32> -> tensor<1x3x2xf32>
def neg_axes():
    return slice_inputs([2, 3, 4], [1, 1], [3, 2], [-1, -3])


# Opset 10 inputs without axes and steps.
# V10-LABEL: func.func @main_graph
# V10: nn.slice %arg0 {offsets = array<i64: 1, 2>, sizes = array<i64: 2, 1>, strides = array<i64: 1, 1>} : tensor<3x4xf32> -> tensor<2x1xf32>
def v10_no_steps():
    return slice_inputs([3, 4], [1, 2], [3, 3], opset=10)


main({f.__name__: f for f in [v9_attrs, v9_no_axes, v9_negative, v13_steps, reverse, neg_step2,
                              neg_step_clamped, int64_max_end, neg_axes, v10_no_steps]})
