"""rog_ab_binary: one Go binary built by both toolchains in one invocation,
for A/B deployments.

    rog_ab_binary(name = "server_ab", binary = ":server")

builds `:server` twice through a split transition over
//rules_rog/config:compiler (gc and rog) and outputs `server_ab.gc` and
`server_ab.rog` side by side. Each leg lives in its own configuration (the
transition changes a Starlark setting, which Bazel folds into the output
directory name), so the two builds never collide and share everything that
does not depend on the compiler. Rejected: two targets with a
`compiler` attribute each (every library would need it too) and
`--config=rog` / `--config=gc` invocations (one binary at a time in the same
bazel-bin path).
"""

_COMPILER = str(Label("//rules_rog/config:compiler"))

def _ab_split_impl(settings, attr):
    return {
        "gc": {_COMPILER: "gc"},
        "rog": {_COMPILER: "rog"},
    }

_ab_split = transition(
    implementation = _ab_split_impl,
    inputs = [],
    outputs = [_COMPILER],
)

def _impl(ctx):
    outs = []
    for leg in ["gc", "rog"]:
        target = ctx.split_attr.binary[leg]
        src = target[DefaultInfo].files_to_run.executable
        if not src:
            fail("%s: %s is not executable" % (ctx.label, target.label))
        out = ctx.actions.declare_file("%s.%s" % (ctx.label.name, leg))
        ctx.actions.symlink(output = out, target_file = src, is_executable = True)
        outs.append(out)
    return [DefaultInfo(files = depset(outs), runfiles = ctx.runfiles(files = outs))]

rog_ab_binary = rule(
    implementation = _impl,
    attrs = {
        "binary": attr.label(mandatory = True, cfg = _ab_split, doc = "a rog_binary (not `executable = True`: Bazel 4.2.3 crashes on executable split attributes)"),
        "_allowlist_function_transition": attr.label(
            default = "@bazel_tools//tools/allowlists/function_transition_allowlist",
        ),
    },
    doc = "The same binary built with the gc and the rog toolchain: NAME.gc and NAME.rog.",
)
