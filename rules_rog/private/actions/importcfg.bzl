"""importcfg files, shared by the gc and rog actions: one
`packagefile IMPORTPATH=ARCHIVE` line per entry (execroot-relative paths)."""

def write_importcfg(ctx, out, entries, suffix):
    """Declares and writes OUT.basename + suffix next to out.

    entries: structs with `importpath` and `archive` (a File)."""
    f = ctx.actions.declare_file(out.basename + suffix, sibling = out)
    ctx.actions.write(f, "".join(["packagefile %s=%s\n" % (e.importpath, e.archive.path) for e in entries]))
    return f
