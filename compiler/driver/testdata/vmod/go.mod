module example.com/vm

go 1.19

require example.com/v v1.2.0
