// reflect without fmt: types, struct tags, DeepEqual, values of every
// kind, maps, channels, slices, select, method sets (not calls: Value.Call
// is not supported by rog yet), plus encoding/binary (reflection-driven
// Read/Write), encoding/base64, hash/fnv, strings, bytes.
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"hash/fnv"
	"reflect"
	"sort"
	"strings"
)

type Point struct {
	X, Y int32 `json:"x" db:"px"`
	Name string `json:"name,omitempty"`
	tags []string
}

func (p Point) Norm1() int32 { return abs(p.X) + abs(p.Y) }
func (p *Point) Move(dx int32) { p.X += dx }

type Stringer interface{ String() string }

type celsius float64

func (c celsius) String() string { return "C" }

func abs(x int32) int32 {
	if x < 0 {
		return -x
	}
	return x
}

type header struct {
	Magic   uint32
	Version uint16
	Flags   [2]uint8
	Size    int64
}

func main() {
	p := Point{X: 3, Y: -4, Name: "p", tags: []string{"a"}}
	t := reflect.TypeOf(p)
	println(t.String(), t.Name(), t.PkgPath(), t.Kind().String(), t.NumField(), t.Size(), t.Align())
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		println(f.Name, f.Type.String(), f.Offset, f.Tag.Get("json"), f.Tag.Get("db"), f.IsExported(), string(f.Tag))
	}
	pt := reflect.TypeOf(&p)
	println(pt.String(), pt.Elem() == t, t.NumMethod(), pt.NumMethod())
	for i := 0; i < pt.NumMethod(); i++ {
		m := pt.Method(i)
		println(m.Name, m.Type.String())
	}
	m, ok := pt.MethodByName("Move")
	println(m.Name, ok, m.Index)
	st := reflect.TypeOf((*Stringer)(nil)).Elem()
	println(st.String(), st.Kind().String(), reflect.TypeOf(celsius(0)).Implements(st), t.Implements(st))

	v := reflect.ValueOf(&p).Elem()
	v.Field(0).SetInt(10)
	v.FieldByName("Name").SetString("moved")
	println(p.X, p.Name, v.Field(3).CanSet(), v.Field(1).Int(), v.NumField())

	println(reflect.DeepEqual(map[string][]int{"a": {1, 2}}, map[string][]int{"a": {1, 2}}),
		reflect.DeepEqual([]any{1, "x", nil}, []any{1, "x", nil}),
		reflect.DeepEqual(p, Point{X: 10, Y: -4, Name: "moved", tags: []string{"a"}}),
		reflect.DeepEqual(p, Point{X: 10, Y: -4, Name: "moved"}),
		reflect.DeepEqual(nil, nil), reflect.DeepEqual([]int(nil), []int{}))

	vals := []any{true, int8(-8), uint16(16), 3.5, complex(1, 2), "s", []byte("hi"), [2]int{1, 2}, map[int]bool{1: true}, make(chan int, 3), (*int)(nil), struct{}{}, celsius(2)}
	for _, x := range vals {
		rv := reflect.ValueOf(x)
		println(rv.Kind().String(), rv.Type().String(), rv.IsZero(), rv.Type().Comparable())
	}

	mv := reflect.MakeMap(reflect.TypeOf(map[string]int{}))
	mv.SetMapIndex(reflect.ValueOf("one"), reflect.ValueOf(1))
	mv.SetMapIndex(reflect.ValueOf("two"), reflect.ValueOf(2))
	mv.SetMapIndex(reflect.ValueOf("three"), reflect.ValueOf(3))
	mv.SetMapIndex(reflect.ValueOf("two"), reflect.Value{})
	keys := []string{}
	it := mv.MapRange()
	for it.Next() {
		keys = append(keys, it.Key().String()+"="+strings.Repeat("*", int(it.Value().Int())))
	}
	sort.Strings(keys)
	println(mv.Len(), strings.Join(keys, ","), mv.MapIndex(reflect.ValueOf("one")).Int(), mv.MapIndex(reflect.ValueOf("zz")).IsValid())
	mk := mv.MapKeys()
	println(len(mk))

	sv := reflect.MakeSlice(reflect.TypeOf([]string{}), 0, 2)
	sv = reflect.Append(sv, reflect.ValueOf("a"), reflect.ValueOf("b"), reflect.ValueOf("c"))
	sv.Index(1).SetString("B")
	dst := reflect.MakeSlice(sv.Type(), 2, 2)
	n := reflect.Copy(dst, sv)
	println(sv.Len(), sv.Index(1).String(), n, dst.Index(0).String(), sv.Slice(1, 3).Len())

	cv := reflect.MakeChan(reflect.TypeOf(make(chan int)), 2)
	cv.Send(reflect.ValueOf(7))
	ok = cv.TrySend(reflect.ValueOf(8))
	ok2 := cv.TrySend(reflect.ValueOf(9))
	r, rok := cv.Recv()
	println(ok, ok2, r.Int(), rok, cv.Len(), cv.Cap())
	chosen, rv, recvOK := reflect.Select([]reflect.SelectCase{
		{Dir: reflect.SelectRecv, Chan: cv},
		{Dir: reflect.SelectDefault},
	})
	println(chosen, rv.Int(), recvOK)
	chosen, _, _ = reflect.Select([]reflect.SelectCase{
		{Dir: reflect.SelectRecv, Chan: cv},
		{Dir: reflect.SelectDefault},
	})
	println(chosen)
	cv.Close()
	_, rok = cv.Recv()
	println(rok)

	np := reflect.New(t)
	np.Elem().Field(1).SetInt(5)
	println(np.Elem().Interface().(Point).Y, reflect.Zero(t).Interface().(Point).Name == "", reflect.Indirect(np).Type() == t)
	var e any = &p
	println(reflect.ValueOf(e).Type().String(), reflect.ValueOf(e).Elem().Field(2).Interface().(string))
	println(reflect.PointerTo(t).String(), reflect.TypeOf([]Point{}).Elem() == t, reflect.ArrayOf(3, t).String(), reflect.ValueOf(celsius(1)).Convert(reflect.TypeOf(float64(0))).Float())

	var buf bytes.Buffer
	h := header{Magic: 0xCAFEBABE, Version: 3, Flags: [2]uint8{1, 2}, Size: -5}
	if err := binary.Write(&buf, binary.LittleEndian, &h); err != nil {
		println(err.Error())
	}
	println(buf.Len(), binary.Size(h), base64.StdEncoding.EncodeToString(buf.Bytes()))
	var h2 header
	if err := binary.Read(bytes.NewReader(buf.Bytes()), binary.LittleEndian, &h2); err != nil {
		println(err.Error())
	}
	println(h2.Magic, h2.Version, h2.Flags[1], h2.Size, h == h2)
	b := binary.AppendUvarint(nil, 300)
	uv, un := binary.Uvarint(b)
	println(len(b), uv, un, binary.BigEndian.Uint32([]byte{1, 2, 3, 4}))

	enc := base64.StdEncoding.EncodeToString([]byte("hello, rog!"))
	dec, err := base64.URLEncoding.DecodeString("aGk_")
	println(enc, string(dec), err == nil, base64.RawStdEncoding.EncodedLen(10))
	hf := fnv.New64a()
	hf.Write([]byte("rog"))
	h32 := fnv.New32()
	h32.Write([]byte("rog"))
	println(hf.Sum64(), h32.Sum32())

	s := "The quick brown fox jumps over the lazy dog"
	println(strings.Index(s, "fox"), strings.LastIndex(s, "o"), strings.Count(s, "o"), strings.ToUpper(s[:9]), strings.Fields(s)[3], strings.Contains(s, "lazy"), strings.Replace(s, "o", "0", 2))
	println(strings.Title("hi there"), strings.TrimSpace("  x  "), strings.Split("a,b,,c", ",")[2] == "", strings.EqualFold("Go", "GO"), strings.Index(s, "dog!"), strings.Index(strings.Repeat("ab", 50)+"abc", "abc"))
	var sb strings.Builder
	for i := 0; i < 3; i++ {
		sb.WriteString("x")
		sb.WriteByte('-')
	}
	println(sb.String(), bytes.Equal([]byte("a"), []byte("a")), bytes.Compare([]byte("a"), []byte("b")), bytes.IndexByte([]byte("abc"), 'c'), string(bytes.ToUpper([]byte("abc"))), bytes.Count([]byte("cheese"), []byte("e")))
	println(strings.LastIndex(strings.Repeat("xyz", 40)+"needle-in-a-haystack-longer-than-64-bytes-to-use-rabin-karp-search-path"+strings.Repeat("q", 10), "needle-in-a-haystack-longer-than-64-bytes-to-use-rabin-karp-search-path"),
		strings.Index(strings.Repeat("xyz", 40)+"needle-in-a-haystack-longer-than-64-bytes-to-use-rabin-karp-search-path", "needle-in-a-haystack-longer-than-64-bytes-to-use-rabin-karp-search-path"))
}
