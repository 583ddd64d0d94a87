module example.com/chk

go 1.19
