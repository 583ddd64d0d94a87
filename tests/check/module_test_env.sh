# module_test_env.sh: the common start of tests/check's module tests
# (compile_link, linkname, generics_xpkg), sourced with the test's own
# arguments `ROG GO_MOD RUNTIME_GO_FILES...` and $name set. Sets rog (an
# absolute path), mod (the module's directory), rtfiles (rog's runtime
# package files, amd64 ones only, absolute), tmp (a scratch directory named
# after the test) and, inside Bazel's test sandbox, ROG_ROOT: rog finds its
# runtime files next to itself (rog.runfiles) or under ROG_ROOT, and there
# only the test's own runfiles tree, which holds rog's data, is certain to
# exist. Consumes the arguments.
rog=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
if [ -n "${TEST_SRCDIR:-}" ] && [ -n "${TEST_WORKSPACE:-}" ]; then
  export ROG_ROOT="$TEST_SRCDIR/$TEST_WORKSPACE"
fi
mod=$(cd "$(dirname "$2")" && pwd)
shift 2
rtfiles=""
for f in "$@"; do
  case "$f" in *_arm64.go) ;; *) rtfiles="$rtfiles $(cd "$(dirname "$f")" && pwd)/$(basename "$f")" ;; esac
done
tmp=${TEST_TMPDIR:-/tmp}/$name.$$
mkdir -p "$tmp"
