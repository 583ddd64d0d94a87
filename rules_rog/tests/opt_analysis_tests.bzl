"""Analysis tests of LTO, PGO and BOLT (rules_rog/private/actions/opt.bzl):
the command lines of the compile, link, pprof2prof and llvm-bolt actions of
//rules_rog/tests/pgo, and the errors for misuse."""

load("@bazel_skylib//lib:unittest.bzl", "analysistest", "asserts")

_ROG = {
    "//rules_rog/config:compiler": "rog",
    "//command_line_option:platforms": "//platforms:linux_amd64",
}
_GC = {"//rules_rog/config:compiler": "gc"}

def _actions(env, mnemonic, n = 1):
    actions = [a for a in analysistest.target_actions(env) if a.mnemonic == mnemonic]
    asserts.equals(env, n, len(actions), "number of %s actions" % mnemonic)
    return actions

def _has(env, argv, needle, what):
    asserts.true(env, needle in argv, "%s: %r not in %r" % (what, needle, argv))

def _lacks(env, argv, needle, what):
    asserts.false(env, needle in argv, "%s: %r in %r" % (what, needle, argv))

def _ends(env, argv, suffix, what):
    asserts.true(env, [a for a in argv if a.endswith(suffix)] != [], "%s: no argument ends with %r in %r" % (what, suffix, argv))

def _lto_impl(ctx):
    env = analysistest.begin(ctx)
    for a in _actions(env, "RogCompile"):
        _has(env, a.argv, "-lto", "compile of main")
    for a in _actions(env, "RogLink"):
        for flag in ["-pgo-instrument", "-pgo-instr-use", "-pgo-sample-use", "-emit-relocs"]:
            _lacks(env, a.argv, flag, "plain LTO link")
    _actions(env, "RogBolt", 0)
    return analysistest.end(env)

lto_test = analysistest.make(_lto_impl, config_settings = _ROG)

def _plain_impl(ctx):
    env = analysistest.begin(ctx)
    for a in _actions(env, "RogCompile"):
        _lacks(env, a.argv, "-lto", "compile without LTO")
    return analysistest.end(env)

plain_test = analysistest.make(_plain_impl, config_settings = _ROG)

def _pgo_go_impl(ctx):
    env = analysistest.begin(ctx)
    for a in _actions(env, "RogPprof2Prof"):
        asserts.equals(env, ["tool", "pprof2prof"], a.argv[1:3])
        _has(env, a.argv, "-a", "bitcode archives for start lines")
        _ends(env, a.argv, "rules_rog/tests/pgo/default.pgo", "the Go profile")
        _ends(env, a.argv, "work.a", "the work package's archive")
        _ends(env, a.argv, "runtime.a", "the runtime package's archive")
    for a in _actions(env, "RogLink"):
        _has(env, a.argv, "-pgo-sample-use", "link flags")
        _ends(env, a.argv, "pgo_go.sample.prof", "converted profile")
    for a in _actions(env, "RogCompile"):
        _has(env, a.argv, "-lto", "PGO implies LTO")
    return analysistest.end(env)

pgo_go_test = analysistest.make(_pgo_go_impl, config_settings = _ROG)

def _pgo_profdata_impl(ctx):
    env = analysistest.begin(ctx)
    for a in _actions(env, "RogLink"):
        _has(env, a.argv, "-pgo-instr-use", "link flags")
        _ends(env, a.argv, "testdata/analysis_only.profdata", "the .profdata")
        _lacks(env, a.argv, "-pgo-sample-use", "link flags")
    _actions(env, "RogPprof2Prof", 0)
    return analysistest.end(env)

pgo_profdata_test = analysistest.make(_pgo_profdata_impl, config_settings = _ROG)

def _pgo_instrument_impl(ctx):
    env = analysistest.begin(ctx)
    for a in _actions(env, "RogLink"):
        _has(env, a.argv, "-pgo-instrument", "link flags")
    for a in _actions(env, "RogCompile"):
        _has(env, a.argv, "-lto", "instrumentation implies LTO")
    return analysistest.end(env)

pgo_instrument_test = analysistest.make(_pgo_instrument_impl, config_settings = dict(_ROG, **{"//rules_rog/config:pgo_instrument": True}))

def _bolt_instrument_impl(ctx):
    env = analysistest.begin(ctx)
    for a in _actions(env, "RogLink"):
        _has(env, a.argv, "-emit-relocs", "link flags")
        _ends(env, a.argv, "pgo/plain.relocs", "link output")
    for a in _actions(env, "RogBolt"):
        _has(env, a.argv[0], "llvm-bolt-19", "the BOLT executable")
        _ends(env, a.argv, "pgo/plain.relocs", "BOLT input")
        for flag in ["-instrument", "--instrumentation-file=plain.fdata", "--runtime-instrumentation-lib=llvm-19/lib/libbolt_rt_instr.a"]:
            _has(env, a.argv, flag, "BOLT flags")
        asserts.equals(env, ["plain"], [f.basename for f in a.outputs.to_list()])
    return analysistest.end(env)

bolt_instrument_test = analysistest.make(_bolt_instrument_impl, config_settings = dict(_ROG, **{"//rules_rog/config:bolt_instrument": True}))

def _bolt_impl(ctx):
    env = analysistest.begin(ctx)
    for a in _actions(env, "RogLink"):
        _has(env, a.argv, "-emit-relocs", "link flags")
    for a in _actions(env, "RogBolt"):
        _ends(env, a.argv, "-data=rules_rog/tests/pgo/testdata/analysis_only.fdata", "BOLT profile")
        for flag in ["-reorder-blocks=ext-tsp", "-reorder-functions=cdsort", "-split-functions", "-update-debug-sections"]:
            _has(env, a.argv, flag, "BOLT flags")
        _lacks(env, a.argv, "-instrument", "BOLT flags")
    for a in _actions(env, "RogCompile"):
        _lacks(env, a.argv, "-lto", "BOLT alone does not need bitcode")
    return analysistest.end(env)

bolt_test = analysistest.make(_bolt_impl, config_settings = _ROG)

def _gc_bolt_fails_impl(ctx):
    env = analysistest.begin(ctx)
    asserts.expect_failure(env, "PGO and BOLT need the rog toolchain")
    return analysistest.end(env)

gc_bolt_fails_test = analysistest.make(_gc_bolt_fails_impl, expect_failure = True, config_settings = _GC)

def _library_lto_fails_impl(ctx):
    env = analysistest.begin(ctx)
    asserts.expect_failure(env, "belong on the rog_binary or rog_test")
    return analysistest.end(env)

library_lto_fails_test = analysistest.make(_library_lto_fails_impl, expect_failure = True, config_settings = _ROG)

def opt_analysis_test_suite(name):
    p = "//rules_rog/tests/pgo:"
    tests = {
        "lto": (lto_test, "lto"),
        "plain": (plain_test, "plain"),
        "pgo_go": (pgo_go_test, "pgo_go"),
        "pgo_profdata": (pgo_profdata_test, "profdata_analysis"),
        "pgo_instrument": (pgo_instrument_test, "plain"),
        "bolt_instrument": (bolt_instrument_test, "plain"),
        "bolt": (bolt_test, "bolt_analysis"),
        "gc_bolt_fails": (gc_bolt_fails_test, "bolt_analysis"),
        "library_lto_fails": (library_lto_fails_test, "lto_library_analysis"),
    }
    for t, (rule, target) in tests.items():
        rule(name = "%s_%s" % (name, t), target_under_test = p + target)
    native.test_suite(name = name, tests = ["%s_%s" % (name, t) for t in tests])
