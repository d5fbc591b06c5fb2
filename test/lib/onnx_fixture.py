"""Small ONNX models for the importer tests (test/Frontend/onnx).

A test script defines its models as functions returning a ModelProto and
ends with ``main(MODELS)``; lit runs it with ``%python %s %t`` and it writes
``%t/<name>.onnx`` for every model, or with ``%python %s out.onnx name`` to
write one model. Example::

    from onnx_fixture import single, main

    def basic():
        return single("Relu", inputs=[("x", "f32", [2, 3])], outputs=[("y", "f32")])

    main({"basic": basic})

Element types are spelled f16, bf16, f32, f64, bool, i8, i16, i32, i64, u8,
u16, u32, u64. Unless a test gives an output shape, outputs are declared with
their rank and symbolic dims: the importer computes the dims and the test's
CHECK lines (worked out from the ONNX spec) check them.
Every model passes onnx.checker unless it is built with ``check=False`` (for
opsets newer than the installed onnx knows, e.g. Gelu at opset 20).
"""

import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ELEM = {
    "f16": TensorProto.FLOAT16, "bf16": TensorProto.BFLOAT16,
    "f32": TensorProto.FLOAT, "f64": TensorProto.DOUBLE,
    "bool": TensorProto.BOOL,
    "i8": TensorProto.INT8, "i16": TensorProto.INT16,
    "i32": TensorProto.INT32, "i64": TensorProto.INT64,
    "u8": TensorProto.UINT8, "u16": TensorProto.UINT16,
    "u32": TensorProto.UINT32, "u64": TensorProto.UINT64,
}
NP = {
    "f16": np.float16, "f32": np.float32, "f64": np.float64, "bool": np.bool_,
    "i8": np.int8, "i16": np.int16, "i32": np.int32, "i64": np.int64,
    "u8": np.uint8, "u16": np.uint16, "u32": np.uint32, "u64": np.uint64,
}


def elem(t):
    """An element type name (see ELEM) or a TensorProto enum value."""
    return ELEM[t] if isinstance(t, str) else int(t)


def array(values, t="f32"):
    """A numpy array of element type `t` (a name from NP)."""
    return np.array(values, dtype=NP[t])


def tensor(name, value):
    """An initializer / Constant value from a numpy array (raw_data)."""
    return numpy_helper.from_array(np.asarray(value), name)


def value_info(name, t, shape=None):
    """shape: a list (ints, or strings for symbolic dims), an int (that rank,
    every dim symbolic) or None (element type only, no shape)."""
    if shape is None:
        vi = onnx.ValueInfoProto()
        vi.name = name
        vi.type.tensor_type.elem_type = elem(t)
        return vi
    if isinstance(shape, int):
        shape = [f"{name}_d{i}" for i in range(shape)]
    return helper.make_tensor_value_info(name, elem(t), shape)


def _symbolic_outputs(model):
    """Declares each output without a shape with the rank onnx's shape
    inference finds and symbolic dims, so the model passes onnx.checker (1.12
    wants a shape on graph outputs) while the importer, not the model, says
    what the dims are."""
    probe = onnx.ModelProto()
    probe.CopyFrom(model)
    del probe.graph.output[:]
    inferred = onnx.shape_inference.infer_shapes(probe, strict_mode=True)
    ranks = {}
    for vi in inferred.graph.value_info:
        if vi.type.tensor_type.HasField("shape"):
            ranks[vi.name] = len(vi.type.tensor_type.shape.dim)
    for out in model.graph.output:
        tt = out.type.tensor_type
        if not tt.HasField("shape"):
            if out.name not in ranks:
                raise ValueError(f"no inferred rank for output '{out.name}': give one")
            tt.shape.SetInParent()
            for i in range(ranks[out.name]):
                tt.shape.dim.add().dim_param = f"{out.name}_d{i}"


def node(op_type, inputs, outputs, name=None, **attrs):
    """helper.make_node with a default node name (the op's location)."""
    return helper.make_node(op_type, inputs, outputs,
                            name=name or f"{op_type.lower()}_0", **attrs)


def graph_model(nodes, inputs, outputs, initializers=None, opset=13,
                check=True, name="test", domains=None):
    """A model from nodes.

    inputs: (name, type, shape) graph inputs; outputs: (name, type[, shape])
    where a missing shape becomes the inferred rank with symbolic dims;
    initializers: {name: numpy array or TensorProto}; opset: the default
    domain's version (None: the model does not import the default domain);
    domains: {domain: version} of other imported domains
    (ai.onnx.preview.training). check=False skips onnx.checker and stamps
    the opset by hand (the installed onnx 1.12 knows opsets up to 17).
    """
    inits = []
    for init_name, value in (initializers or {}).items():
        if isinstance(value, TensorProto):
            value.name = init_name
            inits.append(value)
        else:
            inits.append(tensor(init_name, value))
    graph = helper.make_graph(
        nodes, name,
        [value_info(*i) for i in inputs],
        [value_info(*o) for o in outputs],
        initializer=inits)
    others = [helper.make_opsetid(d, v) for d, v in (domains or {}).items()]
    if check:
        default = [helper.make_opsetid("", opset)] if opset is not None else []
        model = helper.make_model(graph, opset_imports=default + others)
        _symbolic_outputs(model)
        onnx.checker.check_model(model)
    else:
        default = [helper.make_opsetid("", 17)] if opset is not None else []
        model = helper.make_model(graph, opset_imports=default + others)
        if opset is not None:
            model.opset_import[0].version = opset
    return model


def single(op_type, inputs, outputs, attrs=None, initializers=None, opset=13,
           node_inputs=None, check=True, domain=None, domains=None):
    """A one-node model.

    The node's inputs are `node_inputs` if given (use "" for an absent
    optional input), else the graph inputs followed by the initializers in
    order. Node outputs are the graph outputs. domain: the node's domain
    (also imported at version 1 unless `domains` says otherwise).
    """
    initializers = initializers or {}
    if node_inputs is None:
        node_inputs = [i[0] for i in inputs] + list(initializers)
    n = node(op_type, node_inputs, [o[0] for o in outputs], **(attrs or {}))
    if domain:
        n.domain = domain
        domains = domains or {domain: 1}
    return graph_model([n], inputs, outputs, initializers, opset, check, domains=domains)


def main(models):
    """Entry point of a test script.

    `script DIR`: writes DIR/<name>.onnx for every model;
    `script FILE.onnx NAME`: writes one model; `script FILE.onnx` when the
    script has a single model.
    """
    args = sys.argv[1:]
    if len(args) == 2:
        onnx.save(models[args[1]](), args[0])
    elif len(args) == 1 and args[0].endswith(".onnx"):
        if len(models) != 1:
            sys.exit(f"several models ({', '.join(models)}): name one")
        onnx.save(next(iter(models.values()))(), args[0])
    elif len(args) == 1:
        os.makedirs(args[0], exist_ok=True)
        for model_name, build in models.items():
            onnx.save(build(), os.path.join(args[0], model_name + ".onnx"))
    else:
        sys.exit(f"usage: {sys.argv[0]} OUT_DIR | OUT.onnx [MODEL]\n"
                 f"models: {', '.join(models)}")
