// sys_os: packages os, syscall, io/fs, path/filepath and bufio under rog:
// arguments, environment, files and directories, errors, exit status.
package main

import (
	"bufio"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
)

func main() {
	println("args", len(os.Args), filepath.Base(os.Args[0]) != "")
	os.Setenv("ROG_SYS_OS", "42")
	v, ok := os.LookupEnv("ROG_SYS_OS")
	println("env", v, ok, os.Getenv("ROG_SYS_OS_UNSET") == "")
	os.Unsetenv("ROG_SYS_OS")
	_, ok = os.LookupEnv("ROG_SYS_OS")
	println("unset", ok)
	println("pagesize", os.Getpagesize() >= 4096, os.Getpid() > 0)

	dir, err := os.MkdirTemp("", "rog_sys_os")
	if err != nil {
		println("mkdirtemp:", err.Error())
		os.Exit(1)
	}
	defer os.RemoveAll(dir)
	p := filepath.Join(dir, "a.txt")
	if err := os.WriteFile(p, []byte("line1\nline2\nline3\n"), 0o644); err != nil {
		println("write:", err.Error())
	}
	f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		println("openfile:", err.Error())
	}
	w := bufio.NewWriter(f)
	for i := 4; i <= 5; i++ {
		w.WriteString("line" + strconv.Itoa(i) + "\n")
	}
	w.Flush()
	f.Close()
	f, _ = os.Open(p)
	sc := bufio.NewScanner(f)
	var lines []string
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	f.Seek(6, io.SeekStart)
	buf := make([]byte, 5)
	io.ReadFull(f, buf)
	f.Close()
	println("lines", len(lines), strings.Join(lines, ","), string(buf))

	os.MkdirAll(filepath.Join(dir, "sub", "deep"), 0o755)
	os.WriteFile(filepath.Join(dir, "sub", "deep", "b.txt"), []byte("x"), 0o600)
	os.Rename(filepath.Join(dir, "sub", "deep", "b.txt"), filepath.Join(dir, "sub", "c.txt"))
	var names []string
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(dir, path)
		names = append(names, rel+":"+strconv.FormatBool(d.IsDir()))
		return nil
	})
	sort.Strings(names)
	println("walk", strings.Join(names, " "))
	ents, _ := os.ReadDir(filepath.Join(dir, "sub"))
	for _, e := range ents {
		info, _ := e.Info()
		println("entry", e.Name(), e.IsDir(), info.Mode().Perm().String())
	}
	matches, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	println("glob", len(matches), filepath.Base(matches[0]))
	st, _ := os.Stat(p)
	println("stat", st.Size(), st.Mode().String(), st.Name(), st.IsDir())

	_, err = os.Open(filepath.Join(dir, "nope"))
	var pe *fs.PathError
	println("notexist", os.IsNotExist(err), errors.Is(err, fs.ErrNotExist), errors.As(err, &pe), pe.Op)
	println("errno", errors.Is(err, syscall.ENOENT), syscall.ENOENT.Error())
	err = os.Remove(filepath.Join(dir, "sub"))
	println("remove nonempty fails", err != nil)

	wd, _ := os.Getwd()
	os.Chdir(dir)
	wd2, _ := os.Getwd()
	rp, _ := filepath.EvalSymlinks(dir)
	println("chdir", wd2 == rp || wd2 == dir)
	os.Chdir(wd)

	r, wp, _ := os.Pipe()
	go func() { wp.WriteString("through a pipe\n"); wp.Close() }()
	data, _ := io.ReadAll(r)
	print("pipe ", string(data))
	os.Stdout.WriteString("stdout direct\n")
	os.Exit(3)
}
