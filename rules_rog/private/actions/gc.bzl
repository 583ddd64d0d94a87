"""Actions of the gc toolchain: Debian's Go 1.19 (/usr/lib/go-1.19) driven
through `go tool compile` and `go tool link`, one compile action per package.

importcfg files name every archive an action may read: the standard
library's (prebuilt by Debian for amd64, built once per configuration for
other GOARCHes by gc_stdlib) plus the direct deps (compile) or the whole
transitive closure (link). Paths are execroot-relative or absolute Debian
paths, never sandbox paths, so outputs do not depend on where Bazel ran.
"""

load(":importcfg.bzl", "write_importcfg")
load(":opt.bzl", "check_gc", "opt_request")

GO_ROOT = "/usr/lib/go-1.19"
GO = GO_ROOT + "/bin/go"

def gc_env(goarch):
    return {
        "GOROOT": GO_ROOT,
        "GOOS": "linux",
        "GOARCH": goarch,
        "CGO_ENABLED": "0",
        "GO111MODULE": "off",
        "GOFLAGS": "",
        "GOTOOLCHAIN": "local",
    }

def _write_importcfg(ctx, toolchain, out, entries):
    """Writes the non-std part of an importcfg; the action prepends the std part."""
    return write_importcfg(ctx, out, entries, ".importcfg.deps")

def gc_compile(ctx, toolchain, importpath, srcs, deps, out, srcs_list = None):
    """go tool compile -p IMPORTPATH -pack ... srcs -> out (.a with export data).

    With srcs_list (a File listing paths, one per line), only the listed
    files are compiled; srcs must still contain all of them (rog_test's
    package split is only known at execution time). Standard-library deps
    (//rules_rog/std targets, archive None) are already in the std
    importcfg and are skipped."""
    deps = [d for d in deps if d.archive]
    direct = [struct(importpath = d.importpath, archive = d.archive) for d in deps]
    cfg = _write_importcfg(ctx, toolchain, out, direct)
    args = ctx.actions.args()
    args.add(toolchain.stdlib.importcfg)
    args.add(cfg)
    args.add(out)
    args.add(importpath)
    if srcs_list:
        args.add(srcs_list)
    else:
        args.add("-")
        args.add_all(srcs)
    ctx.actions.run_shell(
        outputs = [out],
        inputs = depset(srcs + [cfg, toolchain.stdlib.importcfg] + [d.archive for d in deps] + ([srcs_list] if srcs_list else []), transitive = [toolchain.stdlib.files]),
        command = """set -e
std="$1"; deps="$2"; out="$3"; pkg="$4"; list="$5"; shift 5
if [ "$list" != - ]; then set -- $(cat "$list"); fi
cat "$std" "$deps" > "$out.importcfg"
"{go}" tool compile -o "$out" -p "$pkg" -importcfg "$out.importcfg" -pack -complete -lang=go1.19 -trimpath="$PWD" -buildid= "$@"
rm -f "$out.importcfg"
""".format(go = GO),
        arguments = [args],
        env = gc_env(toolchain.goarch),
        mnemonic = "GcCompile",
        progress_message = "Compiling Go package %s (gc)" % importpath,
    )

def gc_link(ctx, toolchain, main, deps, out, x_defs):
    check_gc(ctx, opt_request(ctx))
    """go tool link -importcfg ... main.a -> out, statically, internal linker."""
    entries = depset(transitive = [d.transitive for d in deps]).to_list()
    cfg = _write_importcfg(ctx, toolchain, out, entries)
    args = ctx.actions.args()
    args.add(toolchain.stdlib.importcfg)
    args.add(cfg)
    args.add(out)
    args.add(main)
    for k in sorted(x_defs.keys()):
        args.add("-X=%s=%s" % (k, x_defs[k]))
    ctx.actions.run_shell(
        outputs = [out],
        inputs = depset([main, cfg, toolchain.stdlib.importcfg] + [e.archive for e in entries], transitive = [toolchain.stdlib.files]),
        command = """set -e
std="$1"; deps="$2"; out="$3"; main="$4"; shift 4
cat "$std" "$deps" > "$out.importcfg"
"{go}" tool link -o "$out" -importcfg "$out.importcfg" -buildmode=exe -buildid= "$@" "$main"
rm -f "$out.importcfg"
""".format(go = GO),
        arguments = [args],
        env = gc_env(toolchain.goarch),
        mnemonic = "GcLink",
        progress_message = "Linking Go binary %s (gc)" % out.short_path,
    )

def gc_stdlib(ctx, goarch):
    """The standard library for GOARCH: an importcfg naming every std archive.

    amd64 uses the archives Debian prebuilt under GOROOT/pkg/linux_amd64.
    Other GOARCHes build std once per configuration into a tree artifact
    with `go install -pkgdir` (GOCACHE in the action's temp dir).
    """
    importcfg = ctx.actions.declare_file(ctx.label.name + ".importcfg")
    if goarch == "amd64":
        ctx.actions.run_shell(
            outputs = [importcfg],
            command = """set -e
cd "{root}/pkg/linux_amd64"
find . -name '*.a' | LC_ALL=C sort | sed -e 's|^\\./||' -e 's|\\.a$||' | while read p; do
  echo "packagefile $p={root}/pkg/linux_amd64/$p.a"
done > "$OLDPWD/{out}"
""".format(root = GO_ROOT, out = importcfg.path),
            mnemonic = "GcStdlib",
            progress_message = "Listing Go standard library (gc, amd64)",
        )
        return struct(importcfg = importcfg, files = depset())
    pkgdir = ctx.actions.declare_directory(ctx.label.name + "_pkg")
    ctx.actions.run_shell(
        outputs = [importcfg, pkgdir],
        command = """set -e
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
GOCACHE="$tmp/cache" GOPATH="$tmp/gopath" "{go}" install -pkgdir "$PWD/{pkgdir}" -trimpath std
cd "{pkgdir}"
find . -name '*.a' | LC_ALL=C sort | sed -e 's|^\\./||' -e 's|\\.a$||' | while read p; do
  echo "packagefile $p={pkgdir}/$p.a"
done > "$OLDPWD/{out}"
""".format(go = GO, pkgdir = pkgdir.path, out = importcfg.path),
        env = gc_env(goarch),
        mnemonic = "GcStdlib",
        progress_message = "Building Go standard library (gc, %s)" % goarch,
    )
    return struct(importcfg = importcfg, files = depset([pkgdir]))
