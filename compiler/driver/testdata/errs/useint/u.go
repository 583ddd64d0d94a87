package useint

import "internal/cpu"
