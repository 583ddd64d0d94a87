#!/usr/bin/env python3
"""Unit tests for gotest.py: build-constraint evaluation and recipe parsing."""
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gotest  # noqa: E402

TAGS = gotest.build_tags("amd64")


class Constraints(unittest.TestCase):
    def test_go_build(self):
        ev = lambda e: gotest.eval_go_build(e, TAGS)
        self.assertTrue(ev("linux"))
        self.assertTrue(ev("linux && amd64"))
        self.assertFalse(ev("linux && arm64"))
        self.assertTrue(ev("arm64 || amd64"))
        self.assertTrue(ev("!windows"))
        self.assertFalse(ev("!(linux || darwin)"))
        self.assertTrue(ev("gc && !gccgo && go1.18"))
        self.assertFalse(ev("go1.20"))
        self.assertFalse(ev("cgo"))
        # && binds tighter than ||.
        self.assertTrue(ev("windows && arm || linux"))
        for bad in ["linux &&", "(linux", "linux)", "&& linux", ""]:
            with self.assertRaises(ValueError):
                ev(bad)

    def test_plus_build(self):
        ev = lambda l: gotest.eval_plus_build(l, TAGS)
        self.assertTrue(ev("linux,amd64"))
        self.assertFalse(ev("linux,arm64"))
        self.assertTrue(ev("darwin linux"))
        self.assertTrue(ev("!nacl,!js,gc"))
        self.assertFalse(ev("!linux"))

    def test_should_test_stops_at_package(self):
        ok, _ = gotest.should_test("// run\n\npackage main\n//go:build windows\n", TAGS)
        self.assertTrue(ok)
        ok, why = gotest.should_test("//go:build windows\n\npackage main\n", TAGS)
        self.assertFalse(ok)
        self.assertIn("windows", why)


class Recipes(unittest.TestCase):
    def parse(self, src):
        d = tempfile.mkdtemp()
        path = os.path.join(d, "t.go")
        with open(path, "w") as f:
            f.write(src)
        t = gotest.Test("t.go")
        t.path = path
        t.parse(TAGS)
        return t

    def test_run_with_flags_and_args(self):
        t = self.parse('// run -gcflags=-l -t 10 arg1 "two words"\n\npackage main\nfunc main() {}\n')
        self.assertEqual(t.action, "run")
        self.assertEqual(t.flags, ["-gcflags=-l"])
        self.assertEqual(t.args, ["arg1", "two words"])
        self.assertFalse(t.imports)

    def test_goexperiment_is_environment(self):
        t = self.parse("// run -goexperiment fieldtrack\n\npackage main\nfunc main() {}\n")
        self.assertEqual(t.goexperiment, "fieldtrack")
        self.assertEqual(t.flags, [])

    def test_plus_build_first_line_skipped(self):
        t = self.parse("// +build linux\n// compile\n\npackage p\n")
        self.assertEqual(t.action, "compile")

    def test_constraint_skip_and_imports(self):
        t = self.parse("// run\n\n//go:build windows\n\npackage main\n")
        self.assertTrue(t.skip_reason.startswith("build constraint"))
        t = self.parse('// run\n\npackage main\n\nimport "fmt"\n\nfunc main() { fmt.Println() }\n')
        self.assertTrue(t.imports)
        t = self.parse('// run\n\npackage main\n\n// import "fmt"\nfunc main() { println("import") }\n')
        self.assertFalse(t.imports)

    def test_malformed(self):
        self.assertEqual(self.parse("\n// run\n\npackage main\n").skip_reason, "starts with newline")
        self.assertIsNotNone(self.parse("// run\npackage main").skip_reason)


if __name__ == "__main__":
    unittest.main()
