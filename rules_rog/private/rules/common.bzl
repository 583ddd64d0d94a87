"""What rog_library, rog_binary and rog_test share: the toolchain lookup,
the attributes, and compiling one package with its embeds."""

load("//rules_rog:providers.bzl", "RogArchiveInfo")

# Label(): resolved in rules_rog's repository, also when loaded from a user's.
TOOLCHAIN_TYPE = str(Label("//rules_rog/toolchains:toolchain_type"))

COMMON_ATTRS = {
    "srcs": attr.label_list(allow_files = [".go"], doc = "Go source files of the package."),
    "deps": attr.label_list(providers = [RogArchiveInfo], doc = "rog_library targets this package imports."),
    "embed": attr.label_list(providers = [RogArchiveInfo], doc = "rog_library targets whose sources and deps are compiled into this package, as in rules_go."),
    "data": attr.label_list(allow_files = True, doc = "Files needed at run time (in runfiles)."),
    "importpath": attr.string(doc = "The package's import path."),
}

# Accepted for rules_go compatibility; their behaviour comes with the
# issues named here, and setting them to a non-default value fails loudly.
UNIMPLEMENTED_ATTRS = {
    "race": attr.string(default = "auto", values = ["auto", "on", "off"], doc = "Race detector (not implemented yet: 'on' fails)."),
    "pure": attr.string(default = "auto", values = ["auto", "on", "off"], doc = "cgo off ('on' and 'auto' are what rules_rog does today; 'off' fails: no cgo yet)."),
    "static": attr.string(default = "auto", values = ["auto", "on", "off"], doc = "Static linking ('on' and 'auto' are what rules_rog does today; 'off' fails)."),
    "pgoprofile": attr.label(allow_single_file = True, doc = "PGO profile (rog toolchain; binaries and tests): .profdata, an LLVM sample profile (.prof) or a Go CPU profile (default.pgo). Implies lto = 'full'. See opt.bzl."),
    "lto": attr.string(default = "off", values = ["off", "full", "thin"], doc = "LTO (rog toolchain; binaries and tests): 'full' compiles the binary's packages to bitcode and optimizes the whole program at link time; 'thin' is not implemented yet (fails). gc ignores it."),
    "bolt_profile": attr.label(allow_single_file = True, doc = "BOLT profile (.fdata from a --@rog//rules_rog/config:bolt_instrument=true run; rog toolchain; binaries and tests)."),
}

def check_unimplemented(ctx, opt_ok = False):
    """Fails on attributes not implemented; opt_ok: lto/pgoprofile/bolt_profile
    are meaningful here (binaries and tests, not libraries)."""
    if ctx.attr.race == "on":
        fail("%s: race = 'on' is not implemented yet" % ctx.label)
    if ctx.attr.pure == "off":
        fail("%s: pure = 'off' (cgo) is not implemented yet" % ctx.label)
    if ctx.attr.static == "off":
        fail("%s: static = 'off' is not implemented yet" % ctx.label)
    if not opt_ok and (ctx.attr.pgoprofile or ctx.attr.bolt_profile or ctx.attr.lto != "off"):
        fail("%s: lto, pgoprofile and bolt_profile belong on the rog_binary or rog_test (they apply to the whole program), or in the --@rog//rules_rog/config:lto/pgoprofile/bolt_profile settings" % ctx.label)

def go_toolchain(ctx):
    return ctx.toolchains[TOOLCHAIN_TYPE].rog

def merged_sources(ctx):
    """srcs and deps of the target plus those of everything it embeds."""
    srcs = list(ctx.files.srcs)
    deps = [d[RogArchiveInfo] for d in ctx.attr.deps]
    for e in ctx.attr.embed:
        info = e[RogArchiveInfo]
        srcs.extend(info.srcs)
        deps.extend(info.deps)
    return srcs, _dedup(deps)

def _dedup(infos):
    seen = {}
    out = []
    for i in infos:
        if i.importpath not in seen:
            seen[i.importpath] = True
            out.append(i)
    return out

def compile_package(ctx, importpath, srcs, deps, name, srcs_list = None):
    """Declares the compile action; returns the package's RogArchiveInfo."""
    tc = go_toolchain(ctx)
    archive = ctx.actions.declare_file("%s.a" % name)
    tc.compile(ctx, tc, importpath, srcs, deps, archive, srcs_list = srcs_list)
    return RogArchiveInfo(
        importpath = importpath,
        archive = archive,
        srcs = srcs,
        deps = deps,
        transitive = depset(
            [struct(importpath = importpath, archive = archive)],
            transitive = [d.transitive for d in deps],
            order = "topological",
        ),
    )

def runfiles_for(ctx, files):
    rf = ctx.runfiles(files = files + ctx.files.data)
    for d in ctx.attr.data:
        rf = rf.merge(d[DefaultInfo].default_runfiles)
    return rf
