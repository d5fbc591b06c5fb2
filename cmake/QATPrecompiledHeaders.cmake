# Precompiled MLIR headers. Every C++ file of the compiler includes a large
# part of MLIR's headers (Linalg alone pulls in most dialects and interfaces):
# parsing them was ~90% of each file's compile time. Precompiling them makes a
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

# Targets whose files compile with the same language options share one
# precompiled header (CMake's REUSE_FROM): the first target of a group builds
# it, the others use it (7 headers of ~20 s CPU each were 2.5 minutes of
# every clean build). The libFuzzer coverage option of the fuzzed directories
# (QAT_FUZZ_COVERAGE) is a language option clang checks when it loads a
# header, so those directories are a group of their own. Extra macros
# (frontend's ONNX_ML) do not conflict with the header's.
function(qat_precompile_mlir_headers target)
  if(NOT QAT_PCH)
    return()
  endif()
  get_directory_property(dir_options COMPILE_OPTIONS)
  set(group plain)
  if(QAT_FUZZ_COVERAGE AND "${QAT_FUZZ_COVERAGE}" IN_LIST dir_options)
    set(group fuzz_coverage)
  endif()
  get_property(owner GLOBAL PROPERTY QAT_PCH_OWNER_${group})
  if(owner)
    target_precompile_headers(${target} REUSE_FROM ${owner})
  else()
    target_precompile_headers(${target} PRIVATE ${QAT_PCH_HEADERS})
    set_property(GLOBAL PROPERTY QAT_PCH_OWNER_${group} ${target})
  endif()
  # Without the timestamp ccache can reuse objects built with the header.
  target_compile_options(${target} PRIVATE -Xclang -fno-pch-timestamp)
endfunction()
