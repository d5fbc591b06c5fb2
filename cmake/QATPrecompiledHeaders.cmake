# Precompiled MLIR headers. Every C++ file of the compiler includes a large
# part of MLIR's headers (Linalg alone pulls in most dialects and interfaces):
# parsing them was ~90% of each file's compile time. One precompiled header
# per target (targets differ in flags, so they cannot share one) makes a
# clean build about twice as fast, which is most of CI's wall clock.
# Only upstream headers go here: the project's own headers change often and
# would rebuild every precompiled header on each edit.
# -DQAT_PCH=OFF builds without them (to check that each file includes what
# it uses).
option(QAT_PCH "Precompile the MLIR headers" ON)

set(QAT_PCH_HEADERS
  <mlir/IR/Builders.h>
  <mlir/IR/BuiltinOps.h>
  <mlir/IR/PatternMatch.h>
  <mlir/IR/Matchers.h>
  <mlir/Pass/Pass.h>
  <mlir/Transforms/DialectConversion.h>
  <mlir/Transforms/GreedyPatternRewriteDriver.h>
  <mlir/Dialect/Arith/IR/Arith.h>
  <mlir/Dialect/Func/IR/FuncOps.h>
  <mlir/Dialect/Linalg/IR/Linalg.h>
  <mlir/Dialect/Math/IR/Math.h>
  <mlir/Dialect/MemRef/IR/MemRef.h>
  <mlir/Dialect/SCF/IR/SCF.h>
  <mlir/Dialect/Tensor/IR/Tensor.h>
  <llvm/ADT/DenseMap.h>
  <llvm/ADT/SmallVector.h>
  <llvm/ADT/STLExtras.h>
  <llvm/Support/raw_ostream.h>
)

function(qat_precompile_mlir_headers target)
  if(QAT_PCH)
    target_precompile_headers(${target} PRIVATE ${QAT_PCH_HEADERS})
    # Without the timestamp ccache can reuse objects built with the header.
    target_compile_options(${target} PRIVATE -Xclang -fno-pch-timestamp)
  endif()
endfunction()
