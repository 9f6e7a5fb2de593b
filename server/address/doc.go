// Package address is the digital address notification (digitale
// adresmelding / notification numérique de l'adresse): a short-stay
// visitor tells the municipality where they stay, on a phone or a kiosk,
// instead of the paper arrival declaration; the municipality sees, checks
// and exports the notifications of its own territory; the back office
// pulls them through an API; and each is deleted a set time after the
// planned departure.
//
// The package knows nothing of HTTP or storage: Service validates and
// records through the Store interface, issues the receipt through
// ReceiptIssuer, and returns field errors as translation keys.
package address
