// Package backoffice serves the Immigration Office's back office: the
// dossier feed and the address notifications' export, JSON behind bearer
// tokens made with "loket token create".
package backoffice

import (
	"loket/server/address"
	"loket/server/dossiers"
	"loket/server/web/kit"
)

// Handler serves the back-office API.
type Handler struct {
	*kit.Kit
	Address  *address.Service
	Dossiers *dossiers.Service
	// Tokens checks the bearer tokens of every back-office call.
	Tokens TokenStore
}
