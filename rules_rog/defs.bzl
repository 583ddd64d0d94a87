"""rules_rog: the public API. Everything users load comes from this file.

    load("@rog//rules_rog:defs.bzl", "rog_binary", "rog_library", "rog_test")
    load("@rog//rules_rog:defs.bzl", "rog_ab_binary")  # both toolchains, side by side

Attribute names and meanings follow rules_go (srcs, deps, embed, data,
importpath, x_defs, ...). Which Go compiler builds a target is chosen by
--config=rog / --config=gc (the //rules_rog/config:compiler setting), not by
the target: the same BUILD files build either way. See docs/rules.md.
"""

load("//rules_rog:providers.bzl", _RogArchiveInfo = "RogArchiveInfo")
load("//rules_rog/private/rules:ab.bzl", _rog_ab_binary = "rog_ab_binary")
load("//rules_rog/private/rules:binary.bzl", _rog_binary = "rog_binary")
load("//rules_rog/private/rules:library.bzl", _rog_library = "rog_library")
load("//rules_rog/private/rules:test.bzl", _rog_test = "rog_test")

rog_library = _rog_library
rog_binary = _rog_binary
rog_test = _rog_test
rog_ab_binary = _rog_ab_binary
RogArchiveInfo = _RogArchiveInfo
