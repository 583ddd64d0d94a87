#!/bin/sh
# pipeline_test: pipeline_llvm19.inc is LLVM 19's default<O2>/<O3> as the
# installed opt prints it (cut for the spec pass), so rog's -O2 stays
# exactly LLVM's pipeline plus spec.
set -u
python3 "$1" /usr/lib/llvm-19/bin/opt >got.inc || { echo "FAIL: gen_pipeline.py"; exit 1; }
diff -u "$2" got.inc || { echo "FAIL: regenerate with gen_pipeline.py (see its header)"; exit 1; }
echo PASS
