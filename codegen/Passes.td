//===- Passes.td - code generation passes ---------------------*- tablegen -*-===//

#ifndef QAT_CODEGEN_PASSES
#define QAT_CODEGEN_PASSES

include "mlir/Pass/PassBase.td"

def LowerNNToLinalg : Pass<"qat-lower-nn-to-linalg", "mlir::ModuleOp"> {
  let summary = "Lower nn and qat ops to linalg, tensor, arith and math on tensors";
  let description = [{
    Every nn op becomes linalg on tensors: convolutions and pooling as
    linalg.generic windows over a padded input, matmul/gemm as contractions,
    elementwise ops as broadcasting linalg.generic, data movement as tensor
    ops. The qat quantizers (fake_quant, quantize, dequantize) become one
    linalg.generic each, the scale and zero point indexed by granularity.
    Unsigned integer element types (ONNX uint8, ...) become signless; the
    ops that care (div, max, cast, compare) pick the unsigned arith op.
    nn.all_reduce and the replicas' sums of SyncBatchNorm become a call of
    `qat_all_reduce_f32` on a fresh flat buffer (memref.alloc,
    bufferization.materialize_in_destination, bufferization.to_tensor
    restrict), declared here.
  }];
  let dependentDialects = [
    "mlir::linalg::LinalgDialect", "mlir::tensor::TensorDialect",
    "mlir::arith::ArithDialect", "mlir::math::MathDialect", "mlir::scf::SCFDialect",
    "mlir::bufferization::BufferizationDialect", "mlir::memref::MemRefDialect",
    "mlir::func::FuncDialect"
  ];
}

def FuseElementwise : Pass<"qat-fuse-elementwise", "mlir::ModuleOp"> {
  let summary = "Fuse elementwise linalg producers into consumers, except into reductions";
  let description = [{
    Upstream elementwise fusion with one restriction: nothing is fused into
    an op with reduction loops, so contractions (GEMM, im2col convolution)
    stay in the form the kernel-call pass matches, and their epilogues (bias,
    ReLU, residual add) fuse among themselves.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect"];
}

def CancelTransposes : Pass<"qat-cancel-transposes", "mlir::ModuleOp"> {
  let summary = "Remove a transpose and its inverse around an elementwise op (and a pad)";
  let description = [{
    On tensors: `transpose(pad(E(..., expand(transpose(Z)), ...)))`, E an
    all-parallel linalg.generic whose other inputs are broadcasts, becomes
    `pad'(E'(..., expand'(Z), ...))` with E' iterating in the outer
    transpose's order, when the two permutations and the reshapes between
    them compose to a reshape of Z (the pad is optional). Pixel-row integer
    convolutions (channels-last) feeding each other leave this chain
    around their requantization.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect", "mlir::tensor::TensorDialect"];
}

def CollapseElementwiseDims : Pass<"qat-collapse-elementwise-dims", "mlir::ModuleOp"> {
  let summary = "Merge the loop dims of elementwise generics that every operand reads contiguously";
  let description = [{
    On tensors: an all-parallel linalg.generic gets each maximal run of
    consecutive loops that every indexing map keeps contiguous (or drops)
    collapsed into one loop (reshapes around it), so an elementwise op over
    N x C x 7 x 7 loops over N*C*49 and a per-channel broadcast over
    [N, C, 49]: long innermost loops for LLVM's vectorizer. What a kernel
    call absorbs keeps its shape (the bias broadcast that initializes a
    contraction; ReLU, Clip and residual adds on its result), and generics
    using linalg.index are kept.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect", "mlir::tensor::TensorDialect"];
}

def ReuseOperandBuffers : Pass<"qat-reuse-operand-buffers", "mlir::ModuleOp"> {
  let summary = "Give each tensor.empty one use, and let elementwise ops write into a dying operand";
  let description = [{
    Prepares linalg on tensors for one-shot bufferization, which gives a
    tensor.empty one buffer however many ops use it as their init:
    - an elementwise linalg.generic whose init is a tensor.empty takes as
      its init an input of the same type, read through the identity map,
      that it is the only user of (so bufferization updates that buffer in
      place instead of allocating another, e.g. ReLU after a convolution);
    - every remaining tensor.empty with several uses is cloned per use, so
      unrelated results get unrelated buffers. Shared buffers force the
      zero-padded copies in front of convolutions to stay (the kernel-call
      pass can fold a copy only if its source is not overwritten before
      the convolution reads it).
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect", "mlir::tensor::TensorDialect"];
}

def UpdateInputsInPlace : Pass<"qat-update-inputs-in-place", "mlir::ModuleOp"> {
  let summary = "Compute each result named like an argument in that argument's buffer";
  let description = [{
    Before one-shot bufferization of the public functions. A result whose
    `qat.name` is an argument's (same type) is that argument's new value: a
    training step's parameters and optimizer state. Its return operand
    becomes `bufferization.materialize_in_destination` into the argument,
    so bufferization computes it in the argument's buffer (in place when
    nothing reads the old value afterwards, else through one copy). Every
    other argument is marked `bufferization.writable = false`: the caller's
    buffer is read-only. The function records the pairs in
    `qat.updated_inputs` (per result: the argument index or -1), which
    `qat-forward-output-buffers` and the C ABI (runtime/qat_model.h) read.
  }];
  let dependentDialects = ["mlir::bufferization::BufferizationDialect"];
}

def ForwardOutputBuffers : Pass<"qat-forward-output-buffers", "mlir::ModuleOp"> {
  let summary = "Compute outputs in their out-params instead of copying them there";
  let description = [{
    After `buffer-results-to-out-params`, on public functions:
    - a result computed in a `memref.alloc` and then copied into its
      out-param is computed in the out-param (when nothing uses the
      allocation after the copy and nothing else touches the out-param);
    - the copy of an argument into the out-param of a result that
      `qat.updated_inputs` ties to it is erased: the C ABI passes the same
      buffer for both (runtime/qat_model.h).
  }];
  let dependentDialects = ["mlir::memref::MemRefDialect"];
}

def ElideCopies : Pass<"qat-elide-copies", "mlir::func::FuncOp"> {
  let summary = "Compute an elementwise result in the buffer (or view) it is copied into";
  let description = [{
    On buffers: a `memref.copy` from an allocation written by one
    elementwise linalg op (and used by nothing else) into a view of another
    allocation (a padded buffer's interior) or into that allocation
    becomes that op writing the target directly. The target's allocation,
    its whole-buffer fills (the padding) and the view move before the op;
    the copy and the temporary are erased.

    With `into-slices` (after the kernel calls are made), a temporary
    copied whole into a contiguous static slice of another allocation (a
    concatenation's input at batch 1) is replaced by that slice in every
    op that writes or reads it (kernel calls through casts and reshapes,
    linalg ops), when nothing else touches the slice from the temporary's
    first use to the copy (codegen/SliceForwarding.h).
  }];
  let options = [
    Option<"intoSlices", "into-slices", "bool", /*default=*/"false",
           "Also compute temporaries with several writers in the slice they are copied into">,
  ];
  let dependentDialects = ["mlir::memref::MemRefDialect", "mlir::linalg::LinalgDialect"];
}

def BufferLifetimes : Pass<"qat-buffer-lifetimes", "mlir::func::FuncOp"> {
  let summary = "Allocate each buffer right before its first use and free it right after its last";
  let description = [{
    On buffers, after buffer-deallocation-pipeline (which frees at the end
    of each block): a `memref.alloc` deallocated once in its own block, all
    of whose uses (through views: any memref result of a user is followed
    as an alias) are in that block or nested in its ops, moves down to
    right before the first op using it, and its `memref.dealloc` up to
    right after the last. The runtime's buffer pool reuses the last block
    freed of a size first, so a layer writes a buffer an earlier layer of
    the same call just freed (still in cache) instead of one untouched
    since the previous call. A buffer returned, or used by an op whose
    non-memref results might carry its address, is left alone.
  }];
  let dependentDialects = ["mlir::memref::MemRefDialect"];
}

def ZeroPaddingOnce : Pass<"qat-zero-padding-once", "mlir::ModuleOp"> {
  let summary = "Zero a padded buffer's border when its block is first allocated, not on every call";
  let description = [{
    On buffers, after the kernel calls are made: an allocation filled with
    zero bits whose later uses (through its views), in its block, are writes
    (none reading it, all under constant-bound loops or the qat_isa()
    dispatch), then reads, then its deallocation, loses the fill and is
    marked `qat.kept_buffer_site = N`. qat-kept-buffers-to-llvm lowers it to
    the runtime pool's per-site allocation, whose new blocks are zeroed
    once and whose reused blocks keep what the fill alone wrote. Calls are
    judged by their callee's body; an external callee disqualifies.
  }];
  let dependentDialects = ["mlir::memref::MemRefDialect"];
}

def KeptBuffersToLLVM : Pass<"qat-kept-buffers-to-llvm", "mlir::ModuleOp"> {
  let summary = "Lower the allocations qat-zero-padding-once marked to the pool's per-site allocation";
  let description = [{
    Before finalize-memref-to-llvm: a memref.alloc carrying
    `qat.kept_buffer_site = N` becomes a call of
    `qat_buffer_alloc_kept(alignment, bytes, N)` (runtime/kernels/buffer_pool.c)
    and a memref descriptor of the static shape around the pointer.
  }];
  let dependentDialects = ["mlir::LLVM::LLVMDialect"];
}

def VectorizeTransposes : Pass<"qat-vectorize-transposes", "mlir::ModuleOp"> {
  let summary = "Transposing copies (2-D after grouping dimensions) in register tiles";
  let description = [{
    A linalg.transpose, or an elementwise copy reading a permuted view,
    whose dimensions form two contiguous groups swapped between input and
    output (a 2-D transpose with row strides) of 8-, 16- or 32-bit
    elements becomes loops over T x T tiles (T = 128 / element bits): T
    row loads, log2(T) stages of interleaves at doubling lane widths, T
    row stores; scalar loops for the edges. LLVM vectorizes the plain loop
    as a gather of single elements.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect", "mlir::memref::MemRefDialect",
                           "mlir::scf::SCFDialect", "mlir::vector::VectorDialect"];
}

def ReassociateReductions : Pass<"qat-reassociate-reductions", "mlir::ModuleOp"> {
  let summary = "Let LLVM reorder the float additions that accumulate a linalg reduction";
  let description = [{
    Marks every float `arith.addf` in the body of a linalg op with a
    reduction loop `fastmath<reassoc>`. Without it LLVM's loop vectorizer
    must keep a sum's sequential order and runs it one element per add
    latency; with it the sum splits across vector lanes (a different, not
    a less exact, order). The sums of training (batch statistics, their
    gradients, bias and scale gradients) are most of a training step's
    non-kernel time. Elementwise ops and the runtime kernels are untouched.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect"];
}

def ApproximateMath : Pass<"qat-approximate-math", "mlir::ModuleOp"> {
  let summary = "float32 exp, expm1, tanh, erf, log, log1p, log2 as polynomial approximations";
  let description = [{
    Replaces the float32 math ops that would become libm calls (which LLVM
    cannot vectorize) with MLIR's polynomial approximations (plain
    arithmetic, a few ulp from libm), so the loops around them vectorize.
    float64 ops keep libm.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect", "mlir::math::MathDialect",
                           "mlir::vector::VectorDialect"];
}

def FlattenElementwiseBuffers : Pass<"qat-flatten-elementwise-buffers", "mlir::ModuleOp"> {
  let summary = "Run an elementwise generic over whole contiguous buffers as one loop";
  let description = [{
    An all-parallel linalg.generic on memrefs whose every operand is a
    whole static buffer with the identity layout, read and written through
    the identity map, becomes the same generic on 1-D collapse_shape views.
    qat-collapse-elementwise-dims keeps the shape of the ops a kernel call
    may absorb; those it did not absorb would otherwise loop over short
    innermost dimensions (a 14-wide row), which LLVM unrolls and vectorizes
    across rows with gathers.
  }];
  let dependentDialects = ["mlir::memref::MemRefDialect"];
}

def KeepInnerLoops : Pass<"qat-keep-inner-loops", "mlir::ModuleOp"> {
  let summary = "Ask LLVM not to unroll short inner loops, so that it vectorizes them";
  let description = [{
    An innermost scf.for inside another loop whose static trip count lies
    strictly between `min-trips` and `max-trips` gets an
    `llvm.loop_annotation` with `unroll<disable = true>`. LLVM's full
    unroller would otherwise flatten it (a 7x7 plane: 49 iterations) before
    the loop vectorizer runs, which then vectorizes the enclosing loop with
    gathers and scatters across rows. qat-loop-annotations-to-llvm carries
    the annotation to the LLVM branch after convert-cf-to-llvm.
  }];
  let options = [
    Option<"minTrips", "min-trips", "uint64_t", /*default=*/"16",
           "Annotate loops of more iterations than this (a vector's worth)">,
    Option<"maxTrips", "max-trips", "uint64_t", /*default=*/"256",
           "and fewer than this (longer loops are not fully unrolled anyway)">
  ];
  let dependentDialects = ["mlir::LLVM::LLVMDialect"];
}

def LoopAnnotationsToLLVM : Pass<"qat-loop-annotations-to-llvm", "mlir::ModuleOp"> {
  let summary = "Turn the llvm.loop_annotation attribute of LLVM branches into their loop annotation";
  let description = [{
    convert-scf-to-cf puts an scf.for's `llvm.loop_annotation` on its back
    edge and convert-cf-to-llvm keeps it there as a discardable attribute,
    which the translation to LLVM IR ignores. This moves it into the
    `loop_annotation` of llvm.br / llvm.cond_br, which becomes the
    branch's `!llvm.loop` metadata.
  }];
}

def OutlineLoopNests : Pass<"qat-outline-loop-nests", "mlir::ModuleOp"> {
  let summary = "Move each top-level loop nest of a public function into its own function";
  let description = [{
    A compiled model (and, more so, a training step) is one function with
    thousands of loops; LLVM's function passes (scalar evolution, dominator
    updates) grow faster than linearly with a function's size, so a
    mobilenet_v2 training step spent over two minutes in LLVM. Each
    top-level op with regions (scf.for, scf.parallel, scf.if, ...) of a
    public function's body becomes a call to an internal, never-inlined
    function taking the values it uses from above as arguments; constants
    and other operand-free pure ops it uses are cloned in, so LLVM still
    sees them. Nests of fewer than `min-ops` operations stay in place.

    A top-level scf.for marked `qat.parallel` (qat-parallel-linalg-to-loops,
    or the integer kernels) that executes at least `min-parallel-work`
    operations becomes a call of a function of its range: the values it
    uses, then its lower and upper bounds, the step as the function's
    `qat.parallel_range` attribute; so do such loops at the top of the
    other functions with a body. qat-parallel-calls then runs the calls
    on the model's threads. The `qat.parallel` marks are removed.
  }];
  let options = [
    Option<"minOps", "min-ops", "unsigned", /*default=*/"8",
           "Outline only nests with at least this many operations">,
    Option<"minParallelWork", "min-parallel-work", "double", /*default=*/"32768",
           "Outline a qat.parallel loop as a range function when it executes at "
           "least this many operations (constant trip counts times body sizes)">
  ];
  let dependentDialects = ["mlir::func::FuncDialect", "mlir::LLVM::LLVMDialect"];
}

def ParallelLinalgToLoops : Pass<"qat-parallel-linalg-to-loops", "mlir::ModuleOp"> {
  let summary = "Lower linalg ops whose outer loop is parallel to loops, marking that loop";
  let description = [{
    Before convert-linalg-to-loops: a linalg op on buffers whose first loop
    is a parallel dimension that every output's indexing map (a projected
    permutation) keeps, whose inputs either share no memory with an output
    or share it element for element and are read through that output's
    map, and whose outputs share none, is lowered to the loops
    convert-linalg-to-loops makes, the outermost marked `qat.parallel`:
    its iterations write distinct elements and read none another writes.
    Buffers share no memory when they view different allocations (or an
    allocation and anything else, or different globals); element for
    element when they are one value, reshapes of one value to one type, or
    two function arguments or their reshapes to one type (the C ABI passes
    an updated input and its output as one buffer or two); other views of
    one buffer (subviews) count as overlapping unknowably. A generic whose
    first loop is a reduction gets a parallel dimension moved first when
    one qualifies. A memref.copy of 1 MiB or more between static identity
    buffers becomes a marked loop of 64K-element copies and the rest.
  }];
  let dependentDialects = ["mlir::scf::SCFDialect", "mlir::memref::MemRefDialect",
                           "mlir::arith::ArithDialect", "mlir::affine::AffineDialect"];
}

def ParallelCalls : Pass<"qat-parallel-calls", "mlir::ModuleOp"> {
  let summary = "Run calls of range functions on the model's threads (LLVM dialect)";
  let description = [{
    After convert-func-to-llvm: a call of a function marked
    `qat.parallel_range = step` (qat-outline-loop-nests), whose last two
    arguments are the range [lo, hi), becomes
    `qat_parallel_range(lo, hi, step, @f_range, args)`: the other arguments
    are stored into a struct on the caller's stack (allocated in its entry
    block), and `@f_range(args, lo, hi)`, made once per function, loads
    them and calls the function on one sub-range. The runtime
    (runtime/kernels/thread_pool.c) cuts [lo, hi) at multiples of the step,
    one piece per thread of the model instance, or calls it once.
  }];
  let dependentDialects = ["mlir::LLVM::LLVMDialect"];
}

def OutlinedNoAlias : Pass<"qat-outlined-noalias", "mlir::ModuleOp"> {
  let summary = "Mark the buffer arguments of outlined loop nests noalias in the LLVM dialect";
  let description = [{
    Runs after convert-func-to-llvm: the `qat.noalias_arguments` positions
    that qat-outline-loop-nests recorded (aligned pointers of memref
    arguments viewing distinct allocations) get `llvm.noalias`, so LLVM
    vectorizes the outlined loops without run-time overlap checks, as it
    did when the allocations were in the same function.
  }];
}

def FlattenConstantGlobals : Pass<"qat-flatten-constant-globals", "mlir::ModuleOp"> {
  let summary = "Give every multi-dimensional memref.global one dimension, reshaped where read";
  let description = [{
    MLIR's translation to LLVM IR builds one LLVM constant array per
    innermost row of a global's initializer: a 1280x320x1x1 weight becomes
    409,600 one-element arrays, and a model's weights took tens of seconds
    to translate. A one-dimensional global is one raw data array. Each
    memref.get_global of the old shape becomes a get_global of the flat
    global and a memref.expand_shape back to the shape its users expect.
  }];
  let dependentDialects = ["mlir::memref::MemRefDialect"];
}

def ContractionsToKernelCalls : Pass<"qat-contractions-to-kernel-calls", "mlir::ModuleOp"> {
  let summary = "Call the runtime's f32 kernels for GEMMs and 2-D convolutions on buffers";
  let description = [{
    On memrefs, after bufferization:
    - a linalg.generic that computes C[m, n] += A[m, k] * B[k, n] (A or B
      possibly transposed) becomes `qat_sgemm_f32`, the packed GEMM
      (runtime/kernels/sgemm.c; AVX-512 12x32, AVX2 6x16 or portable,
      chosen at run time);
    - linalg.conv_2d_nchw_fchw becomes `qat_conv2d_f32`, an implicit GEMM
      that packs B panels straight from the image (no im2col buffer);
    - linalg.depthwise_conv_2d_nchw_chw becomes `qat_depthwise_conv2d_f32`;
    - the 2-D f32 max pooling generic (marked `qat.max_pool2d`, its body
      still the pooling fold) becomes `qat_max_pool2d_f32`, its -inf-padded
      input copy folded into the pads.
    A zero-padded copy in front of a convolution folds into its pads, and
    (with `fuse-epilogues`) the start value before the call (bias broadcast,
    zero fill) and an in-place residual add / clamp after it are absorbed
    into the kernel's stores, in the unfused order of additions
    (codegen/KernelEpilogue.cpp). Compiled models link libqatkernels.a.
  }];
  let options = [
    Option<"fuseEpilogues", "fuse-epilogues", "bool", /*default=*/"true",
           "Absorb the bias/zero prologue and the residual/clamp epilogue into the call">
  ];
  let dependentDialects = ["mlir::func::FuncDialect", "mlir::memref::MemRefDialect"];
}

def IntegerKernels : Pass<"qat-integer-kernels", "mlir::ModuleOp"> {
  let summary = "Generate the integer GEMM and depthwise kernels (VNNI / AVX-512, AVX2) and dispatch on qat_isa()";
  let description = [{
    On memrefs, after bufferization: every linalg.generic marked
    `qat.int_gemm` (codegen/IntegerGemm.h: u8 A [Pp, Kp], packed s8 weights
    [Kp/4, 4 Np], i32 C [Pp, Np]) gets two generated micro-kernels, written
    in the vector dialect with x86 intrinsics through llvm.call_intrinsic:
    AVX-512 VNNI (vpdpbusd, 4 x 32 tile) and AVX2 (vpmaddubsw + vpmaddwd,
    4 x 16 tile; with weights split into nibbles in registers when a s16
    pair sum could saturate). The generic is replaced by a branch on
    `qat_isa()` (the QAT_ISA switch): VNNI kernel, AVX2 kernel, or the
    generic loops. Each kernel function carries its target features.
    Generics marked `qat.int_depthwise` (codegen/IntegerDepthwise.h) get
    the depthwise kernel, compiled for AVX-512 (level >= 2) and AVX2. When
    C's only earlier writer is a zero fill (or a copy of a zero-filled
    buffer), the kernels start from zero without reading C and the fill
    moves into the generic branch.

    `isa` pins the variant (qat-compile --target-cpu): `all` (default)
    emits every kernel and dispatches at run time; `avx512-vnni`, `avx512`
    or `avx2` emits only the kernels that CPU runs best (VNNI GEMMs and
    AVX-512 depthwise; AVX2 GEMMs and AVX-512 depthwise; AVX2 both),
    behind one `qat_isa()` check that falls back to the generic loops;
    `generic` emits no kernel.
  }];
  let options = [
    Option<"kernelIsa", "isa", "std::string", /*default=*/"\"all\"",
           "all | avx512-vnni | avx512 | avx2 | generic">,
  ];
  let dependentDialects = ["mlir::func::FuncDialect", "mlir::scf::SCFDialect",
                           "mlir::vector::VectorDialect", "mlir::LLVM::LLVMDialect",
                           "mlir::arith::ArithDialect", "mlir::memref::MemRefDialect"];
}

def RecordLayers : Pass<"qat-record-layers", "mlir::ModuleOp"> {
  let summary = "Record the model's layers (ONNX node names, ops, MACs) for the profiler";
  let description = [{
    Before lowering (on nn / qat ops): every op whose location names an
    ONNX node (the importer's NameLoc) becomes a layer, in program order:
    {name, op, macs} in the module attribute `qat.layers`, where op is the
    op's name (`nn.conv`) and macs its multiply-adds (conv: output elements
    times weight elements per filter; matmul and gemm: output elements
    times the reduction length; 0 otherwise). qat-profile-layers reads it.
  }];
}

def ProfileLayers : Pass<"qat-profile-layers", "mlir::ModuleOp"> {
  let summary = "Time each layer of the model's functions (qat-compile --profile)";
  let description = [{
    On memrefs, before the loops: in every public function with a body,
    before the first top-level op of each run of ops that belong to one
    layer (their location's first node name), a call to
    `qat_prof_mark(id)`, and `qat_prof_mark(-1)` before each return
    (runtime/kernels/profile.h). Ops that only allocate, free, view or
    name constants do not change the layer. The layers' table (from
    `qat.layers`, plus the names only found here) becomes the JSON string
    that `qat_profile_layers()` returns.
  }];
  let dependentDialects = ["mlir::func::FuncDialect", "mlir::LLVM::LLVMDialect",
                           "mlir::arith::ArithDialect"];
}

#endif // QAT_CODEGEN_PASSES
