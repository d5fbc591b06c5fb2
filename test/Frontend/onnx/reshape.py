# Reshape -> nn.reshape (shape-only). In the shape input 0 copies the input's
# dim at that index (allowzero = 0) and one -1 is inferred from the size.
# Reshape-1 (opsets 1-4) has the shape as an attribute.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/zero_minus1.onnx | FileCheck %s --check-prefix=ZEROMINUS1
# RUN: qat-translate --import-onnx %t/minus1_first.onnx | FileCheck %s --check-prefix=MINUS1FIRST
# RUN: qat-translate --import-onnx %t/explicit.onnx | FileCheck %s --check-prefix=EXPLICIT
# RUN: qat-translate --import-onnx %t/to_scalar.onnx | FileCheck %s --check-prefix=TOSCALAR
# RUN: qat-translate --import-onnx %t/v5.onnx | FileCheck %s --check-prefix=V5
# RUN: qat-translate --import-onnx %t/constant_node.onnx | FileCheck %s --check-prefix=CONSTNODE
# RUN: qat-translate --import-onnx %t/v1_attr.onnx | FileCheck %s --check-prefix=V1ATTR

from onnx_fixture import array, graph_model, main, node, single, tensor


def reshape(in_shape, shape, opset=13):
    return single("Reshape", [("x", "f32", in_shape)], [("y", "f32")],
                  initializers={"shape": array(shape, "i64")}, opset=opset)


# [0, -1] on [2, 3, 4]: [2, 12].
# ZEROMINUS1-LABEL: func.func @main_graph(%arg0: tensor<2x3x4xf32> {qat.name = "x"}) -> (tensor<2x12xf32> {qat.name = "y"})
# ZEROMINUS1: %[[Y:.*]] = nn.reshape %arg0 : tensor<2x3x4xf32> -> tensor<2x12xf32>
# ZEROMINUS1: return %[[Y]]
def zero_minus1():
    return reshape([2, 3, 4], [0, -1])


# [-1, 0, 2] on [2, 3, 4]: dim 1 copies 3, -1 = 24 / 6 = 4.
# MINUS1FIRST-LABEL: func.func @main_graph
# MINUS1FIRST: nn.reshape %arg0 : tensor<2x3x4xf32> -> tensor<4x3x2xf32>
def minus1_first():
    return reshape([2, 3, 4], [-1, 0, 2])


# EXPLICIT-LABEL: func.func @main_graph
# EXPLICIT: nn.reshape %arg0 : tensor<2x3x4xf32> -> tensor<4x1x6xf32>
def explicit():
    return reshape([2, 3, 4], [4, 1, 6], opset=14)


# An empty shape: a one-element tensor becomes rank 0.
# TOSCALAR-LABEL: func.func @main_graph
# TOSCALAR: nn.reshape %arg0 : tensor<1x1xf32> -> tensor<f32>
def to_scalar():
    return reshape([1, 1], [])


# Opset 5-style shape input under opset 6.
# V5-LABEL: func.func @main_graph
# V5: nn.reshape %arg0 : tensor<1x512x1x1xf32> -> tensor<1x512xf32>
def v5():
    return reshape([1, 512, 1, 1], [1, -1], opset=6)


# Shape from a Constant node.
# CONSTNODE-LABEL: func.func @main_graph
# CONSTNODE: nn.reshape %arg0 : tensor<6xf32> -> tensor<3x2xf32>
def constant_node():
    return graph_model(
        [node("Constant", [], ["shape"], value=tensor("v", array([3, -1], "i64"))),
         node("Reshape", ["x", "shape"], ["y"])],
        [("x", "f32", [6])], [("y", "f32")])


# Reshape-1 (opsets 1-4): the shape is an attribute (consumed_inputs is
# ignored); 0 copies and -1 infers as in the input form.
# V1ATTR-LABEL: func.func @main_graph
# V1ATTR: nn.reshape %arg0 : tensor<2x3x4xf32> -> tensor<2x4x3xf32>
def v1_attr():
    return single("Reshape", [("x", "f32", [2, 3, 4])], [("y", "f32", 3)],
                  dict(shape=[0, 4, -1], consumed_inputs=[0]), opset=4)


main({f.__name__: f for f in [zero_minus1, minus1_first, explicit, to_scalar, v5, constant_node,
                              v1_attr]})
