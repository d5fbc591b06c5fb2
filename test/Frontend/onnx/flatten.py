# Flatten -> nn.reshape to [prod(d[:axis]), prod(d[axis:])] (default axis 1,
# negative axes from opset 11, axis = rank allowed).
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/default_axis.onnx | FileCheck %s --check-prefix=DEFAULT
# RUN: qat-translate --import-onnx %t/axis0.onnx | FileCheck %s --check-prefix=AXIS0
# RUN: qat-translate --import-onnx %t/axis2.onnx | FileCheck %s --check-prefix=AXIS2
# RUN: qat-translate --import-onnx %t/neg_axis.onnx | FileCheck %s --check-prefix=NEGAXIS
# RUN: qat-translate --import-onnx %t/axis_rank.onnx | FileCheck %s --check-prefix=AXISRANK

from onnx_fixture import main, single


def flatten(opset=13, **attrs):
    return single("Flatten", [("x", "f32", [2, 3, 4, 5])], [("y", "f32")], attrs, opset=opset)


# DEFAULT-LABEL: func.func @main_graph(%arg0: tensor<2x3x4x5xf32> {qat.name = "x"}) -> (tensor<2x60xf32> {qat.name = "y"})
# DEFAULT: %[[Y:.*]] = nn.reshape %arg0 : tensor<2x3x4x5xf32> -> tensor<2x60xf32>
# DEFAULT: return %[[Y]]
def default_axis():
    return flatten(opset=9)


# AXIS0-LABEL: func.func @main_graph
# AXIS0: nn.reshape %arg0 : tensor<2x3x4x5xf32> -> tensor<1x120xf32>
def axis0():
    return flatten(axis=0)


# AXIS2-LABEL: func.func @main_graph
# AXIS2: nn.reshape %arg0 : tensor<2x3x4x5xf32> -> tensor<6x20xf32>
def axis2():
    return flatten(axis=2)


# NEGAXIS-LABEL: func.func @main_graph
# NEGAXIS: nn.reshape %arg0 : tensor<2x3x4x5xf32> -> tensor<24x5xf32>
def neg_axis():
    return flatten(opset=11, axis=-1)


# AXISRANK-LABEL: func.func @main_graph
# AXISRANK: nn.reshape %arg0 : tensor<2x3x4x5xf32> -> tensor<120x1xf32>
def axis_rank():
    return flatten(axis=4)


main({f.__name__: f for f in [default_axis, axis0, axis2, neg_axis, axis_rank]})
