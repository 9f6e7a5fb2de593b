package kit

import "github.com/gofiber/fiber/v2"

// manifestIcon is one icon of the web app manifest.
type manifestIcon struct {
	Src     string `json:"src"`
	Sizes   string `json:"sizes"`
	Type    string `json:"type"`
	Purpose string `json:"purpose,omitempty"`
}

// manifest is the web app manifest, rendered per language from a struct.
type manifest struct {
	ID              string         `json:"id"`
	Name            string         `json:"name"`
	ShortName       string         `json:"short_name"`
	Description     string         `json:"description"`
	Lang            string         `json:"lang"`
	Dir             string         `json:"dir"`
	StartURL        string         `json:"start_url"`
	Scope           string         `json:"scope"`
	Display         string         `json:"display"`
	BackgroundColor string         `json:"background_color"`
	ThemeColor      string         `json:"theme_color"`
	Icons           []manifestIcon `json:"icons"`
}

func (h *Kit) ManifestShow(c *fiber.Ctx) error {
	p := h.Printer(c)
	m := manifest{
		ID: "/", Name: p.T("app.name_long"), ShortName: p.T("app.name"), Description: p.T("app.description"),
		Lang: p.Lang(), Dir: p.Dir(), StartURL: "/" + p.Lang() + "/", Scope: "/", Display: "standalone",
		BackgroundColor: "#ffffff", ThemeColor: "#1d3b6f",
		Icons: []manifestIcon{
			{Src: h.assets.URL("icon-192.png"), Sizes: "192x192", Type: "image/png"},
			{Src: h.assets.URL("icon-512.png"), Sizes: "512x512", Type: "image/png"},
			{Src: h.assets.URL("icon-maskable-512.png"), Sizes: "512x512", Type: "image/png", Purpose: "maskable"},
		},
	}
	c.Set(fiber.HeaderCacheControl, "no-cache")
	c.Set(fiber.HeaderContentType, "application/manifest+json")
	return SendJSON(c, m, "application/manifest+json")
}
