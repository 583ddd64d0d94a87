// sys_net: package net over rog's netpoller: TCP listen/accept/dial with
// several concurrent echo connections, deadlines, and a closed listener.
package main

import (
	"bufio"
	"errors"
	"net"
	"os"
	"strconv"
	"sync"
	"time"
)

func main() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		println("listen", err.Error())
		return
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func(c net.Conn) {
				defer c.Close()
				r := bufio.NewReader(c)
				for {
					line, err := r.ReadString('\n')
					if err != nil {
						return
					}
					c.Write([]byte("echo: " + line))
				}
			}(c)
		}
	}()
	var wg sync.WaitGroup
	results := make([]int, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			c, err := net.Dial("tcp", ln.Addr().String())
			if err != nil {
				println("dial", err.Error())
				return
			}
			defer c.Close()
			r := bufio.NewReader(c)
			for j := 0; j < 200; j++ {
				msg := "client " + strconv.Itoa(i) + " msg " + strconv.Itoa(j) + "\n"
				c.Write([]byte(msg))
				l, err := r.ReadString('\n')
				if err != nil || l != "echo: "+msg {
					return
				}
				results[i]++
			}
		}(i)
	}
	wg.Wait()
	sum := 0
	for _, r := range results {
		sum += r
	}
	println("echoed", sum)

	c, _ := net.Dial("tcp", ln.Addr().String())
	c.SetReadDeadline(time.Now().Add(20 * time.Millisecond))
	buf := make([]byte, 10)
	_, err = c.Read(buf)
	println("deadline", errors.Is(err, os.ErrDeadlineExceeded))
	c.Close()
	ln.Close()
	_, err = net.Dial("tcp", ln.Addr().String())
	println("closed listener refuses", err != nil)
}
