// Package feeds reads the RSS and Atom feeds that the legal watch ("veille
// juridique") follows — Journal officiel, CNIL, DGCCRF, Arcom, EUR-Lex, the
// European Commission — and turns their entries into items for the review
// queue, where a moderator accepts, edits or discards them. Storing and
// reviewing the items is the caller's business.
//
// Parsing goes through github.com/mmcdole/gofeed, which copes with the feeds
// found in the wild (undeclared HTML entities, stray control characters,
// ISO-8859-1, a dozen date layouts, xml:base) far better than encoding/xml
// alone would. HTML in titles and summaries is reduced to plain text with
// bluemonday's strict policy. This package adds what gofeed leaves to its
// callers: a size limit, rejection of anything that is not RSS or Atom, links
// resolved and restricted to http(s), and a reason for every entry left out.
package feeds

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/microcosm-cc/bluemonday"
	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
	"github.com/mmcdole/gofeed/rss"
)

const (
	// maxFeedBytes is the largest document Parse accepts: the feeds we follow
	// weigh a few hundred kilobytes at most.
	maxFeedBytes = 5 << 20

	maxTitleRunes   = 300
	maxSummaryRunes = 2000

	fetchTimeout = 30 * time.Second
	userAgent    = "creatorclub-legal-watch/1"
	acceptHeader = "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, " +
		"application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1"
)

var (
	// ErrNotAFeed is wrapped by the errors of Parse and Fetch when the document
	// is not an RSS or Atom feed: an HTML page, JSON, truncated or broken XML.
	ErrNotAFeed = errors.New("not an RSS or Atom feed")

	// ErrTooLarge is wrapped by the errors of Parse and Fetch when the document
	// is larger than 5 MiB.
	ErrTooLarge = errors.New("feed larger than 5 MiB")
)

// Item is one entry of a feed, ready for the review queue. Its strings are
// plain text in valid UTF-8: they must still be escaped when shown as HTML.
type Item struct {
	GUID        string    // the feed's id for the entry; the link when the feed gives none
	Title       string    // plain text, trimmed, at most 300 characters
	Summary     string    // plain text from the description, summary or content, at most 2,000 characters
	Link        string    // absolute http(s) URL of the source
	PublishedAt time.Time // UTC; the update time when the entry has no publication time
}

// Problem names one entry of a feed that was left out, with its position in
// the feed (counting from 1), its title if any, and the reason in English.
type Problem struct {
	Index  int
	Title  string
	Reason string
}

// Parse reads an RSS 2.0, RSS 1.0 or Atom document and returns its valid
// items in the feed's order and a problem for each entry left out: an entry
// without a link ("no link") or whose link is not http(s), without a date
// ("no date") or with an unreadable one, or repeating the GUID of an earlier
// item (each repeat is one problem; the first stays an item).
//
// Relative links are resolved against the feed's own link, itself resolved
// against feedURL, the address the document was fetched from; feedURL may be
// empty when unknown. Parse reads at most 5 MiB and returns an error wrapping
// ErrTooLarge beyond that, and an error wrapping ErrNotAFeed when the
// document is not an RSS or Atom feed (HTML, JSON Feed, broken XML).
func Parse(r io.Reader, feedURL string) ([]Item, []Problem, error) {
	items, problems, err := parse(r, feedURL)
	if err != nil {
		return nil, nil, fmt.Errorf("feeds: %w", err)
	}
	return items, problems, nil
}

// Fetch GETs the feed at feedURL with client, within 30 seconds, and parses
// it as Parse does, resolving relative links against the address reached
// after redirects. It returns an error when the request fails, when the
// status is not 2xx (the error names the status), or when Parse fails. A nil
// client means http.DefaultClient.
func Fetch(ctx context.Context, client *http.Client, feedURL string) ([]Item, []Problem, error) {
	if _, err := httpURL(feedURL); err != nil {
		return nil, nil, fmt.Errorf("feeds: fetch %q: %w", feedURL, err)
	}
	if client == nil {
		client = http.DefaultClient
	}
	ctx, cancel := context.WithTimeout(ctx, fetchTimeout)
	defer cancel()

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, feedURL, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("feeds: fetch %s: %w", feedURL, err)
	}
	req.Header.Set("User-Agent", userAgent)
	req.Header.Set("Accept", acceptHeader)

	resp, err := client.Do(req)
	if err != nil {
		return nil, nil, fmt.Errorf("feeds: fetch %s: %w", feedURL, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, nil, fmt.Errorf("feeds: fetch %s: unexpected HTTP status %q", feedURL, resp.Status)
	}

	items, problems, err := parse(resp.Body, resp.Request.URL.String())
	if err != nil {
		return nil, nil, fmt.Errorf("feeds: fetch %s: %w", feedURL, err)
	}
	return items, problems, nil
}

// parse is Parse without the package prefix on its errors, so that Fetch can
// add its own.
func parse(r io.Reader, feedURL string) ([]Item, []Problem, error) {
	var fetchedFrom *url.URL
	if feedURL != "" {
		u, err := httpURL(feedURL)
		if err != nil {
			return nil, nil, fmt.Errorf("feed URL %q: %w", feedURL, err)
		}
		fetchedFrom = u
	}

	data, err := io.ReadAll(io.LimitReader(r, maxFeedBytes+1))
	if err != nil {
		return nil, nil, fmt.Errorf("read feed: %w", err)
	}
	if len(data) > maxFeedBytes {
		return nil, nil, ErrTooLarge
	}

	feed, err := parseFeed(data)
	if err != nil {
		return nil, nil, err
	}

	base := fetchedFrom
	if feedLink, err := resolveLink(fetchedFrom, feed.Link); err == nil {
		base = feedLink
	}

	items := make([]Item, 0, len(feed.Items))
	problems := []Problem{}
	firstWithGUID := map[string]int{}
	for i, entry := range feed.Items {
		index := i + 1
		item, reason := newItem(entry, base)
		if reason == "" {
			if first, seen := firstWithGUID[item.GUID]; seen {
				reason = fmt.Sprintf("duplicate of entry %d (same GUID)", first)
			} else {
				firstWithGUID[item.GUID] = index
			}
		}
		if reason != "" {
			problems = append(problems, Problem{Index: index, Title: item.Title, Reason: reason})
			continue
		}
		items = append(items, item)
	}
	return items, problems, nil
}

// parseFeed hands data to gofeed's RSS or Atom parser. It detects the format
// itself rather than calling gofeed.Parser.Parse, which also accepts JSON
// (any JSON object, even one that is not a JSON Feed, parses as an empty feed)
// and only looks for the root element in the first 4 KiB.
func parseFeed(data []byte) (*gofeed.Feed, error) {
	var (
		feed *gofeed.Feed
		err  error
	)
	switch gofeed.DetectFeedType(bytes.NewReader(data)) {
	case gofeed.FeedTypeRSS:
		var doc *rss.Feed
		if doc, err = (&rss.Parser{}).Parse(bytes.NewReader(data)); err == nil {
			feed, err = (&gofeed.DefaultRSSTranslator{}).Translate(doc)
		}
	case gofeed.FeedTypeAtom:
		var doc *atom.Feed
		if doc, err = (&atom.Parser{}).Parse(bytes.NewReader(data)); err == nil {
			feed, err = (&gofeed.DefaultAtomTranslator{}).Translate(doc)
		}
	case gofeed.FeedTypeJSON:
		return nil, fmt.Errorf("%w: JSON document", ErrNotAFeed)
	default:
		return nil, fmt.Errorf("%w: no <rss>, <rdf:RDF> or <feed> root element", ErrNotAFeed)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNotAFeed, err)
	}
	return feed, nil
}

// newItem builds the item for one entry, or says why the entry is left out.
// The returned item carries the entry's title even when it is left out.
func newItem(entry *gofeed.Item, base *url.URL) (Item, string) {
	item := Item{
		Title:   plainText(entry.Title, maxTitleRunes),
		Summary: plainText(entry.Description, maxSummaryRunes),
	}
	if item.Summary == "" {
		item.Summary = plainText(entry.Content, maxSummaryRunes)
	}

	rawLink := strings.TrimSpace(entry.Link)
	if rawLink == "" {
		return item, "no link"
	}
	link, err := resolveLink(base, rawLink)
	if err != nil {
		return item, err.Error()
	}
	item.Link = link.String()

	switch {
	case entry.PublishedParsed != nil:
		item.PublishedAt = entry.PublishedParsed.UTC()
	case entry.UpdatedParsed != nil:
		item.PublishedAt = entry.UpdatedParsed.UTC()
	case strings.TrimSpace(entry.Published) != "":
		return item, fmt.Sprintf("unreadable date %q", truncate(cleanText(entry.Published), 60))
	case strings.TrimSpace(entry.Updated) != "":
		return item, fmt.Sprintf("unreadable date %q", truncate(cleanText(entry.Updated), 60))
	default:
		return item, "no date"
	}

	item.GUID = cleanText(entry.GUID)
	if item.GUID == "" {
		item.GUID = item.Link
	}
	return item, ""
}

// resolveLink resolves link against base and checks that the result is an
// absolute http(s) URL. Its errors are the reasons shown to moderators.
func resolveLink(base *url.URL, link string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(link))
	if err != nil {
		return nil, errors.New("malformed link")
	}
	if u.Scheme == "" && base != nil {
		u = base.ResolveReference(u)
	}
	switch {
	case u.Scheme == "":
		return nil, errors.New("relative link and no feed URL to resolve it against")
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("link scheme %q is not http or https", truncate(u.Scheme, 20))
	case u.Host == "":
		return nil, errors.New("link has no host")
	}
	return u, nil
}

// httpURL parses s as an absolute http(s) URL.
func httpURL(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil {
		return nil, err
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, errors.New("not an absolute http(s) URL")
	}
	return u, nil
}

// textPolicy keeps no element at all. Bluemonday drops the content of
// <script> and <style> along with the tags; the space it puts in place of
// each tag keeps "<p>un</p><p>deux</p>" from becoming "undeux".
var textPolicy = func() *bluemonday.Policy {
	p := bluemonday.StrictPolicy()
	p.AddSpaceWhenStrippingTag(true)
	return p
}()

// plainText turns the HTML fragments that feeds put in titles and
// descriptions into one line of plain text of at most maxRunes characters.
// gofeed has already decoded the XML (entities, CDATA); what is left is HTML,
// whose tags are dropped and entities decoded here.
func plainText(fragment string, maxRunes int) string {
	text := html.UnescapeString(textPolicy.Sanitize(fragment))
	text = cleanText(text)
	// Undo the space bluemonday put in place of an inline tag before
	// punctuation: "<b>Décret</b>, article 2" must not read "Décret , article 2".
	text = strings.NewReplacer(" ,", ",", " .", ".").Replace(text)
	return truncate(text, maxRunes)
}

// cleanText makes s valid UTF-8 without control characters (PostgreSQL
// rejects NUL in text) and collapses runs of white space, non-breaking ones
// included, into single spaces.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && !unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// truncate shortens s to at most maxRunes characters, ending with "…" when
// it cut something.
func truncate(s string, maxRunes int) string {
	if utf8.RuneCountInString(s) <= maxRunes {
		return s
	}
	runes := []rune(s)[:maxRunes-1]
	return strings.TrimRightFunc(string(runes), unicode.IsSpace) + "…"
}
