// RUN: qat-opt %s --split-input-file --qat-contractions-to-kernel-calls | FileCheck %s

// C += A * B^T on buffers becomes a call of the packed GEMM; A is a constant
// global (weights), which the kernel may pack once.
// The kernel's declaration: A, B, C, bias and residual (1-D), trans_a,
// trans_b, a_constant, b_constant, epilogue flags, clamp bounds.
// CHECK: func.func private @qat_sgemm_f32(memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?xf32, strided<[?], offset: ?>>, memref<?xf32, strided<[?], offset: ?>>, i32, i32, i32, i32, i32, f32, f32) attributes {llvm.emit_c_interface}
// CHECK-LABEL: func.func @gemm
// CHECK-DAG: %[[F:.*]] = arith.constant 0 : i32
// CHECK-DAG: %[[T:.*]] = arith.constant 1 : i32
// CHECK: call @qat_sgemm_f32(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[F]], %[[T]], %[[T]], %[[F]], %[[F]], %{{.*}}, %{{.*}})
// CHECK-NOT: linalg.generic
memref.global "private" constant @weights : memref<4x8xf32> = dense<1.0>
func.func @gemm(%b: memref<16x8xf32>, %c: memref<4x16xf32>) {
  %a = memref.get_global @weights : memref<4x8xf32>
  linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>],
                  iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %b : memref<4x8xf32>, memref<16x8xf32>) outs(%c : memref<4x16xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// Constant weights on the right (x W^T, a fully connected layer):
// b_constant tells the kernel, which then computes C^T = W x^T with the
// weights as its cached, packed operand.
// CHECK-LABEL: func.func @gemm_weights_right
// CHECK-DAG: %[[F:.*]] = arith.constant 0 : i32
// CHECK-DAG: %[[T:.*]] = arith.constant 1 : i32
// CHECK: call @qat_sgemm_f32(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[F]], %[[T]], %[[F]], %[[T]], %[[F]], %{{.*}}, %{{.*}})
memref.global "private" constant @fc : memref<16x8xf32> = dense<1.0>
func.func @gemm_weights_right(%x: memref<1x8xf32>, %c: memref<1x16xf32>) {
  %w = memref.get_global @fc : memref<16x8xf32>
  linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>],
                  iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x, %w : memref<1x8xf32>, memref<16x8xf32>) outs(%c : memref<1x16xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// Not a plain contraction (max instead of add): left alone.
// CHECK-LABEL: func.func @not_a_gemm
// CHECK: linalg.generic
// CHECK-NOT: call
func.func @not_a_gemm(%a: memref<4x8xf32>, %b: memref<8x16xf32>, %c: memref<4x16xf32>) {
  linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (m, n)>],
                  iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %b : memref<4x8xf32>, memref<8x16xf32>) outs(%c : memref<4x16xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.maximumf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// A 2-D convolution on contiguous buffers calls the implicit-GEMM kernel
// with its strides and dilations; the weights are not constant here.
// CHECK-LABEL: func.func @conv
// CHECK-DAG: %[[S:.*]] = arith.constant 2 : i64
// CHECK-DAG: %[[D:.*]] = arith.constant 1 : i64
// CHECK-DAG: %[[NC:.*]] = arith.constant 0 : i32
// CHECK-DAG: %[[Z:.*]] = arith.constant 0 : i64
// Bias and residual operands are the output itself (unread: flags 0, the
// same constant as "not constant").
// CHECK: %[[O:.*]] = memref.cast %arg2
// CHECK: memref.collapse_shape %arg2
// CHECK: call @qat_conv2d_f32(%{{.*}}, %{{.*}}, %[[O]], %{{.*}}, %{{.*}}, %[[Z]], %[[Z]], %[[S]], %[[S]], %[[D]], %[[D]], %[[NC]], %[[NC]], %{{.*}}, %{{.*}})
func.func @conv(%x: memref<1x3x10x10xf32>, %w: memref<8x3x3x3xf32>, %o: memref<1x8x4x4xf32>) {
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%x, %w : memref<1x3x10x10xf32>, memref<8x3x3x3xf32>) outs(%o : memref<1x8x4x4xf32>)
  return
}

// -----

// A group of a grouped convolution: channel slices of one image are
// contiguous views (row-major strides at an offset), which the kernel reads
// through their descriptors; a channel slice of a batch is not contiguous
// and stays a loop nest.
// CHECK-LABEL: func.func @conv_channel_slices
// CHECK: call @qat_conv2d_f32
// CHECK-NOT: call @qat_conv2d_f32
// CHECK: linalg.conv_2d_nchw_fchw
func.func @conv_channel_slices(%x: memref<1x8x10x10xf32>, %w: memref<8x4x3x3xf32>, %o: memref<1x8x4x4xf32>,
                               %xb: memref<2x8x10x10xf32>, %ob: memref<2x8x4x4xf32>) {
  %xs = memref.subview %x[0, 4, 0, 0] [1, 4, 10, 10] [1, 1, 1, 1] : memref<1x8x10x10xf32> to memref<1x4x10x10xf32, strided<[800, 100, 10, 1], offset: 400>>
  %ws = memref.subview %w[4, 0, 0, 0] [4, 4, 3, 3] [1, 1, 1, 1] : memref<8x4x3x3xf32> to memref<4x4x3x3xf32, strided<[36, 9, 3, 1], offset: 144>>
  %os = memref.subview %o[0, 4, 0, 0] [1, 4, 4, 4] [1, 1, 1, 1] : memref<1x8x4x4xf32> to memref<1x4x4x4xf32, strided<[128, 16, 4, 1], offset: 64>>
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%xs, %ws : memref<1x4x10x10xf32, strided<[800, 100, 10, 1], offset: 400>>, memref<4x4x3x3xf32, strided<[36, 9, 3, 1], offset: 144>>)
      outs(%os : memref<1x4x4x4xf32, strided<[128, 16, 4, 1], offset: 64>>)
  %xbs = memref.subview %xb[0, 4, 0, 0] [2, 4, 10, 10] [1, 1, 1, 1] : memref<2x8x10x10xf32> to memref<2x4x10x10xf32, strided<[800, 100, 10, 1], offset: 400>>
  %obs = memref.subview %ob[0, 4, 0, 0] [2, 4, 4, 4] [1, 1, 1, 1] : memref<2x8x4x4xf32> to memref<2x4x4x4xf32, strided<[128, 16, 4, 1], offset: 64>>
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%xbs, %ws : memref<2x4x10x10xf32, strided<[800, 100, 10, 1], offset: 400>>, memref<4x4x3x3xf32, strided<[36, 9, 3, 1], offset: 144>>)
      outs(%obs : memref<2x4x4x4xf32, strided<[128, 16, 4, 1], offset: 64>>)
  return
}

// -----

// A zero-padded copy feeding the convolution is dropped: the kernel gets the
// unpadded input and the top/left pads.
// CHECK-LABEL: func.func @conv_padded
// CHECK-SAME: (%[[X:.*]]: memref<1x3x8x8xf32>
// CHECK-NOT: memref.alloc
// CHECK-NOT: memref.copy
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1 : i64
// CHECK-DAG: %[[TWO:.*]] = arith.constant 2 : i64
// CHECK: %[[XC:.*]] = memref.cast %[[X]]
// CHECK: call @qat_conv2d_f32(%[[XC]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[TWO]], %[[ONE]],
func.func @conv_padded(%x: memref<1x3x8x8xf32>, %w: memref<8x3x3x3xf32>, %o: memref<1x8x4x4xf32>) {
  %zero = arith.constant 0.0 : f32
  %pad = memref.alloc() : memref<1x3x11x10xf32>
  linalg.fill ins(%zero : f32) outs(%pad : memref<1x3x11x10xf32>)
  %view = memref.subview %pad[0, 0, 2, 1] [1, 3, 8, 8] [1, 1, 1, 1] : memref<1x3x11x10xf32> to memref<1x3x8x8xf32, strided<[330, 110, 10, 1], offset: 21>>
  memref.copy %x, %view : memref<1x3x8x8xf32> to memref<1x3x8x8xf32, strided<[330, 110, 10, 1], offset: 21>>
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%pad, %w : memref<1x3x11x10xf32>, memref<8x3x3x3xf32>) outs(%o : memref<1x8x4x4xf32>)
  memref.dealloc %pad : memref<1x3x11x10xf32>
  return
}

// -----

// The padded copy is a snapshot: when the source is overwritten before the
// convolution (an in-place residual update), the copy must stay.
// CHECK-LABEL: func.func @conv_padded_source_overwritten
// CHECK: memref.copy
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%[[SRC:.*]] : memref<1x3x8x8xf32>)
// CHECK: call @qat_conv2d_f32
func.func @conv_padded_source_overwritten(%w: memref<8x3x3x3xf32>, %o: memref<1x8x4x4xf32>) {
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  %x = memref.alloc() : memref<1x3x8x8xf32>
  linalg.fill ins(%one : f32) outs(%x : memref<1x3x8x8xf32>)
  %pad = memref.alloc() : memref<1x3x10x10xf32>
  linalg.fill ins(%zero : f32) outs(%pad : memref<1x3x10x10xf32>)
  %view = memref.subview %pad[0, 0, 1, 1] [1, 3, 8, 8] [1, 1, 1, 1] : memref<1x3x10x10xf32> to memref<1x3x8x8xf32, strided<[300, 100, 10, 1], offset: 11>>
  memref.copy %x, %view : memref<1x3x8x8xf32> to memref<1x3x8x8xf32, strided<[300, 100, 10, 1], offset: 11>>
  linalg.fill ins(%zero : f32) outs(%x : memref<1x3x8x8xf32>)
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%pad, %w : memref<1x3x10x10xf32>, memref<8x3x3x3xf32>) outs(%o : memref<1x8x4x4xf32>)
  memref.dealloc %pad : memref<1x3x10x10xf32>
  memref.dealloc %x : memref<1x3x8x8xf32>
  return
}

// -----

// The bias broadcast before the convolution and the in-place ReLU after it
// are done by the kernel's stores: flags INIT_BIAS | CLAMP = 10, clamp to
// [0, inf]; the bias goes as a 1-D buffer.
#bias = affine_map<(d0, d1, d2, d3) -> (d1, 0, 0)>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
memref.global "private" constant @b : memref<8x1x1xf32> = dense<1.0>
// CHECK-LABEL: func.func @conv_bias_relu
// CHECK-DAG: %[[FLAGS:.*]] = arith.constant 10 : i32
// CHECK-DAG: %[[LO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[HI:.*]] = arith.constant 0x7F800000 : f32
// CHECK: %[[B:.*]] = memref.collapse_shape %{{.*}} {{\[\[}}0, 1, 2]] : memref<8x1x1xf32> into memref<8xf32>
// CHECK: %[[BC:.*]] = memref.cast %[[B]] : memref<8xf32> to memref<?xf32, strided<[?], offset: ?>>
// CHECK: call @qat_conv2d_f32(%{{.*}}, %{{.*}}, %{{.*}}, %[[BC]], %{{.*}}, {{.*}}, %[[FLAGS]], %[[LO]], %[[HI]])
// CHECK-NOT: linalg.generic
func.func @conv_bias_relu(%x: memref<1x3x10x10xf32>, %w: memref<8x3x3x3xf32>, %o: memref<1x8x4x4xf32>) {
  %zero = arith.constant 0.0 : f32
  %b = memref.get_global @b : memref<8x1x1xf32>
  linalg.generic {indexing_maps = [#bias, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%b : memref<8x1x1xf32>) outs(%o : memref<1x8x4x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  }
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%x, %w : memref<1x3x10x10xf32>, memref<8x3x3x3xf32>) outs(%o : memref<1x8x4x4xf32>)
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%o : memref<1x8x4x4xf32>) outs(%o : memref<1x8x4x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %r = arith.maximumf %in, %zero : f32
    linalg.yield %r : f32
  }
  return
}

// -----

// Zero start, residual add and ReLU6 (flags INIT_ZERO | RESIDUAL | CLAMP = 13).
// The output is an allocation, so it cannot alias the residual argument.
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @conv_residual_relu6
// CHECK-SAME: %[[R:[a-z0-9]+]]: memref<1x8x4x4xf32>)
// CHECK-DAG: %[[FLAGS:.*]] = arith.constant 13 : i32
// CHECK-DAG: %[[SIX:.*]] = arith.constant 6.000000e+00 : f32
// CHECK: %[[RF:.*]] = memref.collapse_shape %[[R]]
// CHECK: %[[RC:.*]] = memref.cast %[[RF]]
// CHECK: call @qat_conv2d_f32(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[RC]], {{.*}}, %[[FLAGS]], %{{.*}}, %[[SIX]])
// CHECK-NOT: linalg
func.func @conv_residual_relu6(%x: memref<1x3x10x10xf32>, %w: memref<8x3x3x3xf32>, %out: memref<1x8x4x4xf32>, %res: memref<1x8x4x4xf32>) {
  %zero = arith.constant 0.0 : f32
  %six = arith.constant 6.0 : f32
  %o = memref.alloc() : memref<1x8x4x4xf32>
  linalg.fill ins(%zero : f32) outs(%o : memref<1x8x4x4xf32>)
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%x, %w : memref<1x3x10x10xf32>, memref<8x3x3x3xf32>) outs(%o : memref<1x8x4x4xf32>)
  linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%o, %res : memref<1x8x4x4xf32>, memref<1x8x4x4xf32>) outs(%o : memref<1x8x4x4xf32>) {
  ^bb0(%in: f32, %r: f32, %out_: f32):
    %s = arith.addf %r, %in : f32
    %m = arith.maximumf %s, %zero : f32
    %n = arith.minimumf %m, %six : f32
    linalg.yield %n : f32
  }
  memref.copy %o, %out : memref<1x8x4x4xf32> to memref<1x8x4x4xf32>
  memref.dealloc %o : memref<1x8x4x4xf32>
  return
}

// -----

// The same with the output as the second input (ONNX's Add(residual, conv),
// as a ResNet/RegNet block writes it): still absorbed, flags 13.
#id2 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @conv_residual_first
// CHECK-SAME: %[[R:[a-z0-9]+]]: memref<1x8x4x4xf32>)
// CHECK-DAG: %[[FLAGS:.*]] = arith.constant 13 : i32
// CHECK: %[[RF:.*]] = memref.collapse_shape %[[R]]
// CHECK: %[[RC:.*]] = memref.cast %[[RF]]
// CHECK: call @qat_conv2d_f32(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[RC]], {{.*}}, %[[FLAGS]],
// CHECK-NOT: linalg
func.func @conv_residual_first(%x: memref<1x3x10x10xf32>, %w: memref<8x3x3x3xf32>, %out: memref<1x8x4x4xf32>, %res: memref<1x8x4x4xf32>) {
  %zero = arith.constant 0.0 : f32
  %o = memref.alloc() : memref<1x8x4x4xf32>
  linalg.fill ins(%zero : f32) outs(%o : memref<1x8x4x4xf32>)
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%x, %w : memref<1x3x10x10xf32>, memref<8x3x3x3xf32>) outs(%o : memref<1x8x4x4xf32>)
  linalg.generic {indexing_maps = [#id2, #id2, #id2], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%res, %o : memref<1x8x4x4xf32>, memref<1x8x4x4xf32>) outs(%o : memref<1x8x4x4xf32>) {
  ^bb0(%r: f32, %in: f32, %out_: f32):
    %s = arith.addf %r, %in : f32
    %m = arith.maximumf %s, %zero : f32
    linalg.yield %m : f32
  }
  memref.copy %o, %out : memref<1x8x4x4xf32> to memref<1x8x4x4xf32>
  memref.dealloc %o : memref<1x8x4x4xf32>
  return
}

// -----

// The residual may alias the output (both are arguments of a function that
// is not a C ABI entry point): not absorbed.
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @conv_residual_may_alias
// CHECK: call @qat_conv2d_f32
// CHECK: linalg.generic
func.func @conv_residual_may_alias(%x: memref<1x3x10x10xf32>, %w: memref<8x3x3x3xf32>, %o: memref<1x8x4x4xf32>, %res: memref<1x8x4x4xf32>) {
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%x, %w : memref<1x3x10x10xf32>, memref<8x3x3x3xf32>) outs(%o : memref<1x8x4x4xf32>)
  linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%o, %res : memref<1x8x4x4xf32>, memref<1x8x4x4xf32>) outs(%o : memref<1x8x4x4xf32>) {
  ^bb0(%in: f32, %r: f32, %out_: f32):
    %s = arith.addf %r, %in : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// Not absorbed: an epilogue that does more than add/clamp (here a scale),
// one that writes elsewhere, and a prologue whose operand is not per filter.
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#wrong = affine_map<(d0, d1, d2, d3) -> (d2, 0, 0)>
// CHECK-LABEL: func.func @not_absorbed
// CHECK: linalg.generic
// CHECK: call @qat_conv2d_f32({{.*}}, %c0_i32{{.*}}, %{{.*}}, %{{.*}})
// CHECK: linalg.generic
// CHECK: arith.mulf
// CHECK: call @qat_conv2d_f32
// CHECK: linalg.generic
func.func @not_absorbed(%x: memref<1x3x10x10xf32>, %w: memref<8x3x3x3xf32>, %o: memref<1x8x4x4xf32>, %p: memref<1x8x4x4xf32>, %v: memref<4x1x1xf32>) {
  %two = arith.constant 2.0 : f32
  %zero = arith.constant 0.0 : f32
  linalg.generic {indexing_maps = [#wrong, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%v : memref<4x1x1xf32>) outs(%o : memref<1x8x4x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  }
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%x, %w : memref<1x3x10x10xf32>, memref<8x3x3x3xf32>) outs(%o : memref<1x8x4x4xf32>)
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%o : memref<1x8x4x4xf32>) outs(%o : memref<1x8x4x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %r = arith.mulf %in, %two : f32
    %m = arith.maximumf %r, %zero : f32
    linalg.yield %m : f32
  }
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%x, %w : memref<1x3x10x10xf32>, memref<8x3x3x3xf32>) outs(%p : memref<1x8x4x4xf32>)
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%p : memref<1x8x4x4xf32>) outs(%o : memref<1x8x4x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  }
  return
}

// -----

// A depthwise convolution calls the depthwise kernel; its zero-padded input
// copy folds into the pads, its bias and ReLU6 into the call (flags 10).
#bias = affine_map<(d0, d1, d2, d3) -> (d1, 0, 0)>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
memref.global "private" constant @db : memref<4x1x1xf32> = dense<0.5>
// CHECK: func.func private @qat_depthwise_conv2d_f32(memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>, memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>, memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>, memref<?xf32, strided<[?], offset: ?>>, memref<?xf32, strided<[?], offset: ?>>, i64, i64, i64, i64, i64, i64, i32, f32, f32) attributes {llvm.emit_c_interface}
// CHECK-LABEL: func.func @depthwise
// CHECK-SAME: (%[[X:[a-z0-9]+]]: memref<1x4x8x8xf32>
// CHECK-NOT: memref.copy
// CHECK-DAG: %[[FLAGS:.*]] = arith.constant 10 : i32
// CHECK-DAG: %[[SIX:.*]] = arith.constant 6.000000e+00 : f32
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1 : i64
// CHECK: %[[XC:.*]] = memref.cast %[[X]]
// CHECK: call @qat_depthwise_conv2d_f32(%[[XC]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[ONE]], %[[ONE]], %[[ONE]], %[[ONE]], %[[ONE]], %[[ONE]], %[[FLAGS]], %{{.*}}, %[[SIX]])
// CHECK-NOT: linalg
func.func @depthwise(%x: memref<1x4x8x8xf32>, %w: memref<4x3x3xf32>, %out: memref<1x4x8x8xf32>) {
  %zero = arith.constant 0.0 : f32
  %six = arith.constant 6.0 : f32
  %pad = memref.alloc() : memref<1x4x10x10xf32>
  linalg.fill ins(%zero : f32) outs(%pad : memref<1x4x10x10xf32>)
  %view = memref.subview %pad[0, 0, 1, 1] [1, 4, 8, 8] [1, 1, 1, 1] : memref<1x4x10x10xf32> to memref<1x4x8x8xf32, strided<[400, 100, 10, 1], offset: 11>>
  memref.copy %x, %view : memref<1x4x8x8xf32> to memref<1x4x8x8xf32, strided<[400, 100, 10, 1], offset: 11>>
  %o = memref.alloc() : memref<1x4x8x8xf32>
  %b = memref.get_global @db : memref<4x1x1xf32>
  linalg.generic {indexing_maps = [#bias, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%b : memref<4x1x1xf32>) outs(%o : memref<1x4x8x8xf32>) {
  ^bb0(%in: f32, %out_: f32):
    linalg.yield %in : f32
  }
  linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%pad, %w : memref<1x4x10x10xf32>, memref<4x3x3xf32>) outs(%o : memref<1x4x8x8xf32>)
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%o : memref<1x4x8x8xf32>) outs(%o : memref<1x4x8x8xf32>) {
  ^bb0(%in: f32, %out_: f32):
    %m = arith.maximumf %in, %zero : f32
    %n = arith.maximumf %m, %zero : f32
    %k = arith.minimumf %n, %six : f32
    linalg.yield %k : f32
  }
  memref.copy %o, %out : memref<1x4x8x8xf32> to memref<1x4x8x8xf32>
  memref.dealloc %o : memref<1x4x8x8xf32>
  memref.dealloc %pad : memref<1x4x10x10xf32>
  return
}

// -----

// In a C ABI entry point (qat.updated_inputs: qat-update-inputs-in-place
// prepared it) the caller's buffers are distinct: the residual add and clamp
// into the output argument are absorbed.
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @conv_residual_entry_point
// CHECK: call @qat_conv2d_f32
// CHECK-NOT: linalg.generic
// CHECK: return
func.func @conv_residual_entry_point(%x: memref<1x3x10x10xf32>, %w: memref<8x3x3x3xf32>, %res: memref<1x8x4x4xf32>, %o: memref<1x8x4x4xf32>)
    attributes {qat.updated_inputs = array<i64: -1>} {
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%x, %w : memref<1x3x10x10xf32>, memref<8x3x3x3xf32>) outs(%o : memref<1x8x4x4xf32>)
  linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%o, %res : memref<1x8x4x4xf32>, memref<1x8x4x4xf32>) outs(%o : memref<1x8x4x4xf32>) {
  ^bb0(%in: f32, %r: f32, %out_: f32):
    %s = arith.addf %r, %in : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// The marked 2-D max pooling generic -> qat_max_pool2d_f32(in, out, pad_top,
// pad_left, kh, kw, sh, sw, dh, dw, flags); its -inf-padded input copy folds
// into the pads (the extra bottom row is a ceil-mode window's: implied by
// the output size). The fold starts from out's value: flags 0.
#pin = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 * 2 + d3, d5 * 2 + d4)>
#pwin = affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d4)>
#pout = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d5)>
// CHECK-LABEL: func.func @max_pool
// CHECK-SAME: (%[[X:.*]]: memref<1x4x8x8xf32>, %[[O:.*]]: memref<1x4x4x4xf32>)
// CHECK-NOT: memref.copy
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1 : i64
// CHECK-DAG: %[[TWO:.*]] = arith.constant 2 : i64
// CHECK-DAG: %[[THREE:.*]] = arith.constant 3 : i64
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0 : i64
// CHECK: %[[XC:.*]] = memref.cast %[[X]]
// CHECK: %[[OC:.*]] = memref.cast %[[O]]
// CHECK: call @qat_max_pool2d_f32(%[[XC]], %[[OC]], %[[ONE]], %[[ONE]], %[[THREE]], %[[THREE]], %[[TWO]], %[[TWO]], %[[ONE]], %[[ONE]], %[[ZERO]])
// CHECK-NOT: linalg.generic
func.func @max_pool(%x: memref<1x4x8x8xf32>, %o: memref<1x4x4x4xf32>) {
  %ninf = arith.constant 0xFF800000 : f32
  %pad = memref.alloc() : memref<1x4x10x9xf32>
  linalg.fill ins(%ninf : f32) outs(%pad : memref<1x4x10x9xf32>)
  %view = memref.subview %pad[0, 0, 1, 1] [1, 4, 8, 8] [1, 1, 1, 1] : memref<1x4x10x9xf32> to memref<1x4x8x8xf32, strided<[360, 90, 9, 1], offset: 10>>
  memref.copy %x, %view : memref<1x4x8x8xf32> to memref<1x4x8x8xf32, strided<[360, 90, 9, 1], offset: 10>>
  %win = memref.alloc() : memref<3x3xf32>
  linalg.generic {indexing_maps = [#pin, #pwin, #pout], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "parallel"]}
      ins(%pad, %win : memref<1x4x10x9xf32>, memref<3x3xf32>) outs(%o : memref<1x4x4x4xf32>)
      attrs = {qat.max_pool2d = {dilations = array<i64: 1, 1>, strides = array<i64: 2, 2>}} {
  ^bb0(%in: f32, %w: f32, %acc: f32):
    %gt = arith.cmpf ogt, %in, %acc : f32
    %nan = arith.cmpf uno, %in, %in : f32
    %take = arith.ori %gt, %nan : i1
    %r = arith.select %take, %in, %acc : f32
    linalg.yield %r : f32
  }
  memref.dealloc %win : memref<3x3xf32>
  memref.dealloc %pad : memref<1x4x10x9xf32>
  return
}

// -----

// The -inf fill of the output that the pooling lowering starts the fold from
// goes into the call (flags 1: the kernel starts from -inf and does not read
// out); ops on other buffers in between do not matter.
#pin = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 + d3, d5 + d4)>
#pwin = affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d4)>
#pout = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d5)>
// CHECK-LABEL: func.func @max_pool_from_neg_inf
// CHECK-NOT: linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : memref<1x4x7x7xf32>)
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1 : i64
// CHECK-DAG: %[[TWO:.*]] = arith.constant 2 : i64
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0 : i64
// CHECK: call @qat_max_pool2d_f32(%{{.*}}, %{{.*}}, %[[ZERO]], %[[ZERO]], %[[TWO]], %[[TWO]], %[[ONE]], %[[ONE]], %[[ONE]], %[[ONE]], %[[ONE]])
func.func @max_pool_from_neg_inf(%x: memref<1x4x8x8xf32>, %o: memref<1x4x7x7xf32>) {
  %ninf = arith.constant 0xFF800000 : f32
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%ninf : f32) outs(%o : memref<1x4x7x7xf32>)
  %other = memref.alloc() : memref<16xf32>
  linalg.fill ins(%zero : f32) outs(%other : memref<16xf32>)
  %win = memref.alloc() : memref<2x2xf32>
  linalg.generic {indexing_maps = [#pin, #pwin, #pout], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "parallel"]}
      ins(%x, %win : memref<1x4x8x8xf32>, memref<2x2xf32>) outs(%o : memref<1x4x7x7xf32>)
      attrs = {qat.max_pool2d = {dilations = array<i64: 1, 1>, strides = array<i64: 1, 1>}} {
  ^bb0(%in: f32, %w: f32, %acc: f32):
    %gt = arith.cmpf ogt, %in, %acc : f32
    %nan = arith.cmpf uno, %in, %in : f32
    %take = arith.ori %gt, %nan : i1
    %r = arith.select %take, %in, %acc : f32
    linalg.yield %r : f32
  }
  memref.dealloc %win : memref<2x2xf32>
  memref.dealloc %other : memref<16xf32>
  return
}

// -----

// The output set by a copy of a buffer just filled with -inf (one -inf
// tensor that several poolings share, bufferized): the start is -inf too;
// the copy goes, and the filled buffer with it once nothing else reads it.
#pin = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 + d3, d5 + d4)>
#pwin = affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d4)>
#pout = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d5)>
// CHECK-LABEL: func.func @max_pool_copied_neg_inf
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1 : i64
// CHECK-NOT: linalg.fill
// CHECK-NOT: memref.copy
// CHECK: call @qat_max_pool2d_f32({{.*}}, %[[ONE]], %[[ONE]], %[[ONE]], %[[ONE]], %[[ONE]])
// CHECK-NOT: linalg.fill
func.func @max_pool_copied_neg_inf(%x: memref<1x4x8x8xf32>) -> memref<1x4x7x7xf32> {
  %ninf = arith.constant 0xFF800000 : f32
  %shared = memref.alloc() : memref<1x4x7x7xf32>
  linalg.fill ins(%ninf : f32) outs(%shared : memref<1x4x7x7xf32>)
  %o = memref.alloc() : memref<1x4x7x7xf32>
  memref.copy %shared, %o : memref<1x4x7x7xf32> to memref<1x4x7x7xf32>
  %win = memref.alloc() : memref<2x2xf32>
  linalg.generic {indexing_maps = [#pin, #pwin, #pout], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "parallel"]}
      ins(%x, %win : memref<1x4x8x8xf32>, memref<2x2xf32>) outs(%o : memref<1x4x7x7xf32>)
      attrs = {qat.max_pool2d = {dilations = array<i64: 1, 1>, strides = array<i64: 1, 1>}} {
  ^bb0(%in: f32, %w: f32, %acc: f32):
    %gt = arith.cmpf ogt, %in, %acc : f32
    %nan = arith.cmpf uno, %in, %in : f32
    %take = arith.ori %gt, %nan : i1
    %r = arith.select %take, %in, %acc : f32
    linalg.yield %r : f32
  }
  memref.dealloc %win : memref<2x2xf32>
  memref.dealloc %shared : memref<1x4x7x7xf32>
  return %o : memref<1x4x7x7xf32>
}

// -----

// A reader of the -inf-filled output before the pooling keeps the fill, and
// the fold starts from out (flags 0).
#pin = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 + d3, d5 + d4)>
#pwin = affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d4)>
#pout = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d5)>
// CHECK-LABEL: func.func @max_pool_fill_read
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1 : i64
// CHECK-DAG: %[[TWO:.*]] = arith.constant 2 : i64
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0 : i64
// CHECK: linalg.fill
// CHECK: memref.copy
// CHECK: call @qat_max_pool2d_f32(%{{.*}}, %{{.*}}, %[[ZERO]], %[[ZERO]], %[[TWO]], %[[TWO]], %[[ONE]], %[[ONE]], %[[ONE]], %[[ONE]], %[[ZERO]])
func.func @max_pool_fill_read(%x: memref<1x4x8x8xf32>, %o: memref<1x4x7x7xf32>, %seen: memref<1x4x7x7xf32>) {
  %ninf = arith.constant 0xFF800000 : f32
  linalg.fill ins(%ninf : f32) outs(%o : memref<1x4x7x7xf32>)
  memref.copy %o, %seen : memref<1x4x7x7xf32> to memref<1x4x7x7xf32>
  %win = memref.alloc() : memref<2x2xf32>
  linalg.generic {indexing_maps = [#pin, #pwin, #pout], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "parallel"]}
      ins(%x, %win : memref<1x4x8x8xf32>, memref<2x2xf32>) outs(%o : memref<1x4x7x7xf32>)
      attrs = {qat.max_pool2d = {dilations = array<i64: 1, 1>, strides = array<i64: 1, 1>}} {
  ^bb0(%in: f32, %w: f32, %acc: f32):
    %gt = arith.cmpf ogt, %in, %acc : f32
    %nan = arith.cmpf uno, %in, %in : f32
    %take = arith.ori %gt, %nan : i1
    %r = arith.select %take, %in, %acc : f32
    linalg.yield %r : f32
  }
  memref.dealloc %win : memref<2x2xf32>
  return
}

// -----

// A marked pooling generic whose body is no longer the fold (an elementwise
// producer fused into it) keeps its loops.
#pin = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 * 2 + d3, d5 * 2 + d4)>
#pwin = affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d4)>
#pout = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d5)>
// CHECK-LABEL: func.func @max_pool_fused
// CHECK-NOT: call
// CHECK: linalg.generic
func.func @max_pool_fused(%x: memref<1x4x8x8xf32>, %o: memref<1x4x3x3xf32>) {
  %zero = arith.constant 0.0 : f32
  %win = memref.alloc() : memref<3x3xf32>
  linalg.generic {indexing_maps = [#pin, #pwin, #pout], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "parallel"]}
      ins(%x, %win : memref<1x4x8x8xf32>, memref<3x3xf32>) outs(%o : memref<1x4x3x3xf32>)
      attrs = {qat.max_pool2d = {dilations = array<i64: 1, 1>, strides = array<i64: 2, 2>}} {
  ^bb0(%in0: f32, %w: f32, %acc: f32):
    %in = arith.maximumf %in0, %zero : f32
    %gt = arith.cmpf ogt, %in, %acc : f32
    %nan = arith.cmpf uno, %in, %in : f32
    %take = arith.ori %gt, %nan : i1
    %r = arith.select %take, %in, %acc : f32
    linalg.yield %r : f32
  }
  memref.dealloc %win : memref<3x3xf32>
  return
}

// -----

// Batched models zero their outputs with an input-less generic, and
// bufferization copies a zero tensor several ops share into each one's
// buffer: both are a zero start (flags 1), the copy's source goes with it
// when nothing else reads it.
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @conv_zero_generic_and_copy
// CHECK-NOT: linalg.generic
// CHECK-NOT: memref.copy
// CHECK: %[[ONE:.*]] = arith.constant 1 : i32
// CHECK: call @qat_conv2d_f32({{.*}}, %[[ONE]], %{{.*}}, %{{.*}}) :
// CHECK-NOT: memref.copy
// CHECK: call @qat_depthwise_conv2d_f32({{.*}}, %[[ONE]], %{{.*}}, %{{.*}}) :
// CHECK-NOT: memref.alloc
func.func @conv_zero_generic_and_copy(%x: memref<2x3x10x10xf32>, %w: memref<8x3x3x3xf32>, %o: memref<2x8x4x4xf32>,
                                      %dw: memref<8x3x3xf32>, %o2: memref<2x8x1x1xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.generic {indexing_maps = [#id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      outs(%o : memref<2x8x4x4xf32>) {
  ^bb0(%out: f32):
    linalg.yield %zero : f32
  }
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%x, %w : memref<2x3x10x10xf32>, memref<8x3x3x3xf32>) outs(%o : memref<2x8x4x4xf32>)
  %zeros = memref.alloc() : memref<2x8x1x1xf32>
  linalg.generic {indexing_maps = [#id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      outs(%zeros : memref<2x8x1x1xf32>) {
  ^bb0(%out: f32):
    linalg.yield %zero : f32
  }
  memref.copy %zeros, %o2 : memref<2x8x1x1xf32> to memref<2x8x1x1xf32>
  linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%o, %dw : memref<2x8x4x4xf32>, memref<8x3x3xf32>) outs(%o2 : memref<2x8x1x1xf32>)
  memref.dealloc %zeros : memref<2x8x1x1xf32>
  return
}

// -----

// A grouped convolution on 5-D views -> qat_grouped_conv2d_f32 on the 4-D
// buffers: the zero-padded input copy folds into the pads, the bias
// broadcast written on the 4-D output is the start (flags 2), the 5-D
// filters are collapsed back, and the groups (2) and weight constness follow
// the strides and dilations.
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#ch = affine_map<(d0, d1, d2, d3) -> (d1)>
// CHECK-LABEL: func.func @grouped_conv
// CHECK-SAME: (%[[X:.*]]: memref<1x4x8x8xf32>, %[[W:.*]]: memref<2x2x2x3x3xf32>, %[[B:.*]]: memref<4xf32>, %[[O:.*]]: memref<1x4x4x4xf32>)
// CHECK-NOT: memref.copy
// CHECK-NOT: linalg.
// CHECK-DAG: %[[WC:.*]] = memref.collapse_shape %[[W]] {{\[}}[0, 1], [2], [3], [4]]
// CHECK-DAG: %[[GROUPS:.*]] = arith.constant 2 : i64
// CHECK-DAG: %[[FLAGS:.*]] = arith.constant 2 : i32
// CHECK: call @qat_grouped_conv2d_f32(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[GROUPS]], %{{.*}}, %[[FLAGS]],
// CHECK-NOT: linalg.
func.func @grouped_conv(%x: memref<1x4x8x8xf32>, %w: memref<2x2x2x3x3xf32>, %b: memref<4xf32>, %o: memref<1x4x4x4xf32>) {
  %zero = arith.constant 0.0 : f32
  %pad = memref.alloc() : memref<1x4x10x10xf32>
  linalg.fill ins(%zero : f32) outs(%pad : memref<1x4x10x10xf32>)
  %view = memref.subview %pad[0, 0, 1, 1] [1, 4, 8, 8] [1, 1, 1, 1] : memref<1x4x10x10xf32> to memref<1x4x8x8xf32, strided<[400, 100, 10, 1], offset: 11>>
  memref.copy %x, %view : memref<1x4x8x8xf32> to memref<1x4x8x8xf32, strided<[400, 100, 10, 1], offset: 11>>
  %x5 = memref.expand_shape %pad [[0], [1, 2], [3], [4]] output_shape [1, 2, 2, 10, 10] : memref<1x4x10x10xf32> into memref<1x2x2x10x10xf32>
  linalg.generic {indexing_maps = [#ch, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%b : memref<4xf32>) outs(%o : memref<1x4x4x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  }
  %o5 = memref.expand_shape %o [[0], [1, 2], [3], [4]] output_shape [1, 2, 2, 4, 4] : memref<1x4x4x4xf32> into memref<1x2x2x4x4xf32>
  linalg.conv_2d_ngchw_gfchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%x5, %w : memref<1x2x2x10x10xf32>, memref<2x2x2x3x3xf32>) outs(%o5 : memref<1x2x2x4x4xf32>)
  memref.dealloc %pad : memref<1x4x10x10xf32>
  return
}

// -----

// regnet's grouped convolutions: the result is a 5-D buffer of its own, the
// zero start a copy from a reshape of a zero-filled buffer (a zero tensor
// the 1x1 projection shares), the ReLU on another reshape of the result.
// The call's NFHW output is a third reshape of the same buffer: all are the
// same elements in the same order, so the start (flags 1) and the clamp
// (flags 8) are absorbed, and the zero buffer, its views and fill go.
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#id1 = affine_map<(d0) -> (d0)>
// CHECK-LABEL: func.func @grouped_conv_zero_copy_relu
// CHECK-NOT: linalg.
// CHECK-NOT: memref.copy
// CHECK: %[[FLAGS:.*]] = arith.constant 9 : i32
// CHECK: call @qat_grouped_conv2d_f32({{.*}}, %[[FLAGS]],
// CHECK-NOT: linalg.
// CHECK: memref.copy %{{.*}}, %arg2
// CHECK-NOT: memref.alloc
// CHECK: return
func.func @grouped_conv_zero_copy_relu(%x: memref<1x4x6x6xf32>, %w: memref<2x2x2x1x1xf32>, %o: memref<1x4x6x6xf32>) {
  %zero = arith.constant 0.0 : f32
  %zeros = memref.alloc() {alignment = 64 : i64} : memref<1x4x6x6xf32>
  %flat = memref.collapse_shape %zeros [[0, 1, 2, 3]] : memref<1x4x6x6xf32> into memref<144xf32>
  linalg.generic {indexing_maps = [#id1], iterator_types = ["parallel"]} outs(%flat : memref<144xf32>) {
  ^bb0(%out: f32):
    linalg.yield %zero : f32
  }
  %zeros5 = memref.expand_shape %zeros [[0], [1, 2], [3], [4]] output_shape [1, 2, 2, 6, 6] : memref<1x4x6x6xf32> into memref<1x2x2x6x6xf32>
  %r = memref.alloc() {alignment = 64 : i64} : memref<1x2x2x6x6xf32>
  memref.copy %zeros5, %r : memref<1x2x2x6x6xf32> to memref<1x2x2x6x6xf32>
  %x5 = memref.expand_shape %x [[0], [1, 2], [3], [4]] output_shape [1, 2, 2, 6, 6] : memref<1x4x6x6xf32> into memref<1x2x2x6x6xf32>
  linalg.conv_2d_ngchw_gfchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x5, %w : memref<1x2x2x6x6xf32>, memref<2x2x2x1x1xf32>) outs(%r : memref<1x2x2x6x6xf32>)
  %r4 = memref.collapse_shape %r [[0], [1, 2], [3], [4]] : memref<1x2x2x6x6xf32> into memref<1x4x6x6xf32>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%r4 : memref<1x4x6x6xf32>) outs(%r4 : memref<1x4x6x6xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  }
  memref.copy %r4, %o : memref<1x4x6x6xf32> to memref<1x4x6x6xf32>
  memref.dealloc %zeros : memref<1x4x6x6xf32>
  memref.dealloc %r : memref<1x2x2x6x6xf32>
  return
}

// -----

// A zero fill another op reads (copies it) before the convolution: the
// zeros still hold, so the start is zero (flags 1, C not read), and the fill
// stays for the reader.
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @conv_zero_read_before
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1 : i32
// CHECK-DAG: linalg.fill
// CHECK: memref.copy
// CHECK: call @qat_conv2d_f32({{.*}}, %[[ONE]], %{{.*}}, %{{.*}}) :
func.func @conv_zero_read_before(%x: memref<1x3x10x10xf32>, %w: memref<8x3x3x3xf32>, %o: memref<1x8x4x4xf32>) -> memref<1x8x4x4xf32> {
  %zero = arith.constant 0.0 : f32
  %p = memref.alloc() : memref<1x8x4x4xf32>
  linalg.fill ins(%zero : f32) outs(%o : memref<1x8x4x4xf32>)
  memref.copy %o, %p : memref<1x8x4x4xf32> to memref<1x8x4x4xf32>
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%x, %w : memref<1x3x10x10xf32>, memref<8x3x3x3xf32>) outs(%o : memref<1x8x4x4xf32>)
  return %p : memref<1x8x4x4xf32>
}

// -----

// A zero tensor two convolutions start from bufferizes as one fill, a copy
// into the first one's output, and the fill's buffer reused as the second
// one's output. Both calls start from zero (flags 1) without reading their
// outputs, so neither the copy nor the fill is left.
// CHECK-LABEL: func.func @zero_fill_overwritten
// CHECK-NOT: linalg.fill
// CHECK-NOT: memref.copy
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1 : i32
// CHECK: call @qat_conv2d_f32({{.*}}, %[[ONE]], %{{.*}}, %{{.*}}) :
// CHECK-NOT: linalg.fill
// CHECK: call @qat_conv2d_f32({{.*}}, %[[ONE]], %{{.*}}, %{{.*}}) :
func.func @zero_fill_overwritten(%x: memref<1x3x10x10xf32>, %w: memref<8x3x3x3xf32>, %o: memref<1x8x4x4xf32>) -> memref<1x8x4x4xf32> {
  %zero = arith.constant 0.0 : f32
  %z = memref.alloc() : memref<1x8x4x4xf32>
  linalg.fill ins(%zero : f32) outs(%z : memref<1x8x4x4xf32>)
  memref.copy %z, %o : memref<1x8x4x4xf32> to memref<1x8x4x4xf32>
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%x, %w : memref<1x3x10x10xf32>, memref<8x3x3x3xf32>) outs(%o : memref<1x8x4x4xf32>)
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%x, %w : memref<1x3x10x10xf32>, memref<8x3x3x3xf32>) outs(%z : memref<1x8x4x4xf32>)
  return %z : memref<1x8x4x4xf32>
}

// -----

// The marked max pooling of unsigned 8-bit levels -> qat_max_pool2d_u8 with
// the f32 kernel's operands: its padded input copy (padding: the lowest
// level, 0) folds into the pads; the fold starts from out's value (flags 0).
#pin = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 + d3, d5 + d4)>
#pwin = affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d4)>
#pout = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d5)>
// CHECK-LABEL: func.func @max_pool_levels
// CHECK-SAME: (%[[X:.*]]: memref<1x4x8x8xi8>, %[[O:.*]]: memref<1x4x8x8xi8>)
// CHECK-NOT: memref.copy
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1 : i64
// CHECK-DAG: %[[THREE:.*]] = arith.constant 3 : i64
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0 : i64
// CHECK: %[[XC:.*]] = memref.cast %[[X]] : memref<1x4x8x8xi8> to memref<?x?x?x?xi8, strided<[?, ?, ?, ?], offset: ?>>
// CHECK: %[[OC:.*]] = memref.cast %[[O]]
// CHECK: call @qat_max_pool2d_u8(%[[XC]], %[[OC]], %[[ONE]], %[[ONE]], %[[THREE]], %[[THREE]], %[[ONE]], %[[ONE]], %[[ONE]], %[[ONE]], %[[ZERO]])
// CHECK-NOT: linalg.generic
func.func @max_pool_levels(%x: memref<1x4x8x8xi8>, %o: memref<1x4x8x8xi8>) {
  %lowest = arith.constant 0 : i8
  %pad = memref.alloc() : memref<1x4x10x10xi8>
  linalg.fill ins(%lowest : i8) outs(%pad : memref<1x4x10x10xi8>)
  %view = memref.subview %pad[0, 0, 1, 1] [1, 4, 8, 8] [1, 1, 1, 1] : memref<1x4x10x10xi8> to memref<1x4x8x8xi8, strided<[400, 100, 10, 1], offset: 11>>
  memref.copy %x, %view : memref<1x4x8x8xi8> to memref<1x4x8x8xi8, strided<[400, 100, 10, 1], offset: 11>>
  %win = memref.alloc() : memref<3x3xi8>
  linalg.generic {indexing_maps = [#pin, #pwin, #pout], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "parallel"]}
      ins(%pad, %win : memref<1x4x10x10xi8>, memref<3x3xi8>) outs(%o : memref<1x4x8x8xi8>)
      attrs = {qat.max_pool2d = {dilations = array<i64: 1, 1>, strides = array<i64: 1, 1>, unsigned = true}} {
  ^bb0(%in: i8, %w: i8, %acc: i8):
    %r = arith.maxui %acc, %in : i8
    linalg.yield %r : i8
  }
  memref.dealloc %win : memref<3x3xi8>
  memref.dealloc %pad : memref<1x4x10x10xi8>
  return
}

// -----

// Signed levels pad with -128 (here folded into the pads: pads 1); the
// signed kernel is called. A copy padded with 0, which would win over
// negative levels, does not fold: the kernel pools the padded buffer as
// the generic did, without pads (@max_pool_zero_padded_signed).
#pin = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 + d3, d5 + d4)>
#pwin = affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d4)>
#pout = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d5)>
// CHECK-LABEL: func.func @max_pool_signed_levels
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1 : i64
// CHECK-DAG: %[[THREE:.*]] = arith.constant 3 : i64
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0 : i64
// CHECK-NOT: memref.copy
// CHECK: call @qat_max_pool2d_i8(%{{.*}}, %{{.*}}, %[[ONE]], %[[ONE]], %[[THREE]], %[[THREE]], %[[ONE]], %[[ONE]], %[[ONE]], %[[ONE]], %[[ZERO]])
func.func @max_pool_signed_levels(%x: memref<1x4x8x8xi8>, %o: memref<1x4x8x8xi8>) {
  %lowest = arith.constant -128 : i8
  %pad = memref.alloc() : memref<1x4x10x10xi8>
  linalg.fill ins(%lowest : i8) outs(%pad : memref<1x4x10x10xi8>)
  %view = memref.subview %pad[0, 0, 1, 1] [1, 4, 8, 8] [1, 1, 1, 1] : memref<1x4x10x10xi8> to memref<1x4x8x8xi8, strided<[400, 100, 10, 1], offset: 11>>
  memref.copy %x, %view : memref<1x4x8x8xi8> to memref<1x4x8x8xi8, strided<[400, 100, 10, 1], offset: 11>>
  %win = memref.alloc() : memref<3x3xi8>
  linalg.generic {indexing_maps = [#pin, #pwin, #pout], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "parallel"]}
      ins(%pad, %win : memref<1x4x10x10xi8>, memref<3x3xi8>) outs(%o : memref<1x4x8x8xi8>)
      attrs = {qat.max_pool2d = {dilations = array<i64: 1, 1>, strides = array<i64: 1, 1>, unsigned = false}} {
  ^bb0(%in: i8, %w: i8, %acc: i8):
    %r = arith.maxsi %acc, %in : i8
    linalg.yield %r : i8
  }
  memref.dealloc %win : memref<3x3xi8>
  memref.dealloc %pad : memref<1x4x10x10xi8>
  return
}

// -----

#pin = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 + d3, d5 + d4)>
#pwin = affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d4)>
#pout = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d5)>
// CHECK-LABEL: func.func @max_pool_zero_padded_signed
// CHECK-DAG: %[[NONE:.*]] = arith.constant 0 : i64
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1 : i64
// CHECK-DAG: %[[THREE:.*]] = arith.constant 3 : i64
// CHECK: memref.copy
// CHECK: %[[PC:.*]] = memref.cast %{{.*}} : memref<1x4x10x10xi8> to
// CHECK: call @qat_max_pool2d_i8(%[[PC]], %{{.*}}, %[[NONE]], %[[NONE]], %[[THREE]], %[[THREE]], %[[ONE]], %[[ONE]], %[[ONE]], %[[ONE]], %[[NONE]])
// CHECK-NOT: linalg.generic
func.func @max_pool_zero_padded_signed(%x: memref<1x4x8x8xi8>, %o: memref<1x4x8x8xi8>) {
  %zero = arith.constant 0 : i8
  %pad = memref.alloc() : memref<1x4x10x10xi8>
  linalg.fill ins(%zero : i8) outs(%pad : memref<1x4x10x10xi8>)
  %view = memref.subview %pad[0, 0, 1, 1] [1, 4, 8, 8] [1, 1, 1, 1] : memref<1x4x10x10xi8> to memref<1x4x8x8xi8, strided<[400, 100, 10, 1], offset: 11>>
  memref.copy %x, %view : memref<1x4x8x8xi8> to memref<1x4x8x8xi8, strided<[400, 100, 10, 1], offset: 11>>
  %win = memref.alloc() : memref<3x3xi8>
  linalg.generic {indexing_maps = [#pin, #pwin, #pout], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "parallel"]}
      ins(%pad, %win : memref<1x4x10x10xi8>, memref<3x3xi8>) outs(%o : memref<1x4x8x8xi8>)
      attrs = {qat.max_pool2d = {dilations = array<i64: 1, 1>, strides = array<i64: 1, 1>, unsigned = false}} {
  ^bb0(%in: i8, %w: i8, %acc: i8):
    %r = arith.maxsi %acc, %in : i8
    linalg.yield %r : i8
  }
  memref.dealloc %win : memref<3x3xi8>
  memref.dealloc %pad : memref<1x4x10x10xi8>
  return
}

// -----

// Stride 2 (resnet18's 3x3 / 2 pool over conv1's padded output, pads
// already in the buffer) into a padded buffer's interior: the kernel takes
// output rows of any pitch. The fill of the lowest level the fold starts
// from goes into the call (flags 1).
#pin = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 * 2 + d3, d5 * 2 + d4)>
#pwin = affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d4)>
#pout = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d5)>
// CHECK-LABEL: func.func @max_pool_levels_strided
// CHECK-SAME: (%[[X:.*]]: memref<1x4x10x10xi8>, %[[P:.*]]: memref<1x4x6x6xi8>)
// CHECK-DAG: %[[NONE:.*]] = arith.constant 0 : i64
// CHECK-DAG: %[[TWO:.*]] = arith.constant 2 : i64
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1 : i64
// CHECK-DAG: %[[THREE:.*]] = arith.constant 3 : i64
// CHECK: %[[V:.*]] = memref.subview %[[P]][0, 0, 1, 1] [1, 4, 4, 4] [1, 1, 1, 1]
// CHECK-NOT: linalg.fill
// CHECK: %[[XC:.*]] = memref.cast %[[X]]
// CHECK: %[[VC:.*]] = memref.cast %[[V]] : memref<1x4x4x4xi8, strided<[144, 36, 6, 1], offset: 7>> to memref<?x?x?x?xi8, strided<[?, ?, ?, ?], offset: ?>>
// CHECK: call @qat_max_pool2d_u8(%[[XC]], %[[VC]], %[[NONE]], %[[NONE]], %[[THREE]], %[[THREE]], %[[TWO]], %[[TWO]], %[[ONE]], %[[ONE]], %[[ONE]])
func.func @max_pool_levels_strided(%x: memref<1x4x10x10xi8>, %p: memref<1x4x6x6xi8>) {
  %lowest = arith.constant 0 : i8
  %v = memref.subview %p[0, 0, 1, 1] [1, 4, 4, 4] [1, 1, 1, 1] : memref<1x4x6x6xi8> to memref<1x4x4x4xi8, strided<[144, 36, 6, 1], offset: 7>>
  linalg.fill ins(%lowest : i8) outs(%v : memref<1x4x4x4xi8, strided<[144, 36, 6, 1], offset: 7>>)
  %win = memref.alloc() : memref<3x3xi8>
  linalg.generic {indexing_maps = [#pin, #pwin, #pout], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "parallel"]}
      ins(%x, %win : memref<1x4x10x10xi8>, memref<3x3xi8>) outs(%v : memref<1x4x4x4xi8, strided<[144, 36, 6, 1], offset: 7>>)
      attrs = {qat.max_pool2d = {dilations = array<i64: 1, 1>, strides = array<i64: 2, 2>, unsigned = true}} {
  ^bb0(%in: i8, %w: i8, %acc: i8):
    %r = arith.maxui %acc, %in : i8
    linalg.yield %r : i8
  }
  memref.dealloc %win : memref<3x3xi8>
  return
}
