# Einsum (opset 12) -> nn.einsum {equation}, the equation made explicit:
# spaces dropped; each '...' replaced by letters the equation does not use
# (the first free ones of A-Z, a-z; an operand with fewer dims under the
# ellipsis takes the last of them, numpy's right alignment); an implicit
# output (no '->') is the ellipsis letters followed by the letters seen
# exactly once, in alphabetical (ASCII) order. An operand dim of 1 whose
# letter is longer elsewhere is broadcast first (nn.expand). The result has
# the output letters' lengths and the first input's element type.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/matmul.onnx | FileCheck %s --check-prefix=MATMUL
# RUN: qat-translate --import-onnx %t/spaces.onnx | FileCheck %s --check-prefix=SPACES
# RUN: qat-translate --import-onnx %t/implicit_matmul.onnx | FileCheck %s --check-prefix=IMPLICIT
# RUN: qat-translate --import-onnx %t/implicit_transpose.onnx | FileCheck %s --check-prefix=IMPLTRANS
# RUN: qat-translate --import-onnx %t/diagonal.onnx | FileCheck %s --check-prefix=DIAG
# RUN: qat-translate --import-onnx %t/implicit_trace.onnx | FileCheck %s --check-prefix=TRACE
# RUN: qat-translate --import-onnx %t/ellipsis_batch_matmul.onnx | FileCheck %s --check-prefix=ELLIPSIS
# RUN: qat-translate --import-onnx %t/ellipsis_implicit.onnx | FileCheck %s --check-prefix=ELLIMPL
# RUN: qat-translate --import-onnx %t/ellipsis_skips_used_letters.onnx | FileCheck %s --check-prefix=ELLUSED
# RUN: qat-translate --import-onnx %t/broadcast_unit_dim.onnx | FileCheck %s --check-prefix=BCAST
# RUN: qat-translate --import-onnx %t/ellipsis_broadcast.onnx | FileCheck %s --check-prefix=ELLBCAST
# RUN: qat-translate --import-onnx %t/three_operands_int.onnx | FileCheck %s --check-prefix=THREE
# RUN: not qat-translate --import-onnx %t/term_count.onnx 2>&1 | FileCheck %s --check-prefix=TERMS
# RUN: not qat-translate --import-onnx %t/letters_per_operand.onnx 2>&1 | FileCheck %s --check-prefix=LETTERS
# RUN: not qat-translate --import-onnx %t/ellipsis_too_many_letters.onnx 2>&1 | FileCheck %s --check-prefix=ELLLETTERS
# RUN: not qat-translate --import-onnx %t/not_a_letter.onnx 2>&1 | FileCheck %s --check-prefix=NOTLETTER
# RUN: not qat-translate --import-onnx %t/output_letter_missing.onnx 2>&1 | FileCheck %s --check-prefix=OUTMISSING
# RUN: not qat-translate --import-onnx %t/output_letter_repeated.onnx 2>&1 | FileCheck %s --check-prefix=OUTREPEAT
# RUN: not qat-translate --import-onnx %t/lengths_differ.onnx 2>&1 | FileCheck %s --check-prefix=LENGTHS
# RUN: not qat-translate --import-onnx %t/no_equation.onnx 2>&1 | FileCheck %s --check-prefix=NOEQ

from onnx_fixture import main, single


def einsum(equation, *shapes, t="f32", out_rank=None):
    """Einsum of inputs x0, x1, ... of the given shapes; out_rank given:
    skip onnx.checker (its shape inference rejects the bad equations, and
    onnx 1.12's also ellipses standing for different numbers of dims)."""
    inputs = [(f"x{i}", t, list(s)) for i, s in enumerate(shapes)]
    out = ("y", t) if out_rank is None else ("y", t, out_rank)
    attrs = None if equation is None else dict(equation=equation)
    return single("Einsum", inputs, [out], attrs, opset=12, check=out_rank is None)


# MATMUL-LABEL: func.func @main_graph(%arg0: tensor<2x3xf32> {qat.name = "x0"}, %arg1: tensor<3x4xf32> {qat.name = "x1"}) -> (tensor<2x4xf32> {qat.name = "y"})
# MATMUL: %[[Y:.*]] = nn.einsum %arg0, %arg1 {equation = "ij,jk->ik"} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
# MATMUL: return %[[Y]] : tensor<2x4xf32>
def matmul():
    return einsum("ij,jk->ik", [2, 3], [3, 4])


# SPACES-LABEL: func.func @main_graph
# SPACES: nn.einsum %arg0, %arg1 {equation = "ij,jk->ik"} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
def spaces():
    return einsum(" ij , jk -> ik ", [2, 3], [3, 4])


# IMPLICIT-LABEL: func.func @main_graph
# IMPLICIT: nn.einsum %arg0, %arg1 {equation = "ij,jk->ik"} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
def implicit_matmul():
    return einsum("ij,jk", [2, 3], [3, 4])


# The implicit output sorts its letters: 'ba' is a transpose.
# IMPLTRANS-LABEL: func.func @main_graph
# IMPLTRANS: nn.einsum %arg0 {equation = "ba->ab"} : (tensor<2x3xf32>) -> tensor<3x2xf32>
def implicit_transpose():
    return einsum("ba", [2, 3])


# DIAG-LABEL: func.func @main_graph
# DIAG: nn.einsum %arg0 {equation = "ii->i"} : (tensor<4x4xf32>) -> tensor<4xf32>
def diagonal():
    return einsum("ii->i", [4, 4])


# A letter seen twice leaves the implicit output: the trace, rank 0.
# TRACE-LABEL: func.func @main_graph
# TRACE: nn.einsum %arg0 {equation = "ii->"} : (tensor<4x4xf64>) -> tensor<f64>
def implicit_trace():
    return einsum("ii", [4, 4], t="f64")


# x1 has one dim under '...' against x0's two: it takes the last letter.
# ELLIPSIS-LABEL: func.func @main_graph(%arg0: tensor<2x3x4x5xf32> {qat.name = "x0"}, %arg1: tensor<3x5x6xf32> {qat.name = "x1"}) -> (tensor<2x3x4x6xf32> {qat.name = "y"})
# ELLIPSIS: nn.einsum %arg0, %arg1 {equation = "ABij,Bjk->ABik"} : (tensor<2x3x4x5xf32>, tensor<3x5x6xf32>) -> tensor<2x3x4x6xf32>
def ellipsis_batch_matmul():
    return einsum("...ij,...jk->...ik", [2, 3, 4, 5], [3, 5, 6], out_rank=4)


# ELLIMPL-LABEL: func.func @main_graph
# ELLIMPL: nn.einsum %arg0, %arg1 {equation = "ABij,Bjk->ABik"} : (tensor<2x3x4x5xf32>, tensor<3x5x6xf32>) -> tensor<2x3x4x6xf32>
def ellipsis_implicit():
    return einsum("...ij,...jk", [2, 3, 4, 5], [3, 5, 6], out_rank=4)


# 'A' is taken: the ellipsis becomes 'B'.
# ELLUSED-LABEL: func.func @main_graph
# ELLUSED: nn.einsum %arg0, %arg1 {equation = "BA,BA->B"} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2xf32>
def ellipsis_skips_used_letters():
    return einsum("...A,...A->...", [2, 3], [2, 3])


# BCAST-LABEL: func.func @main_graph
# BCAST: %[[E:.*]] = nn.expand %arg0 : tensor<1x3xf32> -> tensor<2x3xf32>
# BCAST: nn.einsum %[[E]], %arg1 {equation = "ij,ij->ij"} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
def broadcast_unit_dim():
    return einsum("ij,ij->ij", [1, 3], [2, 3])


# ELLBCAST-LABEL: func.func @main_graph
# ELLBCAST: %[[E:.*]] = nn.expand %arg0 : tensor<2x1x3xf32> -> tensor<2x4x3xf32>
# ELLBCAST-NOT: nn.expand
# ELLBCAST: nn.einsum %[[E]], %arg1 {equation = "ABi,Bi->ABi"} : (tensor<2x4x3xf32>, tensor<4x3xf32>) -> tensor<2x4x3xf32>
def ellipsis_broadcast():
    return einsum("...i,...i->...i", [2, 1, 3], [4, 3], out_rank=3)


# THREE-LABEL: func.func @main_graph
# THREE: nn.einsum %arg0, %arg1, %arg2 {equation = "ab,bc,cd->da"} : (tensor<2x3xi32>, tensor<3x4xi32>, tensor<4x5xi32>) -> tensor<5x2xi32>
def three_operands_int():
    return einsum("ab,bc,cd->da", [2, 3], [3, 4], [4, 5], t="i32")


# TERMS: error: {{.*}}node 'einsum_0' (Einsum, opset 12): the equation names 2 inputs, the node has 1
def term_count():
    return einsum("ij,jk->ik", [2, 3], out_rank=2)


# LETTERS: error: {{.*}}node 'einsum_0' (Einsum, opset 12): equation 'ijk,jk->ik': term 'ijk' has 3 letters for an operand of rank 2
def letters_per_operand():
    return einsum("ijk,jk->ik", [2, 3], [3, 4], out_rank=2)


# ELLLETTERS: error: {{.*}}node 'einsum_0' (Einsum, opset 12): term '...ijk' has more letters than its input has dims
def ellipsis_too_many_letters():
    return einsum("...ijk->i", [2, 3], out_rank=1)


# NOTLETTER: error: {{.*}}node 'einsum_0' (Einsum, opset 12): equation 'i1->i': '1' is not a letter
def not_a_letter():
    return einsum("i1->i", [2, 3], out_rank=1)


# OUTMISSING: error: {{.*}}node 'einsum_0' (Einsum, opset 12): equation 'ij->ik': output letter 'k' is in no input
def output_letter_missing():
    return einsum("ij->ik", [2, 3], out_rank=2)


# OUTREPEAT: error: {{.*}}node 'einsum_0' (Einsum, opset 12): equation 'ij->ii': output letter 'i' repeats
def output_letter_repeated():
    return einsum("ij->ii", [3, 3], out_rank=2)


# A letter of lengths 3 and 4 (neither 1) does not broadcast.
# LENGTHS: error: {{.*}}node 'einsum_0' (Einsum, opset 12): 'nn.expand' op input 'tensor<2x3xf32>' does not broadcast to 'tensor<2x4xf32>'
def lengths_differ():
    return einsum("ij,jk->ik", [2, 3], [4, 5], out_rank=2)


# No equation reads as '': one empty term for a 2-D operand.
# NOEQ: error: {{.*}}node 'einsum_0' (Einsum, opset 12): equation '': term '' has 0 letters for an operand of rank 2
def no_equation():
    return einsum(None, [2, 3], out_rank=2)


main({f.__name__: f for f in [
    matmul, spaces, implicit_matmul, implicit_transpose, diagonal, implicit_trace,
    ellipsis_batch_matmul, ellipsis_implicit, ellipsis_skips_used_letters, broadcast_unit_dim,
    ellipsis_broadcast, three_operands_int, term_count, letters_per_operand,
    ellipsis_too_many_letters, not_a_letter, output_letter_missing, output_letter_repeated,
    lengths_differ, no_equation]})
