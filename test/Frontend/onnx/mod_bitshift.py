# Mod (opset 10) -> nn.mod {fmod}: fmod (default 0) picks C fmod (1, the
# sign of the dividend) or Python's % (0, the sign of the divisor); floats
# need fmod = 1, as ONNX says.
# BitShift (opset 11) -> nn.bit_shift {left}: direction "LEFT" or "RIGHT"
# (required, exact spelling) on unsigned integers.
# Both broadcast as numpy does.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/mod_int_default.onnx | FileCheck %s --check-prefix=MODINT
# RUN: qat-translate --import-onnx %t/mod_int_fmod.onnx | FileCheck %s --check-prefix=MODINTF
# RUN: qat-translate --import-onnx %t/mod_float_fmod.onnx | FileCheck %s --check-prefix=MODFLOAT
# RUN: qat-translate --import-onnx %t/mod_unsigned.onnx | FileCheck %s --check-prefix=MODU
# RUN: qat-translate --import-onnx %t/shift_left.onnx | FileCheck %s --check-prefix=LEFT
# RUN: qat-translate --import-onnx %t/shift_right_bcast.onnx | FileCheck %s --check-prefix=RIGHT
# RUN: not qat-translate --import-onnx %t/mod_float_python.onnx 2>&1 | FileCheck %s --check-prefix=MODFLOATPY
# RUN: not qat-translate --import-onnx %t/mod_float_default.onnx 2>&1 | FileCheck %s --check-prefix=MODFLOATDEF
# RUN: not qat-translate --import-onnx %t/mod_float_attr.onnx 2>&1 | FileCheck %s --check-prefix=MODATTR
# RUN: not qat-translate --import-onnx %t/mod_no_broadcast.onnx 2>&1 | FileCheck %s --check-prefix=MODSHAPES
# RUN: not qat-translate --import-onnx %t/shift_bad_direction.onnx 2>&1 | FileCheck %s --check-prefix=BADDIR
# RUN: not qat-translate --import-onnx %t/shift_lowercase_direction.onnx 2>&1 | FileCheck %s --check-prefix=LOWERDIR
# RUN: not qat-translate --import-onnx %t/shift_no_direction.onnx 2>&1 | FileCheck %s --check-prefix=NODIR
# RUN: not qat-translate --import-onnx %t/shift_signed.onnx 2>&1 | FileCheck %s --check-prefix=SIGNED
# RUN: not qat-translate --import-onnx %t/shift_float.onnx 2>&1 | FileCheck %s --check-prefix=FLOAT

from onnx_fixture import main, single


def mod(t, attrs=None, shapes=([2, 3], [2, 3]), check=True, opset=13):
    out = ("z", t) if check else ("z", t, len(shapes[0]))
    return single("Mod", [("a", t, shapes[0]), ("b", t, shapes[1])], [out], attrs,
                  opset=opset, check=check)


def shift(t, direction=None, shapes=([4], [4]), check=True):
    attrs = {} if direction is None else dict(direction=direction)
    out = ("z", t) if check else ("z", t, len(shapes[0]))
    return single("BitShift", [("x", t, shapes[0]), ("s", t, shapes[1])], [out], attrs,
                  opset=11, check=check)


# MODINT-LABEL: func.func @main_graph(%arg0: tensor<2x3xi32> {qat.name = "a"}, %arg1: tensor<2x3xi32> {qat.name = "b"}) -> (tensor<2x3xi32> {qat.name = "z"})
# MODINT: %[[Z:.*]] = nn.mod %arg0, %arg1 {fmod = false} : (tensor<2x3xi32>, tensor<2x3xi32>) -> tensor<2x3xi32>
# MODINT: return %[[Z]] : tensor<2x3xi32>
def mod_int_default():
    return mod("i32", opset=10)


# MODINTF-LABEL: func.func @main_graph
# MODINTF: nn.mod %arg0, %arg1 {fmod = true} : (tensor<2x3xi64>, tensor<3xi64>) -> tensor<2x3xi64>
def mod_int_fmod():
    return mod("i64", dict(fmod=1), ([2, 3], [3]))


# MODFLOAT-LABEL: func.func @main_graph
# MODFLOAT: nn.mod %arg0, %arg1 {fmod = true} : (tensor<4x1xf32>, tensor<5xf32>) -> tensor<4x5xf32>
def mod_float_fmod():
    return mod("f32", dict(fmod=1), ([4, 1], [5]))


# MODU-LABEL: func.func @main_graph
# MODU: nn.mod %arg0, %arg1 {fmod = false} : (tensor<2x3xui8>, tensor<2x3xui8>) -> tensor<2x3xui8>
def mod_unsigned():
    return mod("u8", dict(fmod=0))


# LEFT-LABEL: func.func @main_graph(%arg0: tensor<4xui8> {qat.name = "x"}, %arg1: tensor<4xui8> {qat.name = "s"}) -> (tensor<4xui8> {qat.name = "z"})
# LEFT: %[[Z:.*]] = nn.bit_shift %arg0, %arg1 {left = true} : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
# LEFT: return %[[Z]] : tensor<4xui8>
def shift_left():
    return shift("u8", "LEFT")


# RIGHT-LABEL: func.func @main_graph
# RIGHT: nn.bit_shift %arg0, %arg1 {left = false} : (tensor<2x3xui32>, tensor<ui32>) -> tensor<2x3xui32>
def shift_right_bcast():
    return shift("u32", "RIGHT", ([2, 3], []))


# MODFLOATPY: error: {{.*}}node 'mod_0' (Mod, opset 13): fmod must be 1 for floating-point inputs
def mod_float_python():
    return mod("f32", dict(fmod=0), check=False)


# fmod defaults to 0.
# MODFLOATDEF: error: {{.*}}node 'mod_0' (Mod, opset 13): fmod must be 1 for floating-point inputs
def mod_float_default():
    return mod("f64", check=False)


# MODATTR: error: {{.*}}node 'mod_0' (Mod, opset 13): attribute 'fmod' must be an int
def mod_float_attr():
    return mod("f32", dict(fmod=1.0), check=False)


# MODSHAPES: error: {{.*}}node 'mod_0' (Mod, opset 13): shapes [2,3] and [2] do not broadcast
def mod_no_broadcast():
    return mod("i32", shapes=([2, 3], [2]), check=False)


# BADDIR: error: {{.*}}node 'bitshift_0' (BitShift, opset 11): direction must be 'LEFT' or 'RIGHT', got 'UP'
def shift_bad_direction():
    return shift("u8", "UP", check=False)


# LOWERDIR: error: {{.*}}node 'bitshift_0' (BitShift, opset 11): direction must be 'LEFT' or 'RIGHT', got 'left'
def shift_lowercase_direction():
    return shift("u8", "left", check=False)


# NODIR: error: {{.*}}node 'bitshift_0' (BitShift, opset 11): direction must be 'LEFT' or 'RIGHT', got ''
def shift_no_direction():
    return shift("u16", check=False)


# SIGNED: error: {{.*}}node 'bitshift_0' (BitShift, opset 11): BitShift needs unsigned integer inputs
def shift_signed():
    return shift("i32", "LEFT", check=False)


# FLOAT: error: {{.*}}node 'bitshift_0' (BitShift, opset 11): BitShift needs unsigned integer inputs
def shift_float():
    return shift("f32", "RIGHT", check=False)


main({f.__name__: f for f in [mod_int_default, mod_int_fmod, mod_float_fmod, mod_unsigned,
                              shift_left, shift_right_bcast, mod_float_python,
                              mod_float_default, mod_float_attr, mod_no_broadcast,
                              shift_bad_direction, shift_lowercase_direction,
                              shift_no_direction, shift_signed, shift_float]})
