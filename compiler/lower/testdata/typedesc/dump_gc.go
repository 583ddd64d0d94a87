//go:build ignore

// dump_gc.go dumps gc 1.19's type descriptors of the probes in types.go in
// the format compiler/lower's typedesc_test prints rog's in. Regenerate
// types.out with:
//
//	cd compiler/lower/testdata/typedesc && /usr/lib/go-1.19/bin/go run types.go dump_gc.go > types.out
//
// It reads runtime._type and friends through unsafe (gc 1.19 layouts, the
// ones rog's abi.h mirrors) and resolves offsets with reflect's own
// resolvers.
package main

import (
	"fmt"
	"os"
	"reflect"
	"strings"
	"unsafe"
)

//go:linkname resolveNameOff reflect.resolveNameOff
func resolveNameOff(ptrInModule unsafe.Pointer, off int32) unsafe.Pointer

//go:linkname resolveTypeOff reflect.resolveTypeOff
func resolveTypeOff(rtype unsafe.Pointer, off int32) unsafe.Pointer

type rtype struct {
	size       uintptr
	ptrdata    uintptr
	hash       uint32
	tflag      uint8
	align      uint8
	fieldAlign uint8
	kind       uint8
	equal      unsafe.Pointer
	gcdata     *byte
	str        int32
	ptrToThis  int32
}

type uncommon struct {
	pkgpath int32
	mcount  uint16
	xcount  uint16
	moff    uint32
	_       uint32
}

type method struct {
	name, mtyp, ifn, tfn int32
}

type imethod struct{ name, typ int32 }

type structField struct {
	name   *byte
	typ    *rtype
	offset uintptr
}

var out strings.Builder

func p(format string, args ...any) { fmt.Fprintf(&out, format, args...) }

func add(b unsafe.Pointer, n uintptr) unsafe.Pointer { return unsafe.Add(b, n) }

func str(p unsafe.Pointer, n int) string { return string((*[1 << 20]byte)(p)[:n:n]) }

func readVarint(b unsafe.Pointer) (int, int) {
	v, i := 0, 0
	for {
		x := *(*byte)(add(b, uintptr(i)))
		v += int(x&0x7f) << (7 * i)
		i++
		if x&0x80 == 0 {
			return i, v
		}
	}
}

// decodes a runtime.name: (name, tag, pkgpath, flags)
func decodeName(b unsafe.Pointer) (string, string, string, byte) {
	if b == nil {
		return "", "", "", 0
	}
	flags := *(*byte)(b)
	i, l := readVarint(add(b, 1))
	name := str(add(b, uintptr(1+i)), l)
	off := uintptr(1 + i + l)
	tag := ""
	if flags&2 != 0 {
		ti, tl := readVarint(add(b, off))
		tag = str(add(b, off+uintptr(ti)), tl)
		off += uintptr(ti + tl)
	}
	pkg := ""
	if flags&4 != 0 {
		var no int32
		copy((*[4]byte)(unsafe.Pointer(&no))[:], (*[4]byte)(add(b, off))[:])
		pkg, _, _, _ = decodeName(resolveNameOff(b, no))
	}
	return name, tag, pkg, flags
}

func typeString(t *rtype) string {
	s, _, _, _ := decodeName(resolveNameOff(unsafe.Pointer(t), t.str))
	if t.tflag&2 != 0 {
		s = s[1:]
	}
	return s
}

func headerSize(kind uint8) uintptr {
	switch kind & 31 {
	case 25: // struct
		return 80
	case 22, 23, 19: // ptr, slice, func
		return 56
	case 17: // array
		return 72
	case 18: // chan
		return 64
	case 21: // map
		return 88
	case 20: // interface
		return 80
	}
	return 48
}

func gcdata(t *rtype) string {
	if t.ptrdata == 0 {
		return "-"
	}
	n := (t.ptrdata/8 + 7) / 8
	s := ""
	for i := uintptr(0); i < n; i++ {
		s += fmt.Sprintf("%02x", *(*byte)(add(unsafe.Pointer(t.gcdata), i)))
	}
	return s
}

func dumpType(t *rtype) {
	base := unsafe.Pointer(t)
	_, _, _, strflags := decodeName(resolveNameOff(base, t.str))
	p("type %s kind=%d direct=%d gcprog=%d size=%d ptrdata=%d align=%d falign=%d tflag=%d strexported=%d gcdata=%s equal=%v",
		typeString(t), t.kind&31, t.kind>>5&1, t.kind>>6&1, t.size, t.ptrdata, t.align, t.fieldAlign, t.tflag,
		strflags&1, gcdata(t), t.equal != nil)
	if t.tflag&4 != 0 && t.ptrToThis != 0 {
		p(" ptrToThis=%s", typeString((*rtype)(resolveTypeOff(base, t.ptrToThis))))
	}
	p("\n")
	elem := func(off uintptr) *rtype { return *(**rtype)(add(base, off)) }
	switch t.kind & 31 {
	case 22, 23: // ptr, slice
		p("  elem %s\n", typeString(elem(48)))
	case 17:
		p("  array elem=%s slice=%s len=%d\n", typeString(elem(48)), typeString(elem(56)), *(*uintptr)(add(base, 64)))
	case 18:
		p("  chan elem=%s dir=%d\n", typeString(elem(48)), *(*uintptr)(add(base, 56)))
	case 21:
		bk := elem(64)
		p("  map key=%s elem=%s bucket=%s bucket.size=%d bucket.ptrdata=%d bucket.gcdata=%s bucket.kind=%d hasher=%v keysize=%d elemsize=%d bucketsize=%d flags=%d\n",
			typeString(elem(48)), typeString(elem(56)), typeString(bk), bk.size, bk.ptrdata, gcdata(bk), bk.kind&31,
			*(*unsafe.Pointer)(add(base, 72)) != nil, *(*uint8)(add(base, 80)), *(*uint8)(add(base, 81)),
			*(*uint16)(add(base, 82)), *(*uint32)(add(base, 84)))
	case 19:
		in, outc := *(*uint16)(add(base, 48)), *(*uint16)(add(base, 50))
		params := add(base, 56)
		if t.tflag&1 != 0 {
			params = add(params, 16)
		}
		p("  func in=%d out=%d variadic=%v", in, outc&0x7fff, outc&0x8000 != 0)
		for i := uintptr(0); i < uintptr(in)+uintptr(outc&0x7fff); i++ {
			p(" %s", typeString(*(**rtype)(add(params, 8*i))))
		}
		p("\n")
	case 20:
		pkg, _, _, _ := decodeName(*(*unsafe.Pointer)(add(base, 48)))
		ms := *(*[]imethod)(add(base, 56))
		p("  iface pkgpath=%q n=%d\n", pkg, len(ms))
		for _, m := range ms {
			n, _, mp, fl := decodeName(resolveNameOff(base, m.name))
			p("  imethod %s flags=%d pkgpath=%q typ=%s\n", n, fl, mp, typeString((*rtype)(resolveTypeOff(base, m.typ))))
		}
	case 25:
		pkg, _, _, _ := decodeName(*(*unsafe.Pointer)(add(base, 48)))
		fs := *(*[]structField)(add(base, 56))
		p("  struct pkgpath=%q n=%d\n", pkg, len(fs))
		for _, f := range fs {
			n, tag, fp, fl := decodeName(unsafe.Pointer(f.name))
			p("  field %s flags=%d tag=%q pkgpath=%q type=%s offset=%d\n", n, fl, tag, fp, typeString(f.typ), f.offset)
		}
	}
	if t.tflag&1 != 0 {
		u := (*uncommon)(add(base, headerSize(t.kind)))
		pkg, _, _, _ := decodeName(resolveNameOff(base, u.pkgpath))
		p("  uncommon pkgpath=%q mcount=%d xcount=%d\n", pkg, u.mcount, u.xcount)
		for i := uintptr(0); i < uintptr(u.mcount); i++ {
			m := (*method)(add(unsafe.Pointer(u), uintptr(u.moff)+16*i))
			n, _, mp, fl := decodeName(resolveNameOff(base, m.name))
			p("  method %s flags=%d pkgpath=%q mtyp=%s\n", n, fl, mp, typeString((*rtype)(resolveTypeOff(base, m.mtyp))))
		}
	}
}

func typeOf(x any) *rtype { return (*rtype)((*[2]unsafe.Pointer)(unsafe.Pointer(&x))[0]) }

func main() {
	for _, x := range probes {
		t := typeOf(x)
		dumpType(t)
		if t.kind&31 == 22 {
			if e := *(**rtype)(add(unsafe.Pointer(t), 48)); e.kind&31 == 20 {
				dumpType(e)
			}
		}
	}
	_ = reflect.TypeOf
	os.Stdout.WriteString(out.String())
}
