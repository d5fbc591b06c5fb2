# ArgMin -> nn.argmin {axis, keepdims, select_last_index}, an i64 tensor (the
# ArgMax converter, frontend/ops/ReductionOps.cpp). axis defaults to 0 and
# may be negative (normalized), keepdims to 1; select_last_index (opset 12)
# picks the last of equal minima.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/defaults.onnx | FileCheck %s --check-prefix=DEFAULTS
# RUN: qat-translate --import-onnx %t/no_keepdims.onnx | FileCheck %s --check-prefix=NOKEEP
# RUN: qat-translate --import-onnx %t/negative_axis_last.onnx | FileCheck %s --check-prefix=LAST
# RUN: qat-translate --import-onnx %t/int32_v1.onnx | FileCheck %s --check-prefix=V1
# RUN: qat-translate --import-onnx %t/unsigned_rank1.onnx | FileCheck %s --check-prefix=UNSIGNED
# RUN: not qat-translate --import-onnx %t/bad_axis.onnx 2>&1 | FileCheck %s --check-prefix=BADAXIS
# RUN: not qat-translate --import-onnx %t/bad_negative_axis.onnx 2>&1 | FileCheck %s --check-prefix=BADNEG
# RUN: not qat-translate --import-onnx %t/empty_axis.onnx 2>&1 | FileCheck %s --check-prefix=EMPTY

from onnx_fixture import main, single


# DEFAULTS-LABEL: func.func @main_graph(%arg0: tensor<2x3xf32> {qat.name = "x"}) -> (tensor<1x3xi64> {qat.name = "y"})
# DEFAULTS: %[[Y:.*]] = nn.argmin %arg0 {axis = 0 : i64, keepdims = true, select_last_index = false} : tensor<2x3xf32> -> tensor<1x3xi64>
# DEFAULTS: return %[[Y]]
def defaults():
    return single("ArgMin", [("x", "f32", [2, 3])], [("y", "i64")])


# NOKEEP-LABEL: func.func @main_graph
# NOKEEP: nn.argmin %arg0 {axis = 1 : i64, keepdims = false, select_last_index = false} : tensor<2x3x4xf32> -> tensor<2x4xi64>
def no_keepdims():
    return single("ArgMin", [("x", "f32", [2, 3, 4])], [("y", "i64")], dict(axis=1, keepdims=0))


# LAST-LABEL: func.func @main_graph
# LAST: nn.argmin %arg0 {axis = 2 : i64, keepdims = true, select_last_index = true} : tensor<2x3x4xf32> -> tensor<2x3x1xi64>
def negative_axis_last():
    return single("ArgMin", [("x", "f32", [2, 3, 4])], [("y", "i64")],
                  dict(axis=-1, select_last_index=1), opset=12)


# V1-LABEL: func.func @main_graph
# V1: nn.argmin %arg0 {axis = 1 : i64, keepdims = true, select_last_index = false} : tensor<5x6xi32> -> tensor<5x1xi64>
def int32_v1():
    return single("ArgMin", [("x", "i32", [5, 6])], [("y", "i64", 2)], dict(axis=1), opset=1)


# A rank-1 input without keepdims gives a rank-0 index.
# UNSIGNED-LABEL: func.func @main_graph
# UNSIGNED: nn.argmin %arg0 {axis = 0 : i64, keepdims = false, select_last_index = false} : tensor<7xui8> -> tensor<i64>
def unsigned_rank1():
    return single("ArgMin", [("x", "u8", [7])], [("y", "i64")], dict(keepdims=0))


# BADAXIS: error: {{.*}}node 'argmin_0' (ArgMin, opset 13): axis 2 is out of range for rank 2
def bad_axis():
    return single("ArgMin", [("x", "f32", [2, 3])], [("y", "i64", 2)], dict(axis=2), check=False)


# BADNEG: error: {{.*}}node 'argmin_0' (ArgMin, opset 13): axis -3 is out of range for rank 2
def bad_negative_axis():
    return single("ArgMin", [("x", "f32", [2, 3])], [("y", "i64", 2)], dict(axis=-3),
                  check=False)


# No element to pick along an empty axis (the op's shape inference).
# EMPTY: error: {{.*}}node 'argmin_0' (ArgMin, opset 13): argmin over an empty dimension
def empty_axis():
    return single("ArgMin", [("x", "f32", [2, 0])], [("y", "i64", 2)], dict(axis=1),
                  check=False)


main({f.__name__: f for f in [defaults, no_keepdims, negative_axis_last, int32_v1,
                              unsigned_rank1, bad_axis, bad_negative_axis, empty_axis]})
