// assembly
