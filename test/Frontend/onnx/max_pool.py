# MaxPool -> nn.max_pool {ceil_mode, dilations, kernel_shape, pads, strides}.
# out = floor-or-ceil((in + pad_begin + pad_end - ((k - 1) * d + 1)) / s) + 1
# (ceil_mode from opset 10; every ceil case here keeps its last window
# starting inside the input, so the later "drop windows that start in the
# end padding" clarification does not matter). auto_pad as for Conv.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/pool2d.onnx | FileCheck %s --check-prefix=POOL2D
# RUN: qat-translate --import-onnx %t/default_strides.onnx | FileCheck %s --check-prefix=DEFSTRIDES
# RUN: qat-translate --import-onnx %t/pool1d.onnx | FileCheck %s --check-prefix=POOL1D
# RUN: qat-translate --import-onnx %t/pool3d.onnx | FileCheck %s --check-prefix=POOL3D
# RUN: qat-translate --import-onnx %t/ceil.onnx | FileCheck %s --check-prefix=CEIL
# RUN: qat-translate --import-onnx %t/floor.onnx | FileCheck %s --check-prefix=FLOOR
# RUN: qat-translate --import-onnx %t/ceil_pads.onnx | FileCheck %s --check-prefix=CEILPADS
# RUN: qat-translate --import-onnx %t/asym_pads.onnx | FileCheck %s --check-prefix=ASYM
# RUN: qat-translate --import-onnx %t/dilations.onnx | FileCheck %s --check-prefix=DIL
# RUN: qat-translate --import-onnx %t/same_upper.onnx | FileCheck %s --check-prefix=SUPPER
# RUN: qat-translate --import-onnx %t/same_lower.onnx | FileCheck %s --check-prefix=SLOWER
# RUN: qat-translate --import-onnx %t/v8.onnx | FileCheck %s --check-prefix=V8
# RUN: qat-translate --import-onnx %t/ceil_window_in_pad.onnx | FileCheck %s --check-prefix=CEILINPAD

from onnx_fixture import main, single


def pool(shape, opset=12, **attrs):
    return single("MaxPool", [("x", "f32", shape)], [("y", "f32")], attrs, opset=opset)


# (8 - 2) / 2 + 1 = 4.
# POOL2D-LABEL: func.func @main_graph(%arg0: tensor<1x3x8x8xf32> {qat.name = "x"}) -> (tensor<1x3x4x4xf32> {qat.name = "y"})
# POOL2D: %[[Y:.*]] = nn.max_pool %arg0 {ceil_mode = false, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
# POOL2D: return %[[Y]]
def pool2d():
    return pool([1, 3, 8, 8], kernel_shape=[2, 2], strides=[2, 2])


# Strides default to 1: 5 - 3 + 1 = 3.
# DEFSTRIDES-LABEL: func.func @main_graph
# DEFSTRIDES: nn.max_pool %arg0 {ceil_mode = false, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3, 3>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : tensor<1x1x5x5xf32> -> tensor<1x1x3x3xf32>
def default_strides():
    return pool([1, 1, 5, 5], kernel_shape=[3, 3])


# 1-D: (9 + 2 - 3) / 2 + 1 = 5.
# POOL1D-LABEL: func.func @main_graph
# POOL1D: nn.max_pool %arg0 {ceil_mode = false, dilations = array<i64: 1>, kernel_shape = array<i64: 3>, pads = array<i64: 1, 1>, strides = array<i64: 2>} : tensor<1x2x9xf32> -> tensor<1x2x5xf32>
def pool1d():
    return pool([1, 2, 9], kernel_shape=[3], strides=[2], pads=[1, 1])


# POOL3D-LABEL: func.func @main_graph
# POOL3D: nn.max_pool %arg0 {ceil_mode = false, dilations = array<i64: 1, 1, 1>, kernel_shape = array<i64: 2, 2, 2>, pads = array<i64: 0, 0, 0, 0, 0, 0>, strides = array<i64: 2, 2, 2>} : tensor<1x1x4x6x6xf32> -> tensor<1x1x2x3x3xf32>
def pool3d():
    return pool([1, 1, 4, 6, 6], kernel_shape=[2, 2, 2], strides=[2, 2, 2])


# ceil((7 - 2) / 2 + 1) = ceil(3.5) = 4 (last window starts at 6 < 7); floor gives 3.
# CEIL-LABEL: func.func @main_graph
# CEIL: nn.max_pool %arg0 {ceil_mode = true, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x1x7x7xf32> -> tensor<1x1x4x4xf32>
def ceil():
    return pool([1, 1, 7, 7], kernel_shape=[2, 2], strides=[2, 2], ceil_mode=1)


# FLOOR-LABEL: func.func @main_graph
# FLOOR: nn.max_pool %arg0 {ceil_mode = false, {{.*}}} : tensor<1x1x7x7xf32> -> tensor<1x1x3x3xf32>
def floor():
    return pool([1, 1, 7, 7], kernel_shape=[2, 2], strides=[2, 2], ceil_mode=0)


# ceil((6 + 2 - 3) / 2 + 1) = ceil(3.5) = 4; the last window starts at
# 3 * 2 - 1 = 5 < 6.
# CEILPADS-LABEL: func.func @main_graph
# CEILPADS: nn.max_pool %arg0 {ceil_mode = true, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x1x6x6xf32> -> tensor<1x1x4x4xf32>
def ceil_pads():
    return pool([1, 1, 6, 6], kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1],
                ceil_mode=1)


# pads h 1/0, w 0/1: H (5 + 1 - 3) / 2 + 1 = 2, W (5 + 1 - 3) / 2 + 1 = 2.
# ASYM-LABEL: func.func @main_graph
# ASYM: nn.max_pool %arg0 {ceil_mode = false, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 0, 0, 1>, strides = array<i64: 2, 2>} : tensor<1x1x5x5xf32> -> tensor<1x1x2x2xf32>
def asym_pads():
    return pool([1, 1, 5, 5], kernel_shape=[3, 3], strides=[2, 2], pads=[1, 0, 0, 1])


# Kernel 2x2, dilations [2, 3]: effective 3 and 4: 8 - 3 + 1 = 6, 8 - 4 + 1 = 5.
# DIL-LABEL: func.func @main_graph
# DIL: nn.max_pool %arg0 {ceil_mode = false, dilations = array<i64: 2, 3>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : tensor<1x1x8x8xf32> -> tensor<1x1x6x5xf32>
def dilations():
    return pool([1, 1, 8, 8], kernel_shape=[2, 2], dilations=[2, 3])


# Kernel 2, stride 1 on 5: out 5, total pad 1: SAME_UPPER 0/1, SAME_LOWER 1/0.
# SUPPER-LABEL: func.func @main_graph
# SUPPER: nn.max_pool %arg0 {ceil_mode = false, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 1, 1>, strides = array<i64: 1, 1>} : tensor<1x1x5x5xf32> -> tensor<1x1x5x5xf32>
def same_upper():
    return pool([1, 1, 5, 5], kernel_shape=[2, 2], auto_pad="SAME_UPPER")


# SLOWER-LABEL: func.func @main_graph
# SLOWER: nn.max_pool %arg0 {ceil_mode = false, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 1, 1, 0, 0>, strides = array<i64: 1, 1>} : tensor<1x1x5x5xf32> -> tensor<1x1x5x5xf32>
def same_lower():
    return pool([1, 1, 5, 5], kernel_shape=[2, 2], auto_pad="SAME_LOWER")


# Opset 8 (no ceil_mode, no dilations attributes): 3x3 stride 2 pads 1 on
# 112 -> (112 + 2 - 3) / 2 + 1 = 56 (the ResNet stem).
# V8-LABEL: func.func @main_graph
# V8: nn.max_pool %arg0 {ceil_mode = false, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x4x112x112xf32> -> tensor<1x4x56x56xf32>
def v8():
    return pool([1, 4, 112, 112], opset=8, kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1])



# ceil((3 + 2 - 2) / 2 + 1) = ceil(2.5) = 3, but the third window would start
# at padded index 4, inside the end padding (the input spans 1..3): the ONNX
# spec ignores such windows ("Sliding windows that would start in the right
# padded region are ignored"), as PyTorch and onnxruntime do -> 2.
# CEILINPAD-LABEL: func.func @main_graph
# CEILINPAD: nn.max_pool %arg0 {ceil_mode = true, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x1x3x3xf32> -> tensor<1x1x2x2xf32>
def ceil_window_in_pad():
    return single("MaxPool", [("x", "f32", [1, 1, 3, 3])], [("y", "f32", 4)],
                  dict(kernel_shape=[2, 2], strides=[2, 2], pads=[1, 1, 1, 1], ceil_mode=1))


main({f.__name__: f for f in [pool2d, default_strides, pool1d, pool3d, ceil, floor, ceil_pads,
                              asym_pads, dilations, same_upper, same_lower, v8,
                              ceil_window_in_pad]})
