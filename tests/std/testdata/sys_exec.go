// sys_exec: os/exec (fork/exec through the runtime's hooks), os/signal
// (notify, stop, ignore) and process exit codes under rog.
package main

import (
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"time"
)

func main() {
	cmd := exec.Command("sh", "-c", "echo hi from child; echo $ROG_EXEC_V; echo err >&2")
	cmd.Env = append(os.Environ(), "ROG_EXEC_V=env passed")
	var errb strings.Builder
	cmd.Stderr = &errb
	out, err := cmd.Output()
	print(string(out))
	println("stderr", strings.TrimSpace(errb.String()), err == nil)

	cmd = exec.Command("sh", "-c", "exit 7")
	err = cmd.Run()
	println("exit code", err != nil, cmd.ProcessState.ExitCode())

	cmd = exec.Command("cat")
	cmd.Stdin = strings.NewReader("stdin to child\n")
	out, _ = cmd.CombinedOutput()
	print(string(out))

	_, err = exec.LookPath("rog-no-such-command")
	println("lookpath fails", err != nil)

	cmd = exec.Command("sleep", "10")
	cmd.Start()
	cmd.Process.Kill()
	err = cmd.Wait()
	println("killed", err.Error())

	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGUSR1)
	syscall.Kill(os.Getpid(), syscall.SIGUSR1)
	select {
	case s := <-c:
		println("got", s.String())
	case <-time.After(5 * time.Second):
		println("timeout")
	}
	signal.Stop(c)
	signal.Ignore(syscall.SIGUSR2)
	syscall.Kill(os.Getpid(), syscall.SIGUSR2)
	time.Sleep(10 * time.Millisecond)
	println("ignored", signal.Ignored(syscall.SIGUSR2))
}
