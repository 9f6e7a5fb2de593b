package kit

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"mime"
	"path"
	"sort"
	"strings"

	"github.com/gofiber/fiber/v2"

	"loket/kiosk"
	"loket/pwa"
)

// asset is one static file, served under a URL carrying its content hash
// so that browsers may keep it forever.
type asset struct {
	body        []byte
	contentType string
	hashed      string // "app.3f2a9c1b0d.css"
}

// assets are the static files of both shells, by plain and hashed name.
type assets struct {
	byName   map[string]*asset
	byHashed map[string]*asset
	version  string // hash over every asset, for the service worker cache
	sw       []byte
}

func loadAssets() (*assets, error) {
	a := &assets{byName: map[string]*asset{}, byHashed: map[string]*asset{}}
	all := sha256.New()
	for _, fsys := range []fs.FS{pwa.FS, kiosk.FS} {
		files, err := fs.Glob(fsys, "static/*")
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			b, err := fs.ReadFile(fsys, f)
			if err != nil {
				return nil, err
			}
			name := path.Base(f)
			if name == "sw.js" {
				a.sw = b
				continue
			}
			sum := sha256.Sum256(b)
			all.Write(sum[:])
			h := hex.EncodeToString(sum[:5])
			ext := path.Ext(name)
			as := &asset{body: b, contentType: mime.TypeByExtension(ext), hashed: strings.TrimSuffix(name, ext) + "." + h + ext}
			if ext == ".webmanifest" {
				as.contentType = "application/manifest+json"
			}
			a.byName[name] = as
			a.byHashed[as.hashed] = as
		}
	}
	all.Write(a.sw)
	a.version = hex.EncodeToString(all.Sum(nil)[:6])
	return a, nil
}

// url is an asset's hashed URL; an unknown name gives a URL that 404s, and
// a test checks that every template names real assets.
func (a *assets) URL(name string) string {
	if as, ok := a.byName[name]; ok {
		return "/assets/" + as.hashed
	}
	return "/assets/missing-" + name
}

// precache lists the asset URLs the service worker stores at install.
func (a *assets) precache() []string {
	var out []string
	for _, as := range a.byName {
		if strings.HasPrefix(as.hashed, "kiosk.") {
			continue
		}
		out = append(out, "/assets/"+as.hashed)
	}
	sort.Strings(out)
	return out
}

func (h *Kit) AssetShow(c *fiber.Ctx) error {
	as, ok := h.assets.byHashed[c.Params("name")]
	if !ok {
		return fiber.ErrNotFound
	}
	c.Set(fiber.HeaderContentType, as.contentType)
	c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	return c.Send(as.body)
}

// serviceWorkerShow serves /sw.js with no-cache, prefixed with its version,
// the URLs to precache and the proof-of-work script it imports to send a
// form kept offline, so a new release replaces the old cache.
func (h *Kit) ServiceWorkerShow(c *fiber.Ctx) error {
	var offline []string
	for _, m := range h.Catalogs.Languages() {
		offline = append(offline, "/"+m.Code+"/offline")
	}
	pre, _ := json.Marshal(h.assets.precache())
	off, _ := json.Marshal(offline)
	c.Set(fiber.HeaderContentType, "text/javascript; charset=utf-8")
	c.Set(fiber.HeaderCacheControl, "no-cache")
	c.Set("Service-Worker-Allowed", "/")
	head := "const VERSION = \"" + h.assets.version + "\";\nconst PRECACHE = " + string(pre) +
		";\nconst OFFLINE_PAGES = " + string(off) + ";\nconst POW_SCRIPT = \"" + h.assets.URL("pow.js") + "\";\n"
	return c.Send(append([]byte(head), h.assets.sw...))
}
