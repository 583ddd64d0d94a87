//go:build windows

package excluded
