package lib

import "syscall"

var _ = syscall.Getpid
