package kit

import "github.com/gofiber/fiber/v2"

// LocalURL is the one builder of Loket's localized links: path p in a
// shell (the kiosk's pages live under /kiosk) and a language.
func LocalURL(shell, lang, p string) string {
	prefix := "/" + lang
	if shell == ShellKiosk {
		prefix = "/kiosk" + prefix
	}
	return prefix + p
}

// URL is the link to path p in the request's shell and language.
func URL(c *fiber.Ctx, p string) string {
	s := StateOf(c)
	return LocalURL(s.Shell, s.Lang, p)
}
