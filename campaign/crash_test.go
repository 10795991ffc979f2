package campaign_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/creatorclub/creatorclub"
	"github.com/creatorclub/creatorclub/campaign"
	"github.com/creatorclub/creatorclub/mail"
	"github.com/creatorclub/creatorclub/mail/smtptest"
	"github.com/creatorclub/creatorclub/sqldb"
)

// crashEnv tells the test binary it runs as the child sender of TestCrash:
// "data dir|smtp port|campaign id".
const crashEnv = "CREATORCLUB_CAMPAIGN_CRASH_CHILD"

// TestCrashHelper is the child process of TestCrash: a sender with one
// connection that runs the campaign until it is done or killed.
func TestCrashHelper(t *testing.T) {
	spec := os.Getenv(crashEnv)
	if spec == "" {
		t.Skip("the child process of TestCrash")
	}
	parts := strings.Split(spec, "|")
	port, _ := strconv.Atoi(parts[1])
	id, _ := strconv.ParseInt(parts[2], 10, 64)
	db, err := sqldb.Open(ctx, parts[0], "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	transport, err := mail.NewSMTPSender(mail.Config{Host: "127.0.0.1", Port: port, TLS: mail.TLSNone,
		From: "Club des créateurs <club@club.example>", Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	s := &campaign.Sender{DB: db, Transport: transport, Compose: simpleCompose, Host: testHost, Connections: 1,
		Lease: time.Second, Logger: testLogger(t)}
	if err := s.Run(ctx, id); err != nil {
		t.Fatal(err)
	}
}

// TestCrash kills a sending process at random moments and restarts it, then
// lets it finish, and checks the crash guarantee: every member got the
// campaign, exactly one Message-ID per member, at most one extra copy per
// kill (one connection), and every delivery recorded as sent.
func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("kills and restarts a sender process several times")
	}
	const (
		recipients = 3000
		kills      = 5
	)
	dir := t.TempDir()
	db, err := sqldb.Open(ctx, dir, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	ids := addMembers(t, db, recipients)
	c := newStartedCampaign(t, db, creatorclub.CampaignNotice)
	db.Close()

	sk := smtptest.Start(t, smtptest.Options{})
	seed := time.Now().UnixNano()
	rng := rand.New(rand.NewPCG(uint64(seed), 1))
	t.Logf("seed %d", seed)
	// Kill when the sink has received a random number of messages, plus a
	// random few milliseconds, so that some kills fall between a message and
	// its record and others elsewhere.
	var points []int
	for len(points) < kills {
		if p := 100 + rng.IntN(recipients-400); !slices.Contains(points, p) {
			points = append(points, p)
		}
	}
	slices.Sort(points)

	child := func() (*exec.Cmd, *bytes.Buffer) {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashHelper$", "-test.count=1")
		cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%s|%d|%d", crashEnv, dir, sk.Port(), c.ID))
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd, &out
	}
	began := time.Now()
	for k, point := range points {
		cmd, out := child()
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		deadline := time.Now().Add(20 * time.Second)
		for sk.Count() < point {
			select {
			case err := <-exited:
				t.Fatalf("child %d exited before the kill at %d messages: %v\n%s", k, point, err, out)
			default:
			}
			if time.Now().After(deadline) {
				t.Fatalf("child %d: %d messages after 20 s, waiting for %d\n%s", k, sk.Count(), point, out)
			}
			time.Sleep(200 * time.Microsecond)
		}
		time.Sleep(time.Duration(rng.IntN(3000)) * time.Microsecond)
		if err := cmd.Process.Kill(); err != nil { // SIGKILL
			t.Fatal(err)
		}
		<-exited
		t.Logf("kill %d at %d messages received", k+1, sk.Count())
	}
	cmd, out := child()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("last child: %v\n%s", err, out)
	}
	t.Logf("%d recipients, %d kills: %v in all", recipients, kills, time.Since(began).Round(time.Millisecond))

	db, err = sqldb.Open(ctx, dir, "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	byID, byRcpt := received(sk)
	raw := sk.Count()
	duplicates := raw - recipients
	t.Logf("received %d messages, %d distinct Message-IDs, %d duplicates", raw, len(byID), duplicates)
	for i, uid := range ids {
		if byRcpt[addr(i)] == 0 {
			t.Errorf("member %d (%s) got nothing", uid, addr(i))
		}
		if byID[sqldb.DeliveryMessageID(c.ID, uid, testHost)] == 0 {
			t.Errorf("member %d: no message with its Message-ID", uid)
		}
	}
	if len(byID) != recipients {
		t.Errorf("%d distinct Message-IDs, want %d", len(byID), recipients)
	}
	if duplicates > kills {
		t.Errorf("%d duplicates for %d kills with one connection, want at most %d", duplicates, kills, kills)
	}
	p, err := db.CampaignProgress(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if p.Sent != recipients || p.Pending != 0 || p.Failed != 0 {
		t.Errorf("records: %+v", p)
	}
	if got, _ := db.FindCampaign(ctx, c.ID); got.Status != creatorclub.CampaignSent {
		t.Errorf("status %s, want sent", got.Status)
	}
}
