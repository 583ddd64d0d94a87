"""rog_library: one Go package, compiled against its direct deps' export data."""

load("//rules_rog:providers.bzl", "RogArchiveInfo")
load(":common.bzl", "COMMON_ATTRS", "TOOLCHAIN_TYPE", "UNIMPLEMENTED_ATTRS", "check_unimplemented", "compile_package", "merged_sources", "runfiles_for")

def _impl(ctx):
    check_unimplemented(ctx)
    if not ctx.attr.importpath:
        fail("%s: rog_library needs an importpath" % ctx.label)
    srcs, deps = merged_sources(ctx)
    info = compile_package(ctx, ctx.attr.importpath, srcs, deps, ctx.label.name)
    return [
        info,
        DefaultInfo(files = depset([info.archive]), runfiles = runfiles_for(ctx, [])),
    ]

rog_library = rule(
    implementation = _impl,
    attrs = dict(COMMON_ATTRS, **UNIMPLEMENTED_ATTRS),
    toolchains = [TOOLCHAIN_TYPE],
    incompatible_use_toolchain_transition = True,
    doc = "A Go package (rules_go's go_library).",
)
