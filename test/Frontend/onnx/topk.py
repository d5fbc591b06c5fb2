# TopK -> nn.top_k {k, axis, largest}: values of the input's type and i64
# indices, the axis of size k. k is input 1 from opset 10 (a constant
# one-element tensor), the attribute `k` before; axis defaults to -1
# (normalized), largest to 1; sorted = 0 still gives sorted values (ONNX
# leaves the order to the runtime). Only the values may be used.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/defaults.onnx | FileCheck %s --check-prefix=DEFAULTS
# RUN: qat-translate --import-onnx %t/smallest_axis0_unsorted.onnx | FileCheck %s --check-prefix=SMALLEST
# RUN: qat-translate --import-onnx %t/opset1_attribute.onnx | FileCheck %s --check-prefix=OPSET1
# RUN: qat-translate --import-onnx %t/values_only.onnx | FileCheck %s --check-prefix=VALUES
# RUN: not qat-translate --import-onnx %t/k_not_constant.onnx 2>&1 | FileCheck %s --check-prefix=KINPUT
# RUN: not qat-translate --import-onnx %t/k_two_values.onnx 2>&1 | FileCheck %s --check-prefix=KTWO
# RUN: not qat-translate --import-onnx %t/k_too_large.onnx 2>&1 | FileCheck %s --check-prefix=KRANGE
# RUN: not qat-translate --import-onnx %t/scalar_input.onnx 2>&1 | FileCheck %s --check-prefix=SCALAR

from onnx_fixture import array, graph_model, main, node, single


def topk(shape, k, t="f32", opset=11, check=True, outputs=None, **attrs):
    outs = outputs or [("values", t), ("indices", "i64")]
    if not check:
        outs = [(o[0], o[1], len(shape)) for o in outs]
    return single("TopK", [("x", t, shape)], outs, attrs,
                  initializers={"k": array([k], "i64")}, opset=opset, check=check)


# DEFAULTS-LABEL: func.func @main_graph(%arg0: tensor<3x4xf32> {qat.name = "x"}) -> (tensor<3x2xf32> {qat.name = "values"}, tensor<3x2xi64> {qat.name = "indices"})
# DEFAULTS: %[[V:.*]], %[[I:.*]] = nn.top_k %arg0 {axis = 1 : i64, k = 2 : i64, largest = true} : tensor<3x4xf32> -> tensor<3x2xf32>, tensor<3x2xi64>
# DEFAULTS: return %[[V]], %[[I]] : tensor<3x2xf32>, tensor<3x2xi64>
def defaults():
    return topk([3, 4], 2)


# SMALLEST-LABEL: func.func @main_graph
# SMALLEST: nn.top_k %arg0 {axis = 0 : i64, k = 5 : i64, largest = false} : tensor<5x2xi32> -> tensor<5x2xi32>, tensor<5x2xi64>
def smallest_axis0_unsorted():
    return topk([5, 2], 5, t="i32", axis=-2, largest=0, sorted=0)


# OPSET1-LABEL: func.func @main_graph
# OPSET1: nn.top_k %arg0 {axis = 2 : i64, k = 1 : i64, largest = true} : tensor<2x3x4xf64> -> tensor<2x3x1xf64>, tensor<2x3x1xi64>
def opset1_attribute():
    return single("TopK", [("x", "f64", [2, 3, 4])], [("values", "f64"), ("indices", "i64")],
                  {"k": 1}, opset=1)


# VALUES-LABEL: func.func @main_graph(%arg0: tensor<6xui8> {qat.name = "x"}) -> (tensor<3xui8> {qat.name = "values"})
# VALUES: %[[V:.*]], %{{.*}} = nn.top_k %arg0 {axis = 0 : i64, k = 3 : i64, largest = true} : tensor<6xui8> -> tensor<3xui8>, tensor<3xi64>
# VALUES: return %[[V]] : tensor<3xui8>
def values_only():
    nodes = [node("TopK", ["x", "k"], ["values", "unused_indices"])]
    return graph_model(nodes, [("x", "u8", [6])], [("values", "u8")],
                       initializers={"k": array([3], "i64")}, opset=11)


# KINPUT: error: {{.*}}node 'topk_0' (TopK, opset 11): K ('k') must be a constant: an initializer, a Constant node or computed from static shapes
def k_not_constant():
    return single("TopK", [("x", "f32", [3, 4]), ("k", "i64", [1])],
                  [("values", "f32"), ("indices", "i64")], opset=11)


# KTWO: error: {{.*}}node 'topk_0' (TopK, opset 11): K must hold one value
def k_two_values():
    return single("TopK", [("x", "f32", [3, 4])],
                  [("values", "f32", 2), ("indices", "i64", 2)],
                  initializers={"k": array([1, 2], "i64")}, opset=11, check=False)


# KRANGE: error: {{.*}}node 'topk_0' (TopK, opset 11): k = 5 is not in [0, 4] (the size of axis 1)
def k_too_large():
    return topk([3, 4], 5, check=False)


# SCALAR: error: {{.*}}node 'topk_0' (TopK, opset 11): the input must have at least one dimension
def scalar_input():
    return topk([], 1, check=False)


main({f.__name__: f for f in [
    defaults, smallest_axis0_unsorted, opset1_attribute, values_only, k_not_constant,
    k_two_values, k_too_large, scalar_input]})
