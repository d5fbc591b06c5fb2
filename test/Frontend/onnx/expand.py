# Expand (opset 8) -> nn.expand to the numpy broadcast of the input's shape
# and the given shape (a constant): a 1 in either keeps the other's dim, the
# shorter one is padded with leading ones. Without a change of shape the
# input passes through.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/dim_changed.onnx | FileCheck %s --check-prefix=CHANGED
# RUN: qat-translate --import-onnx %t/dim_unchanged.onnx | FileCheck %s --check-prefix=UNCHANGED
# RUN: qat-translate --import-onnx %t/shorter_shape.onnx | FileCheck %s --check-prefix=SHORTER
# RUN: qat-translate --import-onnx %t/identity.onnx | FileCheck %s --check-prefix=IDENTITY
# RUN: not qat-translate --import-onnx %t/dynamic_shape.onnx 2>&1 | FileCheck %s --check-prefix=DYNAMIC
# RUN: not qat-translate --import-onnx %t/incompatible.onnx 2>&1 | FileCheck %s --check-prefix=BAD

from onnx_fixture import array, main, single


# [3, 1] with [2, 1, 6] -> [2, 3, 6].
# CHANGED-LABEL: func.func @main_graph(%arg0: tensor<3x1xf32> {qat.name = "x"}) -> (tensor<2x3x6xf32> {qat.name = "y"})
# CHANGED: %[[Y:.*]] = nn.expand %arg0 : tensor<3x1xf32> -> tensor<2x3x6xf32>
# CHANGED: return %[[Y]]
def dim_changed():
    return single("Expand", [("x", "f32", [3, 1])], [("y", "f32")],
                  initializers={"shape": array([2, 1, 6], "i64")}, opset=8)


# UNCHANGED-LABEL: func.func @main_graph
# UNCHANGED: nn.expand %arg0 : tensor<3x1xi32> -> tensor<3x4xi32>
def dim_unchanged():
    return single("Expand", [("x", "i32", [3, 1])], [("y", "i32")],
                  initializers={"shape": array([3, 4], "i64")})


# The shape may be shorter than the input's rank, and hold ones.
# SHORTER-LABEL: func.func @main_graph
# SHORTER: nn.expand %arg0 : tensor<2x1x5xf32> -> tensor<2x4x5xf32>
def shorter_shape():
    return single("Expand", [("x", "f32", [2, 1, 5])], [("y", "f32")],
                  initializers={"shape": array([4, 1], "i64")})


# IDENTITY-LABEL: func.func @main_graph
# IDENTITY-NOT: nn.expand
# IDENTITY: return %arg0 : tensor<2x3xf32>
def identity():
    return single("Expand", [("x", "f32", [2, 3])], [("y", "f32")],
                  initializers={"shape": array([1, 3], "i64")})


# DYNAMIC: error: {{.*}}node 'expand_0' (Expand, opset 13): the shape ('shape') must be a constant: an initializer, a Constant node or computed from static shapes
def dynamic_shape():
    return single("Expand", [("x", "f32", [3, 1]), ("shape", "i64", [2])], [("y", "f32", 2)])


# BAD: error: {{.*}}node 'expand_0' (Expand, opset 13): the input of shape [3,2] does not broadcast to [3,4]
def incompatible():
    return single("Expand", [("x", "f32", [3, 2])], [("y", "f32", 2)],
                  initializers={"shape": array([3, 4], "i64")}, check=False)


main({f.__name__: f for f in [dim_changed, dim_unchanged, shorter_shape, identity,
                              dynamic_shape, incompatible]})
