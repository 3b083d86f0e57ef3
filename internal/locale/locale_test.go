package locale

import "testing"

func TestApply(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"LANG": "C.UTF-8"}, "en"},
		{map[string]string{"LC_ALL": "POSIX.UTF-8", "LANG": "da_DK.UTF-8"}, "en"},
		{map[string]string{"LANG": "da_DK.UTF-8"}, ""},
		{map[string]string{"LANG": "C"}, ""}, // go-locale already treats a bare C as "no locale"
		{map[string]string{"LANG": "C.UTF-8", "LANGUAGE": "da"}, "da"},
		{map[string]string{"LC_MESSAGES": "en_GB.UTF-8", "LANG": "C.UTF-8"}, ""},
	} {
		env := map[string]string{}
		for k, v := range tc.env {
			env[k] = v
		}
		apply(func(k string) string { return env[k] }, func(k, v string) error { env[k] = v; return nil })
		if env["LANGUAGE"] != tc.want {
			t.Errorf("%v: LANGUAGE = %q, want %q", tc.env, env["LANGUAGE"], tc.want)
		}
	}
}
