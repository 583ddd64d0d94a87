"""Actions of the rog toolchain: `rog tool compile` per package (objects and
export data in one .a) and `rog tool link`, mirroring gc.bzl.

The standard library under rog is, today, only rog's own package `runtime`
(runtime/go/runtime, compiled once per configuration by rog_stdlib); the
other std packages are not compiled by rog yet (issue 7/8), so a package
importing fmt fails in its compile action with rog's "could not import fmt
(package not in importcfg)". importcfg paths are execroot-relative, as for gc.
"""

load(":importcfg.bzl", "write_importcfg")
load(":opt.bzl", "link_opt_args")

def _env(goarch):
    return {"GOOS": "linux", "GOARCH": goarch}

def _importcfg(ctx, out, entries):
    return write_importcfg(ctx, out, entries, ".importcfg")

def _std_entries(toolchain):
    return [struct(importpath = p, archive = a) for p, a in toolchain.stdlib.packages]

def rog_compile(ctx, toolchain, importpath, srcs, deps, out, srcs_list = None):
    """rog tool compile -p IMPORTPATH -importcfg CFG -o OUT srcs."""
    if srcs_list:
        fail("%s: rog_test is not supported by the rog toolchain yet (it needs the testing package)" % ctx.label)
    direct = [struct(importpath = d.importpath, archive = d.archive) for d in deps]
    cfg = _importcfg(ctx, out, _std_entries(toolchain) + direct)
    args = ctx.actions.args()
    args.add("tool")
    args.add("compile")
    args.add("-p", importpath)
    if toolchain.lto:
        args.add("-lto")
    args.add("-importcfg", cfg)
    args.add("-o", out)
    args.add_all(srcs)
    ctx.actions.run(
        outputs = [out],
        inputs = depset(srcs + [cfg] + [d.archive for d in deps], transitive = [toolchain.stdlib.files]),
        executable = toolchain.rog,
        arguments = [args],
        env = _env(toolchain.goarch),
        mnemonic = "RogCompile",
        progress_message = "Compiling Go package %s (rog)" % importpath,
    )

def rog_link(ctx, toolchain, main, deps, out, x_defs):
    """rog tool link -importcfg CFG -o OUT main.a (the transitive closure)."""
    if x_defs:
        fail("%s: x_defs is not implemented by the rog toolchain yet" % ctx.label)
    entries = depset(transitive = [d.transitive for d in deps]).to_list()
    cfg = _importcfg(ctx, out, _std_entries(toolchain) + entries)
    opt_args, opt_inputs = link_opt_args(ctx, toolchain, _std_entries(toolchain) + entries, main)
    args = ctx.actions.args()
    args.add("tool")
    args.add("link")
    args.add_all(opt_args)
    args.add("-importcfg", cfg)
    args.add("-o", out)
    args.add(main)
    ctx.actions.run(
        outputs = [out],
        inputs = depset([main, cfg] + [e.archive for e in entries] + opt_inputs, transitive = [toolchain.stdlib.files]),
        executable = toolchain.rog,
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
