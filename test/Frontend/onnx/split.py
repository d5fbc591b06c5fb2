# Split -> one nn.slice per output {offsets, sizes, strides}. Opset 11: sizes
# in the `split` attribute; opset 13: in the optional second input; without
# either the axis is split into equal parts. Split-1 takes the sizes from the
# attribute or a second (float) input, and has no default axis.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/v11_attr.onnx | FileCheck %s --check-prefix=V11ATTR
# RUN: qat-translate --import-onnx %t/v11_equal.onnx | FileCheck %s --check-prefix=V11EQUAL
# RUN: qat-translate --import-onnx %t/v13_input.onnx | FileCheck %s --check-prefix=V13INPUT
# RUN: qat-translate --import-onnx %t/v13_equal.onnx | FileCheck %s --check-prefix=V13EQUAL
# RUN: qat-translate --import-onnx %t/v1_input.onnx | FileCheck %s --check-prefix=V1INPUT
# RUN: qat-translate --import-onnx %t/v1_attr.onnx | FileCheck %s --check-prefix=V1ATTR
# RUN: not qat-translate --import-onnx %t/v1_no_axis.onnx 2>&1 | FileCheck %s --check-prefix=V1NOAXIS
# RUN: qat-translate --import-onnx %t/v2_default_axis.onnx | FileCheck %s --check-prefix=V2AXIS

from onnx_fixture import array, main, single


# V11ATTR-LABEL: func.func @main_graph(%arg0: tensor<2x5xf32> {qat.name = "x"}) -> (tensor<2x2xf32> {qat.name = "a"}, tensor<2x3xf32> {qat.name = "b"})
# V11ATTR-DAG: %[[A:.*]] = nn.slice %arg0 {offsets = array<i64: 0, 0>, sizes = array<i64: 2, 2>, strides = array<i64: 1, 1>} : tensor<2x5xf32> -> tensor<2x2xf32>
# V11ATTR-DAG: %[[B:.*]] = nn.slice %arg0 {offsets = array<i64: 0, 2>, sizes = array<i64: 2, 3>, strides = array<i64: 1, 1>} : tensor<2x5xf32> -> tensor<2x3xf32>
# V11ATTR: return %[[A]], %[[B]] : tensor<2x2xf32>, tensor<2x3xf32>
def v11_attr():
    return single("Split", [("x", "f32", [2, 5])], [("a", "f32"), ("b", "f32")],
                  dict(axis=1, split=[2, 3]), opset=11)


# Three equal parts of axis 0 (default axis).
# V11EQUAL-LABEL: func.func @main_graph
# V11EQUAL-DAG: %[[A:.*]] = nn.slice %arg0 {offsets = array<i64: 0, 0>, sizes = array<i64: 2, 4>, strides = array<i64: 1, 1>} : tensor<6x4xf32> -> tensor<2x4xf32>
# V11EQUAL-DAG: %[[B:.*]] = nn.slice %arg0 {offsets = array<i64: 2, 0>, sizes = array<i64: 2, 4>, strides = array<i64: 1, 1>} : tensor<6x4xf32> -> tensor<2x4xf32>
# V11EQUAL-DAG: %[[C:.*]] = nn.slice %arg0 {offsets = array<i64: 4, 0>, sizes = array<i64: 2, 4>, strides = array<i64: 1, 1>} : tensor<6x4xf32> -> tensor<2x4xf32>
# V11EQUAL: return %[[A]], %[[B]], %[[C]] : tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>
def v11_equal():
    return single("Split", [("x", "f32", [6, 4])], [("a", "f32"), ("b", "f32"), ("c", "f32")],
                  opset=11)


# Sizes [1, 3] from an input, axis -1.
# V13INPUT-LABEL: func.func @main_graph
# V13INPUT-DAG: %[[A:.*]] = nn.slice %arg0 {offsets = array<i64: 0, 0>, sizes = array<i64: 2, 1>, strides = array<i64: 1, 1>} : tensor<2x4xf32> -> tensor<2x1xf32>
# V13INPUT-DAG: %[[B:.*]] = nn.slice %arg0 {offsets = array<i64: 0, 1>, sizes = array<i64: 2, 3>, strides = array<i64: 1, 1>} : tensor<2x4xf32> -> tensor<2x3xf32>
# V13INPUT: return %[[A]], %[[B]] : tensor<2x1xf32>, tensor<2x3xf32>
def v13_input():
    return single("Split", [("x", "f32", [2, 4])], [("a", "f32"), ("b", "f32")],
                  dict(axis=-1), initializers={"split": array([1, 3], "i64")}, opset=13)


# Two equal halves of the channels of NCHW.
# V13EQUAL-LABEL: func.func @main_graph
# V13EQUAL-DAG: %[[A:.*]] = nn.slice %arg0 {offsets = array<i64: 0, 0, 0, 0>, sizes = array<i64: 1, 3, 2, 2>, strides = array<i64: 1, 1, 1, 1>} : tensor<1x6x2x2xf32> -> tensor<1x3x2x2xf32>
# V13EQUAL-DAG: %[[B:.*]] = nn.slice %arg0 {offsets = array<i64: 0, 3, 0, 0>, sizes = array<i64: 1, 3, 2, 2>, strides = array<i64: 1, 1, 1, 1>} : tensor<1x6x2x2xf32> -> tensor<1x3x2x2xf32>
# V13EQUAL: return %[[A]], %[[B]]
def v13_equal():
    return single("Split", [("x", "f32", [1, 6, 2, 2])], [("a", "f32"), ("b", "f32")],
                  dict(axis=1), opset=13)


# Split-1: the lengths may come as a second input, a float tensor (type T).
# V1INPUT-LABEL: func.func @main_graph
# V1INPUT-DAG: %[[A:.*]] = nn.slice %arg0 {offsets = array<i64: 0, 0>, sizes = array<i64: 2, 2>, strides = array<i64: 1, 1>} : tensor<2x5xf32> -> tensor<2x2xf32>
# V1INPUT-DAG: %[[B:.*]] = nn.slice %arg0 {offsets = array<i64: 0, 2>, sizes = array<i64: 2, 3>, strides = array<i64: 1, 1>} : tensor<2x5xf32> -> tensor<2x3xf32>
# V1INPUT: return %[[A]], %[[B]] : tensor<2x2xf32>, tensor<2x3xf32>
def v1_input():
    return single("Split", [("x", "f32", [2, 5])], [("a", "f32", 2), ("b", "f32", 2)],
                  dict(axis=1), initializers={"split": array([2, 3])}, opset=1)


# Split-1 with the lengths attribute.
# V1ATTR-LABEL: func.func @main_graph
# V1ATTR-DAG: nn.slice %arg0 {offsets = array<i64: 0, 0>, sizes = array<i64: 1, 4>, strides = array<i64: 1, 1>} : tensor<4x4xf32> -> tensor<1x4xf32>
# V1ATTR-DAG: nn.slice %arg0 {offsets = array<i64: 1, 0>, sizes = array<i64: 3, 4>, strides = array<i64: 1, 1>} : tensor<4x4xf32> -> tensor<3x4xf32>
def v1_attr():
    return single("Split", [("x", "f32", [4, 4])], [("a", "f32", 2), ("b", "f32", 2)],
                  dict(axis=0, split=[1, 3]), opset=1)


# Split-1 states no default axis (opset 2 made it 0): not guessed.
# V1NOAXIS: error: {{.*}}node 'split_0' (Split, opset 1): Split before opset 2 has no default axis: the axis attribute is required
def v1_no_axis():
    return single("Split", [("x", "f32", [4, 4])], [("a", "f32", 2), ("b", "f32", 2)],
                  opset=1)


# Opset 2: the default axis is 0.
# V2AXIS-LABEL: func.func @main_graph
# V2AXIS-DAG: nn.slice %arg0 {offsets = array<i64: 0, 0>, sizes = array<i64: 2, 4>, strides = array<i64: 1, 1>} : tensor<4x4xf32> -> tensor<2x4xf32>
# V2AXIS-DAG: nn.slice %arg0 {offsets = array<i64: 2, 0>, sizes = array<i64: 2, 4>, strides = array<i64: 1, 1>} : tensor<4x4xf32> -> tensor<2x4xf32>
def v2_default_axis():
    return single("Split", [("x", "f32", [4, 4])], [("a", "f32", 2), ("b", "f32", 2)],
                  opset=2)


main({f.__name__: f for f in [v11_attr, v11_equal, v13_input, v13_equal, v1_input, v1_attr,
                              v1_no_axis, v2_default_axis]})
