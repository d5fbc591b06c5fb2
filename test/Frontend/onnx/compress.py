# Compress with a constant condition -> nn.gather of the positions it
# selects (a constant i64 tensor): along `axis` (negative normalized), or
# over the flattened input without one. A condition shorter than the axis
# drops the rest; a condition computed at run time (the output's shape would
# depend on it), longer than the axis, or selecting nothing is an error.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/axis_short_condition.onnx | FileCheck %s --check-prefix=AXIS
# RUN: qat-translate --import-onnx %t/flattened.onnx | FileCheck %s --check-prefix=FLAT
# RUN: not qat-translate --import-onnx %t/condition_input.onnx 2>&1 | FileCheck %s --check-prefix=INPUT
# RUN: not qat-translate --import-onnx %t/condition_too_long.onnx 2>&1 | FileCheck %s --check-prefix=LONG
# RUN: not qat-translate --import-onnx %t/selects_nothing.onnx 2>&1 | FileCheck %s --check-prefix=NONE

from onnx_fixture import array, main, single


def compress(shape, condition, out_rank, **attrs):
    return single("Compress", [("x", "f32", shape)], [("y", "f32", out_rank)], attrs,
                  initializers={"condition": array(condition, "bool")}, opset=11,
                  check=False)


# AXIS-LABEL: func.func @main_graph(%arg0: tensor<2x5x3xf32> {qat.name = "x"}) -> (tensor<2x2x3xf32> {qat.name = "y"})
# AXIS: %[[I:.*]] = arith.constant dense<[1, 3]> : tensor<2xi64>
# AXIS: nn.gather %arg0, %[[I]] {axis = 1 : i64} : (tensor<2x5x3xf32>, tensor<2xi64>) -> tensor<2x2x3xf32>
def axis_short_condition():
    return compress([2, 5, 3], [False, True, False, True], 3, axis=-2)


# FLAT-LABEL: func.func @main_graph
# FLAT: nn.reshape %arg0 : tensor<2x2xf32> -> tensor<4xf32>
# FLAT: arith.constant dense<[0, 3]> : tensor<2xi64>
# FLAT: nn.gather {{.*}} {axis = 0 : i64} : (tensor<4xf32>, tensor<2xi64>) -> tensor<2xf32>
def flattened():
    return compress([2, 2], [True, False, False, True], 1)


# INPUT: error: {{.*}}node 'compress_0' (Compress, opset 11): condition (the output's shape depends on its values) ('condition') must be a constant
def condition_input():
    return single("Compress", [("x", "f32", [3]), ("condition", "bool", [3])], [("y", "f32", 1)],
                  opset=11, check=False)


# LONG: error: {{.*}}node 'compress_0' (Compress, opset 11): condition has 4 values, more than the 3 of axis 0
def condition_too_long():
    return compress([3, 2], [True, True, False, True], 2, axis=0)


# NONE: error: {{.*}}node 'compress_0' (Compress, opset 11): condition selects no element: the output would be empty
def selects_nothing():
    return compress([3], [False, False], 1)


main({f.__name__: f for f in [axis_short_condition, flattened, condition_input,
                              condition_too_long, selects_nothing]})
