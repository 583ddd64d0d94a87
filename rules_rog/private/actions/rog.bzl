"""Actions of the rog toolchain: `rog tool compile` per package (objects and
export data in one .a) and `rog tool link`, mirroring gc.bzl.

The standard library under rog: rog's own package `runtime`
(runtime/go/runtime) is compiled once per configuration by rog_stdlib and
is in every importcfg (every package implicitly depends on it). Every other
std package is its own target in //rules_rog/std (one rog_compile_std action
each, against its direct deps' archives; see rules_rog/private/rules/std.bzl),
which user packages name in `deps`. A std import that is not in deps fails
in the compile action with rog's "could not import fmt (package not in
importcfg)". importcfg paths are execroot-relative, as for gc; upstream std
sources are absolute paths under /usr/lib/go-1.19/src (Debian's Go, as
gc.bzl uses), overlay sources are workspace files.
"""

load(":importcfg.bzl", "write_importcfg")
load(":opt.bzl", "link_opt_args")

def _env(goarch):
    return {"GOOS": "linux", "GOARCH": goarch}

def _importcfg(ctx, out, entries, importmap = {}):
    return write_importcfg(ctx, out, entries, ".importcfg", importmap)

def _std_entries(toolchain):
    return [struct(importpath = p, archive = a) for p, a in toolchain.stdlib.packages]

def _compile(ctx, toolchain, importpath, files, paths, deps, out, importmap, mnemonic, srcs_list = None):
    """rog tool compile -p IMPORTPATH -importcfg CFG -o OUT files paths.

    files: source Files (inputs); paths: absolute source paths outside the
    workspace (Debian's GOROOT, not tracked as inputs, as in gc.bzl).
    srcs_list: a File listing the sources to compile, one per line (rog_test's
    package split, known only at execution time); files must hold them all."""
    direct = [struct(importpath = d.importpath, archive = d.archive) for d in deps]
    cfg = _importcfg(ctx, out, _std_entries(toolchain) + direct, importmap)
    args = ctx.actions.args()
    if srcs_list:
        args.add(toolchain.rog)
        args.add(srcs_list)
    args.add("tool")
    args.add("compile")
    args.add("-p", importpath)
    if toolchain.lto:
        args.add("-lto")
    args.add("-importcfg", cfg)
    args.add("-o", out)
    if not srcs_list:
        args.add_all(files)
        args.add_all(paths)
    inputs = depset(files + [cfg] + [d.archive for d in deps] + ([srcs_list] if srcs_list else []), transitive = [toolchain.stdlib.files])
    common = dict(
        outputs = [out],
        inputs = inputs,
        arguments = [args],
        env = _env(toolchain.goarch),
        mnemonic = mnemonic,
        progress_message = "Compiling Go package %s (rog)" % importpath,
    )
    if srcs_list:
        ctx.actions.run_shell(
            tools = [toolchain.rog_run],
            command = 'set -e; rog="$1"; list="$2"; shift 2; exec "$rog" "$@" $(cat "$list")',
            **common
        )
    else:
        ctx.actions.run(executable = toolchain.rog_run, **common)

def rog_compile(ctx, toolchain, importpath, srcs, deps, out, srcs_list = None):
    """rog tool compile -p IMPORTPATH -importcfg CFG -o OUT srcs."""
    _compile(ctx, toolchain, importpath, srcs, [], deps, out, {}, "RogCompile", srcs_list)

def rog_compile_std(ctx, toolchain, importpath, files, paths, deps, importmap, out):
    """One standard-library package: overlay files or GOROOT paths."""
    _compile(ctx, toolchain, importpath, files, paths, deps, out, importmap, "RogCompileStd")

def rog_link(ctx, toolchain, main, deps, out, x_defs):
    """rog tool link [-X=K=V]... -importcfg CFG -o OUT main.a (the transitive closure).

    x_defs: gc's -X semantics (compiler/driver/xdefs.c)."""
    entries = depset(transitive = [d.transitive for d in deps]).to_list()
    cfg = _importcfg(ctx, out, _std_entries(toolchain) + entries)
    opt_args, opt_inputs = link_opt_args(ctx, toolchain, _std_entries(toolchain) + entries, main)
    args = ctx.actions.args()
    args.add("tool")
    args.add("link")
    for k in sorted(x_defs.keys()):
        args.add("-X=%s=%s" % (k, x_defs[k]))
    args.add_all(opt_args)
    args.add("-importcfg", cfg)
    args.add("-o", out)
    args.add(main)
    ctx.actions.run(
        outputs = [out],
        inputs = depset([main, cfg] + [e.archive for e in entries] + opt_inputs, transitive = [toolchain.stdlib.files]),
        executable = toolchain.rog_run,
        arguments = [args],
        env = _env(toolchain.goarch),
        mnemonic = "RogLink",
        progress_message = "Linking Go binary %s (rog)" % out.short_path,
    )

def rog_stdlib(ctx, rog, goarch, runtime_srcs, lto = False):
    """rog's standard library for GOARCH: today its own package runtime
    (as bitcode when lto)."""
    out = ctx.actions.declare_file("%s_std/runtime.a" % ctx.label.name)
    other = "_arm64.go" if goarch == "amd64" else "_amd64.go"
    srcs = [f for f in runtime_srcs if not f.basename.endswith(other)]
    args = ctx.actions.args()
    args.add_all(["tool", "compile", "-p", "runtime", "-o", out])
    if lto:
        args.add("-lto")
    args.add_all(srcs)
    ctx.actions.run(
        outputs = [out],
        inputs = srcs,
        executable = rog,
        arguments = [args],
        env = _env(goarch),
        mnemonic = "RogStdlib",
        progress_message = "Compiling rog's runtime package (%s)" % goarch,
    )
    return struct(importcfg = None, files = depset([out]), packages = [("runtime", out)])
