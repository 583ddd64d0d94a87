// net_crypto: the std packages whose amd64/arm64 assembly rog replaces by
// Go's portable implementations (compiler/driver/buildctx.c, noasm
// packages): hashes, AES-GCM, math/big, ECDSA P-256 and Ed25519, checked
// against gc's output. Everything printed is deterministic (ECDSA
// signatures are random, so only their verification is printed).
package main

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/md5"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"math/big"
	"strings"
)

func hashes() {
	inputs := []string{"", "abc", strings.Repeat("rog", 1000)}
	for _, s := range inputs {
		b := []byte(s)
		fmt.Printf("md5    %x\n", md5.Sum(b))
		fmt.Printf("sha1   %x\n", sha1.Sum(b))
		fmt.Printf("sha224 %x\n", sha256.Sum224(b))
		fmt.Printf("sha256 %x\n", sha256.Sum256(b))
		fmt.Printf("sha384 %x\n", sha512.Sum384(b))
		fmt.Printf("sha512 %x\n", sha512.Sum512(b))
		fmt.Printf("crc32c %08x\n", crc32.Checksum(b, crc32.MakeTable(crc32.Castagnoli)))
	}
	// incremental writes of odd sizes cross block boundaries
	h := sha256.New()
	for i := 0; i < 100; i++ {
		h.Write(bytes.Repeat([]byte{byte(i)}, i))
	}
	fmt.Printf("sha256 incremental %x\n", h.Sum(nil))
	m := hmac.New(sha512.New, []byte("key"))
	m.Write([]byte("The quick brown fox jumps over the lazy dog"))
	fmt.Printf("hmac-sha512 %x\n", m.Sum(nil))
}

func aesGCM() {
	key, _ := hex.DecodeString("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")
	block, err := aes.NewCipher(key)
	if err != nil {
		panic(err)
	}
	var out [16]byte
	block.Encrypt(out[:], []byte("0123456789abcdef"))
	fmt.Printf("aes block %x\n", out)
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		panic(err)
	}
	nonce := make([]byte, gcm.NonceSize())
	for i := range nonce {
		nonce[i] = byte(i * 7)
	}
	plain := []byte("attack at dawn, bring 3 crypto/aes round keys")
	sealed := gcm.Seal(nil, nonce, plain, []byte("header"))
	fmt.Printf("gcm sealed %x\n", sealed)
	opened, err := gcm.Open(nil, nonce, sealed, []byte("header"))
	fmt.Printf("gcm opened %q %v\n", opened, err)
	sealed[3] ^= 1
	_, err = gcm.Open(nil, nonce, sealed, []byte("header"))
	fmt.Println("gcm tampered:", err)
	iv := make([]byte, aes.BlockSize)
	copy(iv, nonce)
	iv[15] = 0xfe // the counter wraps into the next byte
	ctr := cipher.NewCTR(block, iv)
	buf := []byte("counter mode stream of 37 bytes long")
	ctr.XORKeyStream(buf, buf)
	fmt.Printf("ctr %x\n", buf)
}

func bigMath() {
	f := big.NewInt(1)
	for i := int64(2); i <= 100; i++ {
		f.Mul(f, big.NewInt(i))
	}
	fmt.Println("100! =", f)
	p, _ := new(big.Int).SetString("170141183460469231731687303715884105727", 10) // 2^127-1
	x := new(big.Int).Exp(big.NewInt(3), big.NewInt(1000003), p)
	fmt.Println("3^1000003 mod (2^127-1) =", x)
	fmt.Println("probably prime:", p.ProbablyPrime(20))
	q, r := new(big.Int).QuoRem(f, p, new(big.Int))
	fmt.Println("100! / p =", q, "rem", r)
	g := new(big.Int).GCD(nil, nil, f, new(big.Int).Lsh(big.NewInt(1), 200))
	fmt.Println("gcd(100!, 2^200) = 2^", g.BitLen()-1)
	inv := new(big.Int).ModInverse(big.NewInt(65537), p)
	fmt.Println("65537^-1 mod p =", inv)
	fl := new(big.Float).SetPrec(200).SetInt64(2)
	fl.Sqrt(fl)
	fmt.Println("sqrt(2) =", fl.Text('g', 50))
	rt := new(big.Rat).SetFrac64(355, 113)
	fmt.Println("355/113 =", rt.FloatString(20))
}

func ecdsaP256() {
	curve := elliptic.P256()
	d, _ := new(big.Int).SetString("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721", 16)
	priv := &ecdsa.PrivateKey{D: d}
	priv.PublicKey.Curve = curve
	priv.PublicKey.X, priv.PublicKey.Y = curve.ScalarBaseMult(d.Bytes())
	fmt.Printf("p256 pub X %x\n", priv.PublicKey.X)
	fmt.Printf("p256 pub Y %x\n", priv.PublicKey.Y)
	fmt.Println("p256 on curve:", curve.IsOnCurve(priv.PublicKey.X, priv.PublicKey.Y))
	digest := sha256.Sum256([]byte("sample"))
	r, s, err := ecdsa.Sign(rand.Reader, priv, digest[:])
	if err != nil {
		panic(err)
	}
	fmt.Println("ecdsa verify:", ecdsa.Verify(&priv.PublicKey, digest[:], r, s))
	other := sha256.Sum256([]byte("test"))
	fmt.Println("ecdsa verify other message:", ecdsa.Verify(&priv.PublicKey, other[:], r, s))
	sig, err := ecdsa.SignASN1(rand.Reader, priv, digest[:])
	fmt.Println("ecdsa asn1 verify:", err == nil && ecdsa.VerifyASN1(&priv.PublicKey, digest[:], sig))
	x2, y2 := curve.Double(priv.PublicKey.X, priv.PublicKey.Y)
	x3, y3 := curve.Add(x2, y2, priv.PublicKey.X, priv.PublicKey.Y)
	x4, y4 := curve.ScalarMult(priv.PublicKey.X, priv.PublicKey.Y, []byte{3})
	fmt.Println("2P+P == 3P:", x3.Cmp(x4) == 0 && y3.Cmp(y4) == 0)
}

func ed() {
	seed := make([]byte, ed25519.SeedSize)
	for i := range seed {
		seed[i] = byte(255 - i)
	}
	priv := ed25519.NewKeyFromSeed(seed)
	pub := priv.Public().(ed25519.PublicKey)
	fmt.Printf("ed25519 pub %x\n", []byte(pub))
	msg := []byte("rog signs this message")
	sig := ed25519.Sign(priv, msg)
	fmt.Printf("ed25519 sig %x\n", sig)
	fmt.Println("ed25519 verify:", ed25519.Verify(pub, msg, sig))
	msg[0] ^= 0x20
	fmt.Println("ed25519 verify changed:", ed25519.Verify(pub, msg, sig))
}

func main() {
	hashes()
	aesGCM()
	bigMath()
	ecdsaP256()
	ed()
}
