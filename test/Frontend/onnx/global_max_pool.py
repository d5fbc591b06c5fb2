# GlobalMaxPool -> nn.reduce_max over every spatial axis (2..rank-1) with keepdims = true.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/pool2d.onnx | FileCheck %s --check-prefix=POOL2D
# RUN: qat-translate --import-onnx %t/pool1d.onnx | FileCheck %s --check-prefix=POOL1D
# RUN: qat-translate --import-onnx %t/pool3d.onnx | FileCheck %s --check-prefix=POOL3D

from onnx_fixture import main, single


def pool(shape):
    return single("GlobalMaxPool", [("x", "f32", shape)], [("y", "f32")])


# POOL2D-LABEL: func.func @main_graph(%arg0: tensor<1x3x5x7xf32> {qat.name = "x"}) -> (tensor<1x3x1x1xf32> {qat.name = "y"})
# POOL2D: %[[Y:.*]] = nn.reduce_max %arg0 {axes = array<i64: 2, 3>, keepdims = true} : tensor<1x3x5x7xf32> -> tensor<1x3x1x1xf32>
# POOL2D: return %[[Y]]
def pool2d():
    return pool([1, 3, 5, 7])


# POOL1D-LABEL: func.func @main_graph
# POOL1D: nn.reduce_max %arg0 {axes = array<i64: 2>, keepdims = true} : tensor<2x4x9xf32> -> tensor<2x4x1xf32>
def pool1d():
    return pool([2, 4, 9])


# POOL3D-LABEL: func.func @main_graph
# POOL3D: nn.reduce_max %arg0 {axes = array<i64: 2, 3, 4>, keepdims = true} : tensor<1x2x3x4x5xf32> -> tensor<1x2x1x1x1xf32>
def pool3d():
    return pool([1, 2, 3, 4, 5])


main({f.__name__: f for f in [pool2d, pool1d, pool3d]})
