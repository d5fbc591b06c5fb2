//===- QATTrainingOps.td - the quantizer's gradient, optimizers, TR --*- tablegen -*-===//
//
// Ops of compiled training steps: the straight-through / LSQ gradient of
// qat.fake_quant, the parameter updates of the optimizers (the arithmetic of
// ONNX's ai.onnx.preview.training Momentum, Adam and Adagrad, with PyTorch's
// conventions as options), and the transition rate that TR scheduling
// measures.
//
//===----------------------------------------------------------------------===//

#ifndef QAT_QAT_TRAINING_OPS
#define QAT_QAT_TRAINING_OPS

def QAT_FakeQuantGradOp : QAT_Op<"fake_quant_grad", [Pure]> {
  let summary = "gradients of qat.fake_quant's input (STE) and scale (LSQ)";
  let description = [{
    For `v = x / s` (`x * (1 / s)` with `reciprocal_scale`):
    - `input_grad = grad` where `qmin <= v + z <= qmax` (the straight-through
      estimator with the clipping mask, in the unrounded x / s domain), else 0;
    - `scale_grad = grad_scale * sum(grad * d)` with `d = round(v) - v`
      inside the range, `qmin - z` below it and `qmax - z` above it (LSQ,
      Esser et al.), summed over the elements that share each scale entry.
    `grad_scale` is LSQ's `1 / sqrt(N * qmax)`, chosen by whoever builds the
    op. The zero point gets no gradient.
  }] # QAT_GranularityDoc;
  let arguments = !con((ins QAT_FloatTensor:$input, QAT_FloatTensor:$scale,
                            QAT_ZeroPointTensor:$zero_point, QAT_FloatTensor:$grad,
                            Optional<QAT_BitsTensor>:$runtime_bits),
                       QAT_QuantParams, QAT_ReciprocalScale,
                       (ins F64Attr:$grad_scale));
  let results = (outs QAT_FloatTensor:$input_grad, QAT_FloatTensor:$scale_grad);
  let assemblyFormat = [{
    $input `,` $scale `,` $zero_point `,` $grad (`bits` `(` $runtime_bits^ `)`)? attr-dict
    `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def QAT_TransitionRateOp : QAT_Op<"transition_rate", [Pure]> {
  let summary = "fraction of elements whose integer level differs between two tensors";
  let description = [{
    `mean(q(before) != q(after))` with `q(x) = clip(round(x / s) + z, qmin,
    qmax)`, the levels of one quantizer (same scale and zero point) before
    and after a parameter update: the transition rate `k_t` of TR
    scheduling. The result is a rank-0 tensor of the inputs' element type.
  }] # QAT_GranularityDoc;
  let arguments = !con((ins QAT_FloatTensor:$before, QAT_FloatTensor:$after,
                            QAT_FloatTensor:$scale, QAT_ZeroPointTensor:$zero_point),
                       QAT_QuantParams, QAT_ReciprocalScale);
  let results = (outs 0DTensorOf<[AnyFloat]>:$output);
  let assemblyFormat = [{
    $before `,` $after `,` $scale `,` $zero_point attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

// The operands every update shares: the learning rate (rank 0, the
// parameter's type), the update count T (rank 0, i64), the parameter and its
// gradient.
defvar QAT_UpdateOperands = (ins 0DTensorOf<[AnyFloat]>:$lr, 0DTensorOf<[I64]>:$step,
                             QAT_FloatTensor:$param, QAT_FloatTensor:$grad);

def QAT_MomentumUpdateOp : QAT_Op<"momentum_update", [Pure]> {
  let summary = "SGD with momentum (ONNX Momentum; PyTorch SGD with beta = 1)";
  let description = [{
    `g' = norm_coefficient * param + grad`,
    `velocity' = alpha * velocity + (step > 0 ? beta : 1) * g'`,
    `param' = param - lr * velocity'`, or with `nesterov`
    `param' = param - lr * (g' + alpha * velocity')`.
    PyTorch's SGD(momentum = alpha, dampening = 1 - beta, weight_decay =
    norm_coefficient) with a zero-initialized buffer computes the same.
  }];
  let arguments = !con(QAT_UpdateOperands, (ins QAT_FloatTensor:$velocity,
                       F32Attr:$alpha, F32Attr:$beta, F32Attr:$norm_coefficient,
                       UnitAttr:$nesterov));
  let results = (outs QAT_FloatTensor:$new_param, QAT_FloatTensor:$new_velocity);
  let assemblyFormat = [{
    $lr `,` $step `,` $param `,` $grad `,` $velocity attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def QAT_AdamUpdateOp : QAT_Op<"adam_update", [Pure]> {
  let summary = "Adam / AdamW (ONNX Adam; PyTorch's with `torch_epsilon`)";
  let description = [{
    With `g' = norm_coefficient * param + grad`:
    `m' = alpha * m + (1 - alpha) * g'`, `v' = beta * v + (1 - beta) * g'^2`.
    ONNX (default): `param' = param - lr_t * m' / (sqrt(v') + epsilon)` with
    `lr_t = lr * sqrt(1 - beta^T) / (1 - alpha^T)` for T = step > 0 (lr for
    T = 0), then `param'' = (1 - norm_coefficient_post) * param'`.
    `torch_epsilon`: `param' = param - (lr / (1 - alpha^T)) * m' /
    (sqrt(v') / sqrt(1 - beta^T) + epsilon)`, PyTorch's placement of epsilon.
    `decoupled_weight_decay` = wd (AdamW): `param` is first scaled by
    `1 - lr * wd`.
  }];
  let arguments = !con(QAT_UpdateOperands, (ins QAT_FloatTensor:$m, QAT_FloatTensor:$v,
                       F32Attr:$alpha, F32Attr:$beta, F32Attr:$epsilon,
                       F32Attr:$norm_coefficient, F32Attr:$norm_coefficient_post,
                       F32Attr:$decoupled_weight_decay, UnitAttr:$torch_epsilon));
  let results = (outs QAT_FloatTensor:$new_param, QAT_FloatTensor:$new_m,
                  QAT_FloatTensor:$new_v);
  let assemblyFormat = [{
    $lr `,` $step `,` $param `,` $grad `,` $m `,` $v attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def QAT_AdagradUpdateOp : QAT_Op<"adagrad_update", [Pure]> {
  let summary = "Adagrad (ONNX Adagrad)";
  let description = [{
    `lr_t = lr / (1 + step * decay_factor)`, `g' = norm_coefficient * param +
    grad`, `h' = h + g'^2`, `param' = param - lr_t * g' / (sqrt(h') + epsilon)`.
  }];
  let arguments = !con(QAT_UpdateOperands, (ins QAT_FloatTensor:$h,
                       F32Attr:$decay_factor, F32Attr:$epsilon, F32Attr:$norm_coefficient));
  let results = (outs QAT_FloatTensor:$new_param, QAT_FloatTensor:$new_h);
  let assemblyFormat = [{
    $lr `,` $step `,` $param `,` $grad `,` $h attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

#endif // QAT_QAT_TRAINING_OPS
