"""The Go toolchain rule: one rule, two implementations (rog and gc) behind
the same RogToolchainInfo, selected per configuration by
//rules_rog/config:compiler (see //rules_rog/toolchains)."""

load("//rules_rog:providers.bzl", "RogToolchainInfo")
load("//rules_rog/private/actions:gc.bzl", "GO", "gc_compile", "gc_link", "gc_stdlib")
load("//rules_rog/private/actions:opt.bzl", "OPT_SETTING_ATTRS", "lto_enabled")
load("//rules_rog/private/actions:rog.bzl", "rog_compile", "rog_compile_std", "rog_link", "rog_stdlib")

def _impl(ctx):
    if ctx.attr.compiler == "gc":
        info = RogToolchainInfo(
            name = "gc",
            goos = "linux",
            goarch = ctx.attr.goarch,
            compile = gc_compile,
            compile_std = None,
            link = gc_link,
            stdlib = gc_stdlib(ctx, ctx.attr.goarch),
            tools = depset(),
            go = GO,
            rog = None,
            rog_run = None,
            lto = False,
        )
    else:
        info = RogToolchainInfo(
            name = "rog",
            goos = "linux",
            goarch = ctx.attr.goarch,
            compile = rog_compile,
            compile_std = rog_compile_std,
            link = rog_link,
            stdlib = rog_stdlib(ctx, ctx.attr.rog[DefaultInfo].files_to_run, ctx.attr.goarch, ctx.files.runtime_srcs, lto = lto_enabled(ctx)),
            tools = depset([ctx.executable.rog]),
            go = None,
            rog = ctx.executable.rog,
            rog_run = ctx.attr.rog[DefaultInfo].files_to_run,
            lto = lto_enabled(ctx),
        )
    return [platform_common.ToolchainInfo(rog = info)]

rog_go_toolchain = rule(
    implementation = _impl,
    attrs = dict(OPT_SETTING_ATTRS, **{
        "compiler": attr.string(mandatory = True, values = ["rog", "gc"]),
        "goarch": attr.string(mandatory = True, values = ["amd64", "arm64"]),
        "rog": attr.label(executable = True, cfg = "exec", doc = "the rog command (rog toolchains only)"),
        "runtime_srcs": attr.label(doc = "rog's Go package runtime (rog toolchains only)"),
    }),
    doc = "A Go toolchain for one compiler and GOARCH.",
)
