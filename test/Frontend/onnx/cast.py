# Cast -> nn.cast to the ONNX `to` element type (u8 -> ui8, i8 -> i8, bool -> i1, ...):
# its number from opset 6, its name ('FLOAT') in Cast-1.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/f32_to_i32.onnx | FileCheck %s --check-prefix=F32I32
# RUN: qat-translate --import-onnx %t/f32_to_u8.onnx | FileCheck %s --check-prefix=F32U8
# RUN: qat-translate --import-onnx %t/i64_to_f32.onnx | FileCheck %s --check-prefix=I64F32
# RUN: qat-translate --import-onnx %t/f32_to_bool.onnx | FileCheck %s --check-prefix=F32BOOL
# RUN: qat-translate --import-onnx %t/f32_to_f16.onnx | FileCheck %s --check-prefix=F32F16
# RUN: qat-translate --import-onnx %t/i8_to_f64.onnx | FileCheck %s --check-prefix=I8F64
# RUN: qat-translate --import-onnx %t/v1_string.onnx | FileCheck %s --check-prefix=V1STRING
# RUN: qat-translate --import-onnx %t/v1_string_u8.onnx | FileCheck %s --check-prefix=V1U8
# RUN: not qat-translate --import-onnx %t/v1_bad_name.onnx 2>&1 | FileCheck %s --check-prefix=V1BAD

from onnx import TensorProto
from onnx_fixture import main, single


def cast(src, dst, to, opset=13):
    return single("Cast", [("x", src, [2, 3])], [("y", dst)], dict(to=to), opset=opset)


# F32I32-LABEL: func.func @main_graph(%arg0: tensor<2x3xf32> {qat.name = "x"}) -> (tensor<2x3xi32> {qat.name = "y"})
# F32I32: %[[Y:.*]] = nn.cast %arg0 : tensor<2x3xf32> to tensor<2x3xi32>
# F32I32: return %[[Y]]
def f32_to_i32():
    return cast("f32", "i32", TensorProto.INT32)


# F32U8-LABEL: func.func @main_graph
# F32U8: nn.cast %arg0 : tensor<2x3xf32> to tensor<2x3xui8>
def f32_to_u8():
    return cast("f32", "u8", TensorProto.UINT8)


# I64F32-LABEL: func.func @main_graph
# I64F32: nn.cast %arg0 : tensor<2x3xi64> to tensor<2x3xf32>
def i64_to_f32():
    return cast("i64", "f32", TensorProto.FLOAT, opset=6)


# F32BOOL-LABEL: func.func @main_graph
# F32BOOL: nn.cast %arg0 : tensor<2x3xf32> to tensor<2x3xi1>
def f32_to_bool():
    return cast("f32", "bool", TensorProto.BOOL)


# F32F16-LABEL: func.func @main_graph
# F32F16: nn.cast %arg0 : tensor<2x3xf32> to tensor<2x3xf16>
def f32_to_f16():
    return cast("f32", "f16", TensorProto.FLOAT16)


# I8F64-LABEL: func.func @main_graph
# I8F64: nn.cast %arg0 : tensor<2x3xi8> to tensor<2x3xf64>
def i8_to_f64():
    return cast("i8", "f64", TensorProto.DOUBLE, opset=9)


# Cast-1 (opsets 1-5) names the type with a string, TensorProto.DataType's name.
# V1STRING-LABEL: func.func @main_graph
# V1STRING: nn.cast %arg0 : tensor<2x3xi64> to tensor<2x3xf32>
def v1_string():
    return single("Cast", [("x", "i64", [2, 3])], [("y", "f32", 2)], dict(to="FLOAT"), opset=1)


# V1U8-LABEL: func.func @main_graph
# V1U8: nn.cast %arg0 : tensor<2x3xf32> to tensor<2x3xui8>
def v1_string_u8():
    return single("Cast", [("x", "f32", [2, 3])], [("y", "u8", 2)], dict(to="UINT8"), opset=5)


# V1BAD: error: {{.*}}node 'cast_0' (Cast, opset 1): Cast to 'float32': not an ONNX element type name
def v1_bad_name():
    return single("Cast", [("x", "f32", [2, 3])], [("y", "f32", [2, 3])], dict(to="float32"),
                  opset=1, check=False)


main({f.__name__: f for f in [f32_to_i32, f32_to_u8, i64_to_f32, f32_to_bool, f32_to_f16,
                              i8_to_f64, v1_string, v1_string_u8, v1_bad_name]})
