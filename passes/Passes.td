//===- Passes.td - graph-level QAT passes ---------------------*- tablegen -*-===//

#ifndef QAT_PASSES
#define QAT_PASSES

include "mlir/Pass/PassBase.td"

def FoldBatchNorm : Pass<"qat-fold-batchnorm", "mlir::func::FuncOp"> {
  let summary = "Fold inference BatchNormalization into the preceding Conv/Gemm";
  let description = [{
    `nn.batch_norm(nn.conv(x, W, b))` with constant W, b and BatchNorm
    parameters becomes `nn.conv(x, W', b')` with, per output channel c,

        k_c   = gamma_c / sqrt(var_c + eps)
        W'_c  = W_c * k_c
        b'_c  = (b_c - mean_c) * k_c + beta_c       (b = 0 when absent)

    computed in double and rounded once to the weight type. A Gemm whose
    output channels are the BatchNorm's (BatchNorm1d after Linear) folds the
    same way along B's output dimension. The producer must have no other
    user. This is for deployment graphs: a training graph keeps its
    BatchNorms (they train).
  }];
  let dependentDialects = ["mlir::arith::ArithDialect"];
}

def InsertFakeQuant : Pass<"qat-insert-fake-quant", "mlir::ModuleOp"> {
  let summary = "Quantize the weights and activations of every Conv, Gemm and MatMul";
  let description = [{
    Puts a `qat.fake_quant` on each weight (the constant operand) and each
    activation input of every `nn.conv`, `nn.gemm` and `nn.matmul`, and with
    `quantize-residual-add` on both inputs of every `nn.add` of two
    activations. Scales and zero points are `qat.parameter` values named
    `<layer>.weight_scale`, `<layer>.input_scale`, ..., so that calibration
    and the training step can find and update them.

    Weights are signed and symmetric. Their scales start from the LSQ
    initialization `2 mean|w| / sqrt(qmax)` (`quantizer=lsq`) or from
    `max|w| / qmax` (`quantizer=minmax`), per output channel, per tensor or
    per group of `group-size` input elements. `shift-group` is ShiftQuant
    (ALGORITHMS.md section 4): a per-channel scale parameter (initialized
    as above over the channel) times a power of two `2^-k`, `k` in
    `0..max-shift`, per group of `group-size` input elements, computed from
    the weights by `qat.shift_scale` (so it follows them as they train). Activations are per tensor,
    unsigned when they come from ReLU, ReLU6 or Clip(0, .), signed
    otherwise; their scale starts at `a-init-max / qmax` until calibration
    sets it (zero point 0; `a-asymmetric` makes the zero point a parameter
    too).

    Layers are named by their ONNX node name (the op's location). `skip`
    keeps the named layers in float, `skip-first-last` the first and last
    quantizable layer; `override-file` is a JSON object from layer name to
    `{"w-bits": N, "a-bits": N}` (either key optional) for mixed precision.
    An unknown layer name, malformed JSON or bits outside 2..16 fail the pass
    with one error. `quantize-outputs` puts an activation quantizer (named
    `output.<name>`) on every float result of the function, so that a
    deployed model's outputs are quantized too (and its QDQ export ends in
    one).
  }];
  let options = [
    Option<"wBits", "w-bits", "int64_t", "8", "Weight bit-width (2..16)">,
    Option<"aBits", "a-bits", "int64_t", "8", "Activation bit-width (2..16)">,
    Option<"wGranularity", "w-granularity", "std::string", "\"per-channel\"",
           "Weight scales: per-channel | per-tensor | per-group | shift-group">,
    Option<"groupSize", "group-size", "int64_t", "0",
           "Input elements per weight group (w-granularity=per-group or shift-group)">,
    Option<"maxShift", "max-shift", "int64_t", "4",
           "ShiftQuant's largest group shift K (w-granularity=shift-group; 0..15)">,
    Option<"quantizer", "quantizer", "std::string", "\"lsq\"",
           "Initial weight scales: lsq | minmax">,
    Option<"aAsymmetric", "a-asymmetric", "bool", "false",
           "Give activations a zero point (else symmetric / unsigned)">,
    Option<"aInitMax", "a-init-max", "double", "6.0",
           "Initial activation range before calibration: scale = a-init-max / qmax">,
    Option<"rounding", "rounding", "std::string", "\"divide\"",
           "How x / s is rounded: divide (ONNX QuantizeLinear) | reciprocal (PyTorch)">,
    Option<"skipFirstLast", "skip-first-last", "bool", "false",
           "Keep the first and last quantizable layers in float">,
    ListOption<"skip", "skip", "std::string", "Layers (node names) to keep in float">,
    Option<"overrideFile", "override-file", "std::string", "\"\"",
           "JSON: layer name -> {\"w-bits\": N, \"a-bits\": N}">,
    Option<"quantizeResidualAdd", "quantize-residual-add", "bool", "false",
           "Also quantize both inputs of additions of two activations">,
    Option<"quantizeOutputs", "quantize-outputs", "bool", "false",
           "Also quantize the graph's float outputs (a-bits, calibratable)">,
  ];
  let dependentDialects = ["qat::QATDialect", "mlir::arith::ArithDialect"];
}

def FoldQDQ : Pass<"qat-fold-qdq", "mlir::func::FuncOp"> {
  let summary = "Turn imported QDQ groups into qat.fake_quant";
  let description = [{
    An ONNX QDQ model imports as qat.quantize -> [nn.clip] -> qat.dequantize.
    With the same scale and zero point on both sides the group is one fake
    quantization: `dequantize(quantize(x))` becomes `fake_quant(x)` at the
    storage bit-width, and `dequantize(clip(quantize(x), lo, hi))` with
    constant bounds that are a b-bit range (signed or unsigned, possibly
    narrow) becomes `fake_quant(x)` with `bits = b`: the QCDQ convention for
    sub-8-bit values that qat-translate --export-onnx writes. A clip that is
    not such a range is left alone.
  }];
}

def CalibrationProbes : Pass<"qat-calibration-probes", "mlir::ModuleOp"> {
  let summary = "Return the float inputs of the activation quantizers from @main_graph";
  let description = [{
    The model that activation calibration runs: every `qat.fake_quant` of an
    activation (a non-constant input) whose scale is a `qat.parameter` is
    removed, so activations flow in float, and its input becomes one more
    result of `@main_graph`, named (`qat.name`) after the scale parameter.
    Weight quantizers stay: the activations are those of the quantized
    weights. qat-calibrate compiles and runs this model and writes the
    statistics back into the parameters. With `keep-quantizers` the
    quantizers stay and their inputs are still returned: the fake-quant
    model's activations, for comparing it layer by layer with another
    runtime.
  }];
  let options = [
    Option<"keepQuantizers", "keep-quantizers", "bool", "false",
           "Keep the activation quantizers (only add their inputs as results)">,
    Option<"batchStatistics", "batch-statistics", "bool", "false",
           "BatchNorm normalizes with the batch's statistics (what a training step "
           "sees), not the running ones">,
  ];
}

def LowerToInteger : Pass<"qat-lower-to-integer", "mlir::func::FuncOp"> {
  let summary = "Lower a fake-quant graph to integer contractions and requantization";
  let description = [{
    From a calibrated or trained fake-quant graph: every nn.conv, nn.gemm
    and nn.matmul whose activation is quantized per tensor (2..8 bits) and
    whose weight is a quantized constant becomes `qat.int_conv` /
    `qat.int_matmul` on levels (weights quantized here into i8 levels,
    ShiftQuant groups pre-shifted under one channel scale when b + K <= 8;
    the bias and the input zero point folded into an int32 bias), and every
    per-tensor activation quantizer whose input comes from such a
    contraction through ReLU, Clip, max pooling, reshape or transpose
    becomes `qat.requantize` (fixed-point multiplier and shift, ReLU/Clip as
    its clamp) with the pooling and moves on the levels. Between layers
    values stay integers; ops with no integer form see `qat.dequantize`d
    floats. A contraction with quantized activation and weight that has no
    integer form (run-time bits, more than 8 bits, per-group scales that are
    not powers of two apart, a possible int32 overflow) is an error naming
    the layer.
  }];
  let dependentDialects = ["qat::QATDialect", "mlir::arith::ArithDialect"];
}

def UseL1Norm : Pass<"qat-use-l1-norm", "mlir::ModuleOp"> {
  let summary = "Replace BatchNorm and LayerNorm by L1 normalization (qat.l1_norm)";
  let description = [{
    ALGORITHMS.md section 4: normalization by the mean absolute deviation
    (`sigma = sqrt(pi/2) mean|x - mu|`) instead of the standard deviation.
    `nn.batch_norm` becomes the batch form with running statistics: the
    running mean stays, the running variance becomes a running sigma of
    `sqrt(variance)` (equal for Gaussian data), named `<variance>.l1_sigma`;
    `qat-build-train-step` then trains it on batch statistics and updates
    both. `nn.layer_norm` becomes the layer form over the same dimensions (a
    missing bias is zero). Epsilon is kept. `batch-norm=false` /
    `layer-norm=false` leave that kind alone.
  }];
  let options = [
    Option<"batchNorm", "batch-norm", "bool", "true", "Rewrite nn.batch_norm">,
    Option<"layerNorm", "layer-norm", "bool", "true", "Rewrite nn.layer_norm">,
  ];
  let dependentDialects = ["qat::QATDialect", "mlir::arith::ArithDialect"];
}

def SplitBatch : Pass<"qat-split-batch", "mlir::ModuleOp"> {
  let summary = "Run a batch whose images never meet one image at a time";
  let description = [{
    A public function whose inputs all have batch N > 1 in dimension 0 and
    whose ops keep the images apart (convolutions, pooling, elementwise ops
    with constant operands that do not vary along the batch, reductions,
    softmax and normalization over other axes, reshapes and transposes that
    carry the batch along, Gemm/MatMul with the batch in their rows or batch
    dimensions, slices and concatenations along other axes) is rewritten at
    batch 1 and marked `qat.batch_split = N`; the C ABI then calls it N
    times on consecutive image slices (driver/AbiWrapper.cpp). Each image's
    layers then stay in cache where the batch's would not. The proof is value
    by value: a value is invariant (computed from constants only) or carries
    the batch along exactly one axis, and every op must map images to the
    same images; anything else (an op mixing images, an unknown op, an input
    without the batch) leaves the function as it is.

    `policy=auto` splits only when the batch's largest tensor is over 1 MiB
    and at least twice the constants (weights): every image reads the
    weights again, while the batch's large tensors are what leave the
    caches.
    `policy=always` splits whatever the sizes.
    The rewrite is checked: every op's inferred type and the function's
    verifier must agree, or the function stays at batch N with a warning.
  }];
  let options = [
    Option<"policy", "policy", "std::string", "\"auto\"",
           "auto (largest batched tensor over 1 MiB and >= 2x the weights) or always">,
  ];
}

def BuildTrainStep : Pass<"qat-build-train-step", "mlir::ModuleOp"> {
  let summary = "Build @train_step and @eval_step from a (fake-quant) @main_graph";
  let description = [{
    Adds two public functions beside `@main_graph`, whose arguments and
    results are named (`qat.name`) so that one library call is one step:

    `@train_step(parameters..., frozen..., state..., input, labels)
       -> (loss, correct, lr, parameters'..., state'..., [TR outputs...],
           [grad.<parameter>...])`
    `@eval_step(parameters..., frozen..., running statistics..., input, labels)
       -> (loss, correct)`

    - Parameters: every float constant in a weight position (convolution,
      Gemm, MatMul, BatchNorm scale/bias, LayerNorm, PRelu slope, a
      broadcast bias of Add) or with more than one element, named after its
      ONNX initializer (the location), and every `qat.parameter` scale.
      Weight scales are `frozen` under TR scheduling (inputs, not updated),
      as are the names in `frozen`. Zero points stay constants. Each argument
      carries its initial value (`qat.init`) and role (`qat.role`: param,
      frozen, state, input, labels).
    - BatchNorm trains on batch statistics (nn.batch_norm_train); its running
      mean and variance are state, updated with `bn-momentum` (the unbiased
      variance, as PyTorch). `@eval_step` uses them.
    - Loss: softmax cross-entropy of the first result against integer
      `labels` (`loss=cross-entropy`), or against float targets of the
      logits' shape (`loss=soft-cross-entropy`); mean over the batch;
      `correct` counts top-1 hits. `@eval_step` ignores label -1 (padding).
    - Gradients by reverse-mode autodiff (GradientOpInterface rules; an op
      without one is an error naming it). Quantizers pass gradients by STE
      and learn scales by LSQ, with gradient scale 1/sqrt(N qmax): N is the
      weight's element count, and one sample's feature count for
      activations.
    - Optimizer (`sgd` with `momentum`, `nesterov`, `weight-decay`; `adam`;
      `adamw`), its state named `<param>.momentum` / `.adam_m` / `.adam_v`.
      The step count `step` (i64, 0 before the first step) is state too.
      Learning rate `lr_t = lr (1 + cos(pi t / T)) / 2` (`lr-schedule=cosine`,
      T = `total-steps`) or `lr` (`constant`).
    - `schedule=tr`: transition-rate scheduling. Per quantized weight w (or
      once for all with `tr-scope=global`), with its quantizer's levels q:
      w' = w - U d (d the optimizer's direction), k = mean(q(w') != q(w)),
      K' = m K + (1 - m) k, R = lambda sqrt(b_w) (1 + cos(pi (t + 1) / T)) / 2,
      U' = max(0, U + eta (R - K')) (`talr-update=additive`) or
      U (R / max(K', 1e-12)) (`multiplicative`); K (`tr.<w>.running`) and U
      (`tr.<w>.talr`, starting at eta = `tr-eta`, default `lr`) are state,
      k and R are outputs (`tr.<w>.rate`, `tr.<w>.target`). Everything else
      follows lr_t. `schedule=lr` is the baseline: the same with learnable
      weight scales and no TALR.
    - `replicas=K` (K >= 2): a data-parallel `@train_step` that K processes
      run together, each on its shard of the global batch (the function's
      batch is the shard's). BatchNorm takes the statistics of all shards
      (SyncBatchNorm: `replicas` on nn.batch_norm_train/_grad), and the
      running variance is unbiased with the global count. The gradients are
      averaged over the replicas by one nn.all_reduce before the optimizer,
      so every replica applies the same update to the same parameters and
      computes the same TR state. `loss` and `correct` stay the shard's.
      L1 normalization's batch statistics likewise (`replicas` on
      qat.l1_norm). The function carries `qat.replicas = K`. `@eval_step`
      has no collectives.
  }];
  let options = [
    Option<"loss", "loss", "std::string", "\"cross-entropy\"",
           "cross-entropy (integer labels) | soft-cross-entropy (float targets)">,
    Option<"optimizer", "optimizer", "std::string", "\"sgd\"", "sgd | adam | adamw">,
    Option<"lr", "lr", "double", "0.01", "Base learning rate">,
    Option<"lrSchedule", "lr-schedule", "std::string", "\"cosine\"", "cosine | constant">,
    Option<"totalSteps", "total-steps", "int64_t", "1000", "T of the cosine schedules">,
    Option<"momentum", "momentum", "double", "0.9", "SGD momentum">,
    Option<"nesterov", "nesterov", "bool", "false", "Nesterov momentum">,
    Option<"weightDecay", "weight-decay", "double", "0.0",
           "L2 weight decay (SGD, Adam) or decoupled decay (AdamW)">,
    Option<"beta1", "beta1", "double", "0.9", "Adam beta1">,
    Option<"beta2", "beta2", "double", "0.999", "Adam beta2">,
    Option<"epsilon", "epsilon", "double", "1e-8", "Adam epsilon">,
    Option<"schedule", "schedule", "std::string", "\"lr\"", "lr | tr">,
    Option<"trLambda", "tr-lambda", "double", "5e-3", "TR target R_0 = lambda * sqrt(b_w)">,
    Option<"trM", "tr-m", "double", "0.99", "Momentum of the running TR">,
    Option<"trEta", "tr-eta", "double", "-1", "TALR gain and initial value (default: lr)">,
    Option<"trScope", "tr-scope", "std::string", "\"layer\"", "layer | global">,
    Option<"talrUpdate", "talr-update", "std::string", "\"additive\"",
           "additive | multiplicative">,
    Option<"trTarget", "tr-target", "std::string", "\"cosine\"",
           "Target decay: cosine | step (x0.1 at T/3 and 2T/3) | constant">,
    Option<"bnMomentum", "bn-momentum", "double", "0.1",
           "Running statistics: new = (1 - m) old + m batch">,
    Option<"grads", "grads", "bool", "false", "Also return grad.<parameter>">,
    Option<"replicas", "replicas", "int64_t", "1",
           "Processes a data-parallel @train_step runs in (each on a shard)">,
    ListOption<"frozen", "frozen", "std::string", "Parameters not to train">,
  ];
}

def Differentiate : Pass<"qat-differentiate", "mlir::ModuleOp"> {
  let summary = "Add @<f>_grad: a scalar function's value and its gradient";
  let description = [{
    For every public function whose first result is a rank-0 float tensor
    (or those named in `functions`), adds a public function `@<f>_grad` with
    the same arguments that returns that result, then the gradient of it with
    respect to each float argument (named `grad.<argument name>`; zeros
    where the result does not depend on the argument). Reverse-mode, through
    each op's GradientOpInterface rule: the instrument the rules are tested
    with (lit tests of the gradient IR, finite-difference checks of the
    compiled function), and a way to differentiate any nn graph.
  }];
  let options = [
    ListOption<"functions", "functions", "std::string",
               "Functions to differentiate (default: every public one with a scalar first result)">
  ];
}

#endif // QAT_PASSES
