"""Analysis tests: the command lines of rules_rog's actions, per toolchain."""

load("@bazel_skylib//lib:unittest.bzl", "analysistest", "asserts")

_GC = {"//rules_rog/config:compiler": "gc"}
_GC_AMD64 = dict(_GC, **{"//command_line_option:platforms": "//platforms:linux_amd64"})
_ROG = {"//rules_rog/config:compiler": "rog"}

def _action(env, mnemonic):
    actions = [a for a in analysistest.target_actions(env) if a.mnemonic == mnemonic]
    asserts.equals(env, 1, len(actions), "number of %s actions" % mnemonic)
    return actions[0] if actions else None

def _contains(env, haystack, needle, what):
    asserts.true(env, needle in haystack, "%s: %r not in %r" % (what, needle, haystack))

def _gc_compile_test_impl(ctx):
    env = analysistest.begin(ctx)
    a = _action(env, "GcCompile")
    if a:
        script = a.argv[2]
        _contains(env, script, "/usr/lib/go-1.19/bin/go\" tool compile", "compile command")
        for flag in ["-pack", "-complete", "-lang=go1.19", "-trimpath=\"$PWD\"", "-buildid=", "-importcfg"]:
            _contains(env, script, flag, "compile flags")
        _contains(env, a.argv, "example.com/rules_rog/tests/greet", "importpath argument")
        _contains(env, a.argv, "rules_rog/tests/greet/greet.go", "source argument")
        _contains(env, [f.basename for f in a.inputs.to_list()], "gc_amd64.importcfg", "std importcfg input")
        asserts.equals(env, "amd64", a.env["GOARCH"])
        asserts.equals(env, "0", a.env["CGO_ENABLED"])
    return analysistest.end(env)

gc_compile_test = analysistest.make(_gc_compile_test_impl, config_settings = _GC_AMD64)

def _gc_link_test_impl(ctx):
    env = analysistest.begin(ctx)
    a = _action(env, "GcLink")
    if a:
        script = a.argv[2]
        _contains(env, script, "tool link", "link command")
        _contains(env, script, "-buildmode=exe", "link flags")
        _contains(env, a.argv, "-X=example.com/rules_rog/tests/greet.Version=1.2.3", "x_defs")
        inputs = [f.basename for f in a.inputs.to_list()]
        _contains(env, inputs, "greet.a", "dependency archive input")
        _contains(env, inputs, "hello%main.a", "main archive input")
    return analysistest.end(env)

gc_link_test = analysistest.make(_gc_link_test_impl, config_settings = _GC)

def _gc_test_actions_impl(ctx):
    env = analysistest.begin(ctx)
    _action(env, "RogTestMain")
    compiles = [a for a in analysistest.target_actions(env) if a.mnemonic == "GcCompile"]
    asserts.equals(env, 3, len(compiles), "internal, external and main packages")
    pkgs = sorted([a.argv[7] for a in compiles])
    asserts.equals(env, ["example.com/rules_rog/tests/greet", "example.com/rules_rog/tests/greet_test", "main"], pkgs)
    _action(env, "GcLink")
    return analysistest.end(env)

gc_test_actions_test = analysistest.make(_gc_test_actions_impl, config_settings = _GC)

def _arm64_stdlib_test_impl(ctx):
    env = analysistest.begin(ctx)
    a = _action(env, "GcCompile")
    if a:
        asserts.equals(env, "arm64", a.env["GOARCH"])
        _contains(env, [f.basename for f in a.inputs.to_list()], "gc_arm64.importcfg", "arm64 std importcfg")
    return analysistest.end(env)

gc_arm64_test = analysistest.make(_arm64_stdlib_test_impl, config_settings = dict(_GC, **{"//command_line_option:platforms": "//platforms:linux_arm64"}))

def _rog_compile_test_impl(ctx):
    env = analysistest.begin(ctx)
    a = _action(env, "RogCompile")
    if a:
        asserts.equals(env, ["tool", "compile", "-p", "example.com/rules_rog/tests/nostd/calc"], a.argv[1:5])
        _contains(env, a.argv[0], "compiler/rog", "the rog executable")
        _contains(env, a.argv, "-importcfg", "compile flags")
        _contains(env, a.argv, "rules_rog/tests/nostd/calc/calc.go", "source argument")
        _contains(env, [f.basename for f in a.inputs.to_list()], "runtime.a", "rog's runtime package archive input")
        asserts.equals(env, "amd64", a.env["GOARCH"])
    return analysistest.end(env)

rog_compile_test = analysistest.make(_rog_compile_test_impl, config_settings = dict(_ROG, **{"//command_line_option:platforms": "//platforms:linux_amd64"}))

def _rog_link_test_impl(ctx):
    env = analysistest.begin(ctx)
    a = _action(env, "RogLink")
    if a:
        asserts.equals(env, ["tool", "link", "-importcfg"], a.argv[1:4])
        inputs = [f.basename for f in a.inputs.to_list()]
        _contains(env, inputs, "calc.a", "dependency archive input")
        _contains(env, inputs, "nostd%main.a", "main archive input")
        _contains(env, inputs, "runtime.a", "runtime package input")

        # rog links the C runtime archive from its runfiles: they must be
        # inputs (Bazel shows them as the runfiles middleman), or a runtime
        # change does not relink
        asserts.true(
            env,
            [f for f in inputs if f.endswith("rog-runfiles")] != [],
            "rog's runfiles (runtime archive) are not inputs of RogLink: %s" % inputs,
        )
    return analysistest.end(env)

rog_link_test = analysistest.make(_rog_link_test_impl, config_settings = _ROG)

def _rog_arm64_test_impl(ctx):
    env = analysistest.begin(ctx)
    a = _action(env, "RogCompile")
    if a:
        asserts.equals(env, "arm64", a.env["GOARCH"])
    return analysistest.end(env)

rog_arm64_test = analysistest.make(_rog_arm64_test_impl, config_settings = dict(_ROG, **{"//command_line_option:platforms": "//platforms:linux_arm64"}))

def _rog_x_defs_impl(ctx):
    env = analysistest.begin(ctx)
    a = _action(env, "RogLink")
    if a:
        xs = [x for x in a.argv if x.startswith("-X")]
        asserts.equals(env, [
            "-X=example.com/rules_rog/tests/xdefs/version.Commit=abc def",
            "-X=example.com/rules_rog/tests/xdefs/version.Derived=overwritten at init",
            "-X=example.com/rules_rog/tests/xdefs/version.Missing=ignored",
            "-X=example.com/rules_rog/tests/xdefs/version.Version=1.2.3",
            "-X=main.Build=",
        ], xs)
        asserts.true(env, a.argv.index(xs[-1]) < a.argv.index("-importcfg"), "-X flags before -importcfg")
    return analysistest.end(env)

rog_x_defs_test = analysistest.make(_rog_x_defs_impl, config_settings = _ROG)

def _importcfg_content(env, a):
    """The content of the importcfg FileWrite action that a's argv names
    (rog: after -importcfg; gc: the .importcfg.deps argument)."""
    if "-importcfg" in a.argv:
        cfg = a.argv[a.argv.index("-importcfg") + 1]
    else:
        cfg = [x for x in a.argv if x.endswith(".importcfg.deps")][0]
    writes = [w for w in analysistest.target_actions(env) if w.mnemonic == "FileWrite" and w.outputs.to_list()[0].path == cfg]
    asserts.equals(env, 1, len(writes), "importcfg write action for " + cfg)
    return writes[0].content if writes else ""

def _packagefiles(content):
    return sorted([l[len("packagefile "):].split("=")[0] for l in content.splitlines() if l.startswith("packagefile ")])

def _rog_std_compile_test_impl(ctx):
    env = analysistest.begin(ctx)
    a = _action(env, "RogCompileStd")
    if a:
        asserts.equals(env, ["tool", "compile", "-p", "bufio", "-importcfg"], a.argv[1:6])
        _contains(env, a.argv, "/usr/lib/go-1.19/src/bufio/bufio.go", "upstream source path")
        _contains(env, a.argv, "/usr/lib/go-1.19/src/bufio/scan.go", "upstream source path")
        asserts.equals(env, "amd64", a.env["GOARCH"])

        # Direct deps only (bufio: bytes errors io strings unicode/utf8),
        # plus rog's runtime; sync is only a transitive dep (through io).
        asserts.equals(env, ["bytes", "errors", "io", "runtime", "strings", "unicode/utf8"], _packagefiles(_importcfg_content(env, a)))
        inputs = [f.basename for f in a.inputs.to_list()]
        for dep in ["bytes.a", "io.a", "strings.a", "utf8.a", "runtime.a"]:
            _contains(env, inputs, dep, "direct dependency archive input")
        asserts.false(env, "sync.a" in inputs, "sync.a (transitive only) is not an input")
    return analysistest.end(env)

rog_std_compile_test = analysistest.make(_rog_std_compile_test_impl, config_settings = dict(_ROG, **{"//command_line_option:platforms": "//platforms:linux_amd64"}))

def _rog_std_importmap_test_impl(ctx):
    env = analysistest.begin(ctx)
    a = _action(env, "RogCompileStd")
    if a:
        content = _importcfg_content(env, a)
        _contains(env, content, "importmap golang.org/x/net/dns/dnsmessage=vendor/golang.org/x/net/dns/dnsmessage\n", "vendored import")
        _contains(env, _packagefiles(content), "vendor/golang.org/x/net/dns/dnsmessage", "vendored package archive")
    return analysistest.end(env)

rog_std_importmap_test = analysistest.make(_rog_std_importmap_test_impl, config_settings = _ROG)

def _rog_std_link_test_impl(ctx):
    env = analysistest.begin(ctx)
    a = _action(env, "RogLink")
    if a:
        # A binary importing unicode/utf8 links exactly utf8 and runtime.
        asserts.equals(env, ["runtime", "unicode/utf8"], _packagefiles(_importcfg_content(env, a)))
        std = sorted([f.basename for f in a.inputs.to_list() if "rules_rog/std/" in f.path])
        asserts.equals(env, ["utf8.a"], std, "std archives among the link inputs")
    return analysistest.end(env)

rog_std_link_test = analysistest.make(_rog_std_link_test_impl, config_settings = _ROG)

def _gc_std_deps_test_impl(ctx):
    env = analysistest.begin(ctx)
    a = _action(env, "GcLink")
    if a:
        # Under gc std targets add nothing: the std importcfg names std.
        asserts.equals(env, [], _packagefiles(_importcfg_content(env, a)))
    asserts.equals(env, 0, len([x for x in analysistest.target_actions(env) if x.mnemonic == "RogCompileStd"]))
    return analysistest.end(env)

gc_std_deps_test = analysistest.make(_gc_std_deps_test_impl, config_settings = _GC)

def analysis_test_suite(name):
    gc_compile_test(name = name + "_gc_compile", target_under_test = "//rules_rog/tests/greet:greet_unguarded")
    gc_link_test(name = name + "_gc_link", target_under_test = "//rules_rog/tests/hello")
    gc_test_actions_test(name = name + "_gc_test_actions", target_under_test = "//rules_rog/tests/greet:greet_test")
    gc_arm64_test(name = name + "_gc_arm64", target_under_test = "//rules_rog/tests/greet:greet_unguarded")
    rog_compile_test(name = name + "_rog_compile", target_under_test = "//rules_rog/tests/nostd:calc")
    rog_link_test(name = name + "_rog_link", target_under_test = "//rules_rog/tests/nostd")
    rog_arm64_test(name = name + "_rog_arm64", target_under_test = "//rules_rog/tests/nostd:calc")
    rog_x_defs_test(name = name + "_rog_x_defs", target_under_test = "//rules_rog/tests/xdefs")
    rog_std_compile_test(name = name + "_rog_std_compile", target_under_test = "//rules_rog/std:bufio")
    rog_std_importmap_test(name = name + "_rog_std_importmap", target_under_test = "//rules_rog/std:net")
    rog_std_link_test(name = name + "_rog_std_link", target_under_test = "//rules_rog/tests/std:utf8only")
    gc_std_deps_test(name = name + "_gc_std_deps", target_under_test = "//rules_rog/tests/std:utf8only")
    native.test_suite(name = name, tests = [
        name + "_rog_std_compile",
        name + "_rog_std_importmap",
        name + "_rog_std_link",
        name + "_gc_std_deps",
        name + "_gc_compile",
        name + "_gc_link",
        name + "_gc_test_actions",
        name + "_gc_arm64",
        name + "_rog_compile",
        name + "_rog_link",
        name + "_rog_arm64",
        name + "_rog_x_defs",
    ])
