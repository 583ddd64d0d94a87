#!/bin/sh
# gc_selfcheck_test: the conformance runner, with gc as the backend, on a
# sample of the no-import `run` tests: gc passes its own suite, so any
# failure here is a bug in the runner (recipe parsing, constraints, output
# comparison), not in a compiler.
exec python3 "$1" --backend=gc --set=noimport --sample=12 --jobs=2 --require-all --quiet
