// Regression: a type parameter as a map key is checked once its constraint
// is known (after the generic type's body, after the rest of the type
// parameter list) and its type set computed: typeparam/issue47877,
// issue48424, issue48453 were rejected with "missing comparable
// constraint". A key without comparable is still an error.
package p

type Map[K comparable, V any] struct {
	m map[K]V
}

type _[M map[K]V, K comparable, V any] struct{}

func CopyMap[M interface{ ~map[K]V }, K comparable, V any](m M) M { return m }

type Bad[K any, V any] struct {
	m map[K]V
}
