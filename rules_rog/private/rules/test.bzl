"""rog_test: a Go test binary, built the way `go test` builds one.

Actions: the testmain tool splits the sources (the embedded library's plus
srcs) by package clause and writes _testmain.go; then the internal test
package (importpath), the external one (importpath + "_test") and the main
package are compiled, and linked. The test runs in its package directory.

Standard-library deps: `testing` is added to both test packages' deps and
the generated main's imports (os, path/filepath, testing,
testing/internal/testdeps) to the main's, as //rules_rog/std targets (the
rog toolchain compiles them; gc ignores them), so BUILD files need not list
what every test imports.
"""

load("//rules_rog:providers.bzl", "RogArchiveInfo")
load("//rules_rog/private/actions:opt.bzl", "OPT_RULE_ATTRS", "bolt_post_link", "link_target", "opt_transition")
load(":common.bzl", "COMMON_ATTRS", "TOOLCHAIN_TYPE", "UNIMPLEMENTED_ATTRS", "check_unimplemented", "compile_package", "go_toolchain", "merged_sources", "runfiles_for")

def _impl(ctx):
    check_unimplemented(ctx, opt_ok = True)
    tc = go_toolchain(ctx)
    srcs, deps = merged_sources(ctx)
    testing = [d[RogArchiveInfo] for d in ctx.attr._testing]
    main_deps = [d[RogArchiveInfo] for d in ctx.attr._testmain_deps]

    # As in rules_go: an explicit importpath, else the embedded library's.
    importpath = ctx.attr.importpath
    if not importpath and ctx.attr.embed:
        importpath = ctx.attr.embed[0][RogArchiveInfo].importpath
    if not importpath:
        importpath = ctx.label.package + "/" + ctx.label.name
    prefix = ctx.label.name + "%"
    internal_list = ctx.actions.declare_file(prefix + "internal.list")
    external_list = ctx.actions.declare_file(prefix + "external.list")
    stub = ctx.actions.declare_file(prefix + "xtest_stub.go")
    testmain_go = ctx.actions.declare_file(prefix + "testmain.go")
    args = ctx.actions.args()
    args.add("-importpath", importpath)
    args.add("-rundir", ctx.label.package)
    args.add("-internal", internal_list)
    args.add("-external", external_list)
    args.add("-stub", stub)
    args.add("-o", testmain_go)
    args.add_all(srcs)
    ctx.actions.run(
        executable = ctx.executable._testmain,
        arguments = [args],
        inputs = srcs,
        outputs = [internal_list, external_list, stub, testmain_go],
        mnemonic = "RogTestMain",
        progress_message = "Generating test main for %s" % ctx.label,
    )
    internal = compile_package(ctx, importpath, srcs, deps + testing, prefix + "internal", srcs_list = internal_list)
    external = compile_package(ctx, importpath + "_test", srcs + [stub], [internal] + deps + testing, prefix + "external", srcs_list = external_list)
    main = compile_package(ctx, "main", [testmain_go], [internal, external] + main_deps, prefix + "main")
    exe = ctx.actions.declare_file(ctx.label.name)
    linked = link_target(ctx, exe)
    tc.link(ctx, tc, main.archive, [internal, external] + main_deps, linked, ctx.attr.x_defs)
    bolt_post_link(ctx, linked, exe)
    return [DefaultInfo(
        files = depset([exe]),
        executable = exe,
        runfiles = runfiles_for(ctx, [exe]),
    )]

rog_test = rule(
    implementation = _impl,
    attrs = dict(
        COMMON_ATTRS,
        x_defs = attr.string_dict(doc = "-X link definitions."),
        _testing = attr.label_list(
            default = [Label("//rules_rog/std:testing")],
            providers = [RogArchiveInfo],
        ),
        _testmain_deps = attr.label_list(
            default = [Label("//rules_rog/std:" + p) for p in ["os", "path/filepath", "testing", "testing/internal/testdeps"]],
            providers = [RogArchiveInfo],
        ),
        _testmain = attr.label(
            default = Label("//rules_rog/private/tools/testmain"),
            executable = True,
            cfg = "exec",
        ),
        **dict(UNIMPLEMENTED_ATTRS, **OPT_RULE_ATTRS)
    ),
    cfg = opt_transition,
    test = True,
    toolchains = [TOOLCHAIN_TYPE],
    incompatible_use_toolchain_transition = True,
    doc = "A Go test (rules_go's go_test).",
)
