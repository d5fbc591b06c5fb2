"""The compiled training step against PyTorch autograd, step by step.

    train_agreement.py STEPDIR --optimizer sgd|adam --schedule float|lr|tr --steps N
                       [--schedule-steps T] [--lr LR] [--w-bits 4] [--a-bits 4]
                       [--step-tol 1e-4] [--trajectory-tol 1e-3]

STEPDIR is what `qat-train --save-step STEPDIR --steps T` wrote for the
training example model: libtrain.so (train_step) and init/<name>.npy, the
initial value of every parameter, quantizer scale and state. The script loads
the same values into bench/torch_qat.py's PyTorch model of the recipe (LSQ
quantizers with their autograd rules, the SGD/Adam directions of
torch.optim, TR/TALR), feeds both the first N batches of 128 Fashion-MNIST
training images in order, and compares every tensor the step returns, as
err = max|ours - reference| / max|reference|.

The reference is PyTorch in float64 (the same arithmetic, rounded less), so
that the check measures our error and not PyTorch's; a float32 PyTorch run in
lockstep gives the floor:
  * step 1: the loss, the gradients (through the optimizer state: SGD's
    momentum buffer is gradient + weight decay, Adam's first moment is
    (1 - beta1) gradient) within --step-tol; the updated parameters and
    BatchNorm's running statistics within max(--step-tol, 2 x the float32
    floor). Adam's first update is lr * g / (|g| + eps), which turns the
    rounding noise of near-zero gradients into fractions of a whole step:
    each element is first forgiven what its update can move when its
    gradient is off by what the gradient check allows (adam_slack). The biases in front of a training
    BatchNorm have a gradient of exactly zero (BatchNorm subtracts the batch
    mean): their rounding noise is measured against the layer's weight
    gradient instead.
  * every step up to N: the loss and every parameter, scale and running
    statistic within max(--trajectory-tol, 2 x the float32 floor): early in
    training from random weights, float32 rounding alone (PyTorch's own)
    moves the trajectory by more than 1e-3 within 20 steps at LR 0.05.
Prints the worst error of each check and exits 1 if one is over its bound.
"""
import argparse
import copy
import math
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "lib"))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "bench"))
from gradcheck import Library  # noqa: E402
import fmnist_model  # noqa: E402
import torch_qat  # noqa: E402

SCALES = {"conv2.weight_scale": "wq_conv2", "fc1.weight_scale": "wq_fc1",
          "conv2.input_scale": "aq_conv2", "fc1.input_scale": "aq_fc1"}
BIASES_BEFORE_BN = {"conv1.bias", "conv2.bias"}


def error(ours, ref, slack=None):
    """max|ours - ref| / max|ref|; an element's `slack` is forgiven first."""
    ours, ref = np.asarray(ours, np.float64), np.asarray(ref, np.float64)
    diff = np.abs(ours - ref)
    if slack is not None:
        diff = np.maximum(diff - slack, 0.0)
    return float(np.max(diff) / max(np.max(np.abs(ref)), 1e-30))


def adam_slack(args, ref, grads, grads32):
    """name -> per element, how far Adam's first update can move when the
    gradient is off by what the gradient check allows.

    Step 1's Adam update is lr * u(g), u(g) = g / (|g| + eps): a flat +-lr
    for gradients well above eps, but steep near zero, where the rounding
    noise of a near-zero gradient becomes a fraction of a whole step (and
    which fraction depends on how each BLAS rounds, PyTorch's float32 too).
    The gradient check admits an error of delta = bound * max|g| per tensor;
    u is monotonic, so the most the update can move is the larger of
    |u(g +- delta) - u(g)|, times the step's learning rate."""
    eps = 1e-8
    u = lambda g: g / (np.abs(g) + eps)
    slack = {}
    for name, m in grads.items():
        g = np.asarray(m, np.float64) / 0.1  # m = (1 - beta1) g at step 1
        g32 = np.asarray(grads32[name], np.float64) / 0.1
        rel = max(args.step_tol, 2 * error(g32, g))
        delta = rel * np.max(np.abs(g))
        slack[name] = ref.lr_of[name] * np.maximum(np.abs(u(g + delta) - u(g)),
                                                   np.abs(u(g - delta) - u(g)))
    return slack


class Replica:
    """The recipe in PyTorch at one precision, started from `state`."""

    def __init__(self, args, state, dtype, T):
        self.dtype, self.T = dtype, T
        self.net = fmnist_model.build_model(0)
        self.model = torch_qat.QATNet(self.net, args.w_bits, args.a_bits,
                                      args.schedule != "float").train()
        with torch.no_grad():
            sd = self.net.state_dict()
            for name, value in state.items():
                if name in sd:
                    sd[name].copy_(torch.from_numpy(value))
                elif name in SCALES:
                    getattr(self.model, SCALES[name]).scale.copy_(torch.from_numpy(value))
        self.model.to(dtype)
        self.lr0 = args.lr or (0.05 if args.optimizer == "sgd" else 1e-3)
        wd = 5e-4 if args.optimizer == "sgd" else 0.0
        self.opt = torch_qat.BaseOptimizer(args.optimizer, momentum=0.9, weight_decay=wd)
        self.talr = {}
        layers = self.model.quantized_layers()
        if args.schedule == "tr":
            for name, w, quant in layers:
                quant.scale.requires_grad_(False)
                self.talr[w] = name
        self.trs = torch_qat.TRScheduler(layers, args.w_bits, T, 5e-3, 0.99, self.lr0,
                                         talr=args.schedule == "tr")
        self.params = [q for q in self.model.parameters() if q.requires_grad]
        self.names = {id(t): n for n, t in self.net.named_parameters()}
        for name, attr in SCALES.items():
            if hasattr(self.model, attr):
                self.names[id(getattr(self.model, attr).scale)] = name

    def step(self, t, xb, yb):
        out = self.model(torch.from_numpy(xb).to(self.dtype))
        loss = F.cross_entropy(out, torch.from_numpy(yb))
        for q in self.params:
            q.grad = None
        loss.backward()
        lr_t = self.lr0 * torch_qat.cosine(t, self.T)
        self.lr_of = {}  # name -> the learning rate of this step's update
        with torch.no_grad():
            for q in self.params:
                d = self.opt.direction(q)
                lr = self.trs.lr_for(self.talr[q]) if q in self.talr else lr_t
                self.lr_of[self.names[id(q)]] = lr
                q.add_(d, alpha=-lr)
        self.trs.after_update(t)
        return float(loss)

    def tensors(self):
        """name -> value of every parameter, scale and running statistic."""
        values = {n: v.detach().numpy() for n, v in self.net.state_dict().items()}
        for name, attr in SCALES.items():
            if hasattr(self.model, attr):
                values[name] = getattr(self.model, attr).scale.detach().numpy()
        return values

    def optimizer_state(self, kind):
        key = "buf" if kind == "sgd" else "m"
        return {self.names[id(q)]: self.opt.state[q][key].numpy() for q in self.params}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("stepdir")
    p.add_argument("--optimizer", choices=["sgd", "adam"], required=True)
    p.add_argument("--schedule", choices=["float", "lr", "tr"], required=True)
    p.add_argument("--steps", type=int, required=True)
    p.add_argument("--schedule-steps", type=int, help="T of the cosine schedules (default --steps)")
    p.add_argument("--lr", type=float)
    p.add_argument("--w-bits", type=int, default=4)
    p.add_argument("--a-bits", type=int, default=4)
    p.add_argument("--step-tol", type=float, default=1e-4)
    p.add_argument("--trajectory-tol", type=float, default=1e-3)
    args = p.parse_args()
    torch.set_num_threads(1)
    T = args.schedule_steps or args.steps

    lib = Library(os.path.join(args.stepdir, "libtrain.so"))
    _, ins, outs = lib.functions["train_step"]
    state = {name: np.load(os.path.join(args.stepdir, "init", name + ".npy"))
             for name, _, _ in ins if name not in ("input", "labels")}
    ref = Replica(args, state, torch.float64, T)
    floor = Replica(args, state, torch.float32, T)
    trx, try_, _, _ = fmnist_model.load_fmnist()
    worst = {}  # check -> (worst error, its bound, failed)
    trajectory = {}  # check -> (our worst error, the float32 floor's worst)
    verbose = os.environ.get("VERBOSE")

    def check(what, value, bound, name=""):
        bad = not (value <= bound and math.isfinite(value))
        if verbose and bad:
            print("    %s %s: %.2e > %.2e" % (what, name, value, bound))
        top, top_bound, any_bad = worst.get(what, (0.0, bound, False))
        if value > top or bad:
            top, top_bound = value, bound
        worst[what] = top, top_bound, any_bad or bad

    failed = False
    for t in range(args.steps):
        xb, yb = trx[t * 128:(t + 1) * 128], try_[t * 128:(t + 1) * 128]
        inputs = [xb if n == "input" else yb if n == "labels" else state[n] for n, _, _ in ins]
        ours = dict(zip([n for n, _, _ in outs], lib.call("train_step", inputs)))
        loss_ref, loss_floor = ref.step(t, xb, yb), floor.step(t, xb, yb)
        exact, rounded = ref.tensors(), floor.tensors()
        first = t == 0

        def bound(floor_error):
            return max(args.step_tol, 2 * floor_error)

        if first:
            check("loss (step 1)", error(ours["loss"], loss_ref),
                  bound(error(loss_floor, loss_ref)))
            grads = ref.optimizer_state(args.optimizer)
            grads32 = floor.optimizer_state(args.optimizer)
            slack = adam_slack(args, ref, grads, grads32) if args.optimizer == "adam" else {}
        # Trajectories: the worst error over all steps against the float32
        # floor's worst over the same steps (see the module doc).
        pairs = [("loss", error(ours["loss"], loss_ref), error(loss_floor, loss_ref))]
        for name in state:
            if name in ours and name in exact:
                what = "BatchNorm running statistics" if "running" in name else "parameters"
                if first:
                    check(what + " (step 1)", error(ours[name], exact[name], slack.get(name)),
                          bound(error(rounded[name], exact[name])), name)
                pairs.append((what, error(ours[name], exact[name]),
                              error(rounded[name], exact[name])))
        # TR scheduling: the measured rate k, the running rate K, the target R
        # and the TALR U of each quantized weight (ALGORITHMS.md section 2).
        for layer, _, _ in ref.model.quantized_layers():
            for suffix, exact_v, rounded_v in (
                    ("rate", ref.trs.k[layer], floor.trs.k[layer]),
                    ("running", ref.trs.K[layer], floor.trs.K[layer]),
                    ("target", ref.trs.R, floor.trs.R),
                    ("talr", ref.trs.U[layer], floor.trs.U[layer])):
                key = "tr.%s.weight.%s" % (layer, suffix)
                if key in ours and (suffix != "talr" or args.schedule == "tr"):
                    pairs.append(("TR " + suffix, abs(float(ours[key]) - exact_v) / max(abs(exact_v), 1e-30),
                                  abs(rounded_v - exact_v) / max(abs(exact_v), 1e-30)))
        for what, mine, theirs in pairs:
            top, drift_top = trajectory.get(what, (0.0, 0.0))
            trajectory[what] = max(top, mine), max(drift_top, theirs)
        if first:
            suffix = ".momentum" if args.optimizer == "sgd" else ".adam_m"
            for name, g in grads.items():
                if name + suffix not in ours:
                    continue
                mine = ours[name + suffix]
                if name in BIASES_BEFORE_BN:
                    scale = np.max(np.abs(grads[name.replace("bias", "weight")]))
                    check("gradients of biases before BatchNorm (step 1, vs the weight's)",
                          float(np.max(np.abs(mine - g)) / scale),
                          max(args.step_tol, 2 * float(np.max(np.abs(grads32[name] - g)) / scale)),
                          name)
                else:
                    check("gradients (step 1, via the optimizer state)", error(mine, g),
                          bound(error(grads32[name], g)), name)
        state = {n: ours.get(n, v) for n, v in state.items()}

    for what, (mine, theirs) in trajectory.items():
        check("%s over %d steps (float32 floor %.1e)" % (what, args.steps, theirs), mine,
              max(args.trajectory_tol, 2 * theirs))
    print("%s %s W%dA%d, %d steps; error = max|ours - torch float64| / max|torch float64|:" % (
        args.optimizer, args.schedule, args.w_bits, args.a_bits, args.steps))
    for what, (value, limit, bad) in worst.items():
        ok = not bad
        failed |= bad
        print("  %s: %.2e (bound %.1e): %s" % (what, value, limit, "ok" if ok else "FAIL"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
