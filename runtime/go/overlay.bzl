"""rog_overlay_package: the two targets every overlay package directory
under runtime/go has (runtime/go/BUILD.bazel aggregates them)."""

def rog_overlay_package():
    """Declares :srcs (the package's .go files) and :release_files (the
    same plus its BUILD.bazel, shipped by //toolchain:release)."""
    native.filegroup(
        name = "srcs",
        srcs = native.glob(["*.go"]),
        visibility = ["//visibility:public"],
    )
    native.filegroup(
        name = "release_files",
        srcs = native.glob(["*.go"]) + ["BUILD.bazel"],
        visibility = ["//runtime/go:__pkg__", "//toolchain:__pkg__"],
    )
