package kit

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path"
	"strings"

	"loket/server/config"
)

// brandLogoMax bounds the logo file: it is sent with every first visit.
const brandLogoMax = 100 << 10

// Names of the branding assets (see addBrand).
const (
	brandLogo = "brand-logo"
	brandCSS  = "brand.css"
	// demoLogo is the demo's fictitious logo, shipped with the PWA.
	demoLogo = "demo-logo.svg"
)

var errBrand = errors.New("kit: brand")

// addBrand adds the administration's logo (-brand-logo) and header
// colour (-brand-color) to the assets, so they are served with the
// others: hashed, cached for good and kept offline by the service
// worker (whose precache must not list a URL twice: Cache.addAll refuses
// duplicates, and the worker would never install).
func (a *assets) addBrand(cfg config.Config) error {
	extra := sha256.New()
	extra.Write([]byte(a.version))
	switch {
	case cfg.BrandLogo != "":
		b, err := os.ReadFile(cfg.BrandLogo)
		if err != nil {
			return fmt.Errorf("%w: logo: %w", errBrand, err)
		}
		as, err := logoAsset(path.Ext(strings.ToLower(cfg.BrandLogo)), b)
		if err != nil {
			return err
		}
		a.add(brandLogo, as)
		extra.Write(b)
	}
	if cfg.BrandColor != "" {
		css := []byte(":root { --brand: " + strings.ToLower(cfg.BrandColor) + "; }\n")
		a.add(brandCSS, &asset{body: css, contentType: "text/css; charset=utf-8", hashed: hashedName("brand", ".css", css)})
		extra.Write(css)
	}
	a.version = hex.EncodeToString(extra.Sum(nil)[:6])
	return nil
}

// logoAsset checks a logo file: SVG (no scripts) or PNG, at most 100 KB.
func logoAsset(ext string, b []byte) (*asset, error) {
	if len(b) > brandLogoMax {
		return nil, fmt.Errorf("%w: logo: %d bytes, at most %d", errBrand, len(b), brandLogoMax)
	}
	switch {
	case ext == ".png" && bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return &asset{body: b, contentType: "image/png", hashed: hashedName(brandLogo, ext, b)}, nil
	case ext == ".svg" && bytes.Contains(b, []byte("<svg")) && !bytes.Contains(bytes.ToLower(b), []byte("<script")):
		return &asset{body: b, contentType: "image/svg+xml", hashed: hashedName(brandLogo, ext, b)}, nil
	}
	return nil, fmt.Errorf("%w: logo: an SVG without scripts or a PNG file is needed", errBrand)
}

func hashedName(name, ext string, b []byte) string {
	sum := sha256.Sum256(b)
	return name + "." + hex.EncodeToString(sum[:5]) + ext
}

func (a *assets) add(name string, as *asset) {
	a.byName[name] = as
	a.byHashed[as.hashed] = as
}

// BrandLogo is the logo's URL for the header (the demo's fictitious one
// unless -brand-logo names another), or "" without one.
func (v *View) BrandLogo() string {
	if _, ok := v.h.assets.byName[brandLogo]; ok {
		return v.h.assets.URL(brandLogo)
	}
	if v.h.Config.Demo {
		return v.h.assets.URL(demoLogo)
	}
	return ""
}

// BrandCSS is the header colour's stylesheet URL, or "" without one.
func (v *View) BrandCSS() string {
	if _, ok := v.h.assets.byName[brandCSS]; !ok {
		return ""
	}
	return v.h.assets.URL(brandCSS)
}

// AdministrationName is the name of the administration behind Loket in
// the page's language, for the header ("" when not configured or when
// it is just "Loket").
func (v *View) AdministrationName() string {
	if v.h.AdministrationName == nil {
		return ""
	}
	if n := v.h.AdministrationName(v.Lang()); n != v.T("app.name") {
		return n
	}
	return ""
}
