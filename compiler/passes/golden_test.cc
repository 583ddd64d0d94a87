// golden_test: runs rog's passes over testdata/NAME.ll and compares the
// result, plus the remarks, with testdata/NAME.out.ll.
//
// Each input starts with a directive line:
//   ; RUN: passes=h2s,wb,preempt [remarks=...] [pipeline=default<O2>|rog<O2>]
// `pipeline` runs an LLVM pipeline first (as the compiler does before rog's
// passes; rog<On> is the compiler's own, with the spec pass inside). Outputs are verified with
// LLVMVerifyModule before comparing.
//
// Update the expected files after an intended change with
//   bazel run //compiler/passes:golden_test -- --update
// and review the diff.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <llvm-c/Analysis.h>
#include <llvm-c/IRReader.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>
#include <llvm-c/Transforms/PassBuilder.h>

#include "gtest/gtest.h"

extern "C" {
#include "compiler/passes/passes.h"
}

namespace {

bool g_update = false;

std::string ReadFile(const std::string &path) {
  std::ifstream f(path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::string TestdataDir() {
  const char *srcdir = getenv("TEST_SRCDIR");
  const char *ws = getenv("TEST_WORKSPACE");
  if (srcdir && ws) return std::string(srcdir) + "/" + ws + "/compiler/passes/testdata";
  return "compiler/passes/testdata";
}

std::vector<std::string> Inputs() {
  std::vector<std::string> out;
  DIR *d = opendir(TestdataDir().c_str());
  if (!d) return out;
  while (struct dirent *e = readdir(d)) {
    std::string n = e->d_name;
    if (n.size() > 3 && n.compare(n.size() - 3, 3, ".ll") == 0 && n.find(".out.ll") == std::string::npos)
      out.push_back(n.substr(0, n.size() - 3));
  }
  closedir(d);
  std::sort(out.begin(), out.end());
  return out;
}

// Value of key=... on the RUN line, or "".
std::string Directive(const std::string &src, const std::string &key) {
  std::string line = src.substr(0, src.find('\n'));
  if (line.rfind("; RUN:", 0) != 0) return "";
  size_t p = line.find(" " + key + "=");
  if (p == std::string::npos) return "";
  p += key.size() + 2;
  size_t e = line.find(' ', p);
  return line.substr(p, e == std::string::npos ? std::string::npos : e - p);
}

// Runs an LLVM pipeline (e.g. default<O2>) for the module's own triple;
// "rog<O2>" runs the compiler's own pipeline (rog_pipeline_run: the spec
// pass between LLVM's simplification and vectorization).
std::string RunPipeline(LLVMModuleRef m, const std::string &pipeline, const RogPassConfig *cfg) {
  LLVMTargetRef t;
  char *err = nullptr;
  if (LLVMGetTargetFromTriple(LLVMGetTarget(m), &t, &err)) {
    std::string s = std::string("target: ") + err;
    LLVMDisposeMessage(err);
    return s;
  }
  LLVMTargetMachineRef tm = LLVMCreateTargetMachine(
      t, LLVMGetTarget(m), "generic", "", LLVMCodeGenLevelDefault, LLVMRelocPIC, LLVMCodeModelDefault);
  if (pipeline.size() == 7 && pipeline.compare(0, 5, "rog<O") == 0 && pipeline[6] == '>') {
    int rc = rog_pipeline_run(m, tm, pipeline[5] - '0', cfg, &err);
    LLVMDisposeTargetMachine(tm);
    if (rc == 0) return "";
    std::string s = std::string("pipeline: ") + err;
    LLVMDisposeErrorMessage(err);
    return s;
  }
  LLVMPassBuilderOptionsRef o = LLVMCreatePassBuilderOptions();
  LLVMErrorRef e = LLVMRunPasses(m, pipeline.c_str(), tm, o);
  LLVMDisposePassBuilderOptions(o);
  LLVMDisposeTargetMachine(tm);
  if (!e) return "";
  char *msg = LLVMGetErrorMessage(e);
  std::string s = std::string("pipeline: ") + msg;
  LLVMDisposeErrorMessage(msg);
  return s;
}

// The passes' output for one input: the module text, then the remarks as
// "; REMARK:" lines; or an error message.
std::string RunPasses(const std::string &name, const std::string &src) {
  LLVMContextRef ctx = LLVMContextCreate();
  LLVMMemoryBufferRef buf =
      LLVMCreateMemoryBufferWithMemoryRangeCopy(src.data(), src.size(), (name + ".ll").c_str());
  LLVMModuleRef m = nullptr;
  char *err = nullptr;
  if (LLVMParseIRInContext(ctx, buf, &m, &err)) {
    std::string e = std::string("parse error: ") + err;
    LLVMDisposeMessage(err);
    LLVMContextDispose(ctx);
    return e;
  }
  RogPassConfig cfg = rog_pass_config_default();
  const char *bad;
  size_t bad_len;
  std::string passes = Directive(src, "passes"), remarks = Directive(src, "remarks");
  if (rog_pass_parse_list(passes.c_str(), &cfg.enabled, &bad, &bad_len) ||
      rog_pass_parse_list(remarks.empty() ? passes.c_str() : remarks.c_str(), &cfg.remarks, &bad, &bad_len)) {
    LLVMDisposeModule(m);
    LLVMContextDispose(ctx);
    return "bad RUN line";
  }
  char *rbuf = nullptr;
  size_t rlen = 0;
  cfg.remark_out = open_memstream(&rbuf, &rlen);

  std::string result;
  std::string pipeline = Directive(src, "pipeline");
  if (!pipeline.empty()) result = RunPipeline(m, pipeline, &cfg);
  if (!result.empty()) {
    // pipeline error, reported below
  } else if (rog_passes_run(m, &cfg, &err) != 0) {
    result = std::string("rog passes: ") + err;
    LLVMDisposeErrorMessage(err);
  } else if (LLVMVerifyModule(m, LLVMReturnStatusAction, &err)) {
    result = std::string("verifier: ") + err;
    LLVMDisposeMessage(err);
  } else {
    if (err) LLVMDisposeMessage(err);
    char *ir = LLVMPrintModuleToString(m);
    result = ir;
    LLVMDisposeMessage(ir);
  }
  fclose(cfg.remark_out);
  std::istringstream rs(std::string(rbuf, rlen));
  free(rbuf);
  for (std::string line; std::getline(rs, line);)
    result += "; REMARK: " + line + "\n";
  LLVMDisposeModule(m);
  LLVMContextDispose(ctx);
  return result;
}

class Golden : public ::testing::TestWithParam<std::string> {};

TEST_P(Golden, MatchesExpected) {
  const std::string name = GetParam();
  const std::string dir = TestdataDir();
  std::string src = ReadFile(dir + "/" + name + ".ll");
  ASSERT_FALSE(src.empty());
  std::string got = RunPasses(name, src);
  if (g_update) {
    const char *ws = getenv("BUILD_WORKSPACE_DIRECTORY");
    ASSERT_NE(ws, nullptr) << "--update must run under `bazel run`";
    std::ofstream(std::string(ws) + "/compiler/passes/testdata/" + name + ".out.ll") << got;
    return;
  }
  std::string want = ReadFile(dir + "/" + name + ".out.ll");
  EXPECT_EQ(want, got) << "golden mismatch for " << name
                       << " (bazel run //compiler/passes:golden_test -- --update)";
}

INSTANTIATE_TEST_SUITE_P(Passes, Golden, ::testing::ValuesIn(Inputs()),
                         [](const ::testing::TestParamInfo<std::string> &i) { return i.param; });

TEST(GoldenInputs, ArePresent) {
  EXPECT_GE(Inputs().size(), 4u) << "testdata missing from runfiles";
}

} // namespace

int main(int argc, char **argv) {
  LLVMInitializeX86TargetInfo();
  LLVMInitializeX86Target();
  LLVMInitializeX86TargetMC();
  LLVMInitializeAArch64TargetInfo();
  LLVMInitializeAArch64Target();
  LLVMInitializeAArch64TargetMC();
  for (int i = 1; i < argc; i++)
    if (strcmp(argv[i], "--update") == 0) g_update = true;
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
