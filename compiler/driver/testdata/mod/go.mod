// A module for the loader tests: a local replace, tests, build constraints.
module example.com/m

go 1.19

require example.com/dep v1.0.0

replace example.com/dep => ../dep
