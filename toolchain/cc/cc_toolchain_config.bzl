"""The clang-19 + lld-19 C/C++ toolchain configuration for rog's platforms.

One rule, instantiated per target architecture (amd64 native, arm64 cross
with Debian's aarch64 libc from libc6-dev-arm64-cross). Languages: C is
gnu11, C++ is c++17; frame pointers are always kept (rog's tracebacks and
profilers walk them). Sanitizers and libFuzzer are features, switched on by
the .bazelrc configs (--config=asan|ubsan|tsan) or per target
(features = ["fuzzer"]).

Everything lives at fixed Debian paths (setup.sh installs them); nothing is
discovered from the environment, so builds are the same on every machine.
"""

load(
    "@bazel_tools//tools/cpp:cc_toolchain_config_lib.bzl",
    "feature",
    "flag_group",
    "flag_set",
    "tool_path",
    "with_feature_set",
)
load("@bazel_tools//tools/build_defs/cc:action_names.bzl", "ACTION_NAMES")

_LLVM = "/usr/lib/llvm-19/bin/"

_C_COMPILE = [ACTION_NAMES.c_compile]
_CXX_COMPILE = [
    ACTION_NAMES.cpp_compile,
    ACTION_NAMES.cpp_header_parsing,
    ACTION_NAMES.cpp_module_compile,
    ACTION_NAMES.linkstamp_compile,
]
_ALL_COMPILE = _C_COMPILE + _CXX_COMPILE + [
    ACTION_NAMES.assemble,
    ACTION_NAMES.preprocess_assemble,
]
_ALL_LINK = [
    ACTION_NAMES.cpp_link_executable,
    ACTION_NAMES.cpp_link_dynamic_library,
    ACTION_NAMES.cpp_link_nodeps_dynamic_library,
]

def _flags(actions, flags, features = None, not_features = None):
    ws = []
    if features or not_features:
        ws = [with_feature_set(features = features or [], not_features = not_features or [])]
    return flag_set(actions = actions, flag_groups = [flag_group(flags = flags)], with_features = ws)

def _sanitizer(name, flags):
    return feature(
        name = name,
        flag_sets = [
            _flags(_ALL_COMPILE, flags + ["-fno-omit-frame-pointer", "-DROG_SANITIZER_" + name.upper()]),
            # Links go through the C driver; C++ tests need the sanitizer's
            # C++ runtime parts too.
            _flags(_ALL_LINK, flags + ["-fsanitize-link-c++-runtime"]),
        ],
    )

def _impl(ctx):
    triple = ctx.attr.triple
    target_flags = ["--target=" + triple]
    tool_paths = [
        tool_path(name = "gcc", path = _LLVM + "clang"),
        tool_path(name = "cpp", path = _LLVM + "clang-cpp"),
        tool_path(name = "ld", path = _LLVM + "ld.lld"),
        tool_path(name = "ar", path = _LLVM + "llvm-ar"),
        tool_path(name = "nm", path = _LLVM + "llvm-nm"),
        tool_path(name = "objcopy", path = _LLVM + "llvm-objcopy"),
        tool_path(name = "objdump", path = _LLVM + "llvm-objdump"),
        tool_path(name = "strip", path = _LLVM + "llvm-strip"),
        tool_path(name = "gcov", path = _LLVM + "llvm-cov"),
        tool_path(name = "dwp", path = _LLVM + "llvm-dwp"),
    ]

    features = [
        # Bazel's legacy features supply the standard flag groups (includes,
        # defines, inputs, outputs, archiving, libraries); only rog's own
        # flags are spelled out here.
        feature(name = "supports_pic", enabled = True),
        feature(name = "supports_dynamic_linker", enabled = True),
        feature(name = "dbg"),
        feature(name = "opt"),
        feature(name = "fastbuild"),
        feature(
            name = "default_compile_flags",
            enabled = True,
            flag_sets = [
                _flags(_ALL_COMPILE, target_flags + [
                    "-fno-omit-frame-pointer",
                    "-fcolor-diagnostics",
                    "-Wall",
                    "-Wextra",
                    "-Wno-unused-parameter",
                    "-Wno-missing-field-initializers",
                    # Reproducible outputs: no timestamps, no absolute paths.
                    "-Wno-builtin-macro-redefined",
                    "-D__DATE__=\"redacted\"",
                    "-D__TIMESTAMP__=\"redacted\"",
                    "-D__TIME__=\"redacted\"",
                    "-ffile-prefix-map=/proc/self/cwd/=",
                    "-no-canonical-prefixes",
                    "-fstack-protector-strong",
                ]),
                _flags(_C_COMPILE, ["-std=gnu11"]),
                _flags(_CXX_COMPILE, ["-std=c++17"]),
                _flags(_ALL_COMPILE, ["-g1", "-O0"], features = ["fastbuild"]),
                _flags(_ALL_COMPILE, ["-g", "-O0"], features = ["dbg"]),
                _flags(_ALL_COMPILE, ["-g1", "-O2", "-DNDEBUG", "-ffunction-sections", "-fdata-sections"], features = ["opt"]),
            ],
        ),
        feature(
            name = "default_link_flags",
            enabled = True,
            flag_sets = [
                _flags(_ALL_LINK, target_flags + [
                    "-fuse-ld=lld",
                    "--ld-path=" + _LLVM + "ld.lld",
                    "-no-canonical-prefixes",
                    "-Wl,--build-id=none",
                    "-pthread",
                    "-lstdc++",
                    "-lm",
                ]),
                _flags(_ALL_LINK, ["-Wl,--gc-sections"], features = ["opt"]),
            ],
        ),
        _sanitizer("asan", ["-fsanitize=address"]),
        _sanitizer("ubsan", ["-fsanitize=undefined", "-fno-sanitize-recover=all"]),
        _sanitizer("tsan", ["-fsanitize=thread"]),
        _sanitizer("fuzzer", ["-fsanitize=fuzzer,address"]),
    ]

    return cc_common.create_cc_toolchain_config_info(
        ctx = ctx,
        features = features,
        toolchain_identifier = "rog-clang19-" + ctx.attr.cpu,
        host_system_name = "x86_64-unknown-linux-gnu",
        target_system_name = triple,
        target_cpu = ctx.attr.cpu,
        target_libc = "glibc",
        compiler = "clang",
        abi_version = "clang-19",
        abi_libc_version = "glibc",
        tool_paths = tool_paths,
        cxx_builtin_include_directories = [
            "/usr/lib/llvm-19/lib/clang/19/include",
            "/usr/lib/llvm-19/lib/clang/19/share",
            "/usr/include",
            "/usr/local/include",
            "/usr/aarch64-linux-gnu/include",
            "/usr/lib/gcc-cross/aarch64-linux-gnu/12/include",
            "/usr/lib/gcc/x86_64-linux-gnu/12/include",
        ],
    )

cc_toolchain_config = rule(
    implementation = _impl,
    attrs = {
        "cpu": attr.string(mandatory = True),
        "triple": attr.string(mandatory = True),
    },
    provides = [CcToolchainConfigInfo],
)
