"""Checks qat-run --profile-json against the ONNX model it was compiled from:
every contraction node (Conv, Gemm, MatMul) is a layer with the
multiply-adds computed here from ONNX's inferred shapes, every layer ran
(time > 0, once per run), and the shares add up to 1."""
import json
import sys

import numpy as np
import onnx


def expected_macs(model_path, batch):
    model = onnx.load(model_path)
    for i in model.graph.input:
        d = i.type.tensor_type.shape.dim
        if d and d[0].dim_param:
            d[0].dim_value = batch
    model = onnx.shape_inference.infer_shapes(model)
    g = model.graph
    shapes = {v.name: [d.dim_value for d in v.type.tensor_type.shape.dim]
              for v in list(g.value_info) + list(g.input) + list(g.output)}
    shapes.update({t.name: list(t.dims) for t in g.initializer})
    macs = {}
    for n in g.node:
        out = shapes[n.output[0]]
        if n.op_type == "Conv":
            w = shapes[n.input[1]]
            macs[n.name] = int(np.prod(out)) * int(np.prod(w[1:]))
        elif n.op_type == "Gemm":
            a = shapes[n.input[0]]
            trans_a = any(x.name == "transA" and x.i for x in n.attribute)
            macs[n.name] = int(np.prod(out)) * a[0 if trans_a else 1]
        elif n.op_type == "MatMul":
            macs[n.name] = int(np.prod(out)) * shapes[n.input[0]][-1]
    return macs


def main():
    model_path, profile_path, batch = sys.argv[1], sys.argv[2], int(sys.argv[3])
    profile = json.load(open(profile_path))
    layers = {l["name"]: l for l in profile["layers"]}
    bad = 0
    for name, macs in expected_macs(model_path, batch).items():
        got = layers.get(name)
        if got is None:
            print("FAILED: contraction %s is not a layer of the profile" % name)
            bad += 1
        elif got["macs"] != macs:
            print("FAILED: %s: %d MACs, ONNX's shapes give %d" % (name, got["macs"], macs))
            bad += 1
    for l in profile["layers"]:
        if l["ms"] <= 0 or l["entries_per_run"] < 1:
            print("FAILED: layer %s did not run (%r)" % (l["name"], l))
            bad += 1
    share = sum(l["share"] for l in profile["layers"])
    if abs(share - 1) > 1e-6:
        print("FAILED: shares add up to %f" % share)
        bad += 1
    print("profile: %d layers, contractions' MACs %s, shares sum to 1" %
          (len(layers), "as ONNX's shapes give" if not bad else "WRONG"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
