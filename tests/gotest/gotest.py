#!/usr/bin/env python3
"""gotest.py: a runner for Go's own test suite (GOROOT/test) against a
compiler backend, rog or gc.

Each test file's first comment block (up to the first blank line) is its
recipe, as in Go's test/run.go: `// run`, `// compile`, `// errorcheck`,
`// rundir`, ... with flags and arguments; `// +build` / `//go:build` lines
before the package clause must hold for linux/GOARCH.

Supported actions (others are reported as "unsupported", never as passing):
  run       compile + link the file, run it with the recipe's arguments; the
            combined stdout+stderr must equal the .out file (empty if none)
            and the exit status must be 0
  compile   the file must compile
  build     the file must compile and link

Backends:
  gc    Debian's Go 1.19: `go tool compile -p=main` + `go tool link -s -w`
        (as run.go does for plain `run` tests), or `go run FLAGS` when the
        recipe has compiler flags. It validates the runner: gc passes its own
        suite.
  rog   `rog build -o EXE FILE` (the rog back end, issue 7); --rog-flags
        adds build flags (e.g. -passes=... to turn one of rog's IR passes
        off) and --env sets the environment (e.g. ROG_OPTS=gcstress=1000 to
        collect every 1000 allocations).

Selections:
  --set=noimport   `run` tests whose files import no package (the issue's
                   target set), in test/ and its subdirectories
  --set=std        `run` tests whose files do import packages (the standard
                   library compiled from source by rog; issue 6), the
                   complement of noimport among `run` tests
  --set=all        every test file in run.go's directories
  --filter=REGEX   further restrict by path relative to GOROOT/test

Lists: --passing=FILE checks that every test named in FILE passes (the
regression gate: the list only grows); --write-passing=FILE records the
tests that passed. Output: one line per test (PASS/FAIL/SKIP/UNSUPPORTED
with the reason) and a summary line with counts and the pass percentage.
Exit status: 0 unless a --passing test failed (or --require-all failed).
"""

import argparse
import concurrent.futures
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

GOROOT = "/usr/share/go-1.19"
GO = "/usr/lib/go-1.19/bin/go"
# test/run.go's directories (codegen, abi and runtime need gc internals or
# assembly checks; they are listed so --set=all reports them honestly).
DIRS = [".", "ken", "chan", "interface", "syntax", "dwarf", "fixedbugs", "codegen",
        "runtime", "abi", "typeparam", "typeparam/mdempsky"]
SUPPORTED = {"run", "compile", "build"}


# ------------------------------------------------------- build constraints

def eval_go_build(expr, tags):
    """Evaluates a //go:build expression (||, &&, !, parentheses)."""
    tokens = re.findall(r"\|\||&&|!|\(|\)|[A-Za-z0-9_.]+", expr)
    pos = 0

    def peek():
        return tokens[pos] if pos < len(tokens) else None

    def take():
        nonlocal pos
        if pos >= len(tokens):
            return None
        pos += 1
        return tokens[pos - 1]

    def or_():
        v = and_()
        while peek() == "||":
            take()
            v = and_() or v
        return v

    def and_():
        v = not_()
        while peek() == "&&":
            take()
            v = not_() and v
        return v

    def not_():
        if peek() == "!":
            take()
            return not not_()
        if peek() == "(":
            take()
            v = or_()
            if take() != ")":
                raise ValueError("missing )")
            return v
        tok = take()
        if tok is None or not re.match(r"^[A-Za-z0-9_.]+$", tok):
            raise ValueError("bad token")
        return tok in tags

    v = or_()
    if pos != len(tokens):
        raise ValueError("trailing tokens")
    return v


def eval_plus_build(line, tags):
    """A // +build line: space-separated OR of comma-separated ANDs of
    possibly negated tags."""
    for alt in line.split():
        if all((t[1:] not in tags) if t.startswith("!") else (t in tags) for t in alt.split(",")):
            return True
    return False


def build_tags(goarch):
    tags = {"linux", "unix", goarch, "gc"}
    tags.update("go1.%d" % i for i in range(1, 20))
    return tags  # cgo off, as rog builds today; gccgo false


def should_test(header, tags):
    for line in header.split("\n"):
        if line.startswith("package "):
            break
        if line.startswith("//go:build "):
            try:
                if not eval_go_build(line[len("//go:build "):], tags):
                    return False, line
            except ValueError:
                return False, "malformed " + line
        elif re.match(r"^//\s*\+build\s", line):
            if not eval_plus_build(re.sub(r"^//\s*\+build", "", line), tags):
                return False, line
    return True, ""


# ----------------------------------------------------------------- recipes

class Test:
    def __init__(self, rel):
        self.rel = rel  # relative to GOROOT/test
        self.path = os.path.join(GOROOT, "test", rel)
        self.action = None
        self.flags = []
        self.args = []
        self.skip_reason = None
        self.imports = True
        self.goexperiment = None  # run.go sets GOEXPERIMENT for -goexperiment

    def parse(self, tags):
        with open(self.path, encoding="utf-8", errors="replace") as f:
            src = f.read()
        if src.startswith("\n"):
            self.skip_reason = "starts with newline"
            return
        if "\n\n" not in src:
            self.skip_reason = "no blank line after the recipe"
            return
        action = src.split("\n\n", 1)[0]
        first, _, rest = action.partition("\n")
        if "+build" in first:
            action = rest
        action = action[2:] if action.startswith("//") else action
        header = src.split("\npackage", 1)[0] if "\npackage" in src else action
        ok, why = should_test(header, tags)
        if not ok:
            self.skip_reason = "build constraint: " + why
            return
        try:
            words = shlex.split(action.split("\n", 1)[0])
        except ValueError as e:
            self.skip_reason = "bad recipe: %s" % e
            return
        if not words:
            self.skip_reason = "empty recipe"
            return
        self.action = words[0]
        args = words[1:]
        while args and args[0].startswith("-"):
            if args[0] == "-t" and len(args) > 1:
                args = args[2:]
                continue
            if args[0] == "-goexperiment" and len(args) > 1:
                self.goexperiment = args[1]
                args = args[2:]
                continue
            self.flags.append(args[0])
            args = args[1:]
        self.args = args
        self.imports = has_imports(src)


def has_imports(src):
    """Whether the file imports any package. A comment-stripping scan of the
    top-level import declarations, enough for test files."""
    body = re.sub(r"//[^\n]*", "", src)
    body = re.sub(r"/\*.*?\*/", "", body, flags=re.S)
    return re.search(r"(?m)^\s*import\s*[(\"`A-Za-z_.]", body) is not None


def discover(selection, filt, tags):
    tests = []
    for d in DIRS:
        base = os.path.join(GOROOT, "test", d)
        if not os.path.isdir(base):
            continue
        for name in sorted(os.listdir(base)):
            if not name.endswith(".go"):
                continue
            rel = os.path.normpath(os.path.join(d, name))
            if filt and not re.search(filt, rel):
                continue
            t = Test(rel)
            t.parse(tags)
            if selection == "noimport" and (t.action != "run" or t.imports or t.skip_reason):
                continue
            if selection == "std" and (t.action != "run" or not t.imports or t.skip_reason):
                continue
            tests.append(t)
    return tests


# ---------------------------------------------------------------- backends

def run_cmd(cmd, cwd, env, timeout):
    try:
        p = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=timeout, stdin=subprocess.DEVNULL)
        return p.returncode, p.stdout.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        return None, "timed out after %ss" % timeout


class GcBackend:
    name = "gc"

    def __init__(self, goarch, cache):
        self.goarch = goarch
        # One build cache for the whole run (the go command locks it), so a
        # standard library built for arm64 or an experiment is built once.
        self.cache = cache

    def env(self, tmp):
        return {"PATH": "/usr/bin:/bin", "HOME": tmp, "GOCACHE": self.cache,
                "GOPATH": os.path.join(tmp, "gopath"), "GO111MODULE": "off", "GOFLAGS": "",
                "GOOS": "linux", "GOARCH": self.goarch, "CGO_ENABLED": "0", "GOROOT": "/usr/lib/go-1.19"}

    def build(self, t, tmp, link, timeout):
        """Returns (ok, message, exe)."""
        env = self.env(tmp)
        if t.goexperiment:
            env["GOEXPERIMENT"] = t.goexperiment
        src = os.path.join(tmp, os.path.basename(t.path))
        exe = os.path.join(tmp, "test.exe")
        # Debian prebuilt std only for amd64; elsewhere the go command builds it.
        if t.flags or t.goexperiment or self.goarch != "amd64":
            # Recipe flags are go command flags (-gcflags=..., -ldflags=...),
            # as run.go passes them to `go run`/`go build`; an experiment
            # needs std rebuilt for it, which the go command does. Without
            # -o, go build compiles a non-main package and discards it.
            cmd = [GO, "build"] + (["-o", exe] if link else []) + t.flags + [src]
            rc, out = run_cmd(cmd, tmp, env, timeout)
            return rc == 0, out, exe
        pkg = os.path.join(tmp, "pkg.a")
        rc, out = run_cmd([GO, "tool", "compile", "-p=main", "-o", pkg, src], tmp, env, timeout)
        if rc != 0 or not link:
            return rc == 0, out, None
        rc, out = run_cmd([GO, "tool", "link", "-s", "-w", "-o", exe, pkg], tmp, env, timeout)
        return rc == 0, out, exe


class RogBackend:
    name = "rog"

    def __init__(self, rog, goarch, flags=(), extra_env=None):
        self.rog = rog
        self.goarch = goarch
        self.flags = list(flags)
        self.extra_env = dict(extra_env or {})

    def env(self, tmp):
        e = {"PATH": "/usr/bin:/bin", "HOME": tmp, "GOOS": "linux", "GOARCH": self.goarch}
        e.update(self.extra_env)
        return e

    def build(self, t, tmp, link, timeout):
        env = self.env(tmp)
        if t.goexperiment:
            # rog has one of gc's experiments: fieldtrack's //go:nointerface
            # (compiler/lower/typedesc.h); GOEXPERIMENT reaches rog build
            if t.goexperiment != "fieldtrack":
                return False, "GOEXPERIMENT=%s is a gc experiment rog does not have" % t.goexperiment, None
            env["GOEXPERIMENT"] = t.goexperiment
        src = os.path.join(tmp, os.path.basename(t.path))
        exe = os.path.join(tmp, "test.exe")
        cmd = [self.rog, "build", "-o", exe] + self.flags + t.flags + [src]
        rc, out = run_cmd(cmd, tmp, env, timeout)
        return rc == 0, out, exe


def runner_prefix(goarch):
    if goarch == "arm64" and os.uname().machine != "aarch64":
        return ["qemu-aarch64", "-L", "/usr/aarch64-linux-gnu"]
    return []


def run_test(t, backend, timeout, goarch):
    """Returns (status, reason): status in PASS, FAIL, SKIP, UNSUPPORTED."""
    try:
        return run_test1(t, backend, timeout, goarch)
    except OSError as e:  # a broken test must not stop the run
        return "FAIL", "runner error: %s" % e


def run_test1(t, backend, timeout, goarch):
    if t.skip_reason:
        return "SKIP", t.skip_reason
    if t.action == "skip":
        return "SKIP", "recipe says skip"
    if t.action not in SUPPORTED:
        return "UNSUPPORTED", "action " + t.action
    tmp = tempfile.mkdtemp(prefix="gotest.")
    try:
        shutil.copy(t.path, tmp)
        ok, out, exe = backend.build(t, tmp, t.action in ("run", "build"), timeout)
        if not ok:
            return "FAIL", "build: " + out.strip()[:400]
        if t.action != "run":
            return "PASS", ""
        rc, out = run_cmd(runner_prefix(goarch) + [exe] + t.args, tmp, backend.env(tmp), timeout)
        if rc is None:
            return "FAIL", "run: " + out
        if rc != 0:
            return "FAIL", "run: exit status %d: %s" % (rc, out.strip()[:400])
        want_path = t.path[:-3] + ".out"
        want = open(want_path, encoding="utf-8", errors="replace").read() if os.path.exists(want_path) else ""
        if out != want:
            return "FAIL", "output differs from %s (got %d bytes, want %d)" % (
                os.path.basename(want_path) if want else "empty", len(out), len(want))
        return "PASS", ""
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--backend", choices=["gc", "rog"], required=True)
    ap.add_argument("--rog", help="path of the rog command (backend rog)")
    ap.add_argument("--goarch", default="amd64", choices=["amd64", "arm64"])
    ap.add_argument("--set", default="noimport", choices=["noimport", "std", "all"])
    ap.add_argument("--filter", help="regexp on the path relative to GOROOT/test")
    ap.add_argument("--sample", type=int, default=1, help="run every Nth selected test")
    ap.add_argument("--shard", default="0/1", metavar="K/N",
                    help="after every other selection, run the tests at positions K, K+N, K+2N, ... (a gate split in N)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--timeout", type=int, default=120)
    ap.add_argument("--passing", help="file listing tests that must pass")
    ap.add_argument("--write-passing", help="write the passing tests here")
    ap.add_argument("--listed-only", action="store_true",
                    help="with --passing: run only the listed tests (the regression gate's fast mode)")
    ap.add_argument("--require-all", action="store_true", help="fail unless every selected test passes")
    ap.add_argument("--quiet", action="store_true", help="print only failures and the summary")
    ap.add_argument("--rog-flags", default="", help="extra `rog build` flags, e.g. -passes=wb,stack,preempt (h2s off)")
    ap.add_argument("--env", action="append", default=[], metavar="KEY=VALUE",
                    help="environment of the built programs and of rog (rog backend), e.g. ROG_OPTS=gcstress=100")
    a = ap.parse_args()

    tags = build_tags(a.goarch)
    if a.backend == "rog":
        if not a.rog:
            ap.error("--backend=rog needs --rog=PATH")
        extra = {}
        for kv in a.env:
            if "=" not in kv:
                ap.error("--env wants KEY=VALUE, got %r" % kv)
            k, v = kv.split("=", 1)
            extra[k] = v
        backend = RogBackend(os.path.abspath(a.rog), a.goarch, shlex.split(a.rog_flags), extra)
    else:
        cache = tempfile.mkdtemp(prefix="gotest-gocache.")
        backend = GcBackend(a.goarch, cache)

    tests = discover(a.set, a.filter, tags)[::a.sample]
    must = set()
    if a.passing:
        with open(a.passing) as f:
            must = {l.split("#")[0].strip() for l in f if l.split("#")[0].strip()}
        known = {t.rel for t in tests}
        missing = sorted(must - known)
        if missing and a.sample == 1 and not a.filter:
            print("gotest: listed tests not in the selection: %s" % " ".join(missing[:10]))
            return 1
        if a.listed_only:
            tests = [t for t in tests if t.rel in must]
    try:
        k, n = (int(x) for x in a.shard.split("/"))
        if not 0 <= k < n:
            raise ValueError
    except ValueError:
        ap.error("--shard wants K/N with 0 <= K < N, got %r" % a.shard)
    tests = tests[k::n]

    results = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as ex:
        futs = {ex.submit(run_test, t, backend, a.timeout, a.goarch): t for t in tests}
        for fut in concurrent.futures.as_completed(futs):
            t = futs[fut]
            results[t.rel] = fut.result()

    counts = {}
    for rel in sorted(results):
        status, reason = results[rel]
        counts[status] = counts.get(status, 0) + 1
        if not a.quiet or status == "FAIL" and (rel in must or a.require_all):
            print("%-11s %s%s" % (status, rel, (": " + reason) if reason else ""))
    ran = counts.get("PASS", 0) + counts.get("FAIL", 0)
    pct = 100.0 * counts.get("PASS", 0) / len(results) if results else 0.0
    print("gotest: backend=%s goarch=%s set=%s: %d tests, %s; %.1f%% pass" % (
        backend.name, a.goarch, a.set, len(results),
        ", ".join("%d %s" % (counts[k], k.lower()) for k in sorted(counts)), pct))

    if a.backend == "gc":
        shutil.rmtree(backend.cache, ignore_errors=True)
    if a.write_passing:
        with open(a.write_passing, "w") as f:
            for rel in sorted(results):
                if results[rel][0] == "PASS":
                    f.write(rel + "\n")
    regressions = sorted(r for r in must if r in results and results[r][0] != "PASS")
    if regressions:
        print("gotest: %d listed tests no longer pass: %s" % (len(regressions), " ".join(regressions)))
        return 1
    if a.require_all and ran != len(results) or a.require_all and counts.get("FAIL"):
        print("gotest: --require-all: not every selected test passed")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
