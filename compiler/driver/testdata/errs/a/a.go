package a

import "example.com/errs/b"
