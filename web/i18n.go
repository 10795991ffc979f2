package web

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"strings"

	"github.com/creatorclub/creatorclub"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Locales the interface is translated into, French first: the club's
// languages, each with its catalogues in locales/.
var locales = creatorclub.Languages

// translator holds the message catalogues loaded from locales/*.json.
type translator struct {
	bundle  *i18n.Bundle
	matcher language.Matcher
	byLang  map[string]*i18n.Localizer
}

func newTranslator() (*translator, error) {
	b := i18n.NewBundle(language.French)
	b.RegisterUnmarshalFunc("json", json.Unmarshal)
	// Each language has a main catalogue, locales/fr.json, and may have one
	// catalogue per feature, locales/<feature>.fr.json.
	for _, l := range locales {
		extra, err := fs.Glob(assets, "locales/*."+l+".json")
		if err != nil {
			return nil, fmt.Errorf("web: list locale %s: %w", l, err)
		}
		for _, name := range append([]string{"locales/" + l + ".json"}, extra...) {
			data, err := fs.ReadFile(assets, name)
			if err != nil {
				return nil, fmt.Errorf("web: read locale %s: %w", l, err)
			}
			if _, err := b.ParseMessageFileBytes(data, l+".json"); err != nil {
				return nil, fmt.Errorf("web: parse %s: %w", name, err)
			}
		}
	}
	t := &translator{bundle: b, matcher: language.NewMatcher([]language.Tag{language.French, language.English}), byLang: map[string]*i18n.Localizer{}}
	for _, l := range locales {
		t.byLang[l] = i18n.NewLocalizer(b, l)
	}
	return t, nil
}

// T translates the message id into lang, filling {{.Name}}-style fields from
// pairs of arguments ("Name", value, …). A missing message shows its id, so a
// forgotten translation is visible rather than blank.
func (t *translator) T(lang, id string, args ...any) string {
	loc, ok := t.byLang[lang]
	if !ok {
		loc = t.byLang["fr"]
	}
	var data map[string]any
	if len(args) > 0 {
		data = make(map[string]any, len(args)/2)
		for i := 0; i+1 < len(args); i += 2 {
			data[fmt.Sprint(args[i])] = args[i+1]
		}
	}
	cfg := &i18n.LocalizeConfig{MessageID: id, TemplateData: data}
	if n, ok := data["Count"]; ok {
		cfg.PluralCount = n
	}
	s, err := loc.Localize(cfg)
	if err != nil {
		return id
	}
	return s
}

// Has reports whether id is a known message.
func (t *translator) Has(id string) bool {
	_, err := t.byLang["fr"].Localize(&i18n.LocalizeConfig{MessageID: id})
	return err == nil
}

// pickLocale chooses the interface language: the signed-in user's setting,
// else the lang cookie, else the browser's Accept-Language, else French.
func (t *translator) pickLocale(r *http.Request, userLocale string) string {
	if creatorclub.IsLanguage(userLocale) {
		return userLocale
	}
	if c, err := r.Cookie("lang"); err == nil && creatorclub.IsLanguage(c.Value) {
		return c.Value
	}
	tags, _, _ := language.ParseAcceptLanguage(r.Header.Get("Accept-Language"))
	if len(tags) == 0 {
		return "fr"
	}
	_, idx, conf := t.matcher.Match(tags...)
	if conf == language.No {
		return "fr"
	}
	return strings.ToLower(locales[idx])
}
