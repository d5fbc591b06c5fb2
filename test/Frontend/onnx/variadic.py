# Max / Min / Sum / Mean of one or more inputs: a left fold of nn.max /
# nn.min / nn.add over the inputs in order, each step with numpy
# broadcasting (opset 8; before, the inputs have one shape, which the fold
# covers). One input is the identity. Mean divides the sum by the input
# count, a rank-0 constant of the element type; it takes floats only.
# Integer max/min/add of constants fold at import.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/max_three_bcast.onnx | FileCheck %s --check-prefix=MAX
# RUN: qat-translate --import-onnx %t/max_v6.onnx | FileCheck %s --check-prefix=MAXV6
# RUN: qat-translate --import-onnx %t/max_one.onnx | FileCheck %s --check-prefix=MAXONE
# RUN: qat-translate --import-onnx %t/min_int.onnx | FileCheck %s --check-prefix=MININT
# RUN: qat-translate --import-onnx %t/min_unsigned.onnx | FileCheck %s --check-prefix=MINU
# RUN: qat-translate --import-onnx %t/sum_three.onnx | FileCheck %s --check-prefix=SUM
# RUN: qat-translate --import-onnx %t/sum_one.onnx | FileCheck %s --check-prefix=SUMONE
# RUN: qat-translate --import-onnx %t/mean_three.onnx | FileCheck %s --check-prefix=MEAN
# RUN: qat-translate --import-onnx %t/mean_two_f16.onnx | FileCheck %s --check-prefix=MEANF16
# RUN: qat-translate --import-onnx %t/mean_one.onnx | FileCheck %s --check-prefix=MEANONE
# RUN: qat-translate --import-onnx %t/max_min_constants.onnx | FileCheck %s --check-prefix=FOLD
# RUN: not qat-translate --import-onnx %t/mean_int.onnx 2>&1 | FileCheck %s --check-prefix=MEANINT
# RUN: not qat-translate --import-onnx %t/max_no_inputs.onnx 2>&1 | FileCheck %s --check-prefix=NOINPUTS
# RUN: not qat-translate --import-onnx %t/min_mixed_types.onnx 2>&1 | FileCheck %s --check-prefix=MIXED
# RUN: not qat-translate --import-onnx %t/sum_no_broadcast.onnx 2>&1 | FileCheck %s --check-prefix=SHAPES

from onnx_fixture import array, graph_model, main, node, single


# [3, 1] and [4] -> [3, 4]; then with [] -> [3, 4].
# MAX-LABEL: func.func @main_graph(%arg0: tensor<3x1xf32> {qat.name = "a"}, %arg1: tensor<4xf32> {qat.name = "b"}, %arg2: tensor<f32> {qat.name = "c"}) -> (tensor<3x4xf32> {qat.name = "y"})
# MAX: %[[AB:.*]] = nn.max %arg0, %arg1 : (tensor<3x1xf32>, tensor<4xf32>) -> tensor<3x4xf32>
# MAX: %[[Y:.*]] = nn.max %[[AB]], %arg2 : (tensor<3x4xf32>, tensor<f32>) -> tensor<3x4xf32>
# MAX: return %[[Y]] : tensor<3x4xf32>
def max_three_bcast():
    return single("Max", [("a", "f32", [3, 1]), ("b", "f32", [4]), ("c", "f32", [])],
                  [("y", "f32")])


# MAXV6-LABEL: func.func @main_graph
# MAXV6: nn.max %arg0, %arg1 : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
def max_v6():
    return single("Max", [("a", "f64", [2, 3]), ("b", "f64", [2, 3])], [("y", "f64")], opset=6)


# MAXONE-LABEL: func.func @main_graph
# MAXONE-NOT: nn.max
# MAXONE: return %arg0 : tensor<2x3xf32>
def max_one():
    return single("Max", [("a", "f32", [2, 3])], [("y", "f32")])


# Integer types from opset 12.
# MININT-LABEL: func.func @main_graph
# MININT: %[[Y:.*]] = nn.min %arg0, %arg1 : (tensor<2x3xi32>, tensor<3xi32>) -> tensor<2x3xi32>
# MININT: return %[[Y]]
def min_int():
    return single("Min", [("a", "i32", [2, 3]), ("b", "i32", [3])], [("y", "i32")], opset=12)


# MINU-LABEL: func.func @main_graph
# MINU: nn.min %arg0, %arg1 : (tensor<4xui16>, tensor<4xui16>) -> tensor<4xui16>
def min_unsigned():
    return single("Min", [("a", "u16", [4]), ("b", "u16", [4])], [("y", "u16")])


# SUM-LABEL: func.func @main_graph
# SUM: %[[AB:.*]] = nn.add %arg0, %arg1 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
# SUM: %[[Y:.*]] = nn.add %[[AB]], %arg2 : (tensor<2x3xf32>, tensor<1x3xf32>) -> tensor<2x3xf32>
# SUM: return %[[Y]]
def sum_three():
    return single("Sum", [("a", "f32", [2, 3]), ("b", "f32", [2, 3]), ("c", "f32", [1, 3])],
                  [("y", "f32")])


# SUMONE-LABEL: func.func @main_graph
# SUMONE-NOT: nn.add
# SUMONE: return %arg0 : tensor<5xf32>
def sum_one():
    return single("Sum", [("a", "f32", [5])], [("y", "f32")], opset=8)


# MEAN-LABEL: func.func @main_graph
# MEAN: %[[AB:.*]] = nn.add %arg0, %arg1 : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
# MEAN: %[[S:.*]] = nn.add %[[AB]], %arg2 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
# MEAN: %[[N:.*]] = arith.constant dense<3.000000e+00> : tensor<f32>
# MEAN: %[[Y:.*]] = nn.div %[[S]], %[[N]] : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
# MEAN: return %[[Y]] : tensor<2x3xf32>
def mean_three():
    return single("Mean", [("a", "f32", [2, 3]), ("b", "f32", [3]), ("c", "f32", [2, 3])],
                  [("y", "f32")])


# MEANF16-LABEL: func.func @main_graph
# MEANF16-DAG: %[[N:.*]] = arith.constant dense<2.000000e+00> : tensor<f16>
# MEANF16-DAG: %[[S:.*]] = nn.add %arg0, %arg1 : (tensor<4xf16>, tensor<4xf16>) -> tensor<4xf16>
# MEANF16: nn.div %[[S]], %[[N]] : (tensor<4xf16>, tensor<f16>) -> tensor<4xf16>
def mean_two_f16():
    return single("Mean", [("a", "f16", [4]), ("b", "f16", [4])], [("y", "f16")])


# One input: no division.
# MEANONE-LABEL: func.func @main_graph
# MEANONE-NOT: nn.div
# MEANONE: return %arg0 : tensor<4xf32>
def mean_one():
    return single("Mean", [("a", "f32", [4])], [("y", "f32")])


# Constant integer operands fold: max(2, [1, 5]) = [2, 5], then min with
# [3, 3] = [2, 3]; unsigned max(200, 7) = 200 compares unsigned.
# FOLD-LABEL: func.func @main_graph
# FOLD-NOT: nn.max
# FOLD-NOT: nn.min
# FOLD-DAG: %[[S:.*]] = arith.constant dense<[2, 3]> : tensor<2xi64>
# FOLD-DAG: %[[U:.*]] = arith.constant dense<200> : tensor<2xui8>
# FOLD: return %[[S]], %[[U]] : tensor<2xi64>, tensor<2xui8>
def max_min_constants():
    nodes = [node("Max", ["p", "q"], ["m"], name="max_0"),
             node("Min", ["m", "r"], ["s"], name="min_0"),
             node("Max", ["u", "v"], ["w"], name="max_1")]
    return graph_model(nodes, [], [("s", "i64", [2]), ("w", "u8", [2])],
                       initializers={"p": array(2, "i64"), "q": array([1, 5], "i64"),
                                     "r": array([3, 3], "i64"), "u": array([200, 200], "u8"),
                                     "v": array([7, 7], "u8")})


# MEANINT: error: {{.*}}node 'mean_0' (Mean, opset 13): Mean of integer tensors is not supported
def mean_int():
    return single("Mean", [("a", "i32", [4]), ("b", "i32", [4])], [("y", "i32", 1)],
                  check=False)


# NOINPUTS: error: {{.*}}node 'max_0' (Max, opset 13): needs at least one input
def max_no_inputs():
    return single("Max", [], [("y", "f32", 1)], node_inputs=[], check=False)


# MIXED: error: {{.*}}node 'min_0' (Min, opset 13): operands must have one element type
def min_mixed_types():
    return single("Min", [("a", "f32", [4]), ("b", "f64", [4])], [("y", "f32", 1)],
                  check=False)


# SHAPES: error: {{.*}}node 'sum_0' (Sum, opset 13): shapes [2,3] and [4] do not broadcast
def sum_no_broadcast():
    return single("Sum", [("a", "f32", [2, 3]), ("b", "f32", [2, 3]), ("c", "f32", [4])],
                  [("y", "f32", 2)], check=False)


main({f.__name__: f for f in [max_three_bcast, max_v6, max_one, min_int, min_unsigned,
                              sum_three, sum_one, mean_three, mean_two_f16, mean_one,
                              max_min_constants, mean_int, max_no_inputs, min_mixed_types,
                              sum_no_broadcast]})
