// run_test: end-to-end tests of the lowering (core_*: the core language;
// maps, channels and select).
// Each testdata/run/NAME.go (package main, no imports) is type-checked,
// lowered in-process, emitted as an object, linked with the runtime archive
// (//runtime:rog_rt) by clang, and run; its standard output and error must
// equal testdata/run/NAME.out, which is gc 1.19's output for the same
// program (regenerate: /usr/lib/go-1.19/bin/go run NAME.go > NAME.out 2>&1).
// Programs print in deterministic order (map contents are sorted by the
// program itself).
#include <dirent.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <llvm-c/Analysis.h>
#include <llvm-c/Core.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>

#include "compiler/lower/lower.h"
#include "compiler/syntax/syntax.h"
#include "compiler/types/types.h"

namespace {

std::string Slurp(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void OnSyn(void *ctx, const SynError *e) {
  *static_cast<std::string *>(ctx) +=
      std::string(e->filename) + ":" + std::to_string(e->line) + ": " + e->msg + "\n";
}
void OnType(void *ctx, const TypesDiag *d) {
  *static_cast<std::string *>(ctx) +=
      std::string(d->filename) + ":" + std::to_string(d->line) + ": " + d->msg + "\n";
}
void OnLower(void *ctx, const char *f, uint32_t line, uint32_t col, const char *msg) {
  *static_cast<std::string *>(ctx) +=
      std::string(f) + ":" + std::to_string(line) + ":" + std::to_string(col) + ": " + msg + "\n";
}

// Compiles src to obj; returns "" or the diagnostics.
std::string Compile(const std::string &path, const std::string &obj) {
  std::string errs, src = Slurp(path);
  SynArena *a = syn_arena_new();
  SynFile *f = syn_parse_file(a, path.c_str(), src.data(), src.size(), OnSyn, &errs);
  TypesCtx *tc = types_ctx_new();
  if (errs.empty()) {
    TypesConfig cfg{};
    cfg.error = OnType;
    cfg.error_ctx = &errs;
    TypesInfo info{};
    int n = 0;
    TypesPackage *pkg = types_check_package(tc, &cfg, "main", &f, 1, &info, &n);
    if (errs.empty()) {
      LLVMInitializeX86TargetInfo();
      LLVMInitializeX86Target();
      LLVMInitializeX86TargetMC();
      LLVMInitializeX86AsmPrinter();
      LLVMInitializeX86AsmParser();
      char *triple = LLVMGetDefaultTargetTriple();
      LLVMTargetRef target;
      char *err = nullptr;
      LLVMGetTargetFromTriple(triple, &target, &err);
      LLVMTargetMachineRef tm = LLVMCreateTargetMachine(
          target, triple, "generic", "", LLVMCodeGenLevelDefault, LLVMRelocPIC, LLVMCodeModelDefault);
      LLVMTargetDataRef td = LLVMCreateTargetDataLayout(tm);
      char *dl = LLVMCopyStringRepOfTargetData(td);
      LLVMContextRef ctx = LLVMContextCreate();
      LowerOptions opt{};
      opt.triple = triple;
      opt.data_layout = dl;
      opt.error = OnLower;
      opt.error_ctx = &errs;
      int nerr = 0;
      LLVMModuleRef m = lower_package(ctx, tc, pkg, &f, 1, &info, &opt, &nerr);
      if (m && errs.empty()) {
        char *msg = nullptr;
        if (LLVMVerifyModule(m, LLVMReturnStatusAction, &msg)) errs += std::string("verify: ") + msg;
        LLVMDisposeMessage(msg);
        if (errs.empty() && LLVMTargetMachineEmitToFile(tm, m, obj.c_str(), LLVMObjectFile, &err))
          errs += std::string("emit: ") + err;
      } else if (errs.empty()) {
        errs = "lowering failed";
      }
      if (m) LLVMDisposeModule(m);
      LLVMContextDispose(ctx);
      LLVMDisposeMessage(dl);
      LLVMDisposeTargetData(td);
      LLVMDisposeTargetMachine(tm);
      LLVMDisposeMessage(triple);
    }
  }
  types_ctx_free(tc);
  syn_arena_free(a);
  return errs;
}

// Runs cmd, capturing stdout+stderr; returns the exit status.
int Shell(const std::string &cmd, std::string *out) {
  FILE *p = popen((cmd + " 2>&1").c_str(), "r");
  if (!p) return -1;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0)
    out->append(buf, n);
  int st = pclose(p);
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

// The runtime archive is built with this test's configuration: link the
// program with the same sanitizer runtime.
const char *SanitizerFlags() {
#if defined(ROG_SANITIZER_ASAN)
  return " -fsanitize=address";
#elif defined(ROG_SANITIZER_UBSAN)
  return " -fsanitize=undefined";
#elif defined(ROG_SANITIZER_TSAN)
  return " -fsanitize=thread";
#else
  return "";
#endif
}

// ASan's notice about the runtime switching stacks (goroutines), printed
// once per process: not the program's output.
std::string DropAsanStackNotice(const std::string &out) {
  std::istringstream in(out);
  std::string r;
  for (std::string l; std::getline(in, l);) {
    if ((l.rfind("==", 0) == 0 &&
         l.find("ASan is ignoring requested __asan_handle_no_return") != std::string::npos) ||
        l == "False positive error reports may follow" ||
        l == "For details see https://github.com/google/sanitizers/issues/189")
      continue;
    r += l + "\n";
  }
  return r;
}

class RunTest : public ::testing::TestWithParam<std::string> {};

TEST_P(RunTest, MatchesGc) {
  const std::string dir = "compiler/lower/testdata/run/";
  std::string name = GetParam();
  const char *tmp = getenv("TEST_TMPDIR");
  std::string base = std::string(tmp ? tmp : "/tmp") + "/" + name;
  std::string errs = Compile(dir + name + ".go", base + ".o");
  ASSERT_EQ(errs, "");
  std::string out;
  int st = Shell("/usr/lib/llvm-19/bin/clang -fuse-ld=lld -o " + base + " " + base +
                     ".o runtime/librog_rt.a -lpthread -ldl -lm" + SanitizerFlags(),
                 &out);
  ASSERT_EQ(st, 0) << out;
  out.clear();
  st = Shell("timeout 20 " + base, &out);
  std::string want = Slurp(dir + name + ".out");
  EXPECT_EQ(DropAsanStackNotice(out), want);
  int want_status =
      want.find("\ngoroutine ") != std::string::npos || want.rfind("fatal error:", 0) == 0 ? 2 : 0;
  EXPECT_EQ(st, want_status);
}

std::vector<std::string> Programs() {
  std::vector<std::string> v;
  DIR *d = opendir("compiler/lower/testdata/run");
  if (!d) return v;
  while (struct dirent *e = readdir(d)) {
    std::string n = e->d_name;
    if (n.size() > 3 && n.compare(n.size() - 3, 3, ".go") == 0) v.push_back(n.substr(0, n.size() - 3));
  }
  closedir(d);
  std::sort(v.begin(), v.end());
  return v;
}

INSTANTIATE_TEST_SUITE_P(Programs, RunTest, ::testing::ValuesIn(Programs()),
                         [](const ::testing::TestParamInfo<std::string> &i) { return i.param; });

} // namespace
