package campaign_test

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/campaign"
	"github.com/creatorclub/creatorclub/mail"
	"github.com/creatorclub/creatorclub/mail/smtptest"
	"github.com/creatorclub/creatorclub/sqldb"
	"github.com/creatorclub/creatorclub/sqldb/sqldbtest"
)

// BenchmarkSend10000 sends a 10,000-recipient campaign through an SMTP sink
// speaking real SMTP over TCP on the loopback, with no rate limit, on the
// default SQLite store (and on PostgreSQL when the test server is
// reachable), and reports messages per second and the peak heap.
//
//	go test -run XXX -bench Send10000 -benchtime 1x -count 3 ./campaign
func BenchmarkSend10000(b *testing.B) {
	for _, engine := range sqldbtest.Engines(b) {
		for _, conns := range []int{2, 4} {
			b.Run(fmt.Sprintf("%s/conns=%d", engine, conns), func(b *testing.B) { benchmarkSend(b, engine, 10000, conns) })
		}
	}
}

// BenchmarkSend2500 is the same with a quarter of the recipients, to show
// that memory does not grow with the campaign.
func BenchmarkSend2500(b *testing.B) {
	benchmarkSend(b, sqldb.SQLite, 2500, 2)
}

// benchBody is a newsletter of realistic size: about 2 KB of text and 6 KB of HTML.
var benchBody = strings.Repeat("Le club organise ce mois-ci trois rencontres sur les contrats avec les marques. ", 25)

func benchCompose(_ context.Context, c *creatorclub.Campaign, u *creatorclub.User) (mail.Message, error) {
	html := "<html><body><h1>" + c.Subject + "</h1>" + strings.Repeat("<p>"+benchBody[:240]+"</p>\n", 24) + "</body></html>"
	return mail.Message{To: u.Email, ToName: u.Name(), Subject: c.Subject, Text: "Bonjour " + u.Name() + ",\n\n" + benchBody + "\n", HTML: html,
		Headers: map[string]string{"List-Id": "Lettre du club <newsletter.club.example>"}}, nil
}

func benchmarkSend(b *testing.B, engine string, recipients, conns int) {
	db := sqldbtest.Open(b, engine)
	addMembers(b, db, recipients)
	sk := smtptest.Start(b, smtptest.Options{CountOnly: true})
	transport := smtpSender(b, sk)

	var elapsed time.Duration
	var peak, base uint64
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		c := newStartedCampaign(b, db, creatorclub.CampaignNewsletter)
		s := &campaign.Sender{DB: db, Transport: transport, Compose: benchCompose, Host: testHost, Connections: conns, Logger: testLogger(b)}
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		base = max(base, ms.HeapAlloc)
		stop := make(chan struct{})
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			tick := time.NewTicker(10 * time.Millisecond)
			defer tick.Stop()
			var ms runtime.MemStats
			for {
				select {
				case <-stop:
					return
				case <-tick.C:
					runtime.ReadMemStats(&ms)
					peak = max(peak, ms.HeapAlloc)
				}
			}
		}()
		before := sk.Count()
		b.StartTimer()
		began := time.Now()
		if err := s.Run(ctx, c.ID); err != nil {
			b.Fatal(err)
		}
		elapsed += time.Since(began)
		b.StopTimer()
		close(stop)
		wg.Wait()
		if got := sk.Count() - before; got != recipients {
			b.Fatalf("sink received %d messages, want %d", got, recipients)
		}
	}
	b.ReportMetric(float64(recipients*b.N)/elapsed.Seconds(), "msgs/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(peak-min(base, peak))/(1<<20), "heap-growth-MiB")
}
