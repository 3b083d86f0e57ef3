// Package config reads the kiosk's configuration: a TOML file, then environment variables
// that override it, then command-line flags that override both. A config file is outside
// input: unknown keys and bad values are errors that name the key, never silently ignored.
package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/citizenkiosk/citizenkiosk/internal/staffpin"
)

// Modes of the kiosk (DESIGN.md, "Who uses it").
const (
	ModeSelfService = "selfservice"
	ModeCounter     = "counter"
	ModeDisplay     = "display"
)

// Printer kinds: where slips go (Printer.Kind).
const (
	PrinterPreview = "preview" // on screen only
	PrinterTCP     = "tcp"     // ESC/POS to host:port, usually 9100
	PrinterDevice  = "device"  // a character device such as /dev/usb/lp0
	PrinterIPP     = "ipp"     // a CUPS raw queue
)

// Config is the whole configuration. The zero value is not useful; start from Default.
type Config struct {
	Mode     string `toml:"mode"`     // selfservice, counter or display
	KioskID  string `toml:"kiosk_id"` // prefix of every idempotency key this kiosk sends
	Site     string `toml:"site"`     // the centre, as the central API names it
	Language string `toml:"language"` // "da" or "en": the language a citizen starts in
	DataDir  string `toml:"data_dir"` // where the database and the sealing key live
	// Fullscreen runs the window full screen with closing disabled, as a kiosk by the door must.
	Fullscreen  bool     `toml:"fullscreen"`
	IdleTimeout Duration `toml:"idle_timeout"` // back to the welcome screen after this long untouched

	CheckIn CheckIn `toml:"checkin"`
	Counter Counter `toml:"counter"`
	Display Display `toml:"display"`
	Printer Printer `toml:"printer"`
	Central Central `toml:"central"`
	Reader  Reader  `toml:"reader"`
	Desk    Desk    `toml:"desk"`
}

// Desk is the centre's site desk that this machine's screens work through. With no URL,
// the program runs a desk of its own in-process on loopback, over the local database.
// (The table is [desk], not [site]: the top-level key site already names the centre.)
type Desk struct {
	URL  string `toml:"url"`  // https://desk:8443; http:// only to a loopback host
	CA   string `toml:"ca"`   // PEM file: the site CA (citizenkiosk desk pki)
	Cert string `toml:"cert"` // PEM file: this machine's certificate
	Key  string `toml:"key"`  // PEM file: its private key
}

// CheckIn holds the rules of the check-in window and the queue.
type CheckIn struct {
	Early       Duration `toml:"early"`         // how early a citizen may check in
	Late        Duration `toml:"late"`          // how late a citizen may still check in
	WalkInRatio int      `toml:"walk_in_ratio"` // due appointments called before one walk-in
	Counters    int      `toml:"counters"`      // counters open, for wait estimates
}

// Counter configures mode "counter": which counter this is, what it serves, who may log in.
type Counter struct {
	Name       string   `toml:"name"`        // shown on the board: "Skranke 3"
	Services   []string `toml:"services"`    // service ids this counter calls; empty = every service
	IdleLogout Duration `toml:"idle_logout"` // staff are logged out after this long untouched
	Centre     string   `toml:"centre"`      // on the activation letter: "Borgerservice Odense"
	// Staff maps a staff number to the PBKDF2 hash of its PIN, as `citizenkiosk hash-pin`
	// prints it. The PIN itself is never in the file.
	Staff map[string]string `toml:"staff"`
}

// Printer says where slips go.
type Printer struct {
	// Kind is one of the Printer… constants: preview, tcp, device or ipp.
	Kind    string `toml:"kind"`
	Address string `toml:"address"` // host:port, device path, or IPP URL
}

// Reader is the counter's card reader, for identifying citizens from their passport or
// ID card chip.
type Reader struct {
	// Name is the PC/SC reader to read from; "" takes the first reader with a card in it.
	Name string `toml:"name"`
	// Trust is a CSCA master list, certificate or CRL file, or a folder of them: the
	// issuers passive authentication trusts. "" trusts none, so no chip can be "genuine".
	Trust string `toml:"trust"`
}

// Central is the central API.
type Central struct {
	URL        string `toml:"url"`         // https://…; http:// only on loopback
	ClientCert string `toml:"client_cert"` // PEM file: this kiosk's certificate
	ClientKey  string `toml:"client_key"`  // PEM file: its private key
	CA         string `toml:"ca"`          // PEM file: the CA that signs the server
	PinnedKey  string `toml:"pinned_key"`  // optional base64 SHA-256 of the server's public key
}

// Duration is a time.Duration written as "30s" or "10m" in TOML.
type Duration struct{ time.Duration }

// UnmarshalText parses a Go duration string.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return err
	}
	d.Duration = v
	return nil
}

// MarshalText formats the duration.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// Default returns the configuration a kiosk runs with when nothing is configured.
func Default() Config {
	return Config{
		Mode:        ModeSelfService,
		KioskID:     hostname(),
		Site:        "demo",
		Language:    "da",
		DataDir:     DefaultDataDir(),
		IdleTimeout: Duration{30 * time.Second},
		CheckIn: CheckIn{
			Early:       Duration{30 * time.Minute},
			Late:        Duration{10 * time.Minute},
			WalkInRatio: 2,
			Counters:    3,
		},
		Counter: Counter{IdleLogout: Duration{5 * time.Minute}, Centre: "Borgerservice"},
		Display: Display{Sound: SoundChime},
		Printer: Printer{Kind: PrinterPreview},
	}
}

// DefaultPath is the config file used when --config is not given:
// $XDG_CONFIG_HOME/citizenkiosk/config.toml (usually ~/.config/citizenkiosk/config.toml).
func DefaultPath() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "citizenkiosk.toml"
	}
	return filepath.Join(dir, "citizenkiosk", "config.toml")
}

// DefaultDataDir is $XDG_DATA_HOME/citizenkiosk (usually ~/.local/share/citizenkiosk).
func DefaultDataDir() string {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "citizenkiosk")
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, ".local", "share", "citizenkiosk")
	}
	return "citizenkiosk-data"
}

// hostname is the default kiosk id, made from the host name; "" if there is none.
func hostname() string {
	h, err := os.Hostname()
	if err != nil {
		return ""
	}
	return hostKioskID(h)
}

// Load reads the file at path over the defaults, then applies the environment (see Env).
// A missing file is not an error when required is false: the defaults stand.
func Load(path string, required bool, environ []string) (Config, error) {
	cfg := Default()
	b, err := os.ReadFile(path)
	switch {
	case err == nil:
		if err := Parse(b, &cfg); err != nil {
			return cfg, fmt.Errorf("config %s: %w", path, err)
		}
	case errors.Is(err, os.ErrNotExist) && !required:
	default:
		return cfg, fmt.Errorf("config: %w", err)
	}
	if err := applyEnv(&cfg, environ); err != nil {
		return cfg, err
	}
	return cfg, cfg.Validate()
}

// Parse decodes TOML into cfg, refusing keys it does not know.
func Parse(b []byte, cfg *Config) error {
	md, err := toml.Decode(string(b), cfg)
	if err != nil {
		return &Error{Key: "", Err: err}
	}
	if undec := md.Undecoded(); len(undec) > 0 {
		return &Error{Key: undec[0].String(), Err: ErrUnknownKey}
	}
	return nil
}

// Validate checks values that TOML's types cannot.
func (c Config) Validate() error {
	switch c.Mode {
	case ModeSelfService, ModeCounter, ModeDisplay:
	default:
		return &Error{Key: "mode", Err: fmt.Errorf("%q is not selfservice, counter or display", c.Mode)}
	}
	switch c.Language {
	case "da", "en":
	default:
		return &Error{Key: "language", Err: fmt.Errorf("%q is not da or en", c.Language)}
	}
	if err := checkIDs(c); err != nil {
		return err
	}
	if c.IdleTimeout.Duration < 5*time.Second {
		return &Error{Key: "idle_timeout", Err: errors.New("must be at least 5s")}
	}
	if c.CheckIn.Early.Duration < 0 || c.CheckIn.Late.Duration < 0 {
		return &Error{Key: "checkin", Err: errors.New("early and late must not be negative")}
	}
	if c.CheckIn.WalkInRatio < 0 || c.CheckIn.Counters < 1 {
		return &Error{Key: "checkin", Err: errors.New("walk_in_ratio must be ≥ 0 and counters ≥ 1")}
	}
	if c.Mode == ModeCounter {
		if strings.TrimSpace(c.Counter.Name) == "" {
			return &Error{Key: "counter.name", Err: errors.New("needed in mode counter")}
		}
		if len(c.Counter.Staff) == 0 {
			return &Error{Key: "counter.staff", Err: errors.New("needed in mode counter: no one could log in (see citizenkiosk hash-pin)")}
		}
		// Hashes cheaper than today's cost are refused, not just bad ones: a copied test
		// hash or one from an older release would make a stolen config easy to crack.
		if err := staffpin.CheckStaff(c.Counter.Staff, staffpin.Iterations); err != nil {
			return &Error{Key: "counter.staff", Err: err}
		}
		if c.Counter.IdleLogout.Duration < 30*time.Second {
			return &Error{Key: "counter.idle_logout", Err: errors.New("must be at least 30s")}
		}
	}
	if err := c.Display.validate(); err != nil {
		return err
	}
	if err := c.Desk.validate(); err != nil {
		return err
	}
	switch c.Printer.Kind {
	case PrinterPreview:
	case PrinterTCP, PrinterDevice, PrinterIPP:
		if c.Printer.Address == "" {
			return &Error{Key: "printer.address", Err: fmt.Errorf("needed for printer kind %q", c.Printer.Kind)}
		}
	default:
		return &Error{Key: "printer.kind", Err: fmt.Errorf("%q is not preview, tcp, device or ipp", c.Printer.Kind)}
	}
	return nil
}

// Environment variables that override the file (DESIGN: config, then environment, then flags).
var envKeys = map[string]func(*Config, string) error{
	"CITIZENKIOSK_MODE":         func(c *Config, v string) error { c.Mode = v; return nil },
	"CITIZENKIOSK_KIOSK_ID":     func(c *Config, v string) error { c.KioskID = v; return nil },
	"CITIZENKIOSK_SITE":         func(c *Config, v string) error { c.Site = v; return nil },
	"CITIZENKIOSK_LANGUAGE":     func(c *Config, v string) error { c.Language = v; return nil },
	"CITIZENKIOSK_DATA_DIR":     func(c *Config, v string) error { c.DataDir = v; return nil },
	"CITIZENKIOSK_CENTRAL_URL":  func(c *Config, v string) error { c.Central.URL = v; return nil },
	"CITIZENKIOSK_DESK_URL":     func(c *Config, v string) error { c.Desk.URL = v; return nil },
	"CITIZENKIOSK_DESK_CA":      func(c *Config, v string) error { c.Desk.CA = v; return nil },
	"CITIZENKIOSK_DESK_CERT":    func(c *Config, v string) error { c.Desk.Cert = v; return nil },
	"CITIZENKIOSK_DESK_KEY":     func(c *Config, v string) error { c.Desk.Key = v; return nil },
	"CITIZENKIOSK_PRINTER_KIND": func(c *Config, v string) error { c.Printer.Kind = v; return nil },
	"CITIZENKIOSK_PRINTER_ADDR": func(c *Config, v string) error { c.Printer.Address = v; return nil },
	"CITIZENKIOSK_READER_NAME":  func(c *Config, v string) error { c.Reader.Name = v; return nil },
	"CITIZENKIOSK_FULLSCREEN": func(c *Config, v string) (err error) {
		c.Fullscreen, err = strconv.ParseBool(v)
		return err
	},
	"CITIZENKIOSK_IDLE_TIMEOUT": func(c *Config, v string) error { return c.IdleTimeout.UnmarshalText([]byte(v)) },

	"CITIZENKIOSK_DISPLAY_SOUND": func(c *Config, v string) error { c.Display.Sound = v; return nil },
}

// EnvNames lists the environment variables Load honours, for the README and --help.
func EnvNames() []string {
	names := make([]string, 0, len(envKeys))
	for k := range envKeys {
		names = append(names, k)
	}
	return names
}

func applyEnv(c *Config, environ []string) error {
	for _, kv := range environ {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			continue
		}
		if set, known := envKeys[k]; known {
			if err := set(c, v); err != nil {
				return &Error{Key: k, Err: err}
			}
		}
	}
	return nil
}
