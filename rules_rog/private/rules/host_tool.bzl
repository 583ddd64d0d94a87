"""go_host_tool: a build tool written in Go (standard library only), built
for the exec platform with the host's Go 1.19 (`go build`, GOCACHE in the
action's temp dir, no network). Used for rules_rog's own helpers, which must
build before any Go toolchain of the target configuration exists."""

load("//rules_rog/private/actions:gc.bzl", "GO", "gc_env")

def _impl(ctx):
    exe = ctx.actions.declare_file(ctx.label.name)
    ctx.actions.run_shell(
        outputs = [exe],
        inputs = ctx.files.srcs,
        command = """set -e
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
GOCACHE="$tmp/cache" GOPATH="$tmp/gopath" "{go}" build -trimpath -buildvcs=false -ldflags=-buildid= -o "$1" "${{@:2}}"
""".format(go = GO),
        arguments = [exe.path] + [f.path for f in ctx.files.srcs],
        env = gc_env("amd64"),
        mnemonic = "GoHostTool",
    )
    return [DefaultInfo(executable = exe, files = depset([exe]))]

go_host_tool = rule(
    implementation = _impl,
    attrs = {"srcs": attr.label_list(allow_files = [".go"], mandatory = True)},
    executable = True,
)
