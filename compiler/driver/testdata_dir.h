// testdata_dir.h: where the driver's tests find compiler/driver/testdata
// (Bazel runs tests in the runfiles tree, whose root is the workspace).
#ifndef ROG_DRIVER_TESTDATA_DIR_H
#define ROG_DRIVER_TESTDATA_DIR_H

#include <unistd.h>

#include <string>

inline std::string TestdataDir(const char *name) {
  char cwd[4096];
  if (!getcwd(cwd, sizeof cwd)) return std::string("compiler/driver/testdata/") + name;
  return std::string(cwd) + "/compiler/driver/testdata/" + name;
}

#endif
