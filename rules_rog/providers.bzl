"""Providers of rules_rog, documented field by field."""

RogArchiveInfo = provider(
    doc = "A compiled Go package.",
    fields = {
        "importpath": "string: the package's import path.",
        "archive": "File: the package archive (export data + code) importers compile against; None for a standard-library package under the gc toolchain (its importcfg names all of std).",
        "srcs": "list of File: the package's Go sources (rog_test embeds them).",
        "deps": "list of RogArchiveInfo: the direct dependencies (rog_test recompiles with them).",
        "transitive": "depset of struct(importpath, archive): this package and everything it imports, for linking.",
    },
)

RogToolchainInfo = provider(
    doc = """What a Go toolchain hands the rules. Both implementations (rog and
gc) provide the same fields, so rules never know which one they use.""",
    fields = {
        "name": "string: 'rog' or 'gc'.",
        "goos": "string: target GOOS ('linux').",
        "goarch": "string: target GOARCH ('amd64' or 'arm64').",
        "compile": "function(ctx, toolchain, importpath, srcs, deps, out): declares the compile action.",
        "compile_std": "function(ctx, toolchain, importpath, files, paths, deps, importmap, out): compiles one standard-library package (rog; None for gc, whose std is prebuilt).",
        "link": "function(ctx, toolchain, main, deps, out, x_defs): declares the link action.",
        "stdlib": "struct(importcfg = File or None, files = depset, packages = list of (importpath, File) or absent): the standard library for this configuration (gc: an importcfg of every std archive; rog: the packages rog compiles itself).",
        "tools": "depset of File: everything the actions need besides their inputs.",
        "go": "string: absolute path of the host go command (gc toolchain) or None.",
        "rog": "File: the rog executable (rog toolchain) or None.",
        "rog_run": "FilesToRunProvider: rog with its runfiles (the runtime archives and runtime/go it links and compiles with), the `executable` of every rog action so that those files are action inputs (rog toolchain) or None.",
        "lto": "bool: packages are compiled to bitcode in this configuration (rog toolchain; see opt.bzl).",
    },
)
