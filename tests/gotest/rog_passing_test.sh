#!/bin/sh
# rog_passing_test: the regression gate of the rog back end. Every test
# listed in passing_rog.txt (the no-import `run` tests rog passed when the
# list was last written with --write-passing) must still pass; the list
# only grows. Runs only the listed tests (--listed-only) to stay fast.
#   $1 gotest.py  $2 the rog binary  $3 passing_rog.txt
exec python3 "$1" --backend=rog --rog="$2" --set=noimport --passing="$3" --listed-only --jobs=2 --timeout=120 --quiet
