# Shrink (opset 9) imports as its ONNX function body (frontend/ops/MathOps.cpp):
#   where(x < -lambd, x + bias, where(x > lambd, x - bias, 0))
# with lambd (0.5) and bias (0) as rank-0 constants of the input's type.
# Integer inputs compute in float32 and truncate back (the ONNX reference
# and onnxruntime compute x +- bias in float: bias 1.5 on 3 gives 1, not 2).
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/defaults.onnx | FileCheck %s --check-prefix=DEFAULTS
# RUN: qat-translate --import-onnx %t/lambd_bias_f64.onnx | FileCheck %s --check-prefix=F64
# RUN: qat-translate --import-onnx %t/int_fractional_lambd.onnx | FileCheck %s --check-prefix=INT
# RUN: not qat-translate --import-onnx %t/lambd_int_attr.onnx 2>&1 | FileCheck %s --check-prefix=LAMBDINT

from onnx_fixture import main, single


# DEFAULTS-LABEL: func.func @main_graph(%arg0: tensor<2x3xf32> {qat.name = "x"}) -> (tensor<2x3xf32> {qat.name = "y"})
# DEFAULTS: %[[BIAS:.*]] = arith.constant dense<0.000000e+00> : tensor<f32>
# DEFAULTS: %[[NL:.*]] = arith.constant dense<-5.000000e-01> : tensor<f32>
# DEFAULTS: %[[BELOW:.*]] = nn.less %arg0, %[[NL]] : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xi1>
# DEFAULTS: %[[L:.*]] = arith.constant dense<5.000000e-01> : tensor<f32>
# DEFAULTS: %[[ABOVE:.*]] = nn.greater %arg0, %[[L]] : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xi1>
# DEFAULTS: %[[PLUS:.*]] = nn.add %arg0, %[[BIAS]] : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
# DEFAULTS: %[[MINUS:.*]] = nn.sub %arg0, %[[BIAS]] : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
# DEFAULTS: %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : tensor<f32>
# DEFAULTS: %[[INNER:.*]] = nn.where %[[ABOVE]], %[[MINUS]], %[[ZERO]] : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
# DEFAULTS: %[[Y:.*]] = nn.where %[[BELOW]], %[[PLUS]], %[[INNER]] : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
# DEFAULTS: return %[[Y]] : tensor<2x3xf32>
def defaults():
    return single("Shrink", [("x", "f32", [2, 3])], [("y", "f32")], opset=9)


# F64-LABEL: func.func @main_graph
# F64: %[[BIAS:.*]] = arith.constant dense<2.500000e-01> : tensor<f64>
# F64: %[[NL:.*]] = arith.constant dense<-1.500000e+00> : tensor<f64>
# F64: nn.less %arg0, %[[NL]] : (tensor<4xf64>, tensor<f64>) -> tensor<4xi1>
# F64: %[[L:.*]] = arith.constant dense<1.500000e+00> : tensor<f64>
# F64: nn.greater %arg0, %[[L]] : (tensor<4xf64>, tensor<f64>) -> tensor<4xi1>
# F64: nn.add %arg0, %[[BIAS]]
# F64: nn.sub %arg0, %[[BIAS]]
def lambd_bias_f64():
    return single("Shrink", [("x", "f64", [4])], [("y", "f64")], dict(lambd=1.5, bias=0.25),
                  opset=9)


# INT-LABEL: func.func @main_graph
# INT: %[[X:.*]] = nn.cast %arg0 : tensor<5xi32> to tensor<5xf32>
# INT: %[[BIAS:.*]] = arith.constant dense<1.500000e+00> : tensor<f32>
# INT: nn.less %[[X]], %{{.*}} : (tensor<5xf32>, tensor<f32>) -> tensor<5xi1>
# INT: nn.greater %[[X]], %{{.*}} : (tensor<5xf32>, tensor<f32>) -> tensor<5xi1>
# INT: nn.add %[[X]], %[[BIAS]]
# INT: nn.sub %[[X]], %[[BIAS]]
# INT: nn.where {{.*}} -> tensor<5xf32>
# INT: %[[Y:.*]] = nn.where {{.*}} -> tensor<5xf32>
# INT: nn.cast %[[Y]] : tensor<5xf32> to tensor<5xi32>
def int_fractional_lambd():
    return single("Shrink", [("x", "i32", [5])], [("y", "i32")], dict(lambd=1.5, bias=1.5),
                  opset=9)


# LAMBDINT: error: {{.*}}node 'shrink_0' (Shrink, opset 9): attribute 'lambd' must be a float
def lambd_int_attr():
    return single("Shrink", [("x", "f32", [4])], [("y", "f32", 1)], dict(lambd=1), opset=9,
                  check=False)


main({f.__name__: f for f in [defaults, lambd_bias_f64, int_fractional_lambd, lambd_int_attr]})
