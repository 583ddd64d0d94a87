"""LTO, PGO and BOLT for the rog toolchain: the settings, the binary
transition, the link flags and the post-link BOLT action. Kept apart from
rog.bzl (which only calls link_opt_args) so the toolchain's plain actions
stay readable.

Where things happen:
- LTO: every package of a binary is compiled with `rog tool compile -lto`
  (archives hold bitcode) when the configuration's //rules_rog/config:lto
  is "full"; a binary (or test) with `lto = "full"` or a `pgoprofile`
  switches its whole dependency graph to that configuration through an
  incoming transition (opt_transition), so one BUILD file can mix LTO and
  plain binaries. `rog tool link` sees bitcode and optimizes the whole
  program (compiler/driver/lto.c).
- PGO needs bitcode (it is applied in that whole-program step), so it
  implies LTO. --//rules_rog/config:pgo_instrument=true builds an
  instrumented training binary (`rog tool link -pgo-instrument`; the program
  writes default.profraw, or $LLVM_PROFILE_FILE, at exit). `pgoprofile`
  (or --//rules_rog/config:pgoprofile=LABEL) takes:
    *.profdata               `llvm-profdata-19 merge` output: -pgo-instr-use
    *.prof, *.afdo           an LLVM sample profile (text): -pgo-sample-use
    anything else            a Go CPU profile (pprof; default.pgo): converted
                             by `rog tool pprof2prof` (RogPprof2Prof action,
                             once per binary and configuration; it reads the
                             program's bitcode archives for function start
                             lines, which gc 1.19 profiles lack).
- BOLT: --//rules_rog/config:bolt_instrument=true or `bolt_profile` (or
  --//rules_rog/config:bolt_profile=LABEL, an .fdata from an instrumented
  run) links NAME.relocs with --emit-relocs and runs llvm-bolt-19 on it
  (RogBolt action): -instrument writing NAME.fdata in the working directory
  at exit, or -data=PROFILE with block and function reordering. Debug
  sections are rewritten (--update-debug-sections): rog's tracebacks read
  DWARF line tables.
Under the gc toolchain `lto` is ignored (gc has no LTO; its linker already
drops dead code); PGO and BOLT fail the analysis (gc 1.19 has no -pgo, and
BOLT breaks gc binaries' pclntab).
Rejected: compiling every package twice (object and bitcode) so that
binaries could choose at link time: doubles every compile action for a
feature only a few binaries use.
"""

load("@bazel_skylib//rules:common_settings.bzl", "BuildSettingInfo")

_LTO = str(Label("//rules_rog/config:lto"))

BOLT = "/usr/bin/llvm-bolt-19"

# Debian's llvm-bolt-19 prefixes this with /usr/lib/ (DESIGN §7).
BOLT_RT = "llvm-19/lib/libbolt_rt_instr.a"

# What the optimizing run of llvm-bolt does with the profile.
BOLT_OPT_FLAGS = [
    "-reorder-blocks=ext-tsp",
    "-reorder-functions=cdsort",
    "-split-functions",
    "-update-debug-sections",
]

def _transition_impl(settings, attr):
    lto = settings[_LTO]
    if getattr(attr, "lto", "off") == "full" or getattr(attr, "pgoprofile", None):
        lto = "full"
    return {_LTO: lto}

opt_transition = transition(
    implementation = _transition_impl,
    inputs = [_LTO],
    outputs = [_LTO],
)

OPT_SETTING_ATTRS = {
    "_lto_setting": attr.label(default = Label("//rules_rog/config:lto")),
    "_pgo_instrument": attr.label(default = Label("//rules_rog/config:pgo_instrument")),
    "_pgoprofile_setting": attr.label(default = Label("//rules_rog/config:pgoprofile")),
    "_bolt_instrument": attr.label(default = Label("//rules_rog/config:bolt_instrument")),
    "_bolt_profile_setting": attr.label(default = Label("//rules_rog/config:bolt_profile")),
}

# For rog_binary and rog_test: the settings plus opt_transition's allowlist.
OPT_RULE_ATTRS = dict(OPT_SETTING_ATTRS, **{
    "_allowlist_function_transition": attr.label(
        default = "@bazel_tools//tools/allowlists/function_transition_allowlist",
    ),
})

def _profile(ctx, attr_name, setting_name):
    """The attribute's file, else the label setting's (None if empty)."""
    files = getattr(ctx.files, attr_name)
    if files:
        return files[0]
    files = getattr(ctx.files, setting_name)
    return files[0] if files else None

def lto_enabled(ctx):
    """Whether packages are compiled to bitcode in this configuration (read
    by the rog toolchain rule, whose configuration is the target's)."""
    return (ctx.attr._lto_setting[BuildSettingInfo].value == "full" or
            ctx.attr._pgo_instrument[BuildSettingInfo].value or
            bool(ctx.files._pgoprofile_setting))

# TODO(rules): lto = "thin" (ThinLTO: per-package summaries in the archives,
# parallel backends in the link action). It fails analysis until then.
def opt_request(ctx):
    """What the binary being analyzed asks for: struct(lto, pgo_instrument,
    pgoprofile, bolt_instrument, bolt_profile)."""
    lto = getattr(ctx.attr, "lto", "off")
    if lto == "thin":
        fail("%s: lto = 'thin' is not implemented yet (use 'full')" % ctx.label)
    return struct(
        pgo_instrument = ctx.attr._pgo_instrument[BuildSettingInfo].value,
        pgoprofile = _profile(ctx, "pgoprofile", "_pgoprofile_setting"),
        bolt_instrument = ctx.attr._bolt_instrument[BuildSettingInfo].value,
        bolt_profile = _profile(ctx, "bolt_profile", "_bolt_profile_setting"),
    )

def bolt_enabled(req):
    return req.bolt_instrument or req.bolt_profile != None

def check_gc(ctx, req):
    if req.pgo_instrument or req.pgoprofile or bolt_enabled(req):
        fail("%s: PGO and BOLT need the rog toolchain (gc 1.19 has neither); build with --config=rog" % ctx.label)

def link_opt_args(ctx, toolchain, entries, main):
    """Extra `rog tool link` arguments and inputs for the binary being
    analyzed; entries: its transitive struct(importpath, archive)."""
    req = opt_request(ctx)
    args = []
    inputs = []
    if req.pgo_instrument and req.pgoprofile:
        fail("%s: pgo_instrument and pgoprofile exclude each other" % ctx.label)
    if req.pgo_instrument:
        args.append("-pgo-instrument")
    elif req.pgoprofile:
        p = req.pgoprofile
        if p.extension == "profdata":
            args.extend(["-pgo-instr-use", p.path])
            inputs.append(p)
        elif p.extension in ["prof", "afdo"]:
            args.extend(["-pgo-sample-use", p.path])
            inputs.append(p)
        else:
            converted = pprof2prof(ctx, toolchain, p, [e.archive for e in entries] + [main])
            args.extend(["-pgo-sample-use", converted.path])
            inputs.append(converted)
    if bolt_enabled(req):
        args.append("-emit-relocs")
    return args, inputs

def pprof2prof(ctx, toolchain, profile, archives):
    """RogPprof2Prof: a Go CPU profile to an LLVM sample profile."""
    out = ctx.actions.declare_file("%s.sample.prof" % ctx.label.name)
    args = ctx.actions.args()
    args.add_all(["tool", "pprof2prof"])
    for a in archives:
        args.add("-a", a)
    args.add("-o", out)
    args.add(profile)
    ctx.actions.run(
        outputs = [out],
        inputs = [profile] + archives,
        executable = toolchain.rog_run,
        arguments = [args],
        mnemonic = "RogPprof2Prof",
        progress_message = "Converting Go CPU profile %s for %s" % (profile.short_path, ctx.label),
    )
    return out

def link_target(ctx, exe):
    """The file the link action writes: exe, or NAME.relocs when BOLT runs
    after it (bolt_post_link then writes exe)."""
    if bolt_enabled(opt_request(ctx)) and go_toolchain_name(ctx) == "rog":
        return ctx.actions.declare_file(ctx.label.name + ".relocs")
    return exe

def go_toolchain_name(ctx):
    return ctx.toolchains[str(Label("//rules_rog/toolchains:toolchain_type"))].rog.name

def bolt_post_link(ctx, linked, exe):
    """RogBolt: llvm-bolt-19 from linked (with relocations) to exe."""
    if linked == exe:
        return
    req = opt_request(ctx)
    args = ctx.actions.args()
    args.add(linked)
    args.add("-o", exe)
    inputs = [linked]
    if req.bolt_instrument:
        args.add("-instrument")
        args.add("--runtime-instrumentation-lib=" + BOLT_RT)
        args.add("--instrumentation-file=%s.fdata" % ctx.label.name)
        args.add("--instrumentation-file-append-pid=false")
    else:
        args.add("-data=" + req.bolt_profile.path)
        args.add_all(BOLT_OPT_FLAGS)
        inputs.append(req.bolt_profile)
    ctx.actions.run(
        outputs = [exe],
        inputs = inputs,
        executable = BOLT,
        arguments = [args],
        mnemonic = "RogBolt",
        progress_message = "BOLT %s" % ctx.label,
    )
