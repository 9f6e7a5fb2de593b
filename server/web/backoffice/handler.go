// Package backoffice serves the Immigration Office's back office: the
// dossier feed and the address notifications' export, JSON behind bearer
// tokens made with "loket token create".
package backoffice

import (
	"loket/server/address"
	"loket/server/dossiers"
	"loket/server/web/kit"
)

// Handler serves the back-office API. Set the exported fields, then call
// Init.
type Handler struct {
	*kit.Kit
	Address  *address.Service
	Dossiers *dossiers.Service
	// Tokens checks the feed's bearer tokens; BackofficeTokens those of
	// the address export (Init defaults it to Tokens).
	Tokens           TokenStore
	BackofficeTokens kit.TokenChecker
}

// Init defaults the address export's token check to the feed's tokens.
func (h *Handler) Init() {
	if h.BackofficeTokens == nil && h.Tokens != nil {
		h.BackofficeTokens = tokenCheck{h.Tokens}
	}
}
