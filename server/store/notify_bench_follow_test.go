package store

import (
	"context"
	"testing"

	"loket/server/notify"
	"loket/server/store/storetest"
)

// followDossier subscribes a browser to a dossier, for the benchmarks.
func followDossier(b *testing.B, s *Store, number string) {
	if err := s.Subscribe(context.Background(), storetest.PushSub(notify.Subject{Kind: notify.KindDossier, ID: number})); err != nil {
		b.Fatal(err)
	}
}
