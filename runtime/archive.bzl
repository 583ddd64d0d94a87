"""rog_runtime_archive: one static archive with every object of a set of
cc_library targets and their transitive deps, for linking Go programs.

A cc_library produces one archive per library; a compiled Go program wants
a single `librog_rt.a` next to the compiler. This rule walks the CcInfo
linking contexts of `deps`, takes every library's object files (PIC
objects when that is all there is) and runs the C toolchain's archiver
(llvm-ar from the registered clang-19 toolchain) once over them. It is
built for the target platform, so `--config=arm64` gives the arm64
archive. Objects are deduplicated by path; the archive is written with
`rcsD` (deterministic: zero timestamps and uids).

The runtime inside programs is always optimized and never instrumented:
`deps` are built through a transition to `-c opt` with no extra toolchain
features, whatever the configuration of the build that asks for the
archive (a fastbuild or `--config=asan` build of rog still links programs
against an -O2 runtime that needs no sanitizer runtime). `platform`, when
set, fixes the platform too: //runtime:rog_rt_arm64 is the arm64 runtime
whatever the build's platform, for rog (an amd64 tool) to cross-link. The GoogleTest
suites test the same sources in every configuration.
"""

load("@bazel_tools//tools/cpp:toolchain_utils.bzl", "find_cpp_toolchain")

def _runtime_config_impl(settings, attr):
    platforms = settings["//command_line_option:platforms"]
    if attr.platform:
        # str(Label): "@rog//platforms:..." when rog is an external
        # repository (a bare "//platforms:..." would name the user's).
        platforms = [str(attr.platform)]
    return {
        "//command_line_option:compilation_mode": "opt",
        "//command_line_option:features": [],
        "//command_line_option:platforms": platforms,
    }

_runtime_config = transition(
    implementation = _runtime_config_impl,
    inputs = ["//command_line_option:platforms"],
    outputs = [
        "//command_line_option:compilation_mode",
        "//command_line_option:features",
        "//command_line_option:platforms",
    ],
)

def _objects(lib):
    objs = lib.objects or []
    if not objs:
        objs = lib.pic_objects or []
    return objs

def _rog_runtime_archive_impl(ctx):
    cc_toolchain = find_cpp_toolchain(ctx)
    seen = {}
    objects = []
    for dep in ctx.attr.deps:
        for linker_input in dep[CcInfo].linking_context.linker_inputs.to_list():
            for lib in linker_input.libraries:
                for obj in _objects(lib):
                    if obj.path not in seen:
                        seen[obj.path] = True
                        objects.append(obj)
    out = ctx.actions.declare_file(ctx.attr.out)
    args = ctx.actions.args()
    args.add("rcsD")
    args.add(out)
    args.add_all(objects)
    ctx.actions.run(
        executable = cc_toolchain.ar_executable,
        arguments = [args],
        inputs = depset(objects, transitive = [cc_toolchain.all_files]),
        outputs = [out],
        mnemonic = "RogRuntimeArchive",
        progress_message = "Archiving the rog runtime %s" % out.short_path,
    )
    return [DefaultInfo(files = depset([out]), runfiles = ctx.runfiles(files = [out]))]

rog_runtime_archive = rule(
    implementation = _rog_runtime_archive_impl,
    attrs = {
        "deps": attr.label_list(providers = [CcInfo], cfg = _runtime_config),
        "_allowlist_function_transition": attr.label(
            default = "@bazel_tools//tools/allowlists/function_transition_allowlist",
        ),
        "out": attr.string(mandatory = True),
        # Build the runtime for this platform instead of the target one
        # (cross archives that a host rog links arm64 programs with).
        "platform": attr.label(doc = "build for this platform instead of the target platform"),
        "_cc_toolchain": attr.label(default = Label("@bazel_tools//tools/cpp:current_cc_toolchain")),
    },
    toolchains = ["@bazel_tools//tools/cpp:toolchain_type"],
    incompatible_use_toolchain_transition = True,
    fragments = ["cpp"],
)
