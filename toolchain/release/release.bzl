"""rog_release: packs a rog release archive (rog-VERSION-linux-ARCH.tar.zst).

The archive is a Bazel repository that a user's WORKSPACE pins by sha256
(see toolchain/release/repository.bzl): the rules (rules_rog, platforms,
toolchain), the prebuilt `rog` and the runtime archives for each target
architecture, rog's own Go sources for std packages tied to the runtime, and
the docs. Files keep their workspace-relative paths (rog's runfiles too),
so `rog` finds its files the same way from bazel-bin (runfiles) and from a
release (ROOT/bin/rog);
`renames` replaces a source-tree file by its release variant (for instance
toolchain/BUILD.bazel, whose `rog` alias points at the prebuilt binary
instead of //compiler:rog).

Bit-identical archives across clean builds come from pack.py (sorted
entries, zeroed metadata, fixed zstd level) and from the inputs being
reproducible themselves (checked by tests/e2e/release.sh).
"""

def _dest(f):
    p = f.short_path
    if p.startswith("../"):
        fail("rog_release: %s is not in this workspace" % f)
    return p

def _add(entries, dest, f):
    if dest in entries and entries[dest] != f:
        fail("rog_release: two files for %s: %s and %s" % (dest, entries[dest], f))
    entries[dest] = f

def _impl(ctx):
    entries = {}
    _add(entries, "bin/rog", ctx.executable.rog)
    for f in ctx.files.srcs:
        _add(entries, _dest(f), f)
    for target, dest in ctx.attr.renames.items():
        files = target.files.to_list()
        if len(files) != 1:
            fail("rog_release: renames: %s must be one file" % target.label)
        _add(entries, dest, files[0])
    for f in ctx.attr.rog[DefaultInfo].default_runfiles.files.to_list():
        if f != ctx.executable.rog:
            _add(entries, _dest(f), f)

    manifest = ctx.actions.declare_file(ctx.label.name + ".manifest")
    ctx.actions.write(manifest, "".join(["%s\t%s\n" % (d, entries[d].path) for d in sorted(entries)]))
    out = ctx.actions.declare_file(ctx.attr.prefix + ".tar.zst")
    ctx.actions.run(
        executable = ctx.executable._pack,
        arguments = ["--prefix", ctx.attr.prefix, "--manifest", manifest.path, "--out", out.path],
        inputs = [manifest] + [entries[d] for d in sorted(entries)],
        outputs = [out],
        mnemonic = "RogRelease",
        progress_message = "Packing %s" % out.short_path,
    )
    return [DefaultInfo(files = depset([out]))]

rog_release = rule(
    implementation = _impl,
    attrs = {
        "prefix": attr.string(mandatory = True, doc = "top directory and file name: rog-VERSION-linux-ARCH"),
        "rog": attr.label(mandatory = True, executable = True, cfg = "target", doc = "shipped as bin/rog, with its runfiles (the runtime archives for amd64 and arm64, runtime/go) at their workspace paths"),
        "srcs": attr.label_list(allow_files = True, doc = "files shipped at their workspace-relative paths"),
        "renames": attr.label_keyed_string_dict(allow_files = True, doc = "file -> path in the release"),
        "_pack": attr.label(default = "//toolchain/release:pack", executable = True, cfg = "exec"),
    },
    doc = "A reproducible rog release archive.",
)
