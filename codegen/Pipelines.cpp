//===- Pipelines.cpp - the compilation pipelines ---------------------------===//
//
// nn graph -> linalg on tensors -> buffers -> loops -> LLVM dialect. The
// stages are textual pipelines of registered passes so that a user can run
// any prefix with qat-opt and read the IR.
//
//===----------------------------------------------------------------------===//
#include "codegen/Pipelines.h"

#include "mlir/Pass/PassRegistry.h"

using namespace mlir;

std::vector<std::pair<std::string, std::string>>
qat::codegen::loweringStages(bool fuse, const std::string &kernelIsa) {
  return {
      {"linalg", std::string("qat-lower-nn-to-linalg,canonicalize,") +
                     (fuse ? "qat-fuse-elementwise," : "") +
                     "qat-cancel-transposes,qat-collapse-elementwise-dims,canonicalize,cse,qat-reuse-operand-buffers"},
      {"bufferize",
       "qat-update-inputs-in-place,"
       "one-shot-bufferize{bufferize-function-boundaries "
       "function-boundary-type-conversion=identity-layout-map},"
       "canonicalize,buffer-results-to-out-params{modify-public-functions},"
       "qat-forward-output-buffers,buffer-deallocation-pipeline,canonicalize,func.func(qat-elide-copies),qat-contractions-to-kernel-calls" +
           std::string(fuse ? "" : "{fuse-epilogues=false}") + ",qat-integer-kernels" +
           (kernelIsa == "all" ? std::string() : "{isa=" + kernelIsa + "}") +
           // The kernels' epilogues leave byte copies of their outputs
           // that can now write the next layer's padded buffer, and the
           // kernel calls can write the slices of a concatenation.
           ",func.func(qat-elide-copies{into-slices}),func.func(qat-buffer-lifetimes)"},
      {"loops", "qat-zero-padding-once,qat-reassociate-reductions,qat-vectorize-transposes,qat-flatten-elementwise-buffers,qat-parallel-linalg-to-loops,convert-linalg-to-loops,lower-affine,qat-approximate-math,canonicalize,cse,qat-keep-inner-loops,qat-outline-loop-nests"},
      {"llvm",
       // math.ipowi (integer Pow) has no LLVM lowering: an outlined loop.
       // Buffers come from an aligned allocation, not malloc plus pointer
       // arithmetic (inttoptr), so that LLVM's alias analysis tells them
       // apart: without it no loop over several buffers hoists or vectorizes.
       // The generic functions are the runtime's buffer pool
       // (runtime/kernels/buffer_pool.c; the driver marks them as allocators).
       "qat-flatten-constant-globals,convert-math-to-funcs{convert-ctlz=false},"
       "convert-vector-to-scf,convert-scf-to-cf,expand-strided-metadata,lower-affine,"
       "convert-vector-to-llvm,qat-kept-buffers-to-llvm,"
       "finalize-memref-to-llvm{use-aligned-alloc use-generic-functions},convert-math-to-llvm,convert-math-to-libm,"
       "convert-arith-to-llvm,convert-index-to-llvm,convert-func-to-llvm,qat-outlined-noalias,qat-parallel-calls,"
       "convert-cf-to-llvm,qat-loop-annotations-to-llvm,reconcile-unrealized-casts"},
  };
}

LogicalResult qat::codegen::buildLowerToLLVMPipeline(OpPassManager &pm) {
  for (const auto &[name, text] : loweringStages())
    if (failed(parsePassPipeline(text, pm)))
      return failure();
  return success();
}

void qat::codegen::registerQATPipelines() {
  PassPipelineRegistration<>(
      "qat-lower-to-llvm",
      "Lower an nn graph to the LLVM dialect (linalg, bufferize, loops, llvm)",
      [](OpPassManager &pm) { (void)buildLowerToLLVMPipeline(pm); });
}
