//===- GradientOpInterface.cpp - the interface's generated definitions -----===//
#include "autodiff/GradientOpInterface.h"

#include "autodiff/GradientOpInterface.cpp.inc"
