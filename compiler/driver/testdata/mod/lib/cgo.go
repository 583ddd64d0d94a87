package lib

// #include <stdio.h>
import "C"

import "os/user"
