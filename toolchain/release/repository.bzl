"""rog_release_repository: a repository rule that pins a rog release.

    load("@rog_bootstrap//toolchain/release:repository.bzl", "rog_release_repository")  # or copy this file
    rog_release_repository(
        name = "rog",
        path = "/opt/releases/rog-0.1.0-linux-amd64.tar.zst",  # or urls = [...]
        sha256 = "...",
    )

The archive is checked against sha256 before anything is extracted (a
mismatch fails the fetch with both hashes), then unpacked with `tar --zstd`
(Bazel 4.2.3's download_and_extract knows no .tar.zst) and its top
directory stripped. The result is the rog repository: `@rog//rules_rog:defs.bzl`,
`@rog//toolchain/cc:all`, `@rog//rules_rog/toolchains:all`, with the
prebuilt rog behind `@rog//toolchain:rog`.
"""

def _impl(rctx):
    if bool(rctx.attr.path) == bool(rctx.attr.urls):
        fail("rog_release_repository: give exactly one of path and urls")
    archive = "release.tar.zst"
    if rctx.attr.urls:
        rctx.download(url = rctx.attr.urls, output = archive, sha256 = rctx.attr.sha256)
    else:
        rctx.symlink(rctx.attr.path, archive)
        r = rctx.execute(["sha256sum", archive])
        if r.return_code != 0:
            fail("rog_release_repository: cannot read %s: %s" % (rctx.attr.path, r.stderr))
        got = r.stdout.split(" ")[0]
        if got != rctx.attr.sha256:
            fail("rog_release_repository: %s has sha256 %s, want %s" % (rctx.attr.path, got, rctx.attr.sha256))
    r = rctx.execute(["tar", "--zstd", "-xf", archive, "--strip-components=1"])
    if r.return_code != 0:
        fail("rog_release_repository: cannot unpack %s: %s" % (archive, r.stderr))
    rctx.delete(archive)

rog_release_repository = repository_rule(
    implementation = _impl,
    attrs = {
        "path": attr.string(doc = "local path of a rog-VERSION-linux-ARCH.tar.zst"),
        "urls": attr.string_list(doc = "URLs of the archive (downloads are blocked on the offline CI machines)"),
        "sha256": attr.string(mandatory = True),
    },
    doc = "A rog toolchain from a release archive, pinned by sha256.",
)
