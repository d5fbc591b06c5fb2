//===- Registry.cpp - the table of ONNX op converters ----------------------===//
#include "frontend/NodeImporter.h"

using namespace qat;

const OpConverterMap &qat::getOpConverters() {
  static const OpConverterMap map = [] {
    OpConverterMap m;
    addElementwiseConverters(m);
    addNNConverters(m);
    addShapeConverters(m);
    addQuantConverters(m);
    return m;
  }();
  return map;
}
