# ConstantOfShape -> arith.constant of the shape given by its (constant)
# input, filled with `value` (a 1-element tensor; default float 0).
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/default_value.onnx | FileCheck %s --check-prefix=DEFAULT
# RUN: qat-translate --import-onnx %t/float_value.onnx | FileCheck %s --check-prefix=FLOAT
# RUN: qat-translate --import-onnx %t/int64_value.onnx | FileCheck %s --check-prefix=INT64
# RUN: qat-translate --import-onnx %t/from_shape.onnx | FileCheck %s --check-prefix=FROMSHAPE
# RUN: qat-translate --import-onnx %t/scalar_shape.onnx | FileCheck %s --check-prefix=SCALARSHAPE

from onnx_fixture import array, graph_model, main, node, single, tensor


def cos(value_t, **attrs):
    return single("ConstantOfShape", [], [("y", value_t)], attrs,
                  initializers={"shape": array([2, 3], "i64")}, opset=9)


# DEFAULT-LABEL: func.func @main_graph() -> (tensor<2x3xf32> {qat.name = "y"})
# DEFAULT: %[[C:.*]] = arith.constant dense<0.000000e+00> : tensor<2x3xf32>
# DEFAULT: return %[[C]] : tensor<2x3xf32>
def default_value():
    return cos("f32")


# FLOAT-LABEL: func.func @main_graph
# FLOAT: arith.constant dense<1.500000e+00> : tensor<2x3xf32>
def float_value():
    return cos("f32", value=tensor("v", array([1.5])))


# INT64-LABEL: func.func @main_graph
# INT64: arith.constant dense<7> : tensor<2x3xi64>
def int64_value():
    return cos("i64", value=tensor("v", array([7], "i64")))


# Shape(x) -> ConstantOfShape, then added to x.
# FROMSHAPE-LABEL: func.func @main_graph
# FROMSHAPE: %[[C:.*]] = arith.constant dense<1.000000e+00> : tensor<4x5xf32>
# FROMSHAPE: nn.add %arg0, %[[C]] : (tensor<4x5xf32>, tensor<4x5xf32>) -> tensor<4x5xf32>
def from_shape():
    return graph_model(
        [node("Shape", ["x"], ["s"]),
         node("ConstantOfShape", ["s"], ["ones"], value=tensor("v", array([1.0]))),
         node("Add", ["x", "ones"], ["y"])],
        [("x", "f32", [4, 5])], [("y", "f32")])



# An empty shape gives a scalar.
# SCALARSHAPE-LABEL: func.func @main_graph
# SCALARSHAPE: arith.constant dense<3> : tensor<i32>
def scalar_shape():
    return single("ConstantOfShape", [], [("y", "i32", 0)], dict(value=tensor("v", array([3], "i32"))),
                  initializers={"shape": array([], "i64")})


main({f.__name__: f for f in [default_value, float_value, int64_value, from_shape,
                              scalar_shape]})
