"""release_files(): the filegroup of a package's files that a rog release
archive ships (//toolchain:release), one line in each shipped BUILD file.

The shipped files of a package are its BUILD.bazel, .bzl, .go and .sh
files (rules, toolchains, platforms and the Go tools the rules build); a
package that ships something else declares its own filegroup. Shipped in
the release too, since the BUILD files that call it are.
"""

def release_files(name = "release_files"):
    native.filegroup(
        name = name,
        srcs = native.glob([
            "BUILD.bazel",
            "*.bzl",
            "*.go",
            "*.sh",
        ]),
        visibility = ["//toolchain:__pkg__"],
    )
