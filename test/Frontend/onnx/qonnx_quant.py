# QONNX Quant / IntQuant (domain qonnx.custom_op.general, or the older
# finn.custom_op.general) -> qat.fake_quant {bits from the constant bit-width
# input, is_signed, narrow_range, axis from the scale's broadcast shape}; the
# zero point becomes a float tensor of the scale's shape.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/per_tensor.onnx | FileCheck %s --check-prefix=TENSOR
# RUN: qat-translate --import-onnx %t/per_channel.onnx | FileCheck %s --check-prefix=CHANNEL
# RUN: qat-translate --import-onnx %t/finn_unsigned.onnx | FileCheck %s --check-prefix=FINN
# RUN: not qat-translate --import-onnx %t/runtime_bits.onnx 2>&1 | FileCheck %s --check-prefix=RTBITS
# RUN: not qat-translate --import-onnx %t/floor.onnx 2>&1 | FileCheck %s --check-prefix=FLOOR
# RUN: not qat-translate --import-onnx %t/fractional_zp.onnx 2>&1 | FileCheck %s --check-prefix=FRACZP
# RUN: not qat-translate --import-onnx %t/unsigned_narrow.onnx 2>&1 | FileCheck %s --check-prefix=UNARROW
# RUN: qat-translate --import-onnx %t/trunc.onnx | FileCheck %s --check-prefix=TRUNC
# RUN: not qat-translate --import-onnx %t/trunc_bad_mode.onnx 2>&1 | FileCheck %s --check-prefix=TRUNC-MODE

import numpy as np
import onnx
from onnx import helper

from onnx_fixture import tensor, value_info

QONNX = "qonnx.custom_op.general"


def quant_model(shape, scale, zp, bits, op="Quant", domain=QONNX, bits_input=False, **attrs):
    inputs = [value_info("x", "f32", shape)]
    inits = [tensor("scale", np.array(scale, np.float32)), tensor("zeropt", np.array(zp, np.float32))]
    if bits_input:
        inputs.append(value_info("bitwidth", "f32", []))
    else:
        inits.append(tensor("bitwidth", np.array(bits, np.float32)))
    n = helper.make_node(op, ["x", "scale", "zeropt", "bitwidth"], ["y"], name="quant_0",
                         domain=domain, **attrs)
    graph = helper.make_graph([n], "test", inputs, [value_info("y", "f32", shape)], initializer=inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13),
                                                   helper.make_opsetid(domain, 1)])


# TENSOR-LABEL: func.func @main_graph(%arg0: tensor<2x8xf32> {qat.name = "x"}) -> (tensor<2x8xf32> {qat.name = "y"})
# TENSOR-DAG: %[[S:.*]] = arith.constant dense<2.500000e-01> : tensor<f32>
# TENSOR-DAG: %[[Z:.*]] = arith.constant dense<2.000000e+00> : tensor<f32>
# TENSOR: %[[Y:.*]] = qat.fake_quant %arg0, %[[S]], %[[Z]] {bits = 4 : i64, narrow_range} : tensor<2x8xf32>, tensor<f32>, tensor<f32>
# TENSOR: return %[[Y]]
def per_tensor():
    return quant_model([2, 8], 0.25, 2.0, 4, narrow=1)


# A [C, 1, 1, 1] weight scale is per axis 0; a scalar zero point is spread.
# CHANNEL-LABEL: func.func @main_graph
# CHANNEL-DAG: %[[Z:.*]] = arith.constant dense<0.000000e+00> : tensor<3xf32>
# CHANNEL: qat.fake_quant %arg0, %{{.*}}, %[[Z]] {axis = 0 : i64, bits = 2 : i64} : tensor<3x2x1x1xf32>, tensor<3xf32>, tensor<3xf32>
def per_channel():
    return quant_model([3, 2, 1, 1], [[[[0.1]]], [[[0.2]]], [[[0.3]]]], 0.0, 2, op="IntQuant")


# FINN-LABEL: func.func @main_graph
# FINN: qat.fake_quant {{.*}} {axis = 1 : i64, bits = 3 : i64, is_signed = false} : tensor<1x4x2x2xf32>, tensor<4xf32>, tensor<4xf32>
def finn_unsigned():
    return quant_model([1, 4, 2, 2], np.full([1, 4, 1, 1], 0.5), [[[[0.0]], [[2.0]], [[4.0]], [[6.0]]]], 3,
                       domain="finn.custom_op.general", signed=0)


# RTBITS: qat-translate: error: {{.*}}node 'quant_0' (Quant, opset 13): the bit-width must be a constant scalar (run-time bit-widths are not supported on import)
def runtime_bits():
    return quant_model([4], 0.5, 0.0, None, bits_input=True)


# FLOOR: node 'quant_0' (Quant, opset 13): rounding_mode FLOOR is not supported (only ROUND, half to even)
def floor():
    return quant_model([4], 0.5, 0.0, 4, rounding_mode="FLOOR")


# FRACZP: node 'quant_0' (Quant, opset 13): zero point 0.500000 is not an integer
def fractional_zp():
    return quant_model([4], 0.5, 0.5, 4)


# RUN: not qat-translate --import-onnx %t/odd_zp.onnx 2>&1 | FileCheck %s --check-prefix=ODDZP
# ODDZP: node 'quant_0' (Quant, opset 13): odd zero point 3: QONNX rounds x / s + z, which breaks ties differently from round(x / s) + z
def odd_zp():
    return quant_model([4], 0.5, 3.0, 4)


# UNARROW: node 'quant_0' (Quant, opset 13): unsigned narrow range [0, 2^b - 2] is not supported
def unsigned_narrow():
    return quant_model([4], 0.5, 0.0, 4, signed=0, narrow=1)


# Trunc imports as the arithmetic of its definition (version 1, FLOOR):
# round(x / s + z), / 2^(in_bits - out_bits), floor, - z, * s.
# TRUNC-LABEL: func.func @main_graph
# TRUNC: nn.div
# TRUNC: nn.add
# TRUNC: nn.round
# TRUNC: %[[T:.*]] = arith.constant dense<1.600000e+01> : tensor<f32>
# TRUNC: nn.div %{{.*}}, %[[T]]
# TRUNC: nn.floor
# TRUNC: nn.sub
# TRUNC: nn.mul
def trunc():
    inits = [tensor(n, np.array(v, np.float32)) for n, v in
             (("scale", 1.0), ("zeropt", 0.0), ("in_bits", 8.0), ("out_bits", 4.0))]
    n = helper.make_node("Trunc", ["x", "scale", "zeropt", "in_bits", "out_bits"], ["y"],
                         name="trunc_0", domain=QONNX)
    graph = helper.make_graph([n], "test", [value_info("x", "f32", [4])],
                              [value_info("y", "f32", [4])], initializer=inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13),
                                                   helper.make_opsetid(QONNX, 1)])


# TRUNC-MODE: node 'trunc_0' (Trunc, opset 13): rounding_mode UP is not one of FLOOR, CEIL, ROUND
def trunc_bad_mode():
    m = trunc()
    m.graph.node[0].attribute.append(helper.make_attribute("rounding_mode", "UP"))
    return m


if __name__ == "__main__":
    from onnx_fixture import main
    main({f.__name__: f for f in (per_tensor, per_channel, finn_unsigned, runtime_bits, floor,
                                  fractional_zp, odd_zp, unsigned_narrow, trunc,
                                  trunc_bad_mode)})
