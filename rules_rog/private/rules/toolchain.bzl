"""The Go toolchain rule: one rule, two implementations (rog and gc) behind
the same RogToolchainInfo, selected per configuration by
//rules_rog/config:compiler (see //rules_rog/toolchains)."""

load("//rules_rog:providers.bzl", "RogToolchainInfo")
load("//rules_rog/private/actions:gc.bzl", "GO", "gc_compile", "gc_link", "gc_stdlib")

def _rog_unavailable(ctx, *args, **kwargs):
    fail("the rog Go toolchain cannot compile Go code yet: `rog tool compile` " +
         "arrives with the back end (issue 7). Build with --config=gc meanwhile.")

def _impl(ctx):
    if ctx.attr.compiler == "gc":
        info = RogToolchainInfo(
            name = "gc",
            goos = "linux",
            goarch = ctx.attr.goarch,
            compile = gc_compile,
            link = gc_link,
            stdlib = gc_stdlib(ctx, ctx.attr.goarch),
            tools = depset(),
            go = GO,
        )
    else:
        info = RogToolchainInfo(
            name = "rog",
            goos = "linux",
            goarch = ctx.attr.goarch,
            compile = _rog_unavailable,
            link = _rog_unavailable,
            stdlib = struct(importcfg = None, files = depset()),
            tools = depset(),
            go = None,
        )
    return [platform_common.ToolchainInfo(rog = info)]

rog_go_toolchain = rule(
    implementation = _impl,
    attrs = {
        "compiler": attr.string(mandatory = True, values = ["rog", "gc"]),
        "goarch": attr.string(mandatory = True, values = ["amd64", "arm64"]),
    },
    doc = "A Go toolchain for one compiler and GOARCH.",
)
