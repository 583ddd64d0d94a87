#!/usr/bin/env python3
"""pack.py: writes a rog release archive, rog-VERSION-linux-ARCH.tar.zst.

    pack.py --version-file VERSION --prefix DIR --manifest MANIFEST --out OUT

MANIFEST has one entry per line, `DEST<TAB>SRC`: the file SRC (a path in the
action's execroot) goes into the archive as PREFIX/DEST. Every entry is a
regular file; directories are implied.

Bit-identical output is the point of this script (releases must not depend
on the machine, the output base or the clock):
  - entries sorted by path; parents emitted before children;
  - mtime 0, uid/gid 0, no user/group names, mode 0755 for files SRC has
    executable, 0644 otherwise (umask and sandbox permissions do not leak);
  - the GNU tar format (no PAX headers with access times);
  - zstd at a fixed level (10: -19 took minutes on 60 MB), single-threaded, no checksum of the input name
    (`zstd -10 -T1 -c` over stdin writes no file name or time).
Rejected: Bazel's pkg_tar (cannot run on this Bazel 4.2.3, see DESIGN §7)
and `tar --sort=name --mtime=@0` (GNU tar still records the invoking
user's name unless every option is right; Python's tarfile makes each
header field explicit).
"""

import argparse
import io
import os
import subprocess
import sys
import tarfile


def read_manifest(path):
    entries = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line:
                continue
            try:
                dest, src = line.split("\t")
            except ValueError:
                sys.exit("pack.py: %s:%d: want DEST<TAB>SRC" % (path, n))
            dest = os.path.normpath(dest)
            if dest.startswith("..") or os.path.isabs(dest):
                sys.exit("pack.py: %s:%d: destination %r leaves the archive" % (path, n, dest))
            if dest in entries and entries[dest] != src:
                sys.exit("pack.py: %s: two files for %s: %s and %s" % (path, dest, entries[dest], src))
            entries[dest] = src
    return entries


def header(name, is_dir, mode, size=0):
    ti = tarfile.TarInfo(name)
    ti.type = tarfile.DIRTYPE if is_dir else tarfile.REGTYPE
    ti.mode = mode
    ti.size = size
    ti.mtime = 0
    ti.uid = ti.gid = 0
    ti.uname = ti.gname = ""
    return ti


def build_tar(prefix, entries):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.GNU_FORMAT) as tar:
        dirs = set()
        for dest in entries:
            d = os.path.dirname(dest)
            while d:
                dirs.add(d)
                d = os.path.dirname(d)
        tar.addfile(header(prefix, True, 0o755))
        for path in sorted(dirs | set(entries)):
            name = prefix + "/" + path
            if path in dirs:
                if path in entries:
                    sys.exit("pack.py: %s is both a file and a directory" % path)
                tar.addfile(header(name, True, 0o755))
                continue
            src = entries[path]
            with open(src, "rb") as f:
                data = f.read()
            mode = 0o755 if os.access(src, os.X_OK) else 0o644
            tar.addfile(header(name, False, mode, len(data)), io.BytesIO(data))
    return buf.getvalue()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--prefix", required=True)
    ap.add_argument("--manifest", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--zstd", default="zstd")
    args = ap.parse_args()
    data = build_tar(args.prefix, read_manifest(args.manifest))
    with open(args.out, "wb") as out:
        r = subprocess.run([args.zstd, "-10", "-T1", "-q", "-c"], input=data, stdout=out)
    if r.returncode != 0:
        sys.exit("pack.py: zstd failed with status %d" % r.returncode)


if __name__ == "__main__":
    main()
