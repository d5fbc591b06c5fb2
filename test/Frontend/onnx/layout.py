# DepthToSpace, SpaceToDepth and Tile (frontend/ops/LayoutOps.cpp) are each
# a reshape, a data movement and a reshape:
#   DepthToSpace (N x C x H x W, blocksize b, C a multiple of b^2):
#     DCR (the default), reshape [N, b, b, C/b^2, H, W], transpose
#       [0, 3, 4, 1, 5, 2], reshape [N, C/b^2, H b, W b];
#     CRD, reshape [N, C/b^2, b, b, H, W], transpose [0, 1, 4, 2, 5, 3].
#   SpaceToDepth (H and W multiples of b): reshape [N, C, H/b, b, W/b, b],
#     transpose [0, 3, 5, 1, 2, 4], reshape [N, C b^2, H/b, W/b].
#   Tile(x, repeats): x reshaped to [1, d0, 1, d1, ...], nn.expand to
#     [r0, d0, r1, d1, ...] and reshaped to [r0 d0, r1 d1, ...]; repeats is
#     a constant of one value >= 0 per dim.
#
# RUN: rm -rf %t && %python %s %t
# RUN: qat-translate --import-onnx %t/depth_to_space_dcr.onnx | FileCheck %s --check-prefix=DCR
# RUN: qat-translate --import-onnx %t/depth_to_space_crd.onnx | FileCheck %s --check-prefix=CRD
# RUN: qat-translate --import-onnx %t/depth_to_space_v1.onnx | FileCheck %s --check-prefix=D2SV1
# RUN: qat-translate --import-onnx %t/space_to_depth.onnx | FileCheck %s --check-prefix=S2D
# RUN: qat-translate --import-onnx %t/tile.onnx | FileCheck %s --check-prefix=TILE
# RUN: qat-translate --import-onnx %t/tile_int_constant_node.onnx | FileCheck %s --check-prefix=TILEINT
# RUN: qat-translate --import-onnx %t/tile_zero.onnx | FileCheck %s --check-prefix=TILEZERO
# RUN: not qat-translate --import-onnx %t/depth_to_space_3d.onnx 2>&1 | FileCheck %s --check-prefix=D2S3D
# RUN: not qat-translate --import-onnx %t/depth_to_space_no_blocksize.onnx 2>&1 | FileCheck %s --check-prefix=NOBLOCK
# RUN: not qat-translate --import-onnx %t/depth_to_space_channels.onnx 2>&1 | FileCheck %s --check-prefix=CHANNELS
# RUN: not qat-translate --import-onnx %t/depth_to_space_bad_mode.onnx 2>&1 | FileCheck %s --check-prefix=BADMODE
# RUN: not qat-translate --import-onnx %t/space_to_depth_not_multiple.onnx 2>&1 | FileCheck %s --check-prefix=S2DMULT
# RUN: not qat-translate --import-onnx %t/space_to_depth_2d.onnx 2>&1 | FileCheck %s --check-prefix=S2D2D
# RUN: not qat-translate --import-onnx %t/tile_repeats_length.onnx 2>&1 | FileCheck %s --check-prefix=TILELEN
# RUN: not qat-translate --import-onnx %t/tile_negative.onnx 2>&1 | FileCheck %s --check-prefix=TILENEG
# RUN: not qat-translate --import-onnx %t/tile_not_constant.onnx 2>&1 | FileCheck %s --check-prefix=TILEINPUT

from onnx_fixture import array, graph_model, main, node, single, tensor


# DCR-LABEL: func.func @main_graph(%arg0: tensor<2x8x2x3xf32> {qat.name = "x"}) -> (tensor<2x2x4x6xf32> {qat.name = "y"})
# DCR: %[[S:.*]] = nn.reshape %arg0 : tensor<2x8x2x3xf32> -> tensor<2x2x2x2x2x3xf32>
# DCR: %[[T:.*]] = nn.transpose %[[S]] {perm = array<i64: 0, 3, 4, 1, 5, 2>} : tensor<2x2x2x2x2x3xf32> -> tensor<2x2x2x2x3x2xf32>
# DCR: %[[Y:.*]] = nn.reshape %[[T]] : tensor<2x2x2x2x3x2xf32> -> tensor<2x2x4x6xf32>
# DCR: return %[[Y]] : tensor<2x2x4x6xf32>
def depth_to_space_dcr():
    return single("DepthToSpace", [("x", "f32", [2, 8, 2, 3])], [("y", "f32")], dict(blocksize=2),
                  opset=13)


# CRD-LABEL: func.func @main_graph
# CRD: %[[S:.*]] = nn.reshape %arg0 : tensor<1x18x2x2xi8> -> tensor<1x2x3x3x2x2xi8>
# CRD: %[[T:.*]] = nn.transpose %[[S]] {perm = array<i64: 0, 1, 4, 2, 5, 3>} : tensor<1x2x3x3x2x2xi8> -> tensor<1x2x2x3x2x3xi8>
# CRD: nn.reshape %[[T]] : tensor<1x2x2x3x2x3xi8> -> tensor<1x2x6x6xi8>
def depth_to_space_crd():
    return single("DepthToSpace", [("x", "i8", [1, 18, 2, 2])], [("y", "i8")],
                  dict(blocksize=3, mode="CRD"), opset=13)


# Opset 1 has no mode: DCR.
# D2SV1-LABEL: func.func @main_graph
# D2SV1: nn.transpose %{{.*}} {perm = array<i64: 0, 3, 4, 1, 5, 2>} : tensor<1x2x2x1x1x1xf32> -> tensor<1x1x1x2x1x2xf32>
# D2SV1: nn.reshape %{{.*}} : tensor<1x1x1x2x1x2xf32> -> tensor<1x1x2x2xf32>
def depth_to_space_v1():
    return single("DepthToSpace", [("x", "f32", [1, 4, 1, 1])], [("y", "f32")], dict(blocksize=2),
                  opset=1)


# S2D-LABEL: func.func @main_graph(%arg0: tensor<1x2x4x6xf32> {qat.name = "x"}) -> (tensor<1x8x2x3xf32> {qat.name = "y"})
# S2D: %[[S:.*]] = nn.reshape %arg0 : tensor<1x2x4x6xf32> -> tensor<1x2x2x2x3x2xf32>
# S2D: %[[T:.*]] = nn.transpose %[[S]] {perm = array<i64: 0, 3, 5, 1, 2, 4>} : tensor<1x2x2x2x3x2xf32> -> tensor<1x2x2x2x2x3xf32>
# S2D: %[[Y:.*]] = nn.reshape %[[T]] : tensor<1x2x2x2x2x3xf32> -> tensor<1x8x2x3xf32>
# S2D: return %[[Y]]
def space_to_depth():
    return single("SpaceToDepth", [("x", "f32", [1, 2, 4, 6])], [("y", "f32")], dict(blocksize=2),
                  opset=13)


# TILE-LABEL: func.func @main_graph(%arg0: tensor<2x3xf32> {qat.name = "x"}) -> (tensor<4x9xf32> {qat.name = "y"})
# TILE: %[[S:.*]] = nn.reshape %arg0 : tensor<2x3xf32> -> tensor<1x2x1x3xf32>
# TILE: %[[E:.*]] = nn.expand %[[S]] : tensor<1x2x1x3xf32> -> tensor<2x2x3x3xf32>
# TILE: %[[Y:.*]] = nn.reshape %[[E]] : tensor<2x2x3x3xf32> -> tensor<4x9xf32>
# TILE: return %[[Y]] : tensor<4x9xf32>
def tile():
    return single("Tile", [("x", "f32", [2, 3])], [("y", "f32")],
                  initializers={"repeats": array([2, 3], "i64")})


# repeats from a Constant node (not kept).
# TILEINT-LABEL: func.func @main_graph
# TILEINT-NOT: arith.constant
# TILEINT: nn.expand %{{.*}} : tensor<1x3x1x1x1x2xi32> -> tensor<1x3x2x1x4x2xi32>
# TILEINT: nn.reshape %{{.*}} : tensor<1x3x2x1x4x2xi32> -> tensor<3x2x8xi32>
def tile_int_constant_node():
    nodes = [node("Constant", [], ["repeats"], value=tensor("repeats", array([1, 2, 4], "i64"))),
             node("Tile", ["x", "repeats"], ["y"])]
    return graph_model(nodes, [("x", "i32", [3, 1, 2])], [("y", "i32")])


# A repeat of 0 empties the dim.
# TILEZERO-LABEL: func.func @main_graph
# TILEZERO: nn.expand %{{.*}} : tensor<1x2x1x3xf32> -> tensor<0x2x2x3xf32>
# TILEZERO: nn.reshape %{{.*}} : tensor<0x2x2x3xf32> -> tensor<0x6xf32>
def tile_zero():
    return single("Tile", [("x", "f32", [2, 3])], [("y", "f32", 2)],
                  initializers={"repeats": array([0, 2], "i64")}, check=False)


# D2S3D: error: {{.*}}node 'depthtospace_0' (DepthToSpace, opset 13): the input must be 4-D (N x C x H x W)
def depth_to_space_3d():
    return single("DepthToSpace", [("x", "f32", [4, 2, 2])], [("y", "f32", 3)], dict(blocksize=2),
                  opset=13, check=False)


# NOBLOCK: error: {{.*}}node 'depthtospace_0' (DepthToSpace, opset 13): blocksize must be >= 1, got 0
def depth_to_space_no_blocksize():
    return single("DepthToSpace", [("x", "f32", [1, 4, 2, 2])], [("y", "f32", 4)], opset=13,
                  check=False)


# CHANNELS: error: {{.*}}node 'depthtospace_0' (DepthToSpace, opset 13): channels (6) must be a multiple of blocksize^2
def depth_to_space_channels():
    return single("DepthToSpace", [("x", "f32", [1, 6, 2, 2])], [("y", "f32", 4)],
                  dict(blocksize=2), opset=13, check=False)


# BADMODE: error: {{.*}}node 'depthtospace_0' (DepthToSpace, opset 13): mode must be 'DCR' or 'CRD', got 'RCD'
def depth_to_space_bad_mode():
    return single("DepthToSpace", [("x", "f32", [1, 4, 2, 2])], [("y", "f32", 4)],
                  dict(blocksize=2, mode="RCD"), opset=13, check=False)


# S2DMULT: error: {{.*}}node 'spacetodepth_0' (SpaceToDepth, opset 13): height and width must be multiples of blocksize 2
def space_to_depth_not_multiple():
    return single("SpaceToDepth", [("x", "f32", [1, 1, 4, 3])], [("y", "f32", 4)],
                  dict(blocksize=2), opset=13, check=False)


# S2D2D: error: {{.*}}node 'spacetodepth_0' (SpaceToDepth, opset 13): the input must be 4-D (N x C x H x W)
def space_to_depth_2d():
    return single("SpaceToDepth", [("x", "f32", [4, 4])], [("y", "f32", 2)], dict(blocksize=2),
                  opset=13, check=False)


# TILELEN: error: {{.*}}node 'tile_0' (Tile, opset 13): repeats holds 1 values for an input of rank 2
def tile_repeats_length():
    return single("Tile", [("x", "f32", [2, 3])], [("y", "f32", 2)],
                  initializers={"repeats": array([2], "i64")}, check=False)


# TILENEG: error: {{.*}}node 'tile_0' (Tile, opset 13): repeats must be >= 0, got -1
def tile_negative():
    return single("Tile", [("x", "f32", [2, 3])], [("y", "f32", 2)],
                  initializers={"repeats": array([1, -1], "i64")}, check=False)


# TILEINPUT: error: {{.*}}node 'tile_0' (Tile, opset 13): repeats ('r') must be a constant: an initializer, a Constant node or computed from static shapes
def tile_not_constant():
    return single("Tile", [("x", "f32", [2, 3]), ("r", "i64", [2])], [("y", "f32", 2)],
                  check=False)


main({f.__name__: f for f in [
    depth_to_space_dcr, depth_to_space_crd, depth_to_space_v1, space_to_depth, tile,
    tile_int_constant_node, tile_zero, depth_to_space_3d, depth_to_space_no_blocksize,
    depth_to_space_channels, depth_to_space_bad_mode, space_to_depth_not_multiple,
    space_to_depth_2d, tile_repeats_length, tile_negative, tile_not_constant]})
