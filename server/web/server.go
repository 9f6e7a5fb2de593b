// Package web is Loket's HTTP layer: the Fiber app, its middleware, the
// route table and thin handlers that parse a request, call the domain and
// render. It is the only package that knows about Fiber.
package web

import (
	"log/slog"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"

	"loket/forms"
	"loket/server/config"
	"loket/server/content"
	"loket/server/locale"
	"loket/server/queue"
	"loket/server/receipts"
)

// Store is what the HTTP layer itself needs from storage; domain services
// bring their own interfaces.
type Store interface {
	Ping() error
}

// Deps are the parts a server is built from.
type Deps struct {
	Config   config.Config
	Store    Store
	Catalogs *locale.Catalogs
	Forms    *forms.Set
	Content  *content.Library
	Log      *slog.Logger
	Now      func() time.Time
	// Secret keys the CSRF tokens; 32 random bytes kept in the store.
	Secret []byte
	// Queue runs the walk-in queues, kiosks and call displays; nil turns
	// those pages off (404).
	Queue *queue.Service
	// Receipts prints the 80 mm tickets; nil leaves tickets as HTML only.
	Receipts *receipts.Service
}

// handler carries the dependencies of every handler.
type handler struct {
	Deps
	tpl    *templates
	assets *assets
	static sync.Map // rendered static pages: see renderStatic
	// displayMemos share rendered call-display events: office id -> *displayMemo.
	displayMemos sync.Map
}

// New builds the Fiber app with every route.
func New(d Deps) (*fiber.App, error) {
	if d.Now == nil {
		d.Now = time.Now
	}
	as, err := loadAssets()
	if err != nil {
		return nil, err
	}
	tpl, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	h := &handler{Deps: d, tpl: tpl, assets: as}
	app := fiber.New(fiber.Config{
		AppName:               "loket",
		BodyLimit:             d.Config.BodyLimit,
		ReadTimeout:           15 * time.Second,
		WriteTimeout:          30 * time.Second,
		IdleTimeout:           60 * time.Second,
		ReadBufferSize:        8192,
		DisableStartupMessage: true,
		ErrorHandler:          h.handleError,
	})
	app.Use(h.recoverPanics, h.requestID, h.securityHeaders, h.accessLog,
		compress.New(compress.Config{Level: compress.LevelBestSpeed}), h.locate, h.csrf)
	h.routes(app)
	return app, nil
}
