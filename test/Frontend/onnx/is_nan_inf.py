# IsNaN (opset 9) -> nn.is_nan; IsInf (opset 10) -> nn.is_inf
# {detect_negative, detect_positive}, both defaulting to 1 (any nonzero int
# is true). Both give an i1 tensor of the input's shape and take floats only.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/is_nan.onnx | FileCheck %s --check-prefix=ISNAN
# RUN: qat-translate --import-onnx %t/is_nan_f16.onnx | FileCheck %s --check-prefix=ISNANF16
# RUN: qat-translate --import-onnx %t/is_inf_default.onnx | FileCheck %s --check-prefix=DEFAULT
# RUN: qat-translate --import-onnx %t/is_inf_positive_only.onnx | FileCheck %s --check-prefix=POSITIVE
# RUN: qat-translate --import-onnx %t/is_inf_negative_only.onnx | FileCheck %s --check-prefix=NEGATIVE
# RUN: qat-translate --import-onnx %t/is_inf_neither.onnx | FileCheck %s --check-prefix=NEITHER
# RUN: qat-translate --import-onnx %t/is_inf_nonzero_flags.onnx | FileCheck %s --check-prefix=NONZERO
# RUN: not qat-translate --import-onnx %t/is_inf_float_flag.onnx 2>&1 | FileCheck %s --check-prefix=FLOATFLAG
# RUN: not qat-translate --import-onnx %t/is_inf_string_flag.onnx 2>&1 | FileCheck %s --check-prefix=STRFLAG
# RUN: not qat-translate --import-onnx %t/is_nan_int.onnx 2>&1 | FileCheck %s --check-prefix=NANINT
# RUN: not qat-translate --import-onnx %t/is_inf_int.onnx 2>&1 | FileCheck %s --check-prefix=INFINT

from onnx_fixture import main, single


def is_inf(attrs=None, check=True, t="f32"):
    out = ("y", "bool") if check else ("y", "bool", 2)
    return single("IsInf", [("x", t, [2, 3])], [out], attrs, opset=10, check=check)


# ISNAN-LABEL: func.func @main_graph(%arg0: tensor<2x3xf32> {qat.name = "x"}) -> (tensor<2x3xi1> {qat.name = "y"})
# ISNAN: %[[Y:.*]] = nn.is_nan %arg0 : tensor<2x3xf32> -> tensor<2x3xi1>
# ISNAN: return %[[Y]] : tensor<2x3xi1>
def is_nan():
    return single("IsNaN", [("x", "f32", [2, 3])], [("y", "bool")], opset=9)


# ISNANF16-LABEL: func.func @main_graph
# ISNANF16: nn.is_nan %arg0 : tensor<f16> -> tensor<i1>
def is_nan_f16():
    return single("IsNaN", [("x", "f16", [])], [("y", "bool")])


# DEFAULT-LABEL: func.func @main_graph(%arg0: tensor<2x3xf32> {qat.name = "x"}) -> (tensor<2x3xi1> {qat.name = "y"})
# DEFAULT: %[[Y:.*]] = nn.is_inf %arg0 {detect_negative = true, detect_positive = true} : tensor<2x3xf32> -> tensor<2x3xi1>
# DEFAULT: return %[[Y]] : tensor<2x3xi1>
def is_inf_default():
    return is_inf()


# POSITIVE-LABEL: func.func @main_graph
# POSITIVE: nn.is_inf %arg0 {detect_negative = false, detect_positive = true} : tensor<2x3xf32> -> tensor<2x3xi1>
def is_inf_positive_only():
    return is_inf(dict(detect_negative=0))


# NEGATIVE-LABEL: func.func @main_graph
# NEGATIVE: nn.is_inf %arg0 {detect_negative = true, detect_positive = false} : tensor<2x3xf64> -> tensor<2x3xi1>
def is_inf_negative_only():
    return is_inf(dict(detect_positive=0), t="f64")


# NEITHER-LABEL: func.func @main_graph
# NEITHER: nn.is_inf %arg0 {detect_negative = false, detect_positive = false} : tensor<2x3xf32> -> tensor<2x3xi1>
def is_inf_neither():
    return is_inf(dict(detect_negative=0, detect_positive=0))


# NONZERO-LABEL: func.func @main_graph
# NONZERO: nn.is_inf %arg0 {detect_negative = true, detect_positive = true} : tensor<2x3xf32> -> tensor<2x3xi1>
def is_inf_nonzero_flags():
    return is_inf(dict(detect_negative=2, detect_positive=-1))


# FLOATFLAG: error: {{.*}}node 'isinf_0' (IsInf, opset 10): attribute 'detect_negative' must be an int
def is_inf_float_flag():
    return is_inf(dict(detect_negative=1.0), check=False)


# STRFLAG: error: {{.*}}node 'isinf_0' (IsInf, opset 10): attribute 'detect_positive' must be an int
def is_inf_string_flag():
    return is_inf(dict(detect_positive="yes"), check=False)


# NANINT: error: {{.*}}node 'isnan_0' (IsNaN, opset 13): 'nn.is_nan' op operand #0 must be statically shaped tensor of floating-point values, but got 'tensor<4xi32>'
def is_nan_int():
    return single("IsNaN", [("x", "i32", [4])], [("y", "bool", 1)], check=False)


# INFINT: error: {{.*}}node 'isinf_0' (IsInf, opset 10): 'nn.is_inf' op operand #0 must be statically shaped tensor of floating-point values, but got 'tensor<2x3xi64>'
def is_inf_int():
    return is_inf(check=False, t="i64")


main({f.__name__: f for f in [is_nan, is_nan_f16, is_inf_default, is_inf_positive_only,
                              is_inf_negative_only, is_inf_neither, is_inf_nonzero_flags,
                              is_inf_float_flag, is_inf_string_flag, is_nan_int, is_inf_int]})
