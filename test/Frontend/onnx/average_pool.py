# AveragePool -> nn.avg_pool {ceil_mode, count_include_pad, dilations,
# kernel_shape, pads, strides}. count_include_pad defaults to 0 (opset 7+),
# ceil_mode to 0 (opset 10+). Shapes as for MaxPool.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/pool2d.onnx | FileCheck %s --check-prefix=POOL2D
# RUN: qat-translate --import-onnx %t/include_pad.onnx | FileCheck %s --check-prefix=INCLUDE
# RUN: qat-translate --import-onnx %t/exclude_pad.onnx | FileCheck %s --check-prefix=EXCLUDE
# RUN: qat-translate --import-onnx %t/ceil.onnx | FileCheck %s --check-prefix=CEIL
# RUN: qat-translate --import-onnx %t/pool1d_ceil.onnx | FileCheck %s --check-prefix=POOL1D
# RUN: qat-translate --import-onnx %t/pool3d.onnx | FileCheck %s --check-prefix=POOL3D
# RUN: qat-translate --import-onnx %t/same_upper.onnx | FileCheck %s --check-prefix=SUPPER
# RUN: qat-translate --import-onnx %t/ceil_window_in_pad.onnx | FileCheck %s --check-prefix=CEILINPAD

from onnx_fixture import main, single


def pool(shape, opset=11, **attrs):
    return single("AveragePool", [("x", "f32", shape)], [("y", "f32")], attrs, opset=opset)


# POOL2D-LABEL: func.func @main_graph(%arg0: tensor<1x3x8x8xf32> {qat.name = "x"}) -> (tensor<1x3x4x4xf32> {qat.name = "y"})
# POOL2D: %[[Y:.*]] = nn.avg_pool %arg0 {ceil_mode = false, count_include_pad = false, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
# POOL2D: return %[[Y]]
def pool2d():
    return pool([1, 3, 8, 8], kernel_shape=[2, 2], strides=[2, 2])


# 3x3, stride 1, pads 1 keeps 5x5.
# INCLUDE-LABEL: func.func @main_graph
# INCLUDE: nn.avg_pool %arg0 {ceil_mode = false, count_include_pad = true, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : tensor<1x1x5x5xf32> -> tensor<1x1x5x5xf32>
def include_pad():
    return pool([1, 1, 5, 5], kernel_shape=[3, 3], pads=[1, 1, 1, 1], count_include_pad=1)


# EXCLUDE-LABEL: func.func @main_graph
# EXCLUDE: nn.avg_pool %arg0 {ceil_mode = false, count_include_pad = false, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : tensor<1x1x5x5xf32> -> tensor<1x1x5x5xf32>
def exclude_pad():
    return pool([1, 1, 5, 5], opset=7, kernel_shape=[3, 3], pads=[1, 1, 1, 1])


# ceil((8 - 3) / 2 + 1) = ceil(3.5) = 4; the last window starts at 6 < 8.
# CEIL-LABEL: func.func @main_graph
# CEIL: nn.avg_pool %arg0 {ceil_mode = true, count_include_pad = false, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3, 3>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x1x8x8xf32> -> tensor<1x1x4x4xf32>
def ceil():
    return pool([1, 1, 8, 8], kernel_shape=[3, 3], strides=[2, 2], ceil_mode=1)


# 1-D: ceil((10 - 3) / 3 + 1) = ceil(3.33) = 4; the last window starts at 9 < 10.
# POOL1D-LABEL: func.func @main_graph
# POOL1D: nn.avg_pool %arg0 {ceil_mode = true, count_include_pad = false, dilations = array<i64: 1>, kernel_shape = array<i64: 3>, pads = array<i64: 0, 0>, strides = array<i64: 3>} : tensor<1x4x10xf32> -> tensor<1x4x4xf32>
def pool1d_ceil():
    return pool([1, 4, 10], kernel_shape=[3], strides=[3], ceil_mode=1)


# POOL3D-LABEL: func.func @main_graph
# POOL3D: nn.avg_pool %arg0 {ceil_mode = false, count_include_pad = false, dilations = array<i64: 1, 1, 1>, kernel_shape = array<i64: 3, 3, 3>, pads = array<i64: 0, 0, 0, 0, 0, 0>, strides = array<i64: 1, 2, 2>} : tensor<1x2x5x7x7xf32> -> tensor<1x2x3x3x3xf32>
def pool3d():
    return pool([1, 2, 5, 7, 7], kernel_shape=[3, 3, 3], strides=[1, 2, 2])


# Kernel 3, stride 2 on 7: out 4, total (4-1)*2 + 3 - 7 = 2 -> 1/1.
# SUPPER-LABEL: func.func @main_graph
# SUPPER: nn.avg_pool %arg0 {ceil_mode = false, count_include_pad = false, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x1x7x7xf32> -> tensor<1x1x4x4xf32>
def same_upper():
    return pool([1, 1, 7, 7], kernel_shape=[3, 3], strides=[2, 2], auto_pad="SAME_UPPER")



# As for MaxPool: the third window would start in the end padding and is
# dropped (ONNX spec, PyTorch, onnxruntime): 2, not ceil(2.5) = 3.
# CEILINPAD-LABEL: func.func @main_graph
# CEILINPAD: nn.avg_pool %arg0 {ceil_mode = true, count_include_pad = false, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x1x3x3xf32> -> tensor<1x1x2x2xf32>
def ceil_window_in_pad():
    return single("AveragePool", [("x", "f32", [1, 1, 3, 3])], [("y", "f32", 4)],
                  dict(kernel_shape=[2, 2], strides=[2, 2], pads=[1, 1, 1, 1], ceil_mode=1))


main({f.__name__: f for f in [pool2d, include_pad, exclude_pad, ceil, pool1d_ceil, pool3d,
                              same_upper, ceil_window_in_pad]})
