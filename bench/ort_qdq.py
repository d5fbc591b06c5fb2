#!/usr/bin/python3
"""An int8 QDQ model made the way onnxruntime's own quantizer makes one.

    bench/ort_qdq.py model.onnx x.npy -o model_ort_qdq.onnx [--work-dir DIR]

The baseline for qat-mlir's integer models (bench/int_bench.py). No
onnxruntime Python package exists offline, so this follows what
onnxruntime.quantization.quantize_static(QuantFormat.QDQ, per_channel=True,
activation_type=QUInt8, weight_type=QInt8, CalibrationMethod.MinMax)
writes, which is what onnxruntime's graph optimizer recognizes and fuses
into QLinearConv / QLinearMatMul / QLinearAdd / QLinearGlobalAveragePool:

- weights: int8 initializers, symmetric per output channel
  (s_c = max|w_c| / 127, zero point 0), each behind a DequantizeLinear
  (axis 0; axis 1 for a Gemm without transB);
- biases: int32 initializers quantized with s_x s_w[c] behind a
  DequantizeLinear, so the whole Conv is one QDQ group;
- activations: every float tensor (the graph input and every node output)
  gets QuantizeLinear -> DequantizeLinear with uint8 asymmetric min/max
  ranges (including 0) measured by running the float model in onnxruntime
  on the calibration input; a tensor read only by a Relu / Clip is left to
  the Q/DQ after it (onnxruntime then drops the Relu / Clip into the
  quantization range, as its ReluQuantFusion / ClipQuantFusion do).
"""
import argparse
import os
import subprocess
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper, shape_inference

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ACTIVATIONS = ("Relu", "Clip")


def initializer_of(graph, name, inits, producers):
    """The initializer behind `name` (through Identity nodes), or None."""
    while name not in inits and name in producers and producers[name].op_type == "Identity":
        name = producers[name].input[0]
    return inits.get(name)


def calibrate(model, x_path, work):
    """min/max of every float node output and of the graph input."""
    inferred = shape_inference.infer_shapes(model)
    types = {v.name: v for v in list(inferred.graph.value_info) + list(inferred.graph.output)}
    names = [o for n in model.graph.node if n.op_type not in ("Constant",) for o in n.output
             if o in types and types[o].type.tensor_type.elem_type == TensorProto.FLOAT]
    probe = onnx.ModelProto()
    probe.CopyFrom(model)
    del probe.graph.output[:]
    for o in names:
        probe.graph.output.append(types[o])
    path = os.path.join(work, "calibration.onnx")
    onnx.save(probe, path)
    out = os.path.join(work, "calibration")
    subprocess.run(["node", os.path.join(ROOT, "bench", "ort-run.js"), path, "--input", x_path,
                    "--output-dir", out], check=True, stdout=subprocess.DEVNULL)
    ranges = {}
    for i, o in enumerate(names):
        v = np.load(os.path.join(out, "output_%d.npy" % i))
        ranges[o] = (float(v.min()), float(v.max()))
    x = np.load(x_path)
    ranges[model.graph.input[0].name] = (float(x.min()), float(x.max()))
    return ranges


def uint8_params(lo, hi):
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    scale = (hi - lo) / 255.0 if hi > lo else 1.0
    zero = int(np.clip(round(-lo / scale), 0, 255))
    return np.float32(scale), np.uint8(zero)


def build(model, ranges):
    g = model.graph
    inits = {i.name: i for i in g.initializer}
    producers = {o: n for n in g.node for o in n.output}
    consumers = {}
    for n in g.node:
        for i in n.input:
            consumers.setdefault(i, []).append(n)
    new_inits, nodes = [], []
    qdq = {}  # float tensor -> its dequantized name

    def add_init(name, array):
        new_inits.append(numpy_helper.from_array(array, name))
        return name

    def activation_qdq(t):
        if t in qdq:
            return qdq[t]
        s, z = uint8_params(*ranges[t])
        sn, zn = add_init(t + "_qs", np.array(s)), add_init(t + "_qz", np.array(z))
        nodes.append(helper.make_node("QuantizeLinear", [t, sn, zn], [t + "_q"]))
        nodes.append(helper.make_node("DequantizeLinear", [t + "_q", sn, zn], [t + "_dq"]))
        qdq[t] = t + "_dq"
        return qdq[t]

    def wants_qdq(t):
        users = consumers.get(t, [])
        if t not in ranges or not users:
            return False
        return not all(u.op_type in ACTIVATIONS for u in users)

    graph_input = g.input[0].name
    for n in g.node:
        if n.op_type in ("Constant", "Identity") and initializer_of(g, n.output[0], inits,
                                                                      producers) is not None:
            continue
        inputs = list(n.input)
        if n.op_type in ("Conv", "Gemm"):
            w = initializer_of(g, inputs[1], inits, producers)
            wv = numpy_helper.to_array(w).astype(np.float32)
            trans_b = next((a.i for a in n.attribute if a.name == "transB"), 0)
            axis = 0 if n.op_type == "Conv" or trans_b else 1
            moved = np.moveaxis(wv, axis, 0).reshape(wv.shape[axis], -1)
            sw = (np.abs(moved).max(1) / 127.0).astype(np.float32)
            sw[sw == 0] = 1.0
            shape = [1] * wv.ndim
            shape[axis] = -1
            wq = np.clip(np.round(wv / sw.reshape(shape)), -127, 127).astype(np.int8)
            base = n.output[0]
            add_init(base + "_wq", wq)
            add_init(base + "_ws", sw)
            add_init(base + "_wz", np.zeros(sw.shape, np.int8))
            nodes.append(helper.make_node("DequantizeLinear", [base + "_wq", base + "_ws",
                                                              base + "_wz"], [base + "_wdq"],
                                          axis=axis))
            x = inputs[0]
            xdq = activation_qdq(x)
            inputs[0], inputs[1] = xdq, base + "_wdq"
            if len(inputs) > 2 and inputs[2]:
                b = numpy_helper.to_array(initializer_of(g, inputs[2], inits, producers))
                sx, _ = uint8_params(*ranges[x])
                sb = (sx * sw).astype(np.float32)
                bq = np.round(b / sb).astype(np.int32)
                add_init(base + "_bq", bq)
                add_init(base + "_bs", sb)
                add_init(base + "_bz", np.zeros(sb.shape, np.int32))
                nodes.append(helper.make_node("DequantizeLinear", [base + "_bq", base + "_bs",
                                                                  base + "_bz"], [base + "_bdq"],
                                              axis=0))
                inputs[2] = base + "_bdq"
        else:
            for i, t in enumerate(inputs):
                if t == graph_input or (t in producers and wants_qdq(t)
                                        and n.op_type not in ACTIVATIONS):
                    inputs[i] = activation_qdq(t)
        # Clip's min / max may come through Identity / Constant: keep them.
        nodes.append(helper.make_node(n.op_type, inputs, list(n.output), name=n.name))
        nodes[-1].attribute.extend(n.attribute)
    # Constants and Identities of initializers the nodes above still read.
    kept = [n for n in g.node if n.op_type in ("Constant", "Identity")
            and initializer_of(g, n.output[0], inits, producers) is not None]
    used = {i for n in kept + nodes for i in n.input}
    graph = helper.make_graph(kept + nodes, g.name + "_qdq", list(g.input), list(g.output),
                              [i for i in list(g.initializer) + new_inits if i.name in used])
    out = helper.make_model(graph, opset_imports=list(model.opset_import))
    out.ir_version = model.ir_version
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("model")
    p.add_argument("x")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--work-dir", default=None)
    args = p.parse_args()
    work = args.work_dir or os.path.dirname(os.path.abspath(args.output))
    os.makedirs(work, exist_ok=True)
    model = onnx.load(args.model)
    onnx.save(build(model, calibrate(model, args.x, work)), args.output)


if __name__ == "__main__":
    sys.exit(main())
