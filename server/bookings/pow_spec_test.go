package bookings

import (
	"crypto/sha256"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"loket/server/pow"
)

// TestPoWSpecInNode solves challenges with the client written in
// JavaScript from docs/proof-of-work.md alone (docs/examples), and checks
// that the server accepts its solutions and refuses its non-solutions.
func TestPoWSpecInNode(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("node is required when CI=true (Debian: nodejs)")
		}
		t.Skip("node not installed")
	}
	script := filepath.Join("..", "..", "docs", "examples", "proof-of-work.mjs")
	m, _ := powManager(t, Config{PoWBits: 12})
	for range 3 {
		c := m.NewChallenge()
		out, err := exec.Command(node, script, "solve", c.Token, strconv.Itoa(c.Bits)).Output()
		if err != nil {
			t.Fatalf("node solve: %v", err)
		}
		sol := strings.TrimSpace(string(out))
		if err := m.VerifyPoW(c.Token, sol); err != nil {
			t.Errorf("the server refuses the Node client's solution %q: %v", sol, err)
		}
		// A string that does not solve a fresh challenge: both refuse it.
		c2 := m.NewChallenge()
		wrong := "x"
		for pow.LeadingZeroBits(sha256.Sum256([]byte(c2.Token+wrong))) >= c2.Bits {
			wrong += "x"
		}
		if exec.Command(node, script, "check", c2.Token, wrong, strconv.Itoa(c2.Bits)).Run() == nil {
			t.Errorf("the Node client accepts %q, which does not solve the challenge", wrong)
		}
		if err := m.VerifyPoW(c2.Token, wrong); !errors.Is(err, ErrChallengeInvalid) {
			t.Errorf("the server answers %v to a non-solution", err)
		}
	}
}
