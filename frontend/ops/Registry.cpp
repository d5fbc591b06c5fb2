//===- Registry.cpp - the table of ONNX op converters ----------------------===//
#include "frontend/NodeImporter.h"

using namespace qat;

const OpConverterMap &qat::getOpConverters() {
  static const OpConverterMap map = [] {
    OpConverterMap m;
    addElementwiseConverters(m);
    addNNConverters(m);
    addConvTransposeConverters(m);
    addIndexingConverters(m);
    addShapeConverters(m);
    addReductionConverters(m);
    addMathConverters(m);
    addResizeConverters(m);
    addLayoutConverters(m);
    addNormalizationConverters(m);
    addGeneratorConverters(m);
    addQuantConverters(m);
    addQONNXConverters(m);
    addQLinearConverters(m);
    addTrainingConverters(m);
    return m;
  }();
  return map;
}

std::string qat::converterKey(const onnx::NodeProto &node) {
  const std::string &domain = node.domain();
  if (domain.empty() || domain == "ai.onnx")
    return node.op_type();
  // QONNX's custom ops, under their current and their FINN-era domain.
  if (domain == "qonnx.custom_op.general" || domain == "finn.custom_op.general")
    return "qonnx:" + node.op_type();
  return domain + ":" + node.op_type();
}
