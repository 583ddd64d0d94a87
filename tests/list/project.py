#!/usr/bin/env python3
"""Projects `go list -json` output onto the fields `rog list -json` computes.

Reads a stream of JSON objects (go list's output) on stdin and writes them
back in encoding/json's MarshalIndent format (tab indent, field order kept),
without the fields rog does not compute: Target, Stale and StaleReason
(they need a build cache). A test
main package ("p.test") lists its generated _testmain.go by a build-cache
path in go; rog prints "_testmain.go", and so does the projection.
Used only by update_golden.sh; the test itself diffs raw rog output.
"""
import json
import sys

DROP = {"Target", "Stale", "StaleReason"}


def go_escape(s):
    # encoding/json escapes <, > and & (HTML-safe) and U+2028/U+2029.
    return (s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def main():
    dec = json.JSONDecoder()
    data = sys.stdin.read()
    i = 0
    out = []
    while True:
        while i < len(data) and data[i].isspace():
            i += 1
        if i >= len(data):
            break
        obj, i = dec.raw_decode(data, i)
        obj = {k: v for k, v in obj.items() if k not in DROP}
        if obj.get("Name") == "main" and obj.get("ImportPath", "").endswith(".test") and "GoFiles" in obj:
            obj["GoFiles"] = ["_testmain.go"]
        out.append(go_escape(json.dumps(obj, indent="\t", ensure_ascii=False)) + "\n")
    sys.stdout.write("".join(out))


if __name__ == "__main__":
    main()
