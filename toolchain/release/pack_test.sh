#!/bin/sh
# pack_test.sh PACK: pack.py writes the same bytes for the same inputs
# whatever their timestamps and permissions bits beyond x, and the archive
# holds exactly the manifest's files under the prefix.
set -eu
pack=$1
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
mkdir -p "$t/a" "$t/b"
for d in a b; do
  printf 'hello\n' >"$t/$d/f.txt"
  printf '#!/bin/sh\necho hi\n' >"$t/$d/tool"
  chmod 755 "$t/$d/tool"
done
chmod 600 "$t/b/f.txt"
touch -d '2001-01-01' "$t/a/f.txt"
for d in a b; do
  printf 'bin/tool\t%s\nshare/doc/f.txt\t%s\n' "$t/$d/tool" "$t/$d/f.txt" >"$t/$d.manifest"
  "$pack" --prefix rog-x --manifest "$t/$d.manifest" --out "$t/$d.tar.zst"
done
cmp "$t/a.tar.zst" "$t/b.tar.zst" || { echo "archives differ" >&2; exit 1; }
listing=$(tar --zstd -tvf "$t/a.tar.zst" | awk '{print $1, $2, $6}')
want='drwxr-xr-x 0/0 rog-x/
drwxr-xr-x 0/0 rog-x/bin/
-rwxr-xr-x 0/0 rog-x/bin/tool
drwxr-xr-x 0/0 rog-x/share/
drwxr-xr-x 0/0 rog-x/share/doc/
-rw-r--r-- 0/0 rog-x/share/doc/f.txt'
if [ "$listing" != "$want" ]; then
  printf 'listing:\n%s\nwant:\n%s\n' "$listing" "$want" >&2
  exit 1
fi
# A destination that leaves the archive is refused.
printf '../evil\t%s\n' "$t/a/tool" >"$t/bad.manifest"
if "$pack" --prefix rog-x --manifest "$t/bad.manifest" --out "$t/bad.tar.zst" 2>/dev/null; then
  echo "pack.py accepted ../evil" >&2
  exit 1
fi
echo PASS
