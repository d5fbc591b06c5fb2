//===- Registration.cpp - attach every gradient rule -----------------------===//
#include "autodiff/GradientBuilder.h"

void qat::registerGradientExternalModels(mlir::DialectRegistry &registry) {
  registerElementwiseGradients(registry);
  registerStructuredGradients(registry);
  registerDataMovementGradients(registry);
  registerQATGradients(registry);
}
