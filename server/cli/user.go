package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"loket/server/accounts"
	"loket/server/audit"
)

// errNoTerminal means a password cannot be asked for without echo.
var errNoTerminal = errors.New("standard input is not a terminal: use -password-stdin")

func runUser(args []string, stdin io.Reader, stdout, stderr io.Writer, getenv env) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "help" {
		fmt.Fprintln(stderr, "Usage: loket user add|list|disable|enable [flags]  (loket user <sub> -h for flags)")
		return 2
	}
	sub, args := args[0], args[1:]
	fs := flag.NewFlagSet("user "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	where := targetFlags(fs, getenv, "bbolt data file (the server must be stopped)")
	keyFile := fs.String("audit-key-file", "", "file holding the key that seals the audit trail (default: LOKET_AUDIT_KEY_FILE, else DATA.audit-key; made when missing)")
	var email, role, offices, munis *string
	var pwStdin, mustChange *bool
	switch sub {
	case "add":
		email = fs.String("email", "", "e-mail address (the sign-in name)")
		role = fs.String("role", string(accounts.RoleAdmin), "role: helpdesk, supervisor, admin, lawyer or municipality")
		offices = fs.String("offices", "", "office ids, comma separated")
		munis = fs.String("municipalities", "", "municipality ids, comma separated")
		pwStdin = fs.Bool("password-stdin", false, "read the password from the first line of standard input")
		mustChange = fs.Bool("must-change", false, "the password is chosen for the person: they must change it at their first sign-in")
	case "disable", "enable":
		email = fs.String("email", "", "e-mail address of the account")
	case "list":
	default:
		fmt.Fprintf(stderr, "loket user: unknown subcommand %q (add, list, disable, enable)\n", sub)
		return 2
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if email != nil && *email == "" {
		fmt.Fprintf(stderr, "loket user %s: -email is required\n", sub)
		return 2
	}
	s, closer, err := where.open()
	if err != nil {
		fmt.Fprintf(stderr, "loket user: %v\n", err)
		return 1
	}
	defer closer.Close()
	key, err := audit.LoadKey(auditKeyFile(*keyFile, *where.data, getenv), true)
	if err != nil {
		fmt.Fprintf(stderr, "loket user: %v\n", err)
		return 1
	}
	svc := accounts.New(s, accounts.DefaultPolicy(), nil)
	trail := audit.NewKeyed(s, key, nil)
	ctx := context.Background()
	switch sub {
	case "add":
		err = userAdd(ctx, svc, trail, stdin, stderr, *email, *role, *offices, *munis, *pwStdin, *mustChange, stdout)
	case "list":
		err = userList(ctx, svc, stdout)
	default:
		err = userSetDisabled(ctx, svc, trail, *email, sub == "disable", stdout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "loket user %s: %v\n", sub, err)
		return 1
	}
	return 0
}

func userAdd(ctx context.Context, svc *accounts.Service, trail *audit.Trail, stdin io.Reader, stderr io.Writer,
	email, role, offices, munis string, pwStdin, mustChange bool, stdout io.Writer) error {
	off, err := accounts.ParseList(offices)
	if err != nil {
		return fmt.Errorf("-offices: %w", err)
	}
	mun, err := accounts.ParseList(munis)
	if err != nil {
		return fmt.Errorf("-municipalities: %w", err)
	}
	if !accounts.Role(role).Valid() {
		return fmt.Errorf("unknown role %q", role)
	}
	pw, err := askPassword(stdin, stderr, pwStdin)
	if err != nil {
		return err
	}
	a, err := svc.Create(ctx, accounts.NewAccount{Email: email, Role: accounts.Role(role), Password: pw, Offices: off, Municipalities: mun,
		Issued: mustChange})
	if err != nil {
		return err
	}
	if err := trail.Append(ctx, audit.Entry{Actor: audit.ChannelCLI, Action: audit.ActionAccountCreate, Object: a.ID,
		Channel: audit.ChannelCLI, Detail: "role " + role}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created %s (%s, id %s)", a.Email, a.Role, a.ID)
	if a.Role.NeedsSecondFactor() {
		fmt.Fprint(stdout, "; the first sign-in enrols an authenticator app")
	}
	if a.MustChangePassword {
		fmt.Fprint(stdout, "; the password must be changed at the first sign-in")
	}
	fmt.Fprintln(stdout)
	return nil
}

// askPassword reads the password from the first line of stdin, or asks for
// it twice on the terminal without echo.
func askPassword(stdin io.Reader, stderr io.Writer, fromStdin bool) (string, error) {
	if fromStdin {
		line, err := bufio.NewReader(io.LimitReader(stdin, accounts.MaxPassword+2)).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", err
		}
		return strings.TrimRight(line, "\r\n"), accounts.CheckPassword(strings.TrimRight(line, "\r\n"))
	}
	f, ok := stdin.(*os.File)
	if !ok {
		return "", errNoTerminal
	}
	fmt.Fprintf(stderr, "Password (%d to %d characters): ", accounts.MinPassword, accounts.MaxPassword)
	pw, err := readPassword(f)
	fmt.Fprintln(stderr)
	if err != nil {
		return "", err
	}
	if err := accounts.CheckPassword(pw); err != nil {
		return "", err
	}
	fmt.Fprint(stderr, "Again: ")
	again, err := readPassword(f)
	fmt.Fprintln(stderr)
	if err != nil {
		return "", err
	}
	if again != pw {
		return "", errors.New("the passwords differ")
	}
	return pw, nil
}

func userList(ctx context.Context, svc *accounts.Service, stdout io.Writer) error {
	users, err := svc.List(ctx)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tEMAIL\tROLE\tSTATUS\tTOTP\tOFFICES\tMUNICIPALITIES")
	for _, u := range users {
		status, totp := "active", "-"
		if u.Disabled {
			status = "disabled"
		}
		if u.Role.NeedsSecondFactor() {
			totp = "not enrolled"
			if u.Enrolled() {
				totp = "enrolled"
			}
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", u.ID, u.Email, u.Role, status, totp,
			strings.Join(u.Offices, ","), strings.Join(u.Municipalities, ","))
	}
	return w.Flush()
}

func userSetDisabled(ctx context.Context, svc *accounts.Service, trail *audit.Trail, email string, disable bool, stdout io.Writer) error {
	a, err := svc.ByEmail(ctx, email)
	if err != nil {
		return fmt.Errorf("no account %s", email)
	}
	action := audit.ActionAccountEnable
	if disable {
		action = audit.ActionAccountDisable
		_, err = svc.Disable(ctx, a.ID)
	} else {
		_, err = svc.Enable(ctx, a.ID)
	}
	if err != nil {
		return err
	}
	if err := trail.Append(ctx, audit.Entry{Actor: audit.ChannelCLI, Action: action, Object: a.ID, Channel: audit.ChannelCLI}); err != nil {
		return err
	}
	if disable {
		fmt.Fprintf(stdout, "disabled %s\n", a.Email)
	} else {
		fmt.Fprintf(stdout, "enabled %s\n", a.Email)
	}
	return nil
}
