// hash/crc32 under rog: the pure-Go slicing paths (internal/cpu reports no
// SSE4.2/PCLMULQDQ/CRC32), IEEE, Castagnoli and Koopman tables.
package main

import "hash/crc32"

func main() {
	println(crc32.ChecksumIEEE([]byte("hello")), crc32.Checksum([]byte("hello"), crc32.MakeTable(crc32.Castagnoli)), crc32.Checksum([]byte("hello world, a longer input"), crc32.MakeTable(crc32.Koopman)))
	h := crc32.NewIEEE()
	h.Write(make([]byte, 5000))
	println(h.Sum32(), crc32.Update(1, crc32.IEEETable, []byte("x")))
}
