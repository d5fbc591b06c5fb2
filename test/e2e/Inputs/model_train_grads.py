"""One compiled training step of a model against PyTorch autograd.

    model_train_grads.py export NAME SIZE OUT.onnx
    model_train_grads.py check NAME SIZE LIB.so

NAME is a torchvision classifier (resnet18, mobilenet_v2, ...; weights=None,
batch of 8 SIZE x SIZE images, 1000 classes), transformer_block (defined
here: pre-norm multi-head self-attention and a GELU MLP with residuals over
SIZE tokens of width 32, mean-pooled into 10 classes; MatMul, Softmax,
LayerNorm, Gelu) or dwpw_block (defined here: MobileNetV3's depthwise /
pointwise block with BatchNorm, HardSwish and squeeze-excitation on 16
channels of SIZE x SIZE). Built after torch.manual_seed(0).

export: ONNX opset 17 with BatchNormalization kept (eval mode,
TrainingMode.PRESERVE, no constant folding); torch.onnx's sharing of
equal-valued initializers (every BatchNorm's ones and zeros, every
LayerNorm's) is undone, so that each layer keeps its own parameters as in
the PyTorch module.

check: LIB is that model's @train_step (qat-build-train-step with grads=true).
Both run one step of training-mode BatchNorm and softmax cross-entropy on the
same random batch and labels (seed 0); every parameter's gradient
(grad.<name>) and every BatchNorm running statistic is compared with PyTorch
in float64 as max|ours - torch| / max|torch|: within 1e-3, or within twice
PyTorch float32's own error on that tensor where that is larger (ReLU and
max-pool decisions that float32 rounding flips; PyTorch's float32 gradients
differ from its float64 ones by up to a few percent on some tensors, and
some gradients and running means are zero in exact arithmetic: a BatchNorm
shift that the next BatchNorm subtracts, the mean of a 1x1 convolution of a
normalized input). The loss within 1e-4. Prints the worst tensor and exits 1 over a bound.
"""
import io
import os
import sys
import warnings

import numpy as np
import torch
import torch.nn.functional as F
import torchvision


class TransformerBlock(torch.nn.Module):
    def __init__(self, d=32, heads=4, classes=10):
        super().__init__()
        nn = torch.nn
        self.heads = heads
        self.ln1, self.qkv, self.proj = nn.LayerNorm(d), nn.Linear(d, 3 * d), nn.Linear(d, d)
        self.ln2, self.fc1, self.fc2 = nn.LayerNorm(d), nn.Linear(d, 4 * d), nn.Linear(4 * d, d)
        self.head = nn.Linear(d, classes)

    def forward(self, x):
        n, t, d = x.shape
        h = self.heads
        q, k, v = self.qkv(self.ln1(x)).reshape(n, t, 3, h, d // h).permute(2, 0, 3, 1, 4)
        a = torch.softmax(q @ k.transpose(-2, -1) / (d // h) ** 0.5, dim=-1)
        x = x + self.proj((a @ v).transpose(1, 2).reshape(n, t, d))
        x = x + self.fc2(F.gelu(self.fc1(self.ln2(x))))
        return self.head(x.mean(dim=1))


class DwPwBlock(torch.nn.Module):
    """MobileNetV3's block: depthwise 3x3 and pointwise 1x1 convolutions with
    training-mode BatchNorm and HardSwish, squeeze-excitation (global
    average pool, two 1x1 convolutions, ReLU, HardSigmoid, a broadcast
    multiply), a residual, then pooled into 10 classes."""

    def __init__(self, c=16, classes=10):
        super().__init__()
        nn = torch.nn
        self.dw, self.bn1 = nn.Conv2d(c, c, 3, padding=1, groups=c, bias=False), nn.BatchNorm2d(c)
        self.se1, self.se2 = nn.Conv2d(c, c // 4, 1), nn.Conv2d(c // 4, c, 1)
        self.pw, self.bn2 = nn.Conv2d(c, c, 1, bias=False), nn.BatchNorm2d(c)
        self.head = nn.Linear(c, classes)

    def forward(self, x):
        y = F.hardswish(self.bn1(self.dw(x)))
        s = F.hardsigmoid(self.se2(F.relu(self.se1(F.adaptive_avg_pool2d(y, 1)))))
        y = F.hardswish(self.bn2(self.pw(y * s))) + x
        return self.head(F.adaptive_avg_pool2d(y, 1).flatten(1))


CUSTOM = {"transformer_block": (TransformerBlock, lambda size: (8, size, 32)),
          "dwpw_block": (DwPwBlock, lambda size: (8, 16, size, size))}


def input_shape(name, size):
    return CUSTOM[name][1](size) if name in CUSTOM else (8, 3, size, size)


def classes(name):
    return 10 if name in CUSTOM else 1000


def build(name, train=False):
    """The model; in training mode its BatchNorms use batch statistics but
    Dropout stays off: the ONNX export (eval mode) has no dropout in it, and
    the compiled step trains what the graph computes."""
    torch.manual_seed(0)
    if name in CUSTOM:
        model = CUSTOM[name][0]()
    else:
        model = getattr(torchvision.models, name)(weights=None)
    if train:
        model.train()
        for m in model.modules():
            if isinstance(m, torch.nn.Dropout):
                m.eval()
    return model


def export(name, size, path):
    import onnx
    model = build(name).eval()
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, torch.zeros(input_shape(name, size)), buf, opset_version=17,
                          training=torch.onnx.TrainingMode.PRESERVE, do_constant_folding=False,
                          input_names=["input"], output_names=["logits"])
    exported = onnx.load_from_string(buf.getvalue())
    inits = {t.name: t for t in exported.graph.initializer}
    keep = []
    for node in exported.graph.node:
        if node.op_type == "Identity" and node.input[0] in inits:
            copy = onnx.TensorProto()
            copy.CopyFrom(inits[node.input[0]])
            copy.name = node.output[0]
            exported.graph.initializer.append(copy)
        else:
            keep.append(node)
    del exported.graph.node[:]
    exported.graph.node.extend(keep)
    onnx.save(exported, path)


def rel_error(ours, ref):
    return float(np.max(np.abs(ours - ref)) / max(np.max(np.abs(ref)), 1e-30))


def check(name, size, lib_path):
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib"))
    from gradcheck import Library
    torch.set_num_threads(1)
    lib = Library(lib_path)
    _, ins, outs = lib.functions["train_step"]
    model = build(name, train=True).double()
    state = model.state_dict()
    rng = np.random.default_rng(0)
    x = rng.standard_normal(input_shape(name, size)).astype(np.float32)
    y = rng.integers(0, classes(name), 8).astype(np.int64)
    inputs = []
    for arg, dtype, shape in ins:
        if arg == "input":
            inputs.append(x)
        elif arg == "labels":
            inputs.append(y)
        elif arg in state:
            inputs.append(state[arg].numpy().astype(dtype))
        elif arg == "step":
            inputs.append(np.zeros(shape, dtype))
        elif arg.endswith((".momentum", ".adam_m", ".adam_v")):
            inputs.append(np.zeros(shape, dtype))
        else:
            sys.exit("model_train_grads: no value for input '%s'" % arg)
    results = dict(zip([n for n, _, _ in outs], lib.call("train_step", inputs)))
    loss = F.cross_entropy(model(torch.from_numpy(x).double()), torch.from_numpy(y))
    loss.backward()
    floor = build(name, train=True).float()  # PyTorch's own float32 error, for the report
    F.cross_entropy(floor(torch.from_numpy(x)), torch.from_numpy(y)).backward()
    floor_grads = dict(floor.named_parameters())
    floor_state = floor.state_dict()
    worst, where, count, floor_worst, over, within = 0.0, "", 0, 0.0, [], 0
    for pname, p in model.named_parameters():
        key = "grad." + pname
        if key not in results:
            sys.exit("model_train_grads: the step returns no %s" % key)
        ref = p.grad.numpy()
        err = rel_error(results[key], ref)
        f32 = floor_grads[pname].grad.double().numpy()
        floor_err = rel_error(f32, ref)
        floor_worst = max(floor_worst, floor_err)
        count += 1
        within += err <= 1e-3
        if err > max(1e-3, 2 * floor_err):
            over.append("%s %.2e (float32 %.2e)" % (pname, err, floor_err))
        if err > worst:
            worst, where = err, pname
    stats = 0
    for sname, value in model.state_dict().items():
        if "running" in sname and sname in results:
            ref = value.numpy()
            err = rel_error(results[sname], ref)
            f32 = floor_state[sname].double().numpy()
            floor_err = rel_error(f32, ref)
            stats += 1
            if err > max(1e-3, 2 * floor_err):
                over.append("%s %.2e (float32 %.2e)" % (sname, err, floor_err))
            if err > worst:
                worst, where = err, sname
    loss_err = abs(float(results["loss"]) - float(loss)) / abs(float(loss))
    ok = not over and loss_err <= 1e-4
    print("%s %d batch 8: %d of %d gradients within 1e-3 of float64" % (
        name, size, within, count))
    print("%s %d batch 8: loss error %.1e; %d gradients and %d running statistics, "
          "worst %.2e (%s; PyTorch float32's worst gradient %.2e): %s"
          % (name, size, loss_err, count, stats, worst, where, floor_worst,
             "ok" if ok else "FAIL"))
    for line in over:
        print("  over the bound: " + line)
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "export":
        export(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    elif len(sys.argv) == 5 and sys.argv[1] == "check":
        sys.exit(check(sys.argv[2], int(sys.argv[3]), sys.argv[4]))
    else:
        sys.exit(__doc__)
