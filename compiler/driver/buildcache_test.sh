#!/bin/sh
# buildcache_test: `rog build`'s object cache (compiler/driver/buildcache.c).
# A second build of an unchanged program compiles nothing; changing a
# package recompiles it and the packages above it, and the program sees the
# change; ROGCACHE=off and -S bypass the cache; a cache directory that
# cannot be created is a warning, not a failure.
set -u
rog="$(pwd)/$1"
# rog finds its runtime through ROG_ROOT: the test's runfiles carry rog's
# data (runtime archive, runtime/go), and a fresh sandbox has no
# bazel-bin/compiler/rog.runfiles next to the binary
export ROG_ROOT="$(pwd)"
fail() { echo "FAIL: $*" >&2; exit 1; }
export ROGCACHE="$TEST_TMPDIR/cache" ROG_BUILDCACHE_STATS=1
mkdir -p m/lib m/cmd
cat >m/go.mod <<'X'
module example.com/m

go 1.19
X
cat >m/lib/lib.go <<'X'
package lib

import "unicode/utf8"

func Len(s string) int { return utf8.RuneCountInString(s) }
X
cat >m/cmd/main.go <<'X'
package main

import "example.com/m/lib"

func main() { println(lib.Len("héllo")) }
X
cd m
stats() { grep 'build cache:' "$1" | sed 's/.*build cache: //'; }

"$rog" build -o prog1 ./cmd 2>err1.txt || fail "first build: $(cat err1.txt)"
[ "$(./prog1 2>&1)" = 5 ] || fail "first program"
case "$(stats err1.txt)" in "0 hits, "*) ;; *) fail "first build hit a cold cache: $(stats err1.txt)" ;; esac

"$rog" build -o prog2 ./cmd 2>err2.txt || fail "second build"
case "$(stats err2.txt)" in *" hits, 0 misses") ;; *) fail "second build missed: $(stats err2.txt)" ;; esac
cmp -s prog1 prog2 || fail "cached build differs from the first"

# Changing lib recompiles lib and main (2 misses), nothing below them.
sed -i 's/RuneCountInString(s)/RuneCountInString(s) * 2/' lib/lib.go
"$rog" build -o prog3 ./cmd 2>err3.txt || fail "third build"
case "$(stats err3.txt)" in *" hits, 2 misses") ;; *) fail "after editing lib: $(stats err3.txt)" ;; esac
[ "$(./prog3 2>&1)" = 10 ] || fail "the edit to lib is not in the program: $(./prog3 2>&1)"

# A different optimization level is a different key.
"$rog" build -O0 -o prog4 ./cmd 2>err4.txt || fail "-O0 build"
case "$(stats err4.txt)" in "0 hits, "*) ;; *) fail "-O0 reused -O2 objects: $(stats err4.txt)" ;; esac

# Off: no statistics of hits.
ROGCACHE=off "$rog" build -o prog5 ./cmd 2>err5.txt || fail "ROGCACHE=off build"
case "$(stats err5.txt)" in "0 hits, 0 misses") ;; *) fail "ROGCACHE=off used the cache: $(stats err5.txt)" ;; esac

# An unusable cache directory warns and builds.
ROGCACHE=/proc/rog-cache "$rog" build -o prog6 ./cmd 2>err6.txt || fail "unusable cache failed the build"
grep -q 'build cache off' err6.txt || fail "no warning for an unusable cache"
[ "$(./prog6 2>&1)" = 10 ] || fail "program built without cache"
echo PASS
