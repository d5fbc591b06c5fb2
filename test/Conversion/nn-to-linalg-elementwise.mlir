// RUN: qat-opt %s --split-input-file --qat-lower-nn-to-linalg | FileCheck %s

// CHECK-LABEL: func.func @sigmoid
// CHECK: arith.negf
// CHECK: math.exp
// CHECK: arith.addf
// CHECK: arith.divf
func.func @sigmoid(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = nn.sigmoid %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Exact GELU: 0.5 x (1 + erf(x / sqrt(2))).
// CHECK-LABEL: func.func @gelu_exact
// CHECK: arith.constant 0.707106769 : f32
// CHECK: math.erf
func.func @gelu_exact(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = nn.gelu %x approximate = "none" : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @gelu_tanh
// CHECK: arith.constant 4.471500e-02 : f32
// CHECK: math.tanh
func.func @gelu_tanh(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = nn.gelu %x approximate = "tanh" : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// HardSwish: x * clamp(x / 6 + 1/2, 0, 1).
// CHECK-LABEL: func.func @hard_swish
// CHECK: arith.constant 0.166666672 : f32
// CHECK: arith.minimumf
// CHECK: arith.maximumf
// CHECK: arith.mulf
func.func @hard_swish(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = nn.hard_swish %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @leaky_relu
// CHECK: arith.cmpf olt
// CHECK: arith.select
func.func @leaky_relu(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = nn.leaky_relu %x alpha = 1.0e-01 : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Rank-0 bounds map to () in the generic.
// CHECK-DAG: #[[SCALAR:.*]] = affine_map<(d0) -> ()>
// CHECK-LABEL: func.func @clip
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[SCALAR]], #[[SCALAR]], #{{.*}}]
// CHECK: arith.maximumf
// CHECK: arith.minimumf
func.func @clip(%x: tensor<4xf32>, %lo: tensor<f32>, %hi: tensor<f32>) -> tensor<4xf32> {
  %0 = nn.clip %x, %lo, %hi : (tensor<4xf32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// ONNX Cast: float -> int truncates, unsigned sources zero-extend, anything
// -> bool compares with zero.
// CHECK-LABEL: func.func @casts
// CHECK: arith.fptosi %{{.*}} : f32 to i32
// CHECK: arith.uitofp %{{.*}} : i8 to f32
// CHECK: arith.cmpf une
// CHECK: arith.extui %{{.*}} : i8 to i64
func.func @casts(%f: tensor<4xf32>, %u: tensor<4xui8>) -> (tensor<4xi32>, tensor<4xf32>, tensor<4xi1>, tensor<4xi64>) {
  %0 = nn.cast %f : tensor<4xf32> to tensor<4xi32>
  %1 = nn.cast %u : tensor<4xui8> to tensor<4xf32>
  %2 = nn.cast %f : tensor<4xf32> to tensor<4xi1>
  %3 = nn.cast %u : tensor<4xui8> to tensor<4xi64>
  return %0, %1, %2, %3 : tensor<4xi32>, tensor<4xf32>, tensor<4xi1>, tensor<4xi64>
}

// -----

// CHECK-LABEL: func.func @pow_and_prelu
// CHECK: math.powf
// CHECK: arith.select
func.func @pow_and_prelu(%x: tensor<2x3xf32>, %e: tensor<f32>, %s: tensor<3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %0 = nn.pow %x, %e : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  %1 = nn.prelu %x, %s : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// Floor, ceil and round (ties to even, ONNX Round) map to math ops.
// CHECK-LABEL: func.func @rounding
// CHECK: math.floor
// CHECK: math.ceil
// CHECK: math.roundeven
func.func @rounding(%x: tensor<8xf32>) -> tensor<8xf32> {
  %0 = nn.floor %x : tensor<8xf32>
  %1 = nn.ceil %0 : tensor<8xf32>
  %2 = nn.round %1 : tensor<8xf32>
  return %2 : tensor<8xf32>
}

// -----

// The inverse and hyperbolic functions map to math ops one to one.
// CHECK-LABEL: func.func @trigonometric
// CHECK: math.tan
// CHECK: math.acos
// CHECK: math.asin
// CHECK: math.atan
// CHECK: math.cosh
// CHECK: math.sinh
// CHECK: math.acosh
// CHECK: math.asinh
// CHECK: math.atanh
func.func @trigonometric(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = nn.tan %x : tensor<4xf32>
  %1 = nn.acos %0 : tensor<4xf32>
  %2 = nn.asin %1 : tensor<4xf32>
  %3 = nn.atan %2 : tensor<4xf32>
  %4 = nn.cosh %3 : tensor<4xf32>
  %5 = nn.sinh %4 : tensor<4xf32>
  %6 = nn.acosh %5 : tensor<4xf32>
  %7 = nn.asinh %6 : tensor<4xf32>
  %8 = nn.atanh %7 : tensor<4xf32>
  return %8 : tensor<4xf32>
}

// -----

// Softplus log(1 + e^x) as max(x, 0) + log1p(e^-|x|): e^x never overflows.
// CHECK-LABEL: func.func @softplus
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[ABS:.*]] = math.absf %[[X]] : f32
// CHECK: %[[NEG:.*]] = arith.negf %[[ABS]] : f32
// CHECK: %[[E:.*]] = math.exp %[[NEG]] : f32
// CHECK: %[[TAIL:.*]] = math.log1p %[[E]] : f32
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[MAX:.*]] = arith.maximumf %[[X]], %[[ZERO]] : f32
// CHECK: %[[Y:.*]] = arith.addf %[[MAX]], %[[TAIL]] : f32
// CHECK: linalg.yield %[[Y]]
func.func @softplus(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = nn.softplus %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Softsign x / (1 + |x|); reciprocal 1 / x.
// CHECK-LABEL: func.func @softsign_reciprocal
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK: %[[ABS:.*]] = math.absf %[[X]] : f32
// CHECK: %[[D:.*]] = arith.addf %[[ONE]], %[[ABS]] : f32
// CHECK: arith.divf %[[X]], %[[D]] : f32
// CHECK: ^bb0(%[[R:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[ONE2:.*]] = arith.constant 1.000000e+00 : f32
// CHECK: arith.divf %[[ONE2]], %[[R]] : f32
func.func @softsign_reciprocal(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %0 = nn.softsign %x : tensor<4xf32>
  %1 = nn.reciprocal %x : tensor<4xf32>
  return %0, %1 : tensor<4xf32>, tensor<4xf32>
}

// -----

// Sign: floats keep 0, -0 and NaN (x itself where neither > 0 nor < 0);
// signed integers give (x > 0) - (x < 0); unsigned ones x != 0.
// CHECK-LABEL: func.func @sign
// CHECK: ^bb0(%[[F:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[POS:.*]] = arith.cmpf ogt, %[[F]]
// CHECK: %[[NEG:.*]] = arith.cmpf olt, %[[F]]
// CHECK: %[[M1:.*]] = arith.constant -1.000000e+00 : f32
// CHECK: %[[R:.*]] = arith.select %[[NEG]], %[[M1]], %[[F]] : f32
// CHECK: arith.select %[[POS]], %{{.*}}, %[[R]] : f32
// CHECK: ^bb0(%[[I:.*]]: i32, %{{.*}}: i32):
// CHECK: %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK: %[[IPOS:.*]] = arith.cmpi sgt, %[[I]], %[[ZERO]] : i32
// CHECK: %[[INEG:.*]] = arith.cmpi slt, %[[I]]
// CHECK: %[[IM1:.*]] = arith.constant -1 : i32
// CHECK: %[[IR:.*]] = arith.select %[[INEG]], %[[IM1]], %[[ZERO]] : i32
// CHECK: arith.select %[[IPOS]], %{{.*}}, %[[IR]] : i32
// CHECK: ^bb0(%[[U:.*]]: i8, %{{.*}}: i8):
// CHECK: %[[UZERO:.*]] = arith.constant 0 : i8
// CHECK: %[[UONE:.*]] = arith.constant 1 : i8
// CHECK: %[[NZ:.*]] = arith.cmpi ne, %[[U]], %[[UZERO]] : i8
// CHECK: arith.select %[[NZ]], %[[UONE]], %[[UZERO]] : i8
func.func @sign(%f: tensor<4xf32>, %i: tensor<4xi32>, %u: tensor<4xui8>) -> (tensor<4xf32>, tensor<4xi32>, tensor<4xui8>) {
  %0 = nn.sign %f : tensor<4xf32>
  %1 = nn.sign %i : tensor<4xi32>
  %2 = nn.sign %u : tensor<4xui8>
  return %0, %1, %2 : tensor<4xf32>, tensor<4xi32>, tensor<4xui8>
}

// -----

// Elu: alpha * expm1(x) below 0. Celu: max(0, x) + min(0, alpha *
// expm1(x / alpha)). Selu: gamma * (x > 0 ? x : alpha * expm1(x)).
// ThresholdedRelu: x > alpha ? x : 0.
// CHECK-LABEL: func.func @parameterized_activations
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[LT:.*]] = arith.cmpf olt, %[[X]]
// CHECK: %[[EM1:.*]] = math.expm1 %[[X]] : f32
// CHECK: %[[A:.*]] = arith.constant 5.000000e-01 : f32
// CHECK: %[[NEG:.*]] = arith.mulf %[[EM1]], %[[A]] : f32
// CHECK: arith.select %[[LT]], %[[NEG]], %[[X]] : f32
// CHECK: ^bb0(%[[CX:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[CA:.*]] = arith.constant 2.000000e+00 : f32
// CHECK: %[[SCALED:.*]] = arith.divf %[[CX]], %[[CA]] : f32
// CHECK: %[[CEM1:.*]] = math.expm1 %[[SCALED]] : f32
// CHECK: %[[CNEG:.*]] = arith.mulf %[[CEM1]]
// CHECK: %[[CMIN:.*]] = arith.minimumf %[[CNEG]]
// CHECK: %[[CMAX:.*]] = arith.maximumf %[[CX]]
// CHECK: arith.addf %[[CMAX]], %[[CMIN]] : f32
// CHECK: ^bb0(%[[SX:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[GT:.*]] = arith.cmpf ogt, %[[SX]]
// CHECK: %[[SEM1:.*]] = math.expm1 %[[SX]] : f32
// CHECK: %[[SA:.*]] = arith.constant 1.500000e+00 : f32
// CHECK: %[[SNEG:.*]] = arith.mulf %[[SEM1]], %[[SA]] : f32
// CHECK: %[[IN:.*]] = arith.select %[[GT]], %[[SX]], %[[SNEG]] : f32
// CHECK: %[[G:.*]] = arith.constant 3.000000e+00 : f32
// CHECK: arith.mulf %[[IN]], %[[G]] : f32
// CHECK: ^bb0(%[[TX:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[T:.*]] = arith.constant 2.500000e-01 : f32
// CHECK: %[[ABOVE:.*]] = arith.cmpf ogt, %[[TX]], %[[T]] : f32
// CHECK: arith.select %[[ABOVE]], %[[TX]], %{{.*}} : f32
func.func @parameterized_activations(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %0 = nn.elu %x alpha = 0.5 : tensor<4xf32>
  %1 = nn.celu %x alpha = 2.0 : tensor<4xf32>
  %2 = nn.selu %x alpha = 1.5, gamma = 3.0 : tensor<4xf32>
  %3 = nn.thresholded_relu %x alpha = 0.25 : tensor<4xf32>
  return %0, %1, %2, %3 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// IsNaN: x unordered with itself. IsInf: x == +inf and / or x == -inf, by
// the detect flags; neither flag gives false.
// CHECK-LABEL: func.func @is_nan_is_inf
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: i1):
// CHECK: arith.cmpf uno, %[[X]], %[[X]] : f32
// CHECK: ^bb0(%[[B:.*]]: f32, %{{.*}}: i1):
// CHECK: %[[PINF:.*]] = arith.constant 0x7F800000 : f32
// CHECK: %[[P:.*]] = arith.cmpf oeq, %[[B]], %[[PINF]] : f32
// CHECK: %[[NINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[N:.*]] = arith.cmpf oeq, %[[B]], %[[NINF]] : f32
// CHECK: %[[BOTH:.*]] = arith.ori %[[P]], %[[N]] : i1
// CHECK: linalg.yield %[[BOTH]] : i1
// CHECK: ^bb0(%[[PO:.*]]: f32, %{{.*}}: i1):
// CHECK: %[[PINF2:.*]] = arith.constant 0x7F800000 : f32
// CHECK: %[[P2:.*]] = arith.cmpf oeq, %[[PO]], %[[PINF2]] : f32
// CHECK-NEXT: linalg.yield %[[P2]] : i1
// CHECK: ^bb0(%[[NO:.*]]: f32, %{{.*}}: i1):
// CHECK-NOT: 0x7F800000
// CHECK: %[[NINF3:.*]] = arith.constant 0xFF800000 : f32
// CHECK: arith.cmpf oeq, %[[NO]], %[[NINF3]] : f32
// CHECK: ^bb0(%{{.*}}: f32, %{{.*}}: i1):
// CHECK-NEXT: %[[FALSE:.*]] = arith.constant false
// CHECK-NEXT: linalg.yield %[[FALSE]] : i1
func.func @is_nan_is_inf(%x: tensor<4xf32>) -> (tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>) {
  %0 = nn.is_nan %x : tensor<4xf32> -> tensor<4xi1>
  %1 = nn.is_inf %x {detect_negative = true, detect_positive = true} : tensor<4xf32> -> tensor<4xi1>
  %2 = nn.is_inf %x {detect_negative = false, detect_positive = true} : tensor<4xf32> -> tensor<4xi1>
  %3 = nn.is_inf %x {detect_negative = true, detect_positive = false} : tensor<4xf32> -> tensor<4xi1>
  %4 = nn.is_inf %x {detect_negative = false, detect_positive = false} : tensor<4xf32> -> tensor<4xi1>
  return %0, %1, %2, %3, %4 : tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>
}

// -----

// max / min: NaN-propagating for floats, unsigned or signed for integers.
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @max_min
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[ROW]], #{{.*}}]
// CHECK: arith.maximumf
// CHECK: arith.minimumf
// CHECK: arith.maxui %{{.*}}, %{{.*}} : i8
// CHECK: arith.minsi %{{.*}}, %{{.*}} : i8
func.func @max_min(%x: tensor<2x3xf32>, %y: tensor<3xf32>, %u: tensor<4xui8>, %i: tensor<4xi8>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<4xui8>, tensor<4xi8>) {
  %0 = nn.max %x, %y : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = nn.min %x, %y : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %2 = nn.max %u, %u : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %3 = nn.min %i, %i : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>
  return %0, %1, %2, %3 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<4xui8>, tensor<4xi8>
}

// -----

// Python's % (fmod = false) on signed integers: a nonzero remainder whose
// sign differs from the divisor's moves by one divisor. Divisors 0 and -1
// (INT_MIN % -1 traps) become 1.
// CHECK-LABEL: func.func @mod_python
// CHECK: ^bb0(%[[A:.*]]: i32, %[[B:.*]]: i32, %{{.*}}: i32):
// CHECK: %[[Z:.*]] = arith.cmpi eq, %[[B]], %{{.*}} : i32
// CHECK: %[[M1:.*]] = arith.cmpi eq, %[[B]], %{{.*}} : i32
// CHECK: %[[TRAP:.*]] = arith.ori %[[Z]], %[[M1]] : i1
// CHECK: %[[D:.*]] = arith.select %[[TRAP]], %{{.*}}, %[[B]] : i32
// CHECK: %[[R:.*]] = arith.remsi %[[A]], %[[D]] : i32
// CHECK: %[[NZ:.*]] = arith.cmpi ne, %[[R]], %{{.*}} : i32
// CHECK: %[[RNEG:.*]] = arith.cmpi slt, %[[R]], %{{.*}} : i32
// CHECK: %[[BNEG:.*]] = arith.cmpi slt, %[[B]], %{{.*}} : i32
// CHECK: %[[DIFF:.*]] = arith.xori %[[RNEG]], %[[BNEG]] : i1
// CHECK: %[[FIX:.*]] = arith.andi %[[NZ]], %[[DIFF]] : i1
// CHECK: %[[MOVED:.*]] = arith.addi %[[R]], %[[B]] : i32
// CHECK: %[[Y:.*]] = arith.select %[[FIX]], %[[MOVED]], %[[R]] : i32
// CHECK: linalg.yield %[[Y]] : i32
func.func @mod_python(%a: tensor<4xi32>, %b: tensor<4xi32>) -> tensor<4xi32> {
  %0 = nn.mod %a, %b {fmod = false} : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

// C fmod (the sign of the dividend) is srem / frem as they are; unsigned
// remainders need no fix-up either way.
// CHECK-LABEL: func.func @mod_fmod_and_unsigned
// CHECK: %[[R:.*]] = arith.remsi %{{.*}}, %{{.*}} : i32
// CHECK-NEXT: linalg.yield %[[R]] : i32
// CHECK: %[[F:.*]] = arith.remf %{{.*}}, %{{.*}} : f32
// CHECK-NEXT: linalg.yield %[[F]] : f32
// CHECK: %[[U:.*]] = arith.remui %{{.*}}, %{{.*}} : i16
// CHECK-NEXT: linalg.yield %[[U]] : i16
func.func @mod_fmod_and_unsigned(%a: tensor<4xi32>, %b: tensor<4xi32>, %f: tensor<4xf32>, %g: tensor<f32>, %u: tensor<4xui16>) -> (tensor<4xi32>, tensor<4xf32>, tensor<4xui16>) {
  %0 = nn.mod %a, %b {fmod = true} : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %1 = nn.mod %f, %g {fmod = true} : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %2 = nn.mod %u, %u {fmod = false} : (tensor<4xui16>, tensor<4xui16>) -> tensor<4xui16>
  return %0, %1, %2 : tensor<4xi32>, tensor<4xf32>, tensor<4xui16>
}

// -----

// LLVM shifts are poison from the bit width on; ONNX's give 0 there.
// CHECK-LABEL: func.func @bit_shift
// CHECK: ^bb0(%[[X:.*]]: i8, %[[S:.*]]: i8, %{{.*}}: i8):
// CHECK: %[[L:.*]] = arith.shli %[[X]], %[[S]] : i8
// CHECK: %[[W:.*]] = arith.constant 8 : i8
// CHECK: %[[FAR:.*]] = arith.cmpi uge, %[[S]], %[[W]] : i8
// CHECK: %[[Z:.*]] = arith.constant 0 : i8
// CHECK: %[[Y:.*]] = arith.select %[[FAR]], %[[Z]], %[[L]] : i8
// CHECK: linalg.yield %[[Y]] : i8
// CHECK: ^bb0(%[[X2:.*]]: i32, %[[S2:.*]]: i32, %{{.*}}: i32):
// CHECK: %[[R:.*]] = arith.shrui %[[X2]], %[[S2]] : i32
// CHECK: %[[W2:.*]] = arith.constant 32 : i32
// CHECK: %[[FAR2:.*]] = arith.cmpi uge, %[[S2]], %[[W2]] : i32
// CHECK: arith.select %[[FAR2]], %{{.*}}, %[[R]] : i32
func.func @bit_shift(%x: tensor<4xui8>, %s: tensor<ui8>, %y: tensor<3xui32>, %t: tensor<3xui32>) -> (tensor<4xui8>, tensor<3xui32>) {
  %0 = nn.bit_shift %x, %s {left = true} : (tensor<4xui8>, tensor<ui8>) -> tensor<4xui8>
  %1 = nn.bit_shift %y, %t {left = false} : (tensor<3xui32>, tensor<3xui32>) -> tensor<3xui32>
  return %0, %1 : tensor<4xui8>, tensor<3xui32>
}

// -----

// and / or / xor of i1 map to the bitwise ops; not is xor with true.
// CHECK-LABEL: func.func @logical
// CHECK: arith.andi %{{.*}}, %{{.*}} : i1
// CHECK: arith.ori %{{.*}}, %{{.*}} : i1
// CHECK: arith.xori %{{.*}}, %{{.*}} : i1
// CHECK: ^bb0(%[[X:.*]]: i1, %{{.*}}: i1):
// CHECK: %[[TRUE:.*]] = arith.constant true
// CHECK: arith.xori %[[X]], %[[TRUE]] : i1
func.func @logical(%a: tensor<2x1xi1>, %b: tensor<3xi1>) -> (tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x1xi1>) {
  %0 = nn.and %a, %b : (tensor<2x1xi1>, tensor<3xi1>) -> tensor<2x3xi1>
  %1 = nn.or %a, %b : (tensor<2x1xi1>, tensor<3xi1>) -> tensor<2x3xi1>
  %2 = nn.xor %a, %b : (tensor<2x1xi1>, tensor<3xi1>) -> tensor<2x3xi1>
  %3 = nn.not %a : tensor<2x1xi1>
  return %0, %1, %2, %3 : tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x1xi1>
}

// -----

// Trilu keeps an element where column - row (the last two loop indices)
// is >= k (upper) or <= k (lower), else 0.
// CHECK-LABEL: func.func @trilu
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[ROW:.*]] = linalg.index 1 : index
// CHECK: %[[COL:.*]] = linalg.index 2 : index
// CHECK: %[[D:.*]] = arith.subi %[[COL]], %[[ROW]] : index
// CHECK: %[[D64:.*]] = arith.index_cast %[[D]] : index to i64
// CHECK: %[[K:.*]] = arith.constant -1 : i64
// CHECK: %[[KEEP:.*]] = arith.cmpi sle, %[[D64]], %[[K]] : i64
// CHECK: %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: arith.select %[[KEEP]], %[[X]], %[[Z]] : f32
// CHECK: ^bb0(%[[I:.*]]: i32, %{{.*}}: i32):
// CHECK: %[[ROW2:.*]] = linalg.index 0 : index
// CHECK: %[[COL2:.*]] = linalg.index 1 : index
// CHECK: arith.subi %[[COL2]], %[[ROW2]] : index
// CHECK: %[[K2:.*]] = arith.constant 2 : i64
// CHECK: %[[KEEP2:.*]] = arith.cmpi sge, %{{.*}}, %[[K2]] : i64
// CHECK: arith.select %[[KEEP2]], %[[I]], %{{.*}} : i32
func.func @trilu(%x: tensor<2x3x4xf32>, %i: tensor<4x4xi32>) -> (tensor<2x3x4xf32>, tensor<4x4xi32>) {
  %0 = nn.trilu %x {k = -1 : i64, upper = false} : tensor<2x3x4xf32>
  %1 = nn.trilu %i {k = 2 : i64, upper = true} : tensor<4x4xi32>
  return %0, %1 : tensor<2x3x4xf32>, tensor<4x4xi32>
}

// -----

// Bools order false < true: unsigned max/min on i1, in elementwise ops and
// in reductions (whose initial values are false and true).
// CHECK-LABEL: func.func @bool_max_min
// CHECK: arith.maxui %{{.*}}, %{{.*}} : i1
// CHECK: arith.minui %{{.*}}, %{{.*}} : i1
// CHECK: arith.minui %{{.*}}, %{{.*}} : i1
func.func @bool_max_min(%a: tensor<4xi1>, %b: tensor<4xi1>, %c: tensor<2x3xi1>) -> (tensor<4xi1>, tensor<4xi1>, tensor<2xi1>) {
  %0 = nn.max %a, %b : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  %1 = nn.min %a, %b : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  %2 = nn.reduce_min %c {axes = array<i64: 1>, keepdims = false} : tensor<2x3xi1> -> tensor<2xi1>
  return %0, %1, %2 : tensor<4xi1>, tensor<4xi1>, tensor<2xi1>
}
