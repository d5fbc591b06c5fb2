# The optimizers of domain ai.onnx.preview.training (version 1): Momentum ->
# qat.momentum_update (mode "nesterov" sets `nesterov`), Adam ->
# qat.adam_update (ONNX's placement of epsilon, no decoupled weight decay),
# Adagrad -> qat.adagrad_update. Each node updates n tensors, inputs R, T,
# X_1..n, G_1..n and then each state's n tensors (V for Momentum, V and H
# for Adam, H for Adagrad); there is one update op per tensor and the
# outputs are X_new_1..n, then each new state's 1..n. R becomes a rank-0
# tensor of the parameter's element type, T a rank-0 i64. Such a graph needs
# no default-domain opset.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/momentum.onnx | FileCheck %s --check-prefix=MOMENTUM
# RUN: qat-translate --import-onnx %t/nesterov.onnx | FileCheck %s --check-prefix=NESTEROV
# RUN: qat-translate --import-onnx %t/momentum_multiple.onnx | FileCheck %s --check-prefix=MULTI
# RUN: qat-translate --import-onnx %t/adam_defaults.onnx | FileCheck %s --check-prefix=ADAM
# RUN: qat-translate --import-onnx %t/adam_multiple.onnx | FileCheck %s --check-prefix=ADAMMULTI
# RUN: qat-translate --import-onnx %t/adagrad.onnx | FileCheck %s --check-prefix=ADAGRAD
# RUN: qat-translate --import-onnx %t/rate_shape1_double.onnx | FileCheck %s --check-prefix=RATE
# RUN: not qat-translate --import-onnx %t/input_count.onnx 2>&1 | FileCheck %s --check-prefix=COUNT
# RUN: not qat-translate --import-onnx %t/output_count.onnx 2>&1 | FileCheck %s --check-prefix=OUTCOUNT
# RUN: not qat-translate --import-onnx %t/missing_alpha.onnx 2>&1 | FileCheck %s --check-prefix=NOALPHA
# RUN: not qat-translate --import-onnx %t/bad_mode.onnx 2>&1 | FileCheck %s --check-prefix=MODE
# RUN: not qat-translate --import-onnx %t/rate_vector.onnx 2>&1 | FileCheck %s --check-prefix=RATEVEC
# RUN: not qat-translate --import-onnx %t/state_shape.onnx 2>&1 | FileCheck %s --check-prefix=STATE
# RUN: not qat-translate --import-onnx %t/domain_v2.onnx 2>&1 | FileCheck %s --check-prefix=V2

from onnx_fixture import main, single

TRAINING = "ai.onnx.preview.training"


def optimizer(op, tensors, states, attrs, rate=("f32", []), check=True, opset=None,
              outputs=None, domains=None, shapes=None):
    """`op` updating tensors of `shapes` (default [2] each) with `states` state inputs."""
    shapes = shapes or [[2]] * tensors
    names = ["X", "G"] + [f"S{k}" for k in range(states)]
    inputs = [("R",) + rate, ("T", "i64", [])]
    for name in names:
        inputs += [(f"{name}{i}", "f32", shapes[i]) for i in range(tensors)]
    outs = outputs if outputs is not None else [
        (f"{name}{i}_new", "f32", shapes[i]) for name in ["X"] + names[2:]
        for i in range(tensors)]
    return single(op, inputs, outs, attrs, opset=opset, check=check, domain=TRAINING,
                  domains=domains)


MOMENTUM = dict(alpha=0.95, beta=0.1, mode="standard", norm_coefficient=0.001)


# MOMENTUM-LABEL: func.func @main_graph(%arg0: tensor<f32> {qat.name = "R"}, %arg1: tensor<i64> {qat.name = "T"}, %arg2: tensor<2xf32> {qat.name = "X0"}, %arg3: tensor<2xf32> {qat.name = "G0"}, %arg4: tensor<2xf32> {qat.name = "S00"}) -> (tensor<2xf32> {qat.name = "X0_new"}, tensor<2xf32> {qat.name = "S00_new"})
# MOMENTUM: %[[X:.*]], %[[V:.*]] = qat.momentum_update %arg0, %arg1, %arg2, %arg3, %arg4 {alpha = 0.949999988 : f32, beta = 1.000000e-01 : f32, norm_coefficient = 1.000000e-03 : f32} : (tensor<f32>, tensor<i64>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>)
# MOMENTUM: return %[[X]], %[[V]] : tensor<2xf32>, tensor<2xf32>
def momentum():
    return optimizer("Momentum", 1, 1, MOMENTUM)


# NESTEROV-LABEL: func.func @main_graph
# NESTEROV: qat.momentum_update %arg0, %arg1, %arg2, %arg3, %arg4 {alpha = 0.949999988 : f32, beta = 1.000000e+00 : f32, nesterov, norm_coefficient = 0.00999999977 : f32}
def nesterov():
    return optimizer("Momentum", 1, 1, dict(MOMENTUM, mode="nesterov", beta=1.0,
                                             norm_coefficient=0.01), opset=13)


# Two tensors of shapes [1] and [3]: inputs R, T, X0, X1, G0, G1, V0, V1;
# outputs X0_new, X1_new, V0_new, V1_new.
# MULTI-LABEL: func.func @main_graph
# MULTI-SAME: (%arg0: tensor<f32> {qat.name = "R"}, %arg1: tensor<i64> {qat.name = "T"}, %arg2: tensor<1xf32> {qat.name = "X0"}, %arg3: tensor<3xf32> {qat.name = "X1"}, %arg4: tensor<1xf32> {qat.name = "G0"}, %arg5: tensor<3xf32> {qat.name = "G1"}, %arg6: tensor<1xf32> {qat.name = "S00"}, %arg7: tensor<3xf32> {qat.name = "S01"})
# MULTI: %[[X0:.*]], %[[V0:.*]] = qat.momentum_update %arg0, %arg1, %arg2, %arg4, %arg6 {{.*}} -> (tensor<1xf32>, tensor<1xf32>)
# MULTI: %[[X1:.*]], %[[V1:.*]] = qat.momentum_update %arg0, %arg1, %arg3, %arg5, %arg7 {{.*}} -> (tensor<3xf32>, tensor<3xf32>)
# MULTI: return %[[X0]], %[[X1]], %[[V0]], %[[V1]] : tensor<1xf32>, tensor<3xf32>, tensor<1xf32>, tensor<3xf32>
def momentum_multiple():
    return optimizer("Momentum", 2, 1, MOMENTUM, shapes=[[1], [3]])


# Adam's defaults: alpha 0.9, beta 0.999, epsilon 1e-6, no norm coefficients.
# ADAM-LABEL: func.func @main_graph
# ADAM: %[[X:.*]], %[[M:.*]], %[[V:.*]] = qat.adam_update %arg0, %arg1, %arg2, %arg3, %arg4, %arg5 {alpha = 0.899999976 : f32, beta = 9.990000e-01 : f32, decoupled_weight_decay = 0.000000e+00 : f32, epsilon = 9.99999997E-7 : f32, norm_coefficient = 0.000000e+00 : f32, norm_coefficient_post = 0.000000e+00 : f32} : (tensor<f32>, tensor<i64>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>)
# ADAM: return %[[X]], %[[M]], %[[V]]
def adam_defaults():
    return optimizer("Adam", 1, 2, {})


# ADAMMULTI-LABEL: func.func @main_graph
# ADAMMULTI: %[[X0:.*]], %[[M0:.*]], %[[V0:.*]] = qat.adam_update %arg0, %arg1, %arg2, %arg4, %arg6, %arg8 {alpha = 0.949999988 : f32, beta = 8.500000e-01 : f32, decoupled_weight_decay = 0.000000e+00 : f32, epsilon = 0.00999999977 : f32, norm_coefficient = 1.000000e-03 : f32, norm_coefficient_post = 5.000000e-01 : f32}
# ADAMMULTI: %[[X1:.*]], %[[M1:.*]], %[[V1:.*]] = qat.adam_update %arg0, %arg1, %arg3, %arg5, %arg7, %arg9
# ADAMMULTI: return %[[X0]], %[[X1]], %[[M0]], %[[M1]], %[[V0]], %[[V1]]
def adam_multiple():
    return optimizer("Adam", 2, 2, dict(alpha=0.95, beta=0.85, epsilon=0.01,
                                        norm_coefficient=0.001, norm_coefficient_post=0.5))


# ADAGRAD-LABEL: func.func @main_graph
# ADAGRAD: qat.adagrad_update %arg0, %arg1, %arg2, %arg3, %arg4 {decay_factor = 1.000000e-01 : f32, epsilon = 9.99999974E-6 : f32, norm_coefficient = 0.000000e+00 : f32} : (tensor<f32>, tensor<i64>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>)
def adagrad():
    return optimizer("Adagrad", 1, 1, dict(decay_factor=0.1, epsilon=1e-5))


# A double R of shape [1] for float tensors: reshaped, then cast.
# RATE-LABEL: func.func @main_graph
# RATE: %[[R:.*]] = nn.reshape %arg0 : tensor<1xf64> -> tensor<f64>
# RATE: %[[RF:.*]] = nn.cast %[[R]] : tensor<f64> to tensor<f32>
# RATE: qat.adagrad_update %[[RF]], %arg1, %arg2, %arg3, %arg4
def rate_shape1_double():
    return optimizer("Adagrad", 1, 1, {}, rate=("f64", [1]))


# COUNT: error: {{.*}}node 'momentum_0' (Momentum, domain ai.onnx.preview.training): Momentum takes R, T and 3 inputs per optimized tensor, got 7 inputs
def input_count():
    model = optimizer("Momentum", 1, 1, MOMENTUM, check=False)
    model.graph.node[0].input.extend(["X0", "G0"])
    return model


# OUTCOUNT: error: {{.*}}(Adagrad, domain ai.onnx.preview.training): Adagrad of 1 optimized tensor needs 2 outputs, got 1
def output_count():
    return optimizer("Adagrad", 1, 1, {}, outputs=[("X0_new", "f32", [2])], check=False)


# NOALPHA: error: {{.*}}(Momentum, opset 13): the attribute 'alpha' is required
def missing_alpha():
    attrs = dict(MOMENTUM)
    del attrs["alpha"]
    return optimizer("Momentum", 1, 1, attrs, check=False, opset=13)


# MODE: error: {{.*}}(Momentum, domain ai.onnx.preview.training): mode must be 'standard' or 'nesterov', got 'heavy_ball'
def bad_mode():
    return optimizer("Momentum", 1, 1, dict(MOMENTUM, mode="heavy_ball"))


# RATEVEC: error: {{.*}}(Adam, domain ai.onnx.preview.training): R (the learning rate) must be a scalar (one element)
def rate_vector():
    return optimizer("Adam", 1, 2, {}, rate=("f32", [2]), check=False)


# STATE: error: {{.*}}(Adagrad, domain ai.onnx.preview.training): 'qat.adagrad_update' op gradient and state must have the parameter's type 'tensor<2xf32>', got 'tensor<3xf32>'
def state_shape():
    model = optimizer("Adagrad", 1, 1, {}, check=False)
    model.graph.input[4].type.tensor_type.shape.dim[0].dim_value = 3
    return model


# V2: error: {{.*}}/domain_v2.onnx: ai.onnx.preview.training opset 2 is not supported (supported: 1)
def domain_v2():
    return optimizer("Adagrad", 1, 1, {}, check=False, domains={TRAINING: 2})


main({f.__name__: f for f in [momentum, nesterov, momentum_multiple, adam_defaults,
                              adam_multiple, adagrad, rate_shape1_double, input_count,
                              output_count, missing_alpha, bad_mode, rate_vector, state_shape,
                              domain_v2]})
