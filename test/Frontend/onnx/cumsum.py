# CumSum (opset 11) -> nn.cumsum {axis, exclusive, reverse}, the result of
# the input's type. axis is input 1: a constant scalar or one-element tensor
# (i32 or i64), negative counting from the end (normalized); exclusive and
# reverse default to 0.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/defaults.onnx | FileCheck %s --check-prefix=DEFAULTS
# RUN: qat-translate --import-onnx %t/exclusive_reverse_negative_axis.onnx | FileCheck %s --check-prefix=EXREV
# RUN: qat-translate --import-onnx %t/axis_vector_i32_int.onnx | FileCheck %s --check-prefix=VECAXIS
# RUN: qat-translate --import-onnx %t/axis_constant_node.onnx | FileCheck %s --check-prefix=CONSTAXIS
# RUN: not qat-translate --import-onnx %t/axis_not_constant.onnx 2>&1 | FileCheck %s --check-prefix=AXISINPUT
# RUN: not qat-translate --import-onnx %t/axis_two_values.onnx 2>&1 | FileCheck %s --check-prefix=AXISTWO
# RUN: not qat-translate --import-onnx %t/axis_out_of_range.onnx 2>&1 | FileCheck %s --check-prefix=AXISRANGE
# RUN: not qat-translate --import-onnx %t/no_axis.onnx 2>&1 | FileCheck %s --check-prefix=NOAXIS

from onnx_fixture import array, graph_model, main, node, single, tensor


def cumsum(shape, axis, t="f32", axis_t="i64", check=True, **attrs):
    out = ("y", t) if check else ("y", t, len(shape))
    return single("CumSum", [("x", t, shape)], [out], attrs,
                  initializers={"axis": array(axis, axis_t)}, opset=14, check=check)


# DEFAULTS-LABEL: func.func @main_graph(%arg0: tensor<2x3xf32> {qat.name = "x"}) -> (tensor<2x3xf32> {qat.name = "y"})
# DEFAULTS-NOT: arith.constant
# DEFAULTS: %[[Y:.*]] = nn.cumsum %arg0 {axis = 0 : i64, exclusive = false, reverse = false} : tensor<2x3xf32>
# DEFAULTS: return %[[Y]] : tensor<2x3xf32>
def defaults():
    return single("CumSum", [("x", "f32", [2, 3])], [("y", "f32")],
                  initializers={"axis": array(0, "i64")}, opset=11)


# EXREV-LABEL: func.func @main_graph
# EXREV: nn.cumsum %arg0 {axis = 2 : i64, exclusive = true, reverse = true} : tensor<2x3x4xf64>
def exclusive_reverse_negative_axis():
    return cumsum([2, 3, 4], -1, t="f64", exclusive=1, reverse=1)


# A one-element i32 vector; integers are accumulated as such.
# VECAXIS-LABEL: func.func @main_graph
# VECAXIS: nn.cumsum %arg0 {axis = 1 : i64, exclusive = true, reverse = false} : tensor<4x5xi32>
def axis_vector_i32_int():
    return cumsum([4, 5], [1], t="i32", axis_t="i32", exclusive=1)


# CONSTAXIS-LABEL: func.func @main_graph
# CONSTAXIS-NOT: arith.constant
# CONSTAXIS: nn.cumsum %arg0 {axis = 0 : i64, exclusive = false, reverse = true} : tensor<6xi64>
def axis_constant_node():
    nodes = [node("Constant", [], ["axis"], value=tensor("axis", array(-1, "i32"))),
             node("CumSum", ["x", "axis"], ["y"], reverse=1)]
    return graph_model(nodes, [("x", "i64", [6])], [("y", "i64")], opset=14)


# AXISINPUT: error: {{.*}}node 'cumsum_0' (CumSum, opset 14): axis ('axis') must be a constant: an initializer, a Constant node or computed from static shapes
def axis_not_constant():
    return single("CumSum", [("x", "f32", [2, 3]), ("axis", "i64", [])], [("y", "f32")],
                  opset=14)


# AXISTWO: error: {{.*}}node 'cumsum_0' (CumSum, opset 14): axis must hold one value
def axis_two_values():
    return cumsum([2, 3], [0, 1], check=False)


# AXISRANGE: error: {{.*}}node 'cumsum_0' (CumSum, opset 14): axis -3 is out of range for rank 2
def axis_out_of_range():
    return cumsum([2, 3], -3, check=False)


# NOAXIS: error: {{.*}}node 'cumsum_0' (CumSum, opset 14): missing axis input
def no_axis():
    return single("CumSum", [("x", "f32", [2, 3])], [("y", "f32", 2)], opset=14, check=False)


main({f.__name__: f for f in [
    defaults, exclusive_reverse_negative_axis, axis_vector_i32_int, axis_constant_node,
    axis_not_constant, axis_two_values, axis_out_of_range, no_axis]})
