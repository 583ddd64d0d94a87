"""rog_binary: a Go main package linked into an executable."""

load("//rules_rog/private/actions:opt.bzl", "OPT_RULE_ATTRS", "bolt_post_link", "link_target", "opt_transition")
load(":common.bzl", "COMMON_ATTRS", "TOOLCHAIN_TYPE", "UNIMPLEMENTED_ATTRS", "check_unimplemented", "compile_package", "go_toolchain", "merged_sources", "runfiles_for")

def _impl(ctx):
    check_unimplemented(ctx, opt_ok = True)
    tc = go_toolchain(ctx)
    srcs, deps = merged_sources(ctx)
    main = compile_package(ctx, "main", srcs, deps, ctx.label.name + "%main")
    exe = ctx.actions.declare_file(ctx.label.name)
    linked = link_target(ctx, exe)
    tc.link(ctx, tc, main.archive, deps, linked, ctx.attr.x_defs)
    bolt_post_link(ctx, linked, exe)
    return [DefaultInfo(
        files = depset([exe]),
        executable = exe,
        runfiles = runfiles_for(ctx, [exe]),
    )]

rog_binary = rule(
    implementation = _impl,
    attrs = dict(
        COMMON_ATTRS,
        x_defs = attr.string_dict(doc = "-X importpath.name=value link definitions, as in rules_go."),
        **dict(UNIMPLEMENTED_ATTRS, **OPT_RULE_ATTRS)
    ),
    cfg = opt_transition,
    executable = True,
    toolchains = [TOOLCHAIN_TYPE],
    incompatible_use_toolchain_transition = True,
    doc = "A Go program (rules_go's go_binary).",
)
