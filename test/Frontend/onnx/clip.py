# Clip -> nn.clip %x, %min, %max with rank-0 bounds. Before opset 11 min/max
# are float attributes whose defaults are numeric_limits<float>::lowest() /
# max(); from opset 11 they are optional inputs and a missing one means no
# bound: -inf/+inf for floats, the type's lowest/highest value for integers.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/attrs.onnx | FileCheck %s --check-prefix=ATTRS
# RUN: qat-translate --import-onnx %t/attrs_min_only.onnx | FileCheck %s --check-prefix=ATTRMIN
# RUN: qat-translate --import-onnx %t/inputs.onnx | FileCheck %s --check-prefix=INPUTS
# RUN: qat-translate --import-onnx %t/no_min.onnx | FileCheck %s --check-prefix=NOMIN
# RUN: qat-translate --import-onnx %t/no_max.onnx | FileCheck %s --check-prefix=NOMAX
# RUN: qat-translate --import-onnx %t/no_bounds.onnx | FileCheck %s --check-prefix=NOBOUNDS
# RUN: qat-translate --import-onnx %t/int32_no_min.onnx | FileCheck %s --check-prefix=INT32
# RUN: qat-translate --import-onnx %t/attrs_int32.onnx | FileCheck %s --check-prefix=ATTRINT
# RUN: qat-translate --import-onnx %t/uint8_no_bounds.onnx | FileCheck %s --check-prefix=UINT8
# RUN: qat-translate --import-onnx %t/dynamic_bounds.onnx | FileCheck %s --check-prefix=DYNAMIC

from onnx_fixture import array, main, single


# Opset 6 attributes (ReLU6).
# ATTRS-LABEL: func.func @main_graph(%arg0: tensor<2x3xf32> {qat.name = "x"}) -> (tensor<2x3xf32> {qat.name = "y"})
# ATTRS-DAG: %[[MIN:.*]] = arith.constant dense<0.000000e+00> : tensor<f32>
# ATTRS-DAG: %[[MAX:.*]] = arith.constant dense<6.000000e+00> : tensor<f32>
# ATTRS: %[[Y:.*]] = nn.clip %arg0, %[[MIN]], %[[MAX]] : (tensor<2x3xf32>, tensor<f32>, tensor<f32>) -> tensor<2x3xf32>
# ATTRS: return %[[Y]]
def attrs():
    return single("Clip", [("x", "f32", [2, 3])], [("y", "f32")], dict(min=0.0, max=6.0),
                  opset=6)


# Opset 6 without max: the attribute's default, FLT_MAX.
# ATTRMIN-LABEL: func.func @main_graph
# ATTRMIN-DAG: %[[MIN:.*]] = arith.constant dense<-1.000000e+00> : tensor<f32>
# ATTRMIN-DAG: %[[MAX:.*]] = arith.constant dense<3.40282347E+38> : tensor<f32>
# ATTRMIN: nn.clip %arg0, %[[MIN]], %[[MAX]] : (tensor<4xf32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
def attrs_min_only():
    return single("Clip", [("x", "f32", [4])], [("y", "f32")], dict(min=-1.0), opset=6)


# Opset 13 inputs: the rank-0 initializers are the bounds.
# INPUTS-LABEL: func.func @main_graph
# INPUTS-DAG: %[[MIN:.*]] = arith.constant dense<-1.000000e+00> : tensor<f32>
# INPUTS-DAG: %[[MAX:.*]] = arith.constant dense<1.000000e+00> : tensor<f32>
# INPUTS: nn.clip %arg0, %[[MIN]], %[[MAX]] : (tensor<1x3x4x4xf32>, tensor<f32>, tensor<f32>) -> tensor<1x3x4x4xf32>
def inputs():
    return single("Clip", [("x", "f32", [1, 3, 4, 4])], [("y", "f32")],
                  initializers={"lo": array(-1.0), "hi": array(1.0)})


# NOMIN-LABEL: func.func @main_graph
# NOMIN-DAG: %[[MIN:.*]] = arith.constant dense<0xFF800000> : tensor<f32>
# NOMIN-DAG: %[[MAX:.*]] = arith.constant dense<6.000000e+00> : tensor<f32>
# NOMIN: nn.clip %arg0, %[[MIN]], %[[MAX]] : (tensor<2x3xf32>, tensor<f32>, tensor<f32>) -> tensor<2x3xf32>
def no_min():
    return single("Clip", [("x", "f32", [2, 3])], [("y", "f32")],
                  initializers={"hi": array(6.0)}, node_inputs=["x", "", "hi"])


# NOMAX-LABEL: func.func @main_graph
# NOMAX-DAG: %[[MIN:.*]] = arith.constant dense<0.000000e+00> : tensor<f32>
# NOMAX-DAG: %[[MAX:.*]] = arith.constant dense<0x7F800000> : tensor<f32>
# NOMAX: nn.clip %arg0, %[[MIN]], %[[MAX]] : (tensor<2x3xf32>, tensor<f32>, tensor<f32>) -> tensor<2x3xf32>
def no_max():
    return single("Clip", [("x", "f32", [2, 3])], [("y", "f32")],
                  initializers={"lo": array(0.0)}, opset=12)


# NOBOUNDS-LABEL: func.func @main_graph
# NOBOUNDS-DAG: %[[MIN:.*]] = arith.constant dense<0xFF800000> : tensor<f32>
# NOBOUNDS-DAG: %[[MAX:.*]] = arith.constant dense<0x7F800000> : tensor<f32>
# NOBOUNDS: nn.clip %arg0, %[[MIN]], %[[MAX]] : (tensor<2x3xf32>, tensor<f32>, tensor<f32>) -> tensor<2x3xf32>
def no_bounds():
    return single("Clip", [("x", "f32", [2, 3])], [("y", "f32")], opset=11)


# INT32-LABEL: func.func @main_graph
# INT32-DAG: %[[MIN:.*]] = arith.constant dense<-2147483648> : tensor<i32>
# INT32-DAG: %[[MAX:.*]] = arith.constant dense<100> : tensor<i32>
# INT32: nn.clip %arg0, %[[MIN]], %[[MAX]] : (tensor<5xi32>, tensor<i32>, tensor<i32>) -> tensor<5xi32>
def int32_no_min():
    return single("Clip", [("x", "i32", [5])], [("y", "i32")],
                  initializers={"hi": array(100, "i32")}, node_inputs=["x", "", "hi"])


# Opset 6 on an int32 tensor (outside that opset's float types; found by
# libFuzzer): the float attribute defaults (-FLT_MAX, FLT_MAX) saturate to
# the type's range instead of converting out of range (undefined behaviour).
# ATTRINT-LABEL: func.func @main_graph
# ATTRINT-DAG: %[[MIN:.*]] = arith.constant dense<-2147483648> : tensor<i32>
# ATTRINT-DAG: %[[MAX:.*]] = arith.constant dense<2147483647> : tensor<i32>
# ATTRINT: nn.clip %arg0, %[[MIN]], %[[MAX]] : (tensor<5xi32>, tensor<i32>, tensor<i32>) -> tensor<5xi32>
def attrs_int32():
    return single("Clip", [("x", "i32", [5])], [("y", "i32")], {}, opset=6)


# UINT8-LABEL: func.func @main_graph
# UINT8-DAG: %[[MIN:.*]] = arith.constant dense<0> : tensor<ui8>
# UINT8-DAG: %[[MAX:.*]] = arith.constant dense<255> : tensor<ui8>
# UINT8: nn.clip %arg0, %[[MIN]], %[[MAX]] : (tensor<5xui8>, tensor<ui8>, tensor<ui8>) -> tensor<5xui8>
def uint8_no_bounds():
    return single("Clip", [("x", "u8", [5])], [("y", "u8")])


# Bounds that are graph inputs.
# DYNAMIC-LABEL: func.func @main_graph
# DYNAMIC: nn.clip %arg0, %arg1, %arg2 : (tensor<2x3xf32>, tensor<f32>, tensor<f32>) -> tensor<2x3xf32>
def dynamic_bounds():
    return single("Clip", [("x", "f32", [2, 3]), ("lo", "f32", []), ("hi", "f32", [])],
                  [("y", "f32")])


main({f.__name__: f for f in [attrs, attrs_min_only, inputs, no_min, no_max, no_bounds,
                              int32_no_min, attrs_int32, uint8_no_bounds, dynamic_bounds]})
