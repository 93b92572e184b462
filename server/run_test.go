package server_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/korpus/korpus/server"
	"github.com/korpus/korpus/tm"
)

// selfSigned writes a certificate for 127.0.0.1 and its key to dir.
func selfSigned(t *testing.T, dir string) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "korpus test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, BasicConstraintsValid: true, IsCA: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600); err != nil {
		t.Fatal(err)
	}
	c, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(c)
	return certFile, keyFile, pool
}

// TestRunTLS serves over TLS with a certificate made here: a client that
// trusts it gets answers, plain HTTP to the same port gets none, and the
// server stops cleanly when its context ends.
func TestRunTLS(t *testing.T) {
	f := newFixture(t, server.Options{})
	cert, key, pool := selfSigned(t, t.TempDir())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var logBuf syncBuffer
	addrc := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- server.Run(ctx, server.New(f.db, server.Options{}), server.RunOptions{
			Addr: "127.0.0.1:0", TLSCert: cert, TLSKey: key, Grace: 5 * time.Second, Logger: slog.New(slog.NewTextHandler(&logBuf, nil)),
			Listening: func(a string) { addrc <- a },
		})
	}()
	var base string
	select {
	case base = <-addrc:
	case err := <-done:
		t.Fatal(err)
	case <-time.After(10 * time.Second):
		t.Fatal("server did not start")
	}
	if !strings.HasPrefix(base, "https://127.0.0.1:") {
		t.Fatalf("listening on %s", base)
	}
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	req, _ := http.NewRequest("GET", base+"/tmserver/de/en/unit/"+"Der%20Vertrag%20wurde%20unterzeichnet.", nil)
	req.Header.Set("Authorization", "Bearer "+f.read)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(b), "The treaty was signed.") || resp.TLS == nil {
		t.Fatalf("over TLS: %d %s", resp.StatusCode, b)
	}
	// A client that does not trust the certificate is refused.
	if _, err := (&http.Client{Timeout: 5 * time.Second}).Get(base + "/healthz"); err == nil {
		t.Fatal("an untrusted certificate was accepted")
	}
	// Plain HTTP to the TLS port gets no korpus answer.
	plain := strings.Replace(base, "https://", "http://", 1)
	if resp, err := (&http.Client{Timeout: 5 * time.Second}).Get(plain + "/healthz"); err == nil {
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == 200 {
			t.Fatalf("plain HTTP was served: %s", b)
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("shutdown: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("server did not stop")
	}
	if !strings.Contains(logBuf.String(), "level=WARN") || !strings.Contains(logBuf.String(), "TLS handshake error") {
		t.Errorf("handshake errors not in the server's log: %s", logBuf.String())
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestRunOptionErrors(t *testing.T) {
	f := newFixture(t, server.Options{})
	h := server.New(f.db, server.Options{})
	ctx := context.Background()
	if err := server.Run(ctx, h, server.RunOptions{Addr: "127.0.0.1:0", TLSCert: "c.pem"}); tm.ErrorCode(err) != tm.EINVALID {
		t.Fatalf("cert without key: %v", err)
	}
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.pem")
	os.WriteFile(bad, []byte("not a certificate"), 0o600)
	if err := server.Run(ctx, h, server.RunOptions{Addr: "127.0.0.1:0", TLSCert: bad, TLSKey: bad}); err == nil {
		t.Fatal("a broken certificate was accepted")
	}
	if err := server.Run(ctx, h, server.RunOptions{Addr: "256.0.0.1:99999"}); tm.ErrorCode(err) != tm.EINVALID {
		t.Fatalf("bad address: %v", err)
	}
}
