# lit configuration of the qat-mlir suite.
import os
import lit.formats

config.name = "qat-mlir"
config.test_format = lit.formats.ShTest(True)
# .mlir: dialect and pass tests; .py: ONNX importer tests whose script builds
# the model (python3-onnx) and whose comments hold the FileCheck lines;
# .test: end-to-end shell tests.
config.suffixes = [".mlir", ".py", ".test"]
config.excludes = ["lit.cfg.py", "lit.site.cfg.py", "Inputs", "lib"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.qat_obj_root, "test")

# Debian's interpreter has python3-onnx/numpy/torch; the first python3 on PATH
# may be another one.
python = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else "python3"
config.substitutions.append(("%python", python))
config.substitutions.append(("%qat_obj_root", config.qat_obj_root))
config.substitutions.append(("%test_lib", os.path.join(config.test_source_root, "lib")))
# Test-only binaries built by test/CMakeLists.txt (qat-run's fixtures).
config.substitutions.append(("%add_model", config.qat_add_model))
config.substitutions.append(("%bad_abi_model", config.qat_bad_abi_model))
config.substitutions.append(("%add_runner", config.qat_add_runner))
config.substitutions.append(("%tensorfile_test", config.qat_tensorfile_test))
config.environment["PYTHONPATH"] = os.path.join(config.test_source_root, "lib")
config.environment["PYTHONDONTWRITEBYTECODE"] = "1"
# libMLIR.so is not instrumented: container-overflow checks would misfire.
config.environment["ASAN_OPTIONS"] = "detect_container_overflow=0:detect_leaks=1"
config.environment["UBSAN_OPTIONS"] = "print_stacktrace=1:halt_on_error=1"

config.environment["PATH"] = os.pathsep.join(
    [config.qat_tools_dir, config.llvm_tools_dir, "/usr/lib/llvm-22/bin",
     config.environment.get("PATH", "")])
if config.qat_sanitize:
    config.available_features.add("asan")
# onnxruntime (bench/ort-run.js) is the reference runtime of test/e2e; see
# scripts/install-deps.
if os.path.isdir(os.path.join(config.test_source_root, "..", "bench", "node_modules",
                              "onnxruntime-node")):
    config.available_features.add("onnxruntime")
