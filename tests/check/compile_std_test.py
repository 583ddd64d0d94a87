#!/usr/bin/python3
"""compile_std_test: `rog tool compile -stop-after=typecheck` over every std
package in dependency order, as a build system runs it: each package is
checked against the export data of its direct imports only (importcfg
packagefile + importmap lines) and writes its own. Checking from export
data must agree with checking from source (`rog check std`: no errors),
so every package must compile without errors.

    compile_std_test.py ROG GOARCH
"""
import json
import os
import subprocess
import sys
import tempfile
import time


def main():
    rog, arch = sys.argv[1], sys.argv[2]
    env = dict(os.environ, GOARCH=arch)
    out = subprocess.run([rog, "list", "-deps", "-json", "std"], env=env, check=True,
                         stdout=subprocess.PIPE).stdout.decode()
    dec = json.JSONDecoder()
    pkgs, pos = [], 0
    while pos < len(out):
        while pos < len(out) and out[pos].isspace():
            pos += 1
        if pos >= len(out):
            break
        obj, pos = dec.raw_decode(out, pos)
        pkgs.append(obj)
    work = tempfile.mkdtemp(prefix="rog-compile-std-")
    exports, failures, total_bytes = {}, 0, 0
    start = time.time()
    for p in pkgs:
        path = p["ImportPath"]
        if path == "unsafe" or not p.get("GoFiles"):
            continue  # built in / test-only (embed/internal/embedtest)
        cfg = os.path.join(work, path.replace("/", "_") + ".importcfg")
        with open(cfg, "w") as f:
            for imp in p.get("Imports", []):
                if imp in exports:
                    f.write("packagefile %s=%s\n" % (imp, exports[imp]))
            for src, dst in sorted(p.get("ImportMap", {}).items()):
                f.write("importmap %s=%s\n" % (src, dst))
        outfile = os.path.join(work, path.replace("/", "_") + ".rogx")
        files = [os.path.join(p["Dir"], g) for g in p.get("GoFiles", [])]
        cmd = [rog, "tool", "compile", "-stop-after=typecheck", "-p", path, "-importcfg", cfg,
               "-o", outfile, "-e"] + files
        r = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if r.returncode != 0:
            failures += 1
            print("FAIL %s:\n%s" % (path, r.stdout.decode()[:3000]))
            continue
        exports[path] = outfile
        total_bytes += os.path.getsize(outfile)
    print("GOARCH=%s: %d packages compiled to export data, %d failed, %d bytes, %.1f s"
          % (arch, len(exports), failures, total_bytes, time.time() - start))
    subprocess.run(["rm", "-rf", work])
    return 1 if failures or len(exports) < 230 else 0


if __name__ == "__main__":
    sys.exit(main())
