# Conv -> nn.conv {dilations, group, pads, strides}. Expected shapes follow the
# ONNX Conv spec: out = floor((in + pad_begin + pad_end - ((k - 1) * d + 1)) / s) + 1.
# auto_pad: SAME_* gives out = ceil(in / s), total = max(0, (out - 1) * s +
# (k - 1) * d + 1 - in); SAME_UPPER puts the odd pad at the end, SAME_LOWER at
# the beginning; VALID pads nothing. `pads` lists all begins, then all ends.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/conv2d.onnx | FileCheck %s --check-prefix=CONV2D
# RUN: qat-translate --import-onnx %t/defaults.onnx | FileCheck %s --check-prefix=DEFAULTS
# RUN: qat-translate --import-onnx %t/init_weight.onnx | FileCheck %s --check-prefix=INITW
# RUN: qat-translate --import-onnx %t/conv1d.onnx | FileCheck %s --check-prefix=CONV1D
# RUN: qat-translate --import-onnx %t/conv3d.onnx | FileCheck %s --check-prefix=CONV3D
# RUN: qat-translate --import-onnx %t/group.onnx | FileCheck %s --check-prefix=GROUP
# RUN: qat-translate --import-onnx %t/depthwise.onnx | FileCheck %s --check-prefix=DEPTHWISE
# RUN: qat-translate --import-onnx %t/strided_dilated.onnx | FileCheck %s --check-prefix=STRDIL
# RUN: qat-translate --import-onnx %t/same_upper.onnx | FileCheck %s --check-prefix=SUPPER
# RUN: qat-translate --import-onnx %t/same_lower.onnx | FileCheck %s --check-prefix=SLOWER
# RUN: qat-translate --import-onnx %t/valid.onnx | FileCheck %s --check-prefix=VALID
# RUN: qat-translate --import-onnx %t/same_dilated.onnx | FileCheck %s --check-prefix=SDIL
# RUN: qat-translate --import-onnx %t/same_stride_gt_kernel.onnx | FileCheck %s --check-prefix=SBIG
# RUN: qat-translate --import-onnx %t/same_upper_1d.onnx | FileCheck %s --check-prefix=SUP1D

from onnx_fixture import array, main, single
import numpy as np


def conv(x, w, b=None, opset=13, **attrs):
    inputs = [("x", "f32", x), ("w", "f32", w)] + ([("b", "f32", b)] if b else [])
    return single("Conv", inputs, [("y", "f32")], attrs, opset=opset)


# 3x3, pads 1: 8 + 2 - 3 + 1 = 8.
# CONV2D-LABEL: func.func @main_graph(%arg0: tensor<1x3x8x8xf32> {qat.name = "x"}, %arg1: tensor<4x3x3x3xf32> {qat.name = "w"}, %arg2: tensor<4xf32> {qat.name = "b"}) -> (tensor<1x4x8x8xf32> {qat.name = "y"})
# CONV2D: %[[Y:.*]] = nn.conv %arg0, %arg1, %arg2 {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
# CONV2D: return %[[Y]] : tensor<1x4x8x8xf32>
def conv2d():
    return conv([1, 3, 8, 8], [4, 3, 3, 3], [4], kernel_shape=[3, 3], pads=[1, 1, 1, 1])


# No attributes at all: kernel from the weight, stride 1, no pads: 8 - 3 + 1 = 6.
# DEFAULTS-LABEL: func.func @main_graph
# DEFAULTS: nn.conv %arg0, %arg1 {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
def defaults():
    return conv([1, 3, 8, 8], [4, 3, 3, 3], opset=11)


# Weight and bias as initializers become arith.constant operands.
# INITW-LABEL: func.func @main_graph(%arg0: tensor<1x2x5x5xf32> {qat.name = "x"}) -> (tensor<1x3x5x5xf32> {qat.name = "y"})
# INITW-DAG: %[[W:.*]] = arith.constant dense<5.000000e-01> : tensor<3x2x3x3xf32>
# INITW-DAG: %[[B:.*]] = arith.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf32>
# INITW: nn.conv %arg0, %[[W]], %[[B]] {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x2x5x5xf32>, tensor<3x2x3x3xf32>, tensor<3xf32>) -> tensor<1x3x5x5xf32>
def init_weight():
    return single("Conv", [("x", "f32", [1, 2, 5, 5])], [("y", "f32")],
                  dict(kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
                  initializers={"w": np.full([3, 2, 3, 3], 0.5, np.float32),
                                "b": array([1, 2, 3])})


# 1-D: (10 + 1 + 0 - 3) / 2 + 1 = 5.
# CONV1D-LABEL: func.func @main_graph
# CONV1D: nn.conv %arg0, %arg1 {dilations = array<i64: 1>, group = 1 : i64, pads = array<i64: 1, 0>, strides = array<i64: 2>} : (tensor<1x2x10xf32>, tensor<3x2x3xf32>) -> tensor<1x3x5xf32>
def conv1d():
    return conv([1, 2, 10], [3, 2, 3], strides=[2], pads=[1, 0])


# 3-D: D (6 + 2 - 3) / 1 + 1 = 6, H (7 + 2 - 3) / 2 + 1 = 4, W (8 + 2 - 3) / 2 + 1 = 4.
# CONV3D-LABEL: func.func @main_graph
# CONV3D: nn.conv %arg0, %arg1, %arg2 {dilations = array<i64: 1, 1, 1>, group = 1 : i64, pads = array<i64: 1, 1, 1, 1, 1, 1>, strides = array<i64: 1, 2, 2>} : (tensor<1x2x6x7x8xf32>, tensor<4x2x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x6x4x4xf32>
def conv3d():
    return conv([1, 2, 6, 7, 8], [4, 2, 3, 3, 3], [4], strides=[1, 2, 2], pads=[1] * 6)


# Grouped: 4 input channels, group 2, weight M x (C / group) = 6x2.
# GROUP-LABEL: func.func @main_graph
# GROUP: nn.conv %arg0, %arg1 {dilations = array<i64: 1, 1>, group = 2 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x8x8xf32>
def group():
    return conv([1, 4, 8, 8], [6, 2, 3, 3], group=2, pads=[1, 1, 1, 1])


# Depthwise, stride 2: (8 + 2 - 3) / 2 + 1 = 4.
# DEPTHWISE-LABEL: func.func @main_graph
# DEPTHWISE: nn.conv %arg0, %arg1, %arg2 {dilations = array<i64: 1, 1>, group = 4 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
def depthwise():
    return conv([1, 4, 8, 8], [4, 1, 3, 3], [4], group=4, strides=[2, 2], pads=[1, 1, 1, 1])


# Dilation 2 (effective kernel 5), strides [2, 1], pads h 0/2, w 1/3:
# H (9 + 0 + 2 - 5) / 2 + 1 = 4, W (9 + 1 + 3 - 5) / 1 + 1 = 9.
# STRDIL-LABEL: func.func @main_graph
# STRDIL: nn.conv %arg0, %arg1 {dilations = array<i64: 2, 2>, group = 1 : i64, pads = array<i64: 0, 1, 2, 3>, strides = array<i64: 2, 1>} : (tensor<1x3x9x9xf32>, tensor<2x3x3x3xf32>) -> tensor<1x2x4x9xf32>
def strided_dilated():
    return conv([1, 3, 9, 9], [2, 3, 3, 3], dilations=[2, 2], strides=[2, 1], pads=[0, 1, 2, 3])


# Kernel 4x3, stride 2 on 7x8: out 4x4; H total (4-1)*2 + 4 - 7 = 3, W total
# (4-1)*2 + 3 - 8 = 1. SAME_UPPER: h 1/2, w 0/1; SAME_LOWER: h 2/1, w 1/0.
# SUPPER-LABEL: func.func @main_graph
# SUPPER: nn.conv %arg0, %arg1 {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 1, 0, 2, 1>, strides = array<i64: 2, 2>} : (tensor<1x1x7x8xf32>, tensor<1x1x4x3xf32>) -> tensor<1x1x4x4xf32>
def same_upper():
    return conv([1, 1, 7, 8], [1, 1, 4, 3], auto_pad="SAME_UPPER", strides=[2, 2])


# SLOWER-LABEL: func.func @main_graph
# SLOWER: nn.conv %arg0, %arg1 {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 2, 1, 1, 0>, strides = array<i64: 2, 2>} : (tensor<1x1x7x8xf32>, tensor<1x1x4x3xf32>) -> tensor<1x1x4x4xf32>
def same_lower():
    return conv([1, 1, 7, 8], [1, 1, 4, 3], auto_pad="SAME_LOWER", strides=[2, 2])


# VALID padding: H (7 - 4) / 2 + 1 = 2, W (8 - 3) / 2 + 1 = 3.
# VALID-LABEL: func.func @main_graph
# VALID: nn.conv %arg0, %arg1 {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x1x7x8xf32>, tensor<1x1x4x3xf32>) -> tensor<1x1x2x3xf32>
def valid():
    return conv([1, 1, 7, 8], [1, 1, 4, 3], auto_pad="VALID", strides=[2, 2])


# SAME_UPPER with dilation 2 (effective kernel 5): total 4 + 5 - 5 = 4, 2 each side.
# SDIL-LABEL: func.func @main_graph
# SDIL: nn.conv %arg0, %arg1 {dilations = array<i64: 2, 2>, group = 1 : i64, pads = array<i64: 2, 2, 2, 2>, strides = array<i64: 1, 1>} : (tensor<1x1x5x5xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x5x5xf32>
def same_dilated():
    return conv([1, 1, 5, 5], [1, 1, 3, 3], auto_pad="SAME_UPPER", dilations=[2, 2])


# 1x1 kernel, stride 2 on 8: out 4, total (4-1)*2 + 1 - 8 = -1 -> no padding.
# SBIG-LABEL: func.func @main_graph
# SBIG: nn.conv %arg0, %arg1 {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x2x8x8xf32>, tensor<3x2x1x1xf32>) -> tensor<1x3x4x4xf32>
def same_stride_gt_kernel():
    return conv([1, 2, 8, 8], [3, 2, 1, 1], auto_pad="SAME_UPPER", strides=[2, 2])


# 1-D SAME_UPPER, kernel 2, stride 1 on 5: total 1 -> 0/1.
# SUP1D-LABEL: func.func @main_graph
# SUP1D: nn.conv %arg0, %arg1 {dilations = array<i64: 1>, group = 1 : i64, pads = array<i64: 0, 1>, strides = array<i64: 1>} : (tensor<1x1x5xf32>, tensor<2x1x2xf32>) -> tensor<1x2x5xf32>
def same_upper_1d():
    return conv([1, 1, 5], [2, 1, 2], auto_pad="SAME_UPPER")


main({f.__name__: f for f in [conv2d, defaults, init_weight, conv1d, conv3d, group, depthwise,
                              strided_dilated, same_upper, same_lower, valid, same_dilated,
                              same_stride_gt_kernel, same_upper_1d]})
