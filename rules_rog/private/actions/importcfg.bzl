"""importcfg files, shared by the gc and rog actions: one
`packagefile IMPORTPATH=ARCHIVE` line per entry (execroot-relative paths),
then one `importmap SOURCE=RESOLVED` line per vendored import."""

def write_importcfg(ctx, out, entries, suffix, importmap = {}):
    """Declares and writes OUT.basename + suffix next to out.

    entries: structs with `importpath` and `archive` (a File); a later entry
    with an import path already written is dropped (rog's runtime package
    reaches a link both from the toolchain and from std targets).
    importmap: {import path in the source: resolved import path}."""
    f = ctx.actions.declare_file(out.basename + suffix, sibling = out)
    seen = {}
    lines = []
    for e in entries:
        if e.importpath in seen:
            continue
        seen[e.importpath] = True
        lines.append("packagefile %s=%s\n" % (e.importpath, e.archive.path))
    for k in sorted(importmap.keys()):
        lines.append("importmap %s=%s\n" % (k, importmap[k]))
    ctx.actions.write(f, "".join(lines))
    return f
