# Gather -> nn.gather {axis}: output shape d[:axis] + indices.shape +
# d[axis+1:]; negative indices count from the end.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/axis0.onnx | FileCheck %s --check-prefix=AXIS0
# RUN: qat-translate --import-onnx %t/indices_2d.onnx | FileCheck %s --check-prefix=IND2D
# RUN: qat-translate --import-onnx %t/scalar_index.onnx | FileCheck %s --check-prefix=SCALAR
# RUN: qat-translate --import-onnx %t/negative_index.onnx | FileCheck %s --check-prefix=NEGIDX
# RUN: qat-translate --import-onnx %t/negative_axis.onnx | FileCheck %s --check-prefix=NEGAXIS
# RUN: qat-translate --import-onnx %t/int32_indices.onnx | FileCheck %s --check-prefix=INT32
# RUN: qat-translate --import-onnx %t/input_indices.onnx | FileCheck %s --check-prefix=INPUT
# RUN: qat-translate --import-onnx %t/embedding.onnx | FileCheck %s --check-prefix=EMBED
# RUN: qat-translate --import-onnx %t/scalar_result.onnx | FileCheck %s --check-prefix=SCALARRESULT

from onnx_fixture import array, main, single
import numpy as np


def gather(shape, indices, t="i64", **attrs):
    return single("Gather", [("x", "f32", shape)], [("y", "f32")], attrs,
                  initializers={"i": array(indices, t)})


# AXIS0-LABEL: func.func @main_graph(%arg0: tensor<5x3xf32> {qat.name = "x"}) -> (tensor<2x3xf32> {qat.name = "y"})
# AXIS0: %[[I:.*]] = arith.constant dense<[2, 0]> : tensor<2xi64>
# AXIS0: %[[Y:.*]] = nn.gather %arg0, %[[I]] {axis = 0 : i64} : (tensor<5x3xf32>, tensor<2xi64>) -> tensor<2x3xf32>
# AXIS0: return %[[Y]]
def axis0():
    return gather([5, 3], [2, 0])


# [2, 3, 4], 2x2 indices on axis 1: [2, 2, 2, 4].
# IND2D-LABEL: func.func @main_graph
# IND2D: nn.gather %arg0, %{{.*}} {axis = 1 : i64} : (tensor<2x3x4xf32>, tensor<2x2xi64>) -> tensor<2x2x2x4xf32>
def indices_2d():
    return gather([2, 3, 4], [[0, 1], [2, 0]], axis=1)


# x[:, 1]: a rank-0 index removes the axis.
# SCALAR-LABEL: func.func @main_graph
# SCALAR: nn.gather %arg0, %{{.*}} {axis = 1 : i64} : (tensor<2x3x4xf32>, tensor<i64>) -> tensor<2x4xf32>
def scalar_index():
    return gather([2, 3, 4], 1, axis=1)


# Index -1 is row 4 (the importer may keep -1 or rewrite it to 4).
# NEGIDX-LABEL: func.func @main_graph
# NEGIDX: %[[I:.*]] = arith.constant dense<{{-1|4}}> : tensor<1xi64>
# NEGIDX: nn.gather %arg0, %[[I]] {axis = 0 : i64} : (tensor<5x3xf32>, tensor<1xi64>) -> tensor<1x3xf32>
def negative_index():
    return gather([5, 3], [-1])


# axis -1 of rank 3 is 2.
# NEGAXIS-LABEL: func.func @main_graph
# NEGAXIS: nn.gather %arg0, %{{.*}} {axis = 2 : i64} : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<2x3x2xf32>
def negative_axis():
    return gather([2, 3, 4], [0, -1], axis=-1)


# INT32-LABEL: func.func @main_graph
# INT32: nn.gather %arg0, %{{.*}} {axis = 0 : i64} : (tensor<5x3xf32>, tensor<3xi32>) -> tensor<3x3xf32>
def int32_indices():
    return gather([5, 3], [4, 4, 0], t="i32")


# Indices from the caller.
# INPUT-LABEL: func.func @main_graph
# INPUT: nn.gather %arg0, %arg1 {axis = 0 : i64} : (tensor<5x3xf32>, tensor<2x7xi64>) -> tensor<2x7x3xf32>
def input_indices():
    return single("Gather", [("x", "f32", [5, 3]), ("i", "i64", [2, 7])], [("y", "f32")])


# Embedding lookup: constant table, token ids from the caller.
# EMBED-LABEL: func.func @main_graph(%arg0: tensor<1x4xi64> {qat.name = "ids"}) -> (tensor<1x4x8xf32> {qat.name = "y"})
# EMBED: %[[T:.*]] = arith.constant dense<1.000000e+00> : tensor<10x8xf32>
# EMBED: nn.gather %[[T]], %arg0 {axis = 0 : i64} : (tensor<10x8xf32>, tensor<1x4xi64>) -> tensor<1x4x8xf32>
def embedding():
    return single("Gather", [("ids", "i64", [1, 4])], [("y", "f32")],
                  initializers={"table": np.ones([10, 8], np.float32)},
                  node_inputs=["table", "ids"])



# A rank-0 index into a 1-D tensor gives a rank-0 result.
# SCALARRESULT-LABEL: func.func @main_graph
# SCALARRESULT: nn.gather %arg0, %{{.*}} {axis = 0 : i64} : (tensor<6xf32>, tensor<i64>) -> tensor<f32>
def scalar_result():
    return gather([6], 5)


main({f.__name__: f for f in [axis0, indices_2d, scalar_index, negative_index, negative_axis,
                              int32_indices, input_indices, embedding, scalar_result]})
