// +build ignore

package lib

import "net/http"
