// refl_json_template: encoding/json and text/template round trips under
// rog, compared with gc. json's Marshaler/TextMarshaler/Unmarshaler hooks,
// struct tags, embedded structs, maps, pointers, interfaces and
// RawMessage; template's {{.Method}} calls (reflect Value.Call on
// methods, with arguments and error results), funcs from FuncMap
// (variadic, through MakeFunc-free reflect calls), range/with/if and
// pipelines.
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"text/template"
	"time"
)

type Color int

func (c Color) MarshalText() ([]byte, error) {
	return []byte([]string{"red", "green", "blue"}[c]), nil
}

func (c *Color) UnmarshalText(b []byte) error {
	for i, n := range []string{"red", "green", "blue"} {
		if n == string(b) {
			*c = Color(i)
			return nil
		}
	}
	return errors.New("bad color " + string(b))
}

type Point struct{ X, Y int }

func (p Point) MarshalJSON() ([]byte, error) { return []byte(fmt.Sprintf("[%d,%d]", p.X, p.Y)), nil }

func (p *Point) UnmarshalJSON(b []byte) error {
	var a [2]int
	if err := json.Unmarshal(b, &a); err != nil {
		return err
	}
	p.X, p.Y = a[0], a[1]
	return nil
}

type Meta struct {
	Owner string `json:"owner"`
	Rev   int    `json:"rev,omitempty"`
}

type Shape struct {
	Meta
	Name    string            `json:"name"`
	Color   Color             `json:"color"`
	Points  []Point           `json:"points"`
	Attrs   map[string]string `json:"attrs,omitempty"`
	Parent  *Shape            `json:"parent,omitempty"`
	Extra   interface{}       `json:"extra"`
	Raw     json.RawMessage   `json:"raw"`
	private int
	Skip    string `json:"-"`
	When    time.Time
}

type User struct {
	Name  string
	Age   int
	Tags  []string
	Admin bool
}

func (u User) Greeting(prefix string) string { return prefix + ", " + u.Name }
func (u *User) IsAdult() bool                { return u.Age >= 18 }
func (u User) Check(limit int) (string, error) {
	if u.Age > limit {
		return "", fmt.Errorf("%s is over %d", u.Name, limit)
	}
	return "ok", nil
}

func main() {
	s := Shape{Meta: Meta{Owner: "rog"}, Name: "tri", Color: 2, Points: []Point{{0, 0}, {1, 2}},
		Attrs: map[string]string{"b": "2", "a": "1"}, Parent: &Shape{Name: "root", Raw: json.RawMessage(`null`)},
		Extra: []interface{}{1.5, "x", nil, map[string]interface{}{"k": true}}, Raw: json.RawMessage(`{"z":1}`),
		private: 7, Skip: "no", When: time.Date(2022, 8, 2, 13, 45, 0, 0, time.UTC)}
	b, err := json.Marshal(s)
	fmt.Println(string(b), err)
	var back Shape
	err = json.Unmarshal(b, &back)
	fmt.Printf("%+v %v\n", back.Points, err)
	fmt.Println(back.Name, back.Color, back.Owner, back.Parent.Name, back.Attrs, back.Extra, string(back.Raw), back.When)
	ind, _ := json.MarshalIndent(map[string]interface{}{"n": 1, "list": []int{1, 2}, "c": Color(1)}, "", "  ")
	fmt.Println(string(ind))
	var anyv interface{}
	fmt.Println(json.Unmarshal([]byte(`{"a":[1,"two",{"three":3}],"b":null}`), &anyv), anyv)
	var c Color
	fmt.Println(json.Unmarshal([]byte(`"purple"`), &c), c)
	var bad struct{ N int }
	fmt.Println(json.Unmarshal([]byte(`{"N":"str"}`), &bad))
	dec := json.NewDecoder(strings.NewReader(`{"Name":"a","Age":3} {"Name":"b","Tags":["x"]}`))
	for {
		var u User
		if err := dec.Decode(&u); err != nil {
			fmt.Println("decode end:", err)
			break
		}
		fmt.Printf("%+v\n", u)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent(">", "\t")
	enc.Encode(User{Name: "<enc>", Tags: []string{"&"}})

	funcs := template.FuncMap{
		"upper": strings.ToUpper,
		"join":  func(sep string, xs ...string) string { return strings.Join(xs, sep) },
		"add":   func(a, b int) int { return a + b },
		"fail":  func() (string, error) { return "", errors.New("func failed") },
	}
	t := template.Must(template.New("t").Funcs(funcs).Parse(
		`{{.Name}} is {{.Age}}{{if .IsAdult}} (adult){{end}}; {{.Greeting "Hello"}}; {{upper .Name}}
{{range $i, $t := .Tags}}{{if $i}}, {{end}}{{$i}}:{{$t}}{{end}}; {{join "+" "a" "b" "c"}}; {{add .Age 1 | printf "%03d"}}
{{with .Check 100}}{{.}}{{end}} {{len .Tags}} {{index .Tags 0}} {{printf "%v|%q" .Admin .Name}}
`))
	users := []*User{{Name: "Ann", Age: 30, Tags: []string{"x", "y"}}, {Name: "Bob", Age: 9, Tags: []string{"z"}, Admin: true}}
	for _, u := range users {
		if err := t.Execute(os.Stdout, u); err != nil {
			fmt.Println("error:", err)
		}
	}
	t2 := template.Must(template.New("e").Funcs(funcs).Parse("{{.Check 10}}\n"))
	fmt.Println("exec:", t2.Execute(os.Stdout, users[0]))
	t3 := template.Must(template.New("f").Funcs(funcs).Parse("{{fail}}\n"))
	fmt.Println("exec:", t3.Execute(os.Stdout, nil))
	m := map[string]interface{}{"list": []int{3, 1, 2}, "user": users[1], "f": func(x int) int { return x * 10 }}
	t4 := template.Must(template.New("m").Parse(`{{range .list}}[{{.}}]{{end}} {{.user.Greeting "Hi"}} {{call .f 4}}` + "\n"))
	fmt.Println("exec:", t4.Execute(os.Stdout, m))
}
