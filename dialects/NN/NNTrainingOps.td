//===- NNTrainingOps.td - ops of training graphs ---------------*- tablegen -*-===//
//
// What a training step computes besides the inference ops: training-mode
// BatchNormalization, the backward ops of convolution and pooling (their
// results are the gradients of an operand, whose type cannot be inferred
// from the gradient alone, so it is given and verified), the negative
// log-likelihood loss (ONNX NegativeLogLikelihoodLoss) and the collective
// of data-parallel steps (nn.all_reduce).
//
//===----------------------------------------------------------------------===//

#ifndef QAT_NN_TRAINING_OPS
#define QAT_NN_TRAINING_OPS

def NN_BatchNormTrainOp : NN_Op<"batch_norm_train", [Pure, InferTypeOpAdaptor]> {
  let summary = "training BatchNormalization: normalize with the batch's statistics";
  let description = [{
    `mean` and `variance` (biased, divided by the count) are taken per channel
    (dimension 1) over every other dimension and returned, so that the
    gradient and the running statistics can use them:
    `output = (input - mean) / sqrt(variance + epsilon) * scale + bias`.
    With `replicas` (K >= 2: a data-parallel step, each of K processes on
    its shard of the batch) the statistics are those of all K shards
    together (SyncBatchNorm): each per-channel sum is summed over the
    replicas (see nn.all_reduce) and divided by K times the local count.
  }];
  let arguments = (ins NN_FloatTensor:$input, NN_FloatTensor:$scale,
                   NN_FloatTensor:$bias, F32Attr:$epsilon,
                   OptionalAttr<ConfinedAttr<I64Attr, [IntMinValue<2>]>>:$replicas);
  let results = (outs NN_FloatTensor:$output, NN_FloatTensor:$mean,
                  NN_FloatTensor:$variance);
  let assemblyFormat = [{
    $input `,` $scale `,` $bias attr-dict `:` functional-type(operands, results)
  }];
}

def NN_BatchNormGradOp : NN_Op<"batch_norm_grad", [Pure, InferTypeOpAdaptor]> {
  let summary = "gradients of batch_norm_train's input, scale and bias";
  let description = [{
    With `xhat = (x - mean) / sqrt(variance + epsilon)` and M elements per
    channel: `bias_grad = sum(grad)`, `scale_grad = sum(grad * xhat)`,
    `input_grad = scale / sqrt(variance + epsilon) * (grad - bias_grad / M -
    xhat * scale_grad / M)`; sums per channel. With `replicas` (K, as on
    nn.batch_norm_train) the input gradient is that of the statistics of
    all K shards: both sums are summed over the replicas and M is K times
    the local count; `scale_grad` and `bias_grad` stay this shard's sums
    (the step sums them with the other parameter gradients).
  }];
  let arguments = (ins NN_FloatTensor:$input, NN_FloatTensor:$scale,
                   NN_FloatTensor:$mean, NN_FloatTensor:$variance,
                   NN_FloatTensor:$grad, F32Attr:$epsilon,
                   OptionalAttr<ConfinedAttr<I64Attr, [IntMinValue<2>]>>:$replicas);
  let results = (outs NN_FloatTensor:$input_grad, NN_FloatTensor:$scale_grad,
                  NN_FloatTensor:$bias_grad);
  let assemblyFormat = [{
    $input `,` $scale `,` $mean `,` $variance `,` $grad attr-dict `:`
    functional-type(operands, results)
  }];
}

// The convolution attributes of nn.conv, shared by its backward ops.
defvar NN_ConvAttrs = (ins DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                       DenseI64ArrayAttr:$dilations, I64Attr:$group);

def NN_ConvInputGradOp : NN_Op<"conv_input_grad", [Pure]> {
  let summary = "gradient of nn.conv's input: the transposed convolution of grad";
  let description = [{
    `result[n, c, i...] = sum over (m, k...) with o * stride + k * dilation -
    pad = i of grad[n, m, o...] * weight[m, c', k...]` (c' the channel within
    its group). The result type is the convolution input's; nn.conv of that
    type with `weight` must give `grad`'s type.
  }];
  let arguments = !con((ins NN_FloatTensor:$grad, NN_FloatTensor:$weight), NN_ConvAttrs);
  let results = (outs NN_FloatTensor:$output);
  let assemblyFormat = "$grad `,` $weight attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_ConvWeightGradOp : NN_Op<"conv_weight_grad", [Pure]> {
  let summary = "gradient of nn.conv's weight: input patches times grad";
  let description = [{
    `result[m, c', k...] = sum over (n, o...) of grad[n, m, o...] *
    input[n, c, o * stride + k * dilation - pad]` (zero outside the input).
    The result type is the weight's; nn.conv of `input` with it must give
    `grad`'s type.
  }];
  let arguments = !con((ins NN_FloatTensor:$input, NN_FloatTensor:$grad), NN_ConvAttrs);
  let results = (outs NN_FloatTensor:$output);
  let assemblyFormat = "$input `,` $grad attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

// The window attributes of nn.max_pool / nn.avg_pool.
defvar NN_PoolAttrs = (ins DenseI64ArrayAttr:$kernel_shape, DenseI64ArrayAttr:$strides,
                       DenseI64ArrayAttr:$pads, DenseI64ArrayAttr:$dilations,
                       BoolAttr:$ceil_mode);

def NN_MaxPoolGradOp : NN_Op<"max_pool_grad", [Pure, InferTypeOpAdaptor]> {
  let summary = "gradient of nn.max_pool's input";
  let description = [{
    Each window passes its gradient to the position of its maximum (the
    first in row-major window order on ties, as PyTorch does); positions in
    several windows sum. `grad` has nn.max_pool's result type for `input`.
  }];
  let arguments = !con((ins NN_FloatTensor:$input, NN_FloatTensor:$grad), NN_PoolAttrs);
  let results = (outs NN_FloatTensor:$output);
  let assemblyFormat = "$input `,` $grad attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_AvgPoolGradOp : NN_Op<"avg_pool_grad", [Pure]> {
  let summary = "gradient of nn.avg_pool's input";
  let description = [{
    Each window spreads its gradient evenly over the positions it averaged
    (its count with or without the padding, as `count_include_pad` says).
    The result type is the pooling input's.
  }];
  let arguments = !con((ins NN_FloatTensor:$grad), NN_PoolAttrs,
                       (ins BoolAttr:$count_include_pad));
  let results = (outs NN_FloatTensor:$output);
  let assemblyFormat = "$grad attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_NllLossOp : NN_Op<"nll_loss", [Pure, InferTypeOpAdaptor]> {
  let summary = "negative log-likelihood loss (ONNX NegativeLogLikelihoodLoss)";
  let description = [{
    `input` [N, C, d...] holds log-probabilities, `target` [N, d...] class
    indices. Each element's loss is `-input[n, target, d...] * weight[target]`
    (weight 1 without `weight`), and 0 where target equals `ignore_index`.
    `reduction`: "none" keeps [N, d...], "sum" adds, "mean" divides the sum by
    the sum of the weights of the elements not ignored.
  }];
  let arguments = (ins NN_FloatTensor:$input, NN_IntTensor:$target,
                   Optional<NN_FloatTensor>:$weight, StrAttr:$reduction,
                   OptionalAttr<I64Attr>:$ignore_index);
  let results = (outs NN_FloatTensor:$output);
  let assemblyFormat = [{
    $input `,` $target (`weight` `(` $weight^ `)`)? attr-dict `:` functional-type(operands, results)
  }];
}

def NN_NllLossGradOp : NN_Op<"nll_loss_grad", [Pure, InferTypeOpAdaptor]> {
  let summary = "gradient of nn.nll_loss's input";
  let description = [{
    `output[n, c, d...] = -grad[(n, d...)] * weight[c] / denominator` where
    c is the element's target (and 0 elsewhere, and where ignored), with
    `grad` of nn.nll_loss's result type and the denominator of its reduction.
  }];
  let arguments = (ins NN_FloatTensor:$input, NN_IntTensor:$target,
                   Optional<NN_FloatTensor>:$weight, NN_FloatTensor:$grad,
                   StrAttr:$reduction, OptionalAttr<I64Attr>:$ignore_index);
  let results = (outs NN_FloatTensor:$output);
  let assemblyFormat = [{
    $input `,` $target `,` $grad (`weight` `(` $weight^ `)`)? attr-dict `:`
    functional-type(operands, results)
  }];
}

def NN_AllReduceOp : NN_Op<"all_reduce", [InferTypeOpAdaptor]> {
  let summary = "sum (or mean) of tensors over the replicas of a data-parallel step";
  let description = [{
    A data-parallel training step runs in `replicas` processes at once, each
    on its shard of the global batch. Each result is its operand summed
    element by element over the replicas, divided by `replicas` with `mean`:
    the averaged parameter gradients of a step. The compiled code passes all
    operands to the runtime in one call (qat_model_options.all_reduce).

    It is a collective: every replica must run the same all_reduce ops in
    the same order, with the same types. The op declares no memory effects
    on purpose (unknown effects): it is never removed, merged or moved.
  }];
  let arguments = (ins Variadic<StaticShapeTensorOf<[F32]>>:$inputs,
                   ConfinedAttr<I64Attr, [IntMinValue<2>]>:$replicas, UnitAttr:$mean);
  let results = (outs Variadic<StaticShapeTensorOf<[F32]>>:$outputs);
  let assemblyFormat = "$inputs attr-dict `:` type($inputs)";
  let hasVerifier = 1;
}

#endif // QAT_NN_TRAINING_OPS
