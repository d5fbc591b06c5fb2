# Constant -> arith.constant. `value` tensor (raw_data or typed fields), and
# from opset 12 value_float(s) / value_int(s). Element types: uint8 -> ui8,
# int8 -> i8, bool -> i1, int64 -> i64, float16 -> f16, double -> f64.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/tensor_f32.onnx | FileCheck %s --check-prefix=TENSORF32
# RUN: qat-translate --import-onnx %t/value_float.onnx | FileCheck %s --check-prefix=VFLOAT
# RUN: qat-translate --import-onnx %t/value_floats.onnx | FileCheck %s --check-prefix=VFLOATS
# RUN: qat-translate --import-onnx %t/value_int.onnx | FileCheck %s --check-prefix=VINT
# RUN: qat-translate --import-onnx %t/value_ints.onnx | FileCheck %s --check-prefix=VINTS
# RUN: qat-translate --import-onnx %t/uint8_typed.onnx | FileCheck %s --check-prefix=UINT8
# RUN: qat-translate --import-onnx %t/int8_raw.onnx | FileCheck %s --check-prefix=INT8
# RUN: qat-translate --import-onnx %t/bool_tensor.onnx | FileCheck %s --check-prefix=BOOL
# RUN: qat-translate --import-onnx %t/f16_typed.onnx | FileCheck %s --check-prefix=F16
# RUN: qat-translate --import-onnx %t/f64_typed.onnx | FileCheck %s --check-prefix=F64
# RUN: qat-translate --import-onnx %t/int32_typed.onnx | FileCheck %s --check-prefix=INT32

from onnx import TensorProto, helper
from onnx_fixture import array, graph_model, main, node, tensor
import numpy as np


def const_model(t, opset=13, **attrs):
    """A Constant node that is the graph output."""
    return graph_model([node("Constant", [], ["y"], **attrs)], [], [("y", t)], opset=opset)


# Used by an Add, so the graph has an input too.
# TENSORF32-LABEL: func.func @main_graph(%arg0: tensor<2x2xf32> {qat.name = "x"}) -> (tensor<2x2xf32> {qat.name = "y"})
# TENSORF32: %[[C:.*]] = arith.constant dense<{{\[\[}}1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
# TENSORF32: nn.add %arg0, %[[C]] : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
def tensor_f32():
    return graph_model(
        [node("Constant", [], ["c"], value=tensor("c", array([[1, 2], [3, 4]]))),
         node("Add", ["x", "c"], ["y"])],
        [("x", "f32", [2, 2])], [("y", "f32")], opset=9)


# VFLOAT-LABEL: func.func @main_graph() -> (tensor<f32> {qat.name = "y"})
# VFLOAT: %[[C:.*]] = arith.constant dense<2.500000e+00> : tensor<f32>
# VFLOAT: return %[[C]] : tensor<f32>
def value_float():
    return const_model("f32", value_float=2.5)


# VFLOATS-LABEL: func.func @main_graph
# VFLOATS: arith.constant dense<[5.000000e-01, -1.000000e+00]> : tensor<2xf32>
def value_floats():
    return const_model("f32", value_floats=[0.5, -1.0])


# VINT-LABEL: func.func @main_graph
# VINT: arith.constant dense<-7> : tensor<i64>
def value_int():
    return const_model("i64", value_int=-7)


# VINTS-LABEL: func.func @main_graph
# VINTS: arith.constant dense<[1, 2, 3]> : tensor<3xi64>
def value_ints():
    return const_model("i64", opset=12, value_ints=[1, 2, 3])


# uint8 in int32_data (typed field, not raw bytes): 200 stays 200.
# UINT8-LABEL: func.func @main_graph
# UINT8: arith.constant dense<[0, 128, 200, 255]> : tensor<4xui8>
def uint8_typed():
    return const_model("u8", value=helper.make_tensor("v", TensorProto.UINT8, [4],
                                                      [0, 128, 200, 255]))


# INT8-LABEL: func.func @main_graph
# INT8: arith.constant dense<[-128, -1, 0, 127]> : tensor<4xi8>
def int8_raw():
    return const_model("i8", value=tensor("v", array([-128, -1, 0, 127], "i8")))


# BOOL-LABEL: func.func @main_graph
# BOOL: arith.constant dense<[true, false, true]> : tensor<3xi1>
def bool_tensor():
    return const_model("bool", value=tensor("v", np.array([True, False, True])))


# float16 in int32_data holds the bit patterns.
# F16-LABEL: func.func @main_graph
# F16: arith.constant dense<[1.000000e+00, -2.000000e+00, 5.000000e-01]> : tensor<3xf16>
def f16_typed():
    return const_model("f16", value=helper.make_tensor("v", TensorProto.FLOAT16, [3],
                                                       np.array([1, -2, 0.5], np.float16)))


# F64-LABEL: func.func @main_graph
# F64: arith.constant dense<{{\[\[}}1.500000e+00], [-2.500000e+00]]> : tensor<2x1xf64>
def f64_typed():
    return const_model("f64", value=helper.make_tensor("v", TensorProto.DOUBLE, [2, 1],
                                                       [1.5, -2.5]))


# INT32-LABEL: func.func @main_graph
# INT32: arith.constant dense<[-100000, 7]> : tensor<2xi32>
def int32_typed():
    return const_model("i32", value=helper.make_tensor("v", TensorProto.INT32, [2],
                                                       [-100000, 7]))


main({f.__name__: f for f in [tensor_f32, value_float, value_floats, value_int, value_ints,
                              uint8_typed, int8_raw, bool_tensor, f16_typed, f64_typed, int32_typed]})
