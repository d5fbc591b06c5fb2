#!/usr/bin/python3
"""PyTorch reference of qat-mlir's QAT recipe (LSQ + transition-rate scheduling).

    bench/torch_qat.py --w-bits 4 --a-bits 4 --schedule tr|lr|float --optimizer sgd|adam
                       [--epochs 3] [--batch 128] [--seed 0] [--lambda 5e-3] [--m 0.99]
                       [--lr LR0] [--eta ETA] [--log out.jsonl] [--selftest]

Trains the training example model (bench/fmnist_model.py, the model of
scripts/make-train-example.py) on Fashion-MNIST with quantization-aware
training as in docs ALGORITHMS.md sections 1 and 2, and prints the test
accuracy after every epoch. The last line printed is `test accuracy: 0.XXXX`.
Always one thread (torch.set_num_threads(1)).

The compiled training step of qat-mlir is checked against this file, so every
choice that ALGORITHMS.md leaves open is written down here.

Data
----
Fashion-MNIST IDX files from /usr/share/datasets/fashion-mnist; pixels in
float32: x/255, then (x - 0.2860) / 0.3530. Each epoch e (0-based) visits the
training set in the order numpy.random.RandomState(seed + e).permutation(60000),
in batches of --batch, dropping the last partial batch (60000/128 -> 468
steps per epoch). T = epochs * steps_per_epoch.

Model and quantizers
--------------------
conv1 and fc2 stay float. conv2 and fc1 are quantized:
  * weights: per output channel (axis 0), signed symmetric, z = 0,
    qmin = -2^(b_w-1), qmax = 2^(b_w-1) - 1 (full range, not narrow);
  * their input activations (after pool1, and after flatten of pool2):
    per tensor, unsigned, z = 0, qmin = 0, qmax = 2^(b_a) - 1.
Fake quantization (ALGORITHMS.md section 1), with v = x * (1/s):
    q = clip(round(v), qmin, qmax)         round half to even
    xq = q * s
  x/s is computed as x * (1/s) with the reciprocal 1/s rounded to float32
  first, which is what torch.fake_quantize_per_{tensor,channel}_affine do; the
  forward matches those functions bit for bit (checked by --selftest).
Backward (a torch.autograd.Function, exactly the formulas of section 1):
    inside = qmin <= v <= qmax             (the unrounded x/s domain, inclusive)
    dL/dx = dL/dxq * inside                (STE with clipping mask)
    dL/ds = g * sum(dL/dxq * (inside ? q - v : (v < qmin ? qmin : qmax)))
            the sum over all elements sharing the scale (per channel: every
            element of that output channel; per tensor: the whole batch)
    g = 1 / sqrt(N * qmax)                 LSQ gradient scale, with N chosen as
            in the LSQ paper (Esser et al. 2020):
              weights:     N = number of elements of the whole weight tensor
                           (conv2: 64*32*3*3 = 18432, fc1: 256*3136 = 802816),
                           the same g for every channel's scale;
              activations: N = number of features of ONE sample
                           (conv2 input: 32*14*14 = 6272, fc1 input: 3136),
                           independent of the batch size.
LSQ init, before the first step:
  * weight scale of channel c = 2 * mean(|w_c|) / sqrt(qmax_w) (float32, mean
    over the channel's elements of the initial weights);
  * activation scale = 2 * mean(|x|) / sqrt(qmax_a), x = the layer input over
    the first training batch (epoch 0, first 128 indices of the permutation),
    computed by a float forward of the network (no quantizers at all), no
    gradient, BatchNorm using the batch statistics (training-mode BN, as the
    first step sees it) WITHOUT updating the running statistics
    (--act-init-bn eval uses the running statistics instead).
BatchNorm: training mode (batch statistics, biased variance to normalize,
running statistics updated with momentum 0.1 and the unbiased variance) for
training, eval mode (running statistics) for testing. eps 1e-5.
Loss: softmax cross-entropy, mean over the batch. Test: eval mode, quantizers on.

Optimizers (implemented here, not torch.optim, to expose the direction d_t)
---------------------------------------------------------------------------
For every learnable tensor p with gradient g (accumulated by backward):
  SGD (torch.optim.SGD semantics, momentum 0.9, dampening 0, no Nesterov,
       weight decay 5e-4 on EVERY learnable tensor: weights, biases, BN,
       quantizer scales):
       g' = g + wd * p;  buf = g' at the first step, else momentum * buf + g';  d = buf
  Adam (beta1 0.9, beta2 0.999, eps 1e-8, no weight decay), step counter k
       starting at 1:
       m = b1*m + (1-b1)*g;  v = b2*v + (1-b2)*g*g
       d = (m / (1 - b1^k)) / (sqrt(v / (1 - b2^k)) + eps)
  Update: p <- p - lr * d.
Cosine LR for step t = 0..T-1 (0-based): lr_t = lr0 * (1 + cos(pi*t/T)) / 2.
lr0: SGD 0.05, Adam 1e-3 (--lr overrides).

Schedules
---------
float: no quantizers, every parameter on lr_t.
lr:    quantizers on; every parameter (weight scales and activation scales
       included) on lr_t.
tr:    quantizers on; the weight scales of conv2 and fc1 are frozen at their
       init (no gradient, not updated); the latent weights conv2.weight and
       fc1.weight are updated with their TALR U; everything else (biases, BN,
       conv1, fc2, activation scales) on lr_t.

TR / TALR: the exact order (ALGORITHMS.md section 2, tr-scope=layer)
----------------------------------------------------------------------
Indices: w_t are the latent weights before step t (t = 0..T-1, 0-based);
q_t = clip(round(w_t * (1/s)), qmin, qmax) are their integer levels (the same
arithmetic as the forward quantizer, s frozen). Per quantized weight tensor:
    before step 0:  q_0 = levels(w_0), K_0 = 0, U_0 = eta (= lr0 by default;
                    --u0 sets U_0 apart from the gain eta, an extension)
    step t (t = 0 .. T-1):
      1. forward + backward on batch t at w_t (the forward uses q_t), loss
      2. d_t = base optimizer direction (momentum buffer incl. weight decay /
         Adam m_hat/(sqrt(v_hat)+eps)); every other parameter gets its own d
      3. w_{t+1} = w_t - U_t * d_t           (TALR U_t for quantized weights)
         p       = p   - lr_t * d            (all other parameters)
      4. q_{t+1} = levels(w_{t+1})
         k_{t+1} = mean(q_{t+1} != q_t)      fraction of the tensor's weights
                                             whose level changed in step 3
         K_{t+1} = m * K_t + (1 - m) * k_{t+1}
         R_{t+1} = lambda * sqrt(b_w) * (1 + cos(pi * (t+1) / T)) / 2
         U_{t+1} = max(0, U_t + eta * (R_{t+1} - K_{t+1}))
So the TR measured after the update of step t sets the TALR of step t+1; the
first update uses U_0 = eta; U_T (after the last step) is computed and logged
but unused. This is ALGORITHMS.md's `w_{t+1} = w_t - U_t d_t` with k_t
comparing q_t = levels(w_t) to q_{t-1}. With --tr-scope global one U is
shared: k = (changed levels over both tensors) / (elements of both tensors).
The log's step s = t + 1 (1-based) reports k_s, K_s, R_s, U_s (U_s is the
TALR that step s+1 uses) and lr_t (the LR step s used).
With --schedule lr the transitions are measured too (log only; the learnable
weight scales then also move levels).

Logs: --log FILE writes one JSON line per step and one per epoch. The mean
wall time per training step (forward, backward, updates, TR bookkeeping; not
the batch gather) is printed at the end.
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fmnist_model  # noqa: E402


# ----------------------------------------------------------------------------
# Fake quantization with LSQ gradients (ALGORITHMS.md section 1)

def _bshape(s, x, axis):
    """The scale broadcastable against x (per tensor: s is a 0-d tensor)."""
    if axis is None:
        return s
    shape = [1] * x.dim()
    shape[axis] = -1
    return s.reshape(shape)


def quant_levels(x, s, qmin, qmax, axis):
    """Integer levels q = clip(round(x * (1/s)), qmin, qmax) (as float values)."""
    inv = 1.0 / _bshape(s, x, axis)
    return torch.clamp(torch.round(x * inv), qmin, qmax)


class LSQFakeQuant(torch.autograd.Function):
    """xq = clip(round(x/s), qmin, qmax) * s (z = 0), LSQ backward."""

    @staticmethod
    def forward(ctx, x, s, qmin, qmax, grad_scale, axis):
        sb = _bshape(s, x, axis)
        v = x * (1.0 / sb)
        q = torch.clamp(torch.round(v), qmin, qmax)
        ctx.save_for_backward(v, q)
        ctx.qparams = (qmin, qmax, grad_scale, axis)
        return q * sb

    @staticmethod
    def backward(ctx, gy):
        v, q = ctx.saved_tensors
        qmin, qmax, grad_scale, axis = ctx.qparams
        inside = (v >= qmin) & (v <= qmax)
        gx = gs = None
        if ctx.needs_input_grad[0]:
            gx = torch.where(inside, gy, torch.zeros_like(gy))
        if ctx.needs_input_grad[1]:
            outside = torch.where(v < qmin, torch.full_like(v, qmin), torch.full_like(v, qmax))
            ds = torch.where(inside, q - v, outside)
            prod = gy * ds
            if axis is None:
                gs = prod.sum() * grad_scale
            else:
                dims = [d for d in range(prod.dim()) if d != axis]
                gs = prod.sum(dim=dims) * grad_scale
        return gx, gs, None, None, None, None


class LSQQuantizer(nn.Module):
    """One LSQ quantizer: per tensor (axis None) or per channel along axis."""

    def __init__(self, bits, signed, axis=None, channels=None, n_for_grad=1):
        super().__init__()
        self.bits, self.signed, self.axis = bits, signed, axis
        if signed:
            self.qmin, self.qmax = -(2 ** (bits - 1)), 2 ** (bits - 1) - 1
        else:
            self.qmin, self.qmax = 0, 2 ** bits - 1
        self.n_for_grad = n_for_grad
        self.grad_scale = 1.0 / math.sqrt(n_for_grad * self.qmax)
        self.scale = nn.Parameter(torch.ones(channels) if axis is not None else torch.tensor(1.0))

    @torch.no_grad()
    def init_from(self, x):
        """s = 2 * mean(|x|) / sqrt(qmax), per channel when per channel."""
        if self.axis is None:
            m = x.abs().mean()
        else:
            dims = [d for d in range(x.dim()) if d != self.axis]
            m = x.abs().mean(dim=dims)
        self.scale.copy_(2.0 * m / math.sqrt(self.qmax))

    @torch.no_grad()
    def levels(self, x):
        return quant_levels(x, self.scale, self.qmin, self.qmax, self.axis)

    def forward(self, x):
        return LSQFakeQuant.apply(x, self.scale, self.qmin, self.qmax, self.grad_scale,
                                  self.axis)


class QATNet(nn.Module):
    """The example model with LSQ quantizers on conv2 and fc1 (weights and inputs)."""

    def __init__(self, net, w_bits, a_bits, quantize):
        super().__init__()
        self.net = net
        self.quantize = quantize
        if quantize:
            w2, w3 = net.conv2.weight, net.fc1.weight
            self.wq_conv2 = LSQQuantizer(w_bits, True, 0, w2.shape[0], w2.numel())
            self.aq_conv2 = LSQQuantizer(a_bits, False, None, None, 32 * 14 * 14)
            self.wq_fc1 = LSQQuantizer(w_bits, True, 0, w3.shape[0], w3.numel())
            self.aq_fc1 = LSQQuantizer(a_bits, False, None, None, 64 * 7 * 7)

    def quantized_layers(self):
        """(name, latent weight, weight quantizer) of every quantized layer."""
        if not self.quantize:
            return []
        return [("conv2", self.net.conv2.weight, self.wq_conv2),
                ("fc1", self.net.fc1.weight, self.wq_fc1)]

    def forward(self, x, capture=None):
        n = self.net
        x = n.pool1(n.relu1(n.bn1(n.conv1(x))))
        if capture is not None:
            capture["conv2"] = x
        w = n.conv2.weight
        if self.quantize:
            x, w = self.aq_conv2(x), self.wq_conv2(w)
        x = F.conv2d(x, w, n.conv2.bias, padding=1)
        x = n.pool2(n.relu2(n.bn2(x)))
        x = n.flatten(x)
        if capture is not None:
            capture["fc1"] = x
        w = n.fc1.weight
        if self.quantize:
            x, w = self.aq_fc1(x), self.wq_fc1(w)
        x = n.relu3(F.linear(x, w, n.fc1.bias))
        return n.fc2(x)

    @torch.no_grad()
    def init_quantizers(self, x, act_init_bn="batch"):
        """LSQ init: weights from the current weights; activation scales from a
        float forward of batch x (see the module doc)."""
        if not self.quantize:
            return
        self.wq_conv2.init_from(self.net.conv2.weight)
        self.wq_fc1.init_from(self.net.fc1.weight)
        saved_mode = self.training
        saved_quant = self.quantize
        bns = [self.net.bn1, self.net.bn2]
        saved_bn = [(bn.running_mean.clone(), bn.running_var.clone(),
                     bn.num_batches_tracked.clone()) for bn in bns]
        self.train(act_init_bn == "batch")
        self.quantize = False
        cap = {}
        self.forward(x, capture=cap)
        self.quantize = saved_quant
        self.train(saved_mode)
        for bn, (rm, rv, nb) in zip(bns, saved_bn):
            bn.running_mean.copy_(rm)
            bn.running_var.copy_(rv)
            bn.num_batches_tracked.copy_(nb)
        self.aq_conv2.init_from(cap["conv2"])
        self.aq_fc1.init_from(cap["fc1"])


# ----------------------------------------------------------------------------
# Base optimizers that expose their direction d

class BaseOptimizer:
    def __init__(self, kind, momentum=0.9, weight_decay=5e-4, betas=(0.9, 0.999), eps=1e-8):
        self.kind = kind
        self.momentum, self.weight_decay = momentum, weight_decay
        self.betas, self.eps = betas, eps
        self.state = {}

    @torch.no_grad()
    def direction(self, p):
        """d for parameter p from p.grad; updates the optimizer state of p."""
        g = p.grad
        st = self.state.setdefault(p, {})
        if self.kind == "sgd":
            if self.weight_decay != 0:
                g = g.add(p, alpha=self.weight_decay)
            buf = st.get("buf")
            if buf is None:
                buf = st["buf"] = g.clone()
            else:
                buf.mul_(self.momentum).add_(g)
            return buf
        b1, b2 = self.betas
        k = st["step"] = st.get("step", 0) + 1
        if "m" not in st:
            st["m"] = torch.zeros_like(p)
            st["v"] = torch.zeros_like(p)
        m, v = st["m"], st["v"]
        m.mul_(b1).add_(g, alpha=1 - b1)
        v.mul_(b2).addcmul_(g, g, value=1 - b2)
        m_hat = m / (1 - b1 ** k)
        v_hat = v / (1 - b2 ** k)
        return m_hat / (v_hat.sqrt() + self.eps)


def cosine(t, T):
    return (1.0 + math.cos(math.pi * t / T)) / 2.0


# ----------------------------------------------------------------------------
# Transition-rate scheduling (ALGORITHMS.md section 2)

class TRScheduler:
    """Transition counting, running TR K, target R and TALR U per layer
    (scope 'layer') or shared (scope 'global')."""

    def __init__(self, layers, w_bits, T, lam, m, eta, scope="layer", talr=True, u0=None):
        self.layers = layers          # [(name, weight, quantizer)]
        self.T, self.m, self.eta, self.scope = T, m, eta, scope
        self.R0 = lam * math.sqrt(w_bits)
        self.talr = talr
        self.groups = [name for name, _, _ in layers] if scope == "layer" else ["global"]
        self.K = {g: 0.0 for g in self.groups}
        self.U = {g: (eta if u0 is None else u0) for g in self.groups}
        self.k = {g: 0.0 for g in self.groups}
        self.R = self.R0
        self.q_prev = {name: q.levels(w) for name, w, q in layers}

    def lr_for(self, name):
        return self.U[name if self.scope == "layer" else "global"]

    @torch.no_grad()
    def after_update(self, t):
        """Called after the update of step t (0-based): measures k_{t+1} and
        sets K_{t+1}, R_{t+1}, U_{t+1}."""
        changed, total = {}, {}
        for name, w, quant in self.layers:
            q = quant.levels(w)
            c = int((q != self.q_prev[name]).sum())
            self.q_prev[name] = q
            g = name if self.scope == "layer" else "global"
            changed[g] = changed.get(g, 0) + c
            total[g] = total.get(g, 0) + q.numel()
        self.R = self.R0 * cosine(t + 1, self.T)
        for g in self.groups:
            self.k[g] = changed[g] / total[g]
            self.K[g] = self.m * self.K[g] + (1 - self.m) * self.k[g]
            if self.talr:
                self.U[g] = max(0.0, self.U[g] + self.eta * (self.R - self.K[g]))


# ----------------------------------------------------------------------------

@torch.no_grad()
def evaluate(model, x, y, batch=1000):
    model.eval()
    correct, loss = 0, 0.0
    for i in range(0, len(x), batch):
        xb, yb = x[i:i + batch], y[i:i + batch]
        out = model(xb)
        loss += float(F.cross_entropy(out, yb, reduction="sum"))
        correct += int((out.argmax(1) == yb).sum())
    model.train()
    return correct / len(x), loss / len(x)


def recipe_step(model, params, opt, trs, talr, xb, yb, t, lr):
    """One training step of the recipe: forward, cross-entropy, backward,
    the optimizer's direction applied at the TALR of its layer for a TR
    weight (`talr`: weight -> layer name) and at `lr` for the rest, then
    the TR bookkeeping (`trs` may be None). Returns (logits, loss)."""
    out = model(xb)
    loss = F.cross_entropy(out, yb)
    for p in params:
        p.grad = None
    loss.backward()
    with torch.no_grad():
        for p in params:
            p.add_(opt.direction(p), alpha=-(trs.lr_for(talr[p]) if p in talr else lr))
    if trs is not None:
        trs.after_update(t)
    return out, loss


def train(args):
    torch.set_num_threads(1)
    trx, try_, tex, tey = fmnist_model.load_fmnist(args.dataset)
    trx, try_ = torch.from_numpy(trx), torch.from_numpy(try_)
    tex, tey = torch.from_numpy(tex), torch.from_numpy(tey)

    net = fmnist_model.build_model(args.seed)
    if args.init_state_dict:
        net.load_state_dict(torch.load(args.init_state_dict))
    quantize = args.schedule != "float"
    model = QATNet(net, args.w_bits, args.a_bits, quantize).train()

    steps = len(trx) // args.batch
    T = args.epochs * steps
    lr0 = args.lr if args.lr is not None else (0.05 if args.optimizer == "sgd" else 1e-3)
    eta = args.eta if args.eta is not None else lr0
    wd = args.wd if args.wd is not None else (5e-4 if args.optimizer == "sgd" else 0.0)
    opt = BaseOptimizer(args.optimizer, momentum=args.momentum, weight_decay=wd)

    perms = [np.random.RandomState(args.seed + e).permutation(len(trx))
             for e in range(args.epochs)]
    first = torch.from_numpy(perms[0][:args.batch])
    model.init_quantizers(trx[first], args.act_init_bn)

    tr_layers = model.quantized_layers()
    talr_weights = {}
    if args.schedule == "tr":
        for name, w, quant in tr_layers:
            quant.scale.requires_grad_(False)
            talr_weights[w] = name
    params = [p for p in model.parameters() if p.requires_grad]
    trs = None
    if tr_layers:
        trs = TRScheduler(tr_layers, args.w_bits, T, args.lam, args.m, eta, args.tr_scope,
                          talr=args.schedule == "tr", u0=args.u0)

    log = open(args.log, "w") if args.log else None
    print("schedule %s, optimizer %s, W%dA%d, lr0 %g, eta %g, U0 %g, lambda %g, m %g, T %d, "
          "seed %d" % (args.schedule, args.optimizer, args.w_bits, args.a_bits, lr0, eta,
                       eta if args.u0 is None else args.u0, args.lam, args.m, T, args.seed),
          flush=True)
    if quantize:
        print("init scales: w conv2 mean %.5f, w fc1 mean %.5f, a conv2 %.5f, a fc1 %.5f"
              % (float(model.wq_conv2.scale.mean()), float(model.wq_fc1.scale.mean()),
                 float(model.aq_conv2.scale), float(model.aq_fc1.scale)), flush=True)
    step_time = 0.0
    test_acc = 0.0
    t = 0
    for epoch in range(args.epochs):
        perm = perms[epoch]
        ep_loss, ep_correct, ep_start = 0.0, 0, time.time()
        for i in range(steps):
            idx = torch.from_numpy(perm[i * args.batch:(i + 1) * args.batch])
            xb, yb = trx[idx], try_[idx]
            t0 = time.perf_counter()
            lr_t = lr0 * cosine(t, T)
            out, loss = recipe_step(model, params, opt, trs, talr_weights, xb, yb, t, lr_t)
            step_time += time.perf_counter() - t0
            lv = float(loss)
            acc = float((out.argmax(1) == yb).float().mean())
            ep_loss += lv
            ep_correct += int(round(acc * len(yb)))
            if log:
                rec = {"step": t + 1, "epoch": epoch, "loss": lv, "acc": acc, "lr": lr_t}
                if trs is not None:
                    g = trs.groups
                    rec.update({
                        "tr": sum(trs.k[x] for x in g) / len(g),
                        "tr_running": sum(trs.K[x] for x in g) / len(g),
                        "target": trs.R,
                        "talr": (sum(trs.U[x] for x in g) / len(g)
                                 if args.schedule == "tr" else None),
                        "layers": {x: {"tr": trs.k[x], "tr_running": trs.K[x],
                                       "talr": trs.U[x] if args.schedule == "tr" else None}
                                   for x in g}})
                log.write(json.dumps(rec) + "\n")
            t += 1
            if not math.isfinite(lv):
                print("loss is %s at step %d, stopping" % (lv, t), flush=True)
                print("test accuracy: 0.0000")
                return 1
        test_acc, test_loss = evaluate(model, tex, tey)
        n = steps * args.batch
        msg = ("epoch %d: train loss %.4f, train acc %.4f, test loss %.4f, test acc %.4f, %.1f s"
               % (epoch + 1, ep_loss / steps, ep_correct / n, test_loss, test_acc,
                  time.time() - ep_start))
        if trs is not None:
            g = trs.groups
            msg += ", TR K %s" % " ".join("%s=%.2e" % (x, trs.K[x]) for x in g)
            if args.schedule == "tr":
                msg += ", TALR %s" % " ".join("%s=%.3g" % (x, trs.U[x]) for x in g)
        print(msg, flush=True)
        if log:
            log.write(json.dumps({"epoch": epoch + 1, "train_loss": ep_loss / steps,
                                  "train_acc": ep_correct / n, "test_loss": test_loss,
                                  "test_acc": test_acc}) + "\n")
            log.flush()
    if log:
        log.close()
    if args.save_state_dict:
        torch.save(model.state_dict(), args.save_state_dict)
    print("mean step time: %.2f ms (1 thread, %d steps, excluding data loading)"
          % (1000 * step_time / T, T))
    print("test accuracy: %.4f" % test_acc)
    return 0


# ----------------------------------------------------------------------------

def selftest():
    """Checks the forward against torch's fake-quant ops bit for bit, the
    backward against the formulas by numpy, and the optimizers against
    torch.optim."""
    torch.set_num_threads(1)
    torch.manual_seed(0)
    ok = True
    for bits in (2, 4, 8):
        # Per channel, signed (weights); include exact half-way points.
        x = torch.randn(16, 8, 3, 3) * 0.3
        s = torch.rand(16) * 0.1 + 0.01
        # Many points near k + 1/2 steps, where x/s and x*(1/s) round differently.
        x[:8] = (torch.randint(-9, 9, (8, 8, 3, 3)).float() + 0.5) * s[:8].reshape(-1, 1, 1, 1)
        qmin, qmax = -(2 ** (bits - 1)), 2 ** (bits - 1) - 1
        ref = torch.fake_quantize_per_channel_affine(x, s, torch.zeros(16, dtype=torch.int32),
                                                     0, qmin, qmax)
        got = LSQFakeQuant.apply(x, s, qmin, qmax, 1.0, 0)
        ok &= torch.equal(ref, got)
        # Per tensor, unsigned (activations).
        a = torch.relu(torch.randn(8, 32, 14, 14))
        a[:4] = (torch.randint(0, 20, (4, 32, 14, 14)).float() + 0.5) * 0.07
        sa = torch.tensor(0.07)
        ref = torch.fake_quantize_per_tensor_affine(a, sa, torch.tensor(0, dtype=torch.int32),
                                                    0, 2 ** bits - 1)
        got = LSQFakeQuant.apply(a, sa, 0, 2 ** bits - 1, 1.0, None)
        ok &= torch.equal(ref, got)
        print("forward bits %d bit-exact: %s" % (bits, ok))
    # Backward against numpy formulas.
    x = (torch.randn(4, 5, 3, 3) * 0.5).requires_grad_()
    s = (torch.rand(4) * 0.1 + 0.05).requires_grad_()
    gy = torch.randn(4, 5, 3, 3)
    qmin, qmax, gsc = -2, 1, 0.123
    LSQFakeQuant.apply(x, s, qmin, qmax, gsc, 0).backward(gy)
    xn, sn, gyn = x.detach().numpy(), s.detach().numpy(), gy.numpy()
    v = xn * (np.float32(1) / sn).reshape(-1, 1, 1, 1)
    q = np.clip(np.round(v), qmin, qmax)
    inside = (v >= qmin) & (v <= qmax)
    gx = gyn * inside
    ds = np.where(inside, q - v, np.where(v < qmin, qmin, qmax))
    gs = (gyn * ds).sum(axis=(1, 2, 3)) * gsc
    e1 = np.abs(gx - x.grad.numpy()).max()
    e2 = np.abs(gs - s.grad.numpy()).max()
    print("backward: max |dx err| %.2e, max |ds err| %.2e" % (e1, e2))
    ok &= e1 == 0 and e2 < 1e-5
    # Optimizers against torch.optim.
    for kind in ("sgd", "adam"):
        torch.manual_seed(1)
        p1 = torch.randn(10, requires_grad=True)
        p2 = p1.detach().clone().requires_grad_()
        if kind == "sgd":
            ref = torch.optim.SGD([p2], lr=0.05, momentum=0.9, weight_decay=5e-4)
            mine = BaseOptimizer("sgd", 0.9, 5e-4)
        else:
            ref = torch.optim.Adam([p2], lr=1e-3)
            mine = BaseOptimizer("adam", weight_decay=0.0)
        lr = 0.05 if kind == "sgd" else 1e-3
        for _ in range(5):
            grad = torch.randn(10)
            p1.grad, p2.grad = grad.clone(), grad.clone()
            with torch.no_grad():
                p1.add_(mine.direction(p1), alpha=-lr)
            ref.step()
        err = float((p1 - p2).abs().max())
        print("%s vs torch.optim after 5 steps: max err %.2e" % (kind, err))
        ok &= err < 1e-6
    print("selftest: %s" % ("PASS" if ok else "FAIL"))
    return 0 if ok else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--w-bits", type=int, default=4)
    ap.add_argument("--a-bits", type=int, default=4)
    ap.add_argument("--schedule", choices=["tr", "lr", "float"], default="tr")
    ap.add_argument("--optimizer", choices=["sgd", "adam"], default="sgd")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--lambda", dest="lam", type=float, default=5e-3,
                    help="target TR R_0 = lambda * sqrt(w_bits)")
    ap.add_argument("--m", type=float, default=0.99, help="running-TR momentum")
    ap.add_argument("--lr", type=float, help="base LR lr0 (SGD 0.05, Adam 1e-3)")
    ap.add_argument("--eta", type=float, help="TALR gain and U_0 (default: lr0)")
    ap.add_argument("--u0", type=float,
                    help="initial TALR U_0 (default: eta, as ALGORITHMS.md; an extension)")
    ap.add_argument("--momentum", type=float, default=0.9, help="SGD momentum")
    ap.add_argument("--wd", type=float, help="weight decay (SGD 5e-4, Adam 0)")
    ap.add_argument("--tr-scope", choices=["layer", "global"], default="layer")
    ap.add_argument("--act-init-bn", choices=["batch", "eval"], default="batch",
                    help="BN mode of the float forward that initializes activation scales")
    ap.add_argument("--dataset", default=fmnist_model.DATASET)
    ap.add_argument("--init-state-dict", help="start from this FmnistCNN state_dict")
    ap.add_argument("--save-state-dict", help="save the trained QATNet state_dict")
    ap.add_argument("--log", help="JSON lines: one per step and one per epoch")
    ap.add_argument("--selftest", action="store_true")
    args = ap.parse_args()
    if args.selftest:
        return selftest()
    return train(args)


if __name__ == "__main__":
    sys.exit(main())
