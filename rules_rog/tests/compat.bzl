"""Compatibility of rules_rog's test targets with the selected Go compiler."""

# Targets that compile Go code: skipped (not failed) under --config=rog
# until the rog toolchain compiles Go (issue 7).
GO_COMPILES = select({
    "//platforms:compiler_gc": [],
    "//conditions:default": ["@platforms//:incompatible"],
})
