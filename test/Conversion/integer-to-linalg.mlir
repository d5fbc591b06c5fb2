// RUN: qat-opt %s --split-input-file --qat-lower-nn-to-linalg --canonicalize | FileCheck %s

// qat.int_conv: the input pads with pad_value (ui8 200 is the signless
// byte -56), the window loops widen unsigned levels with extui and the
// signed weights with extsi, and acc_shift adds the bias after shifting
// the sum left.
// CHECK-LABEL: func.func @int_conv
// CHECK-DAG: %[[SHIFT:.*]] = arith.constant 12 : i32
// CHECK-DAG: %[[PADV:.*]] = arith.constant -56 : i8
// CHECK: tensor.pad %{{.*}} low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: tensor.yield %[[PADV]] : i8
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]
// CHECK: arith.extui %{{.*}} : i8 to i32
// CHECK: arith.extsi %{{.*}} : i8 to i32
// CHECK: arith.muli
// CHECK: arith.addi
// CHECK: linalg.generic
// CHECK: %[[S:.*]] = arith.shli %{{.*}}, %[[SHIFT]] overflow<nsw> : i32
// CHECK: arith.addi %[[S]], %{{.*}} overflow<nsw> : i32
func.func @int_conv(%x: tensor<1x4x8x8xui8>, %w: tensor<6x4x3x3xi8>, %b: tensor<6xi32>) -> tensor<1x6x4x4xi32> {
  %0 = qat.int_conv %x, %w, %b {acc_shift = 12 : i64, dilations = array<i64: 1, 1>, group = 1 : i64, input_bits = 4 : i64, pad_value = 200 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>, weight_bits = 4 : i64} : (tensor<1x4x8x8xui8>, tensor<6x4x3x3xi8>, tensor<6xi32>) -> tensor<1x6x4x4xi32>
  return %0 : tensor<1x6x4x4xi32>
}

// -----

// qat.int_matmul without acc_shift starts the sum at the bias; signed
// levels widen with extsi.
// CHECK-LABEL: func.func @int_matmul
// CHECK: %[[BIAS:.*]] = linalg.generic
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%{{.*}}, %{{.*}} : tensor<2x3x16xi8>, tensor<16x10xi8>) outs(%[[BIAS]] : tensor<2x3x10xi32>)
// CHECK: arith.extsi %{{.*}} : i8 to i32
// CHECK: arith.extsi %{{.*}} : i8 to i32
// CHECK-NOT: arith.shli
func.func @int_matmul(%x: tensor<2x3x16xi8>, %w: tensor<16x10xi8>, %b: tensor<10xi32>) -> tensor<2x3x10xi32> {
  %0 = qat.int_matmul %x, %w, %b {lhs_bits = 8 : i64, rhs_bits = 4 : i64} : (tensor<2x3x16xi8>, tensor<16x10xi8>, tensor<10xi32>) -> tensor<2x3x10xi32>
  return %0 : tensor<2x3x10xi32>
}

// -----

// A constant weight takes the packed GEMM (codegen/IntegerGemm.h): A padded
// to [3, 8] (K only: rows are not padded) and shifted to unsigned (xor
// 0x80), the weight as words of K quadruples per column (bytes 1, 3, 5,
// 7 = 0x07050301; -2, -4, -6, -8 = 0xF8FAFCFE; N padded to 32;
// panel-major [N / 32, K / 4, 32]), the sum
// started at zero, the GEMM marked for the kernel pass, the padding sliced
// off, then ((sum - 128 * colsum(w)) << acc_shift) + bias in one epilogue.
// CHECK-LABEL: func.func @packed
// CHECK-DAG: arith.constant dense<{{\[}}[100, 200]]> : tensor<1x2xi32>
// CHECK-DAG: arith.constant dense<{{\[}}[-3200, 3840]]> : tensor<1x2xi32>
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[}}{{\[}}[117768961, -117768962, 0, {{.*}}], [9, 246, 0, {{.*}}]]]> : tensor<1x2x32xi32>
// CHECK: tensor.pad %{{.*}} low[0, 0] high[0, 3]
// CHECK: arith.xori %{{.*}}, %{{.*}} : i8
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %[[W]] : tensor<3x8xi8>, tensor<1x2x32xi32>) outs(%{{.*}} : tensor<3x32xi32>) attrs = {qat.int_gemm = {pair_bound = 5100 : i64, rows_unsigned = true}}
// CHECK: tensor.extract_slice %{{.*}}[0, 0] [3, 2] [1, 1] : tensor<3x32xi32> to tensor<3x2xi32>
// CHECK: linalg.generic
// CHECK: %[[C:.*]] = arith.addi
// CHECK: arith.shli %[[C]]
func.func @packed(%x: tensor<3x5xi8>) -> tensor<3x2xi32> {
  %w = arith.constant dense<[[1, -2], [3, -4], [5, -6], [7, -8], [9, -10]]> : tensor<5x2xi8>
  %b = arith.constant dense<[100, 200]> : tensor<2xi32>
  %0 = qat.int_matmul %x, %w, %b {acc_shift = 2 : i64, lhs_bits = 8 : i64, rhs_bits = 5 : i64} : (tensor<3x5xi8>, tensor<5x2xi8>, tensor<2xi32>) -> tensor<3x2xi32>
  return %0 : tensor<3x2xi32>
}

// -----

// An ungrouped strided 2-D convolution with a constant weight: the image is
// packed into words of four K bytes per output pixel straight from NCHW
// (K = 2 * 3 * 3 = 18 padded to 20 reads a third, zero channel), the weight
// rows are the broadcast operand (signed: rows_unsigned = false), C is
// [M, pixels].
// CHECK-LABEL: func.func @packed_conv
// The spatial pad and the extra channel are one pad (canonicalized); the
// 4 pixels are padded to 32 columns.
// CHECK: tensor.pad %{{.*}} low[0, 0, 1, 1] high[0, 1, 1, 1]
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<5x1x2x2xi32>)
// CHECK: arith.shli
// CHECK: arith.ori
// CHECK: tensor.pad %{{.*}} low[0, 0] high[0, 28]
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<4x20xi8>, tensor<5x32xi32>) outs(%{{.*}} : tensor<4x32xi32>) attrs = {qat.int_gemm = {pair_bound = 30 : i64, rows_unsigned = false}}
func.func @packed_conv(%x: tensor<1x2x4x4xui8>) -> tensor<1x3x2x2xi32> {
  %w = arith.constant dense<1> : tensor<3x2x3x3xi8>
  %b = arith.constant dense<0> : tensor<3xi32>
  %0 = qat.int_conv %x, %w, %b {dilations = array<i64: 1, 1>, group = 1 : i64, input_bits = 4 : i64, pad_value = 0 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>, weight_bits = 2 : i64} : (tensor<1x2x4x4xui8>, tensor<3x2x3x3xi8>, tensor<3xi32>) -> tensor<1x3x2x2xi32>
  return %0 : tensor<1x3x2x2xi32>
}

// -----

// A 1x1 convolution at stride 1 reads whole planes: the image [1, 6, 3, 3]
// (channels padded to 8) is packed into words of four channels with the
// planes flat ([2, 1, 9]: one loop over H W, not rows of 3), then padded
// to 32 columns.
// CHECK-LABEL: func.func @pointwise_planes
// CHECK: tensor.pad %{{.*}} low[0, 0, 0, 0] high[0, 2, 0, 0]
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0], [1], [2, 3]] : tensor<1x8x3x3xi8> into tensor<1x8x9xi8>
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[FLAT]], %[[FLAT]], %[[FLAT]], %[[FLAT]] : {{.*}}) outs(%{{.*}} : tensor<2x1x9xi32>)
// CHECK: tensor.pad %{{.*}} low[0, 0] high[0, 23]
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<4x8xi8>, tensor<2x32xi32>) outs(%{{.*}} : tensor<4x32xi32>) attrs = {qat.int_gemm
func.func @pointwise_planes(%x: tensor<1x6x3x3xui8>) -> tensor<1x3x3x3xi32> {
  %w = arith.constant dense<1> : tensor<3x6x1x1xi8>
  %b = arith.constant dense<0> : tensor<3xi32>
  %0 = qat.int_conv %x, %w, %b {dilations = array<i64: 1, 1>, group = 1 : i64, input_bits = 4 : i64, pad_value = 0 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, weight_bits = 2 : i64} : (tensor<1x6x3x3xui8>, tensor<3x6x1x1xi8>, tensor<3xi32>) -> tensor<1x3x3x3xi32>
  return %0 : tensor<1x3x3x3xi32>
}

// -----

// Stride 1 with a 3x3 window: the padded image, channels padded to a quad
// and two rows more at the bottom (the last 32-column tile's window reaches
// 32 + 2 * 6 + 2 = 46 words: 8 rows of 6), all one pad, is packed once into
// words of four channels, [1, 48] (the planes packed flat: one loop over
// H W); the weight rows are [M, quad, tap,
// channel] (channels 0 and 1 of each tap are ones); the GEMM reads word row
// k / 36 at column c + 6 (tap / 3) + tap mod 3 and is marked with the
// window [KH, KW, pitch, step]. Its 24 columns are the output rows over the
// padded width: the 4x4 pixels are a strided slice of them.
// CHECK: #[[IMG:.*]] = affine_map<(d0, d1, d2) -> (d2 floordiv 36, (((d2 floordiv 4) mod 9) floordiv 3) * 6 + (d2 floordiv 4) mod 3 + d1)>
// CHECK-LABEL: func.func @image_words
// CHECK: arith.constant dense<"0x{{(01010000){27}0+}}"> : tensor<4x36xi8>
// CHECK: tensor.pad %{{.*}} low[0, 0, 1, 1] high[0, 2, 3, 1]
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0], [1], [2, 3]] : tensor<1x4x8x6xi8> into tensor<1x4x48xi8>
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[FLAT]], %[[FLAT]], %[[FLAT]], %[[FLAT]] : {{.*}}) outs(%{{.*}} : tensor<1x1x48xi32>)
// CHECK: %[[WORDS:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0], [1, 2]] : tensor<1x1x48xi32> into tensor<1x48xi32>
// CHECK: %[[C:.*]] = linalg.generic {indexing_maps = [#{{.*}}, #[[IMG]], #{{.*}}], {{.*}} ins(%{{.*}}, %[[WORDS]] : tensor<4x36xi8>, tensor<1x48xi32>) outs(%{{.*}} : tensor<4x32xi32>) attrs = {qat.int_gemm = {pair_bound = 30 : i64, rows_unsigned = false, window = array<i64: 3, 3, 6, 1>}}
// CHECK: tensor.extract_slice %[[C]][0, 0] [3, 24] [1, 1]
// CHECK: tensor.expand_shape %{{.*}} output_shape [1, 3, 4, 6]
// CHECK: tensor.extract_slice %{{.*}}[0, 0, 0, 0] [1, 3, 4, 4] [1, 1, 1, 1] : tensor<1x3x4x6xi32> to tensor<1x3x4x4xi32>
func.func @image_words(%x: tensor<1x2x4x4xui8>) -> tensor<1x3x4x4xi32> {
  %w = arith.constant dense<1> : tensor<3x2x3x3xi8>
  %b = arith.constant dense<0> : tensor<3xi32>
  %0 = qat.int_conv %x, %w, %b {dilations = array<i64: 1, 1>, group = 1 : i64, input_bits = 4 : i64, pad_value = 0 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>, weight_bits = 2 : i64} : (tensor<1x2x4x4xui8>, tensor<3x2x3x3xi8>, tensor<3xi32>) -> tensor<1x3x4x4xi32>
  return %0 : tensor<1x3x4x4xi32>
}

// -----

// A depthwise 2-D convolution with a constant weight: the weight as
// [C, KH, KW], one generic over (n, c, y, x, ky, kx) on the padded input
// from zero, marked for the kernel pass with its strides, dilations and
// signedness; the bias is added after.
// CHECK-LABEL: func.func @depthwise
// CHECK: tensor.pad %{{.*}} low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: linalg.fill
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #{{.*}}, #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%{{.*}}, %{{.*}} : tensor<1x3x10x10xi8>, tensor<3x3x3xi8>) outs(%{{.*}} : tensor<1x3x4x4xi32>) attrs = {qat.int_depthwise = {dilations = array<i64: 1, 1>, strides = array<i64: 2, 2>, x_unsigned = true}}
// CHECK: arith.extui
// CHECK: arith.extsi
// CHECK: linalg.generic
// CHECK: arith.addi
func.func @depthwise(%x: tensor<1x3x8x8xui8>, %b: tensor<3xi32>) -> tensor<1x3x4x4xi32> {
  %w = arith.constant dense<2> : tensor<3x1x3x3xi8>
  %0 = qat.int_conv %x, %w, %b {dilations = array<i64: 1, 1>, group = 3 : i64, input_bits = 8 : i64, pad_value = 0 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>, weight_bits = 3 : i64} : (tensor<1x3x8x8xui8>, tensor<3x1x3x3xi8>, tensor<3xi32>) -> tensor<1x3x4x4xi32>
  return %0 : tensor<1x3x4x4xi32>
}

// -----

// Weights that fit 4 bits are stored two per byte: k = 0..3 in the low
// nibbles, 4..7 in the high ones (bytes 0x51, 0x62, 0x73, 0x84: the word
// 0x84736251), K padded to 8; the generic extracts and sign-extends the
// nibble, and the marker says `field_bits = 4`.
// CHECK-LABEL: func.func @nibbles
// CHECK: %[[W:.*]] = arith.constant dense<{{\[}}{{\[}}[-2072812975, 0, {{.*}}]]]> : tensor<1x1x32xi32>
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %[[W]] : tensor<2x8xi8>, tensor<1x1x32xi32>) outs(%{{.*}} : tensor<2x32xi32>) attrs = {qat.int_gemm = {field_bits = 4 : i64, pair_bound = 4080 : i64, rows_unsigned = true}}
// CHECK: arith.andi
// CHECK: arith.xori
// CHECK: arith.subi
func.func @nibbles(%x: tensor<2x8xui8>) -> tensor<2x1xi32> {
  %w = arith.constant dense<[[1], [2], [3], [4], [5], [6], [7], [-8]]> : tensor<8x1xi8>
  %b = arith.constant dense<0> : tensor<1xi32>
  %0 = qat.int_matmul %x, %w, %b {lhs_bits = 8 : i64, rhs_bits = 4 : i64} : (tensor<2x8xui8>, tensor<8x1xi8>, tensor<1xi32>) -> tensor<2x1xi32>
  return %0 : tensor<2x1xi32>
}

// -----

// Weights that fit 2 bits are stored four per byte: byte j of the word holds
// k = j, j + 4, j + 8, j + 12 in its fields 0..3 (w = 1, -1, 0, -2, ... as
// fields 01, 11, 00, 10: the word 572000117), K padded to 16; the generic
// extracts the field and sign-extends it ((f & 3) ^ 2 - 2).
// CHECK-LABEL: func.func @crumbs
// CHECK: %[[W:.*]] = arith.constant dense<{{\[}}{{\[}}[572000117, 0, {{.*}}]]]> : tensor<1x1x32xi32>
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %[[W]] : tensor<2x16xi8>, tensor<1x1x32xi32>) outs(%{{.*}} : tensor<2x32xi32>) attrs = {qat.int_gemm = {field_bits = 2 : i64, pair_bound = 1020 : i64, rows_unsigned = true}}
// CHECK: arith.andi
// CHECK: arith.xori
// CHECK: arith.subi
func.func @crumbs(%x: tensor<2x13xui8>) -> tensor<2x1xi32> {
  %w = arith.constant dense<[[1], [-1], [0], [-2], [1], [1], [-2], [0], [-1], [0], [1], [-2], [1]]> : tensor<13x1xi8>
  %b = arith.constant dense<0> : tensor<1xi32>
  %0 = qat.int_matmul %x, %w, %b {lhs_bits = 8 : i64, rhs_bits = 2 : i64} : (tensor<2x13xui8>, tensor<13x1xi8>, tensor<1xi32>) -> tensor<2x1xi32>
  return %0 : tensor<2x1xi32>
}

// -----

// qat.int_add: one elementwise generic in i32 lanes; the signed addend is
// sign-extended and the unsigned one zero-extended (operands arrive
// signless), the sum rounded by adding 2^(shift-1) and shifting, the clamp
// applied before the output zero point.
// CHECK-LABEL: func.func @int_add
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<2x8xi8>, tensor<2x8xi8>)
// CHECK: %[[A:.*]] = arith.extsi %{{.*}} : i8 to i32
// CHECK: %[[AZ:.*]] = arith.subi %[[A]], %c-3_i32
// CHECK: %[[AM:.*]] = arith.muli %[[AZ]], %c524288_i32
// CHECK: %[[B:.*]] = arith.extui %{{.*}} : i8 to i32
// CHECK: %[[BZ:.*]] = arith.subi %[[B]], %c200_i32
// CHECK: %[[BM:.*]] = arith.muli %[[BZ]], %c-1048575_i32
// CHECK: %[[T:.*]] = arith.addi %[[AM]], %[[BM]]
// CHECK: %[[R:.*]] = arith.addi %[[T]], %c1048576_i32
// CHECK: %[[S:.*]] = arith.shrsi %[[R]], %c21_i32
// CHECK: %[[HI:.*]] = arith.minsi %[[S]], %c246_i32
// CHECK: %[[LO:.*]] = arith.maxsi %[[HI]], %c0_i32
// CHECK: %[[Y:.*]] = arith.addi %[[LO]], %c4_i32
// CHECK: arith.trunci %[[Y]] : i32 to i8
func.func @int_add(%a: tensor<2x8xi8>, %b: tensor<2x8xui8>) -> tensor<2x8xui8> {
  %0 = qat.int_add %a, %b {bits = 8 : i64, is_signed = false, lhs_multiplier = 524288 : i64, lhs_zero_point = -3 : i64, qmax = 250 : i64, qmin = 4 : i64, rhs_multiplier = -1048575 : i64, rhs_zero_point = 200 : i64, shift = 21 : i64, zero_point = 4 : i64} : (tensor<2x8xi8>, tensor<2x8xui8>) -> tensor<2x8xui8>
  return %0 : tensor<2x8xui8>
}

// -----

// A 3x3 convolution on a small image (36 pixels) with 32 filters takes the
// pixels as GEMM rows: the padded input turned channels-last, im2col rows
// [N OH OW, KH KW C] of it (each tap a contiguous row of C bytes), 4-bit
// weights as panel-major words of nibbles [M / 32, K / 8, 32], the rows
// unsigned, then the sums [N, OH OW, M] transposed to NCHW.
// CHECK-LABEL: func.func @pixel_rows
// CHECK: %[[P:.*]] = tensor.pad %{{.*}} low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: %[[T:.*]] = linalg.transpose ins(%[[P]] : tensor<1x4x8x8xi8>) outs(%{{.*}} : tensor<1x8x8x4xi8>) permutation = [0, 2, 3, 1]
// CHECK: %[[R:.*]] = linalg.generic {{.*}} ins(%[[T]] : tensor<1x8x8x4xi8>) outs(%{{.*}} : tensor<1x6x6x3x3x4xi8>)
// CHECK: %[[C:.*]] = tensor.collapse_shape %[[R]] {{.*}} into tensor<36x36xi8>
// CHECK: %[[A:.*]] = tensor.pad %[[C]] low[0, 0] high[0, 4]
// CHECK: %[[G:.*]] = linalg.generic {{.*}} ins(%[[A]], %{{.*}} : tensor<36x40xi8>, tensor<1x5x32xi32>) outs(%{{.*}} : tensor<36x32xi32>) attrs = {qat.int_gemm = {field_bits = 4 : i64, pair_bound = 2550 : i64, rows_unsigned = true}}
// CHECK: %[[E:.*]] = tensor.expand_shape %[[G]]
// CHECK: linalg.transpose ins(%[[E]] : tensor<1x36x32xi32>) outs(%{{.*}} : tensor<1x32x36xi32>) permutation = [0, 2, 1]
func.func @pixel_rows(%x: tensor<1x4x6x6xui8>) -> tensor<1x32x6x6xi32> {
  %w = arith.constant dense<5> : tensor<32x4x3x3xi8>
  %b = arith.constant dense<0> : tensor<32xi32>
  %0 = qat.int_conv %x, %w, %b {dilations = array<i64: 1, 1>, group = 1 : i64, input_bits = 8 : i64, pad_value = 0 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>, weight_bits = 4 : i64} : (tensor<1x4x6x6xui8>, tensor<32x4x3x3xi8>, tensor<32xi32>) -> tensor<1x32x6x6xi32>
  return %0 : tensor<1x32x6x6xi32>
}

// -----

// 8-bit weights take the pixel rows too (one byte per weight: words of
// four, [M / 32, K / 4, 32]).
// CHECK-LABEL: func.func @pixel_rows_w8
// CHECK: linalg.transpose {{.*}} permutation = [0, 2, 3, 1]
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<36x36xi8>, tensor<1x9x32xi32>) outs(%{{.*}} : tensor<36x32xi32>) attrs = {qat.int_gemm = {pair_bound = 51000 : i64, rows_unsigned = true}}
// CHECK: linalg.transpose {{.*}} permutation = [0, 2, 1]
func.func @pixel_rows_w8(%x: tensor<1x4x6x6xui8>) -> tensor<1x32x6x6xi32> {
  %w = arith.constant dense<100> : tensor<32x4x3x3xi8>
  %b = arith.constant dense<0> : tensor<32xi32>
  %0 = qat.int_conv %x, %w, %b {dilations = array<i64: 1, 1>, group = 1 : i64, input_bits = 8 : i64, pad_value = 0 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>, weight_bits = 8 : i64} : (tensor<1x4x6x6xui8>, tensor<32x4x3x3xi8>, tensor<32xi32>) -> tensor<1x32x6x6xi32>
  return %0 : tensor<1x32x6x6xi32>
}

// -----

// A grouped convolution (2 groups of 4 channels, 3 filters each) is one
// packed GEMM per group: each group's channels sliced from the padded
// input, its filters' weight rows against its image words, its sums
// inserted at its filters' channels; the signed input's correction
// (-128 * 36 per filter) for all six filters (canonicalized to the top).
// CHECK-LABEL: func.func @grouped_conv
// CHECK: arith.constant dense<-4608> : tensor<1x6x1x1xi32>
// CHECK: %[[PADDED:.*]] = tensor.pad
// CHECK: tensor.extract_slice %[[PADDED]][0, 0, 0, 0] [1, 4, 8, 8]
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<4x36xi8>, tensor<9x32xi32>) {{.*}} attrs = {qat.int_gemm
// CHECK: %[[FIRST:.*]] = tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 0, 0] [1, 3, 3, 3]
// CHECK: tensor.extract_slice %[[PADDED]][0, 4, 0, 0] [1, 4, 8, 8]
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<4x36xi8>, tensor<9x32xi32>) {{.*}} attrs = {qat.int_gemm
// CHECK: tensor.insert_slice %{{.*}} into %[[FIRST]][0, 3, 0, 0] [1, 3, 3, 3]
// CHECK-NOT: qat.int_gemm
// CHECK: return
func.func @grouped_conv(%x: tensor<1x8x6x6xi8>) -> tensor<1x6x3x3xi32> {
  %w = arith.constant dense<1> : tensor<6x4x3x3xi8>
  %b = arith.constant dense<0> : tensor<6xi32>
  %0 = qat.int_conv %x, %w, %b {acc_shift = 2 : i64, dilations = array<i64: 1, 1>, group = 2 : i64, input_bits = 8 : i64, pad_value = 0 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>, weight_bits = 4 : i64} : (tensor<1x8x6x6xi8>, tensor<6x4x3x3xi8>, tensor<6xi32>) -> tensor<1x6x3x3xi32>
  return %0 : tensor<1x6x3x3xi32>
}

// -----

// Groups of fewer than four channels (a K quadruple) keep the window loops.
// CHECK-LABEL: func.func @grouped_narrow
// CHECK-NOT: qat.int_gemm
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]
// CHECK-NOT: qat.int_gemm
func.func @grouped_narrow(%x: tensor<1x6x6x6xui8>) -> tensor<1x6x6x6xi32> {
  %w = arith.constant dense<1> : tensor<6x2x3x3xi8>
  %b = arith.constant dense<0> : tensor<6xi32>
  %0 = qat.int_conv %x, %w, %b {dilations = array<i64: 1, 1>, group = 3 : i64, input_bits = 8 : i64, pad_value = 0 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>, weight_bits = 8 : i64} : (tensor<1x6x6x6xui8>, tensor<6x2x3x3xi8>, tensor<6xi32>) -> tensor<1x6x6x6xi32>
  return %0 : tensor<1x6x6x6xi32>
}
