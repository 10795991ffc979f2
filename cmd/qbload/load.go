package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// loadConfig is the shape of one load run.
type loadConfig struct {
	control     string // control API of "qbload serve"
	viewers     int
	members     int // members signed in: the viewers, and the authors of posts
	questions   float64
	votes       float64
	voteSpread  int // votes go to the newest voteSpread questions
	duration    time.Duration
	warmup      time.Duration
	drain       time.Duration
	connectPar  int
	cpuprofile  string // the server's, fetched from its control API
	loadProfile string // the load process's own
	serverLabel string // how the server was started, for the summary
}

func (c *loadConfig) bind(fs *flag.FlagSet) {
	fs.IntVar(&c.viewers, "viewers", 5000, "simultaneous SSE viewers")
	fs.IntVar(&c.members, "members", 0, "members to sign in, who watch and post; 0: the viewers, or more if the question rate needs more authors")
	fs.Float64Var(&c.questions, "questions-per-sec", 20, "questions posted per second")
	fs.Float64Var(&c.votes, "votes-per-sec", 200, "votes posted per second")
	fs.IntVar(&c.voteSpread, "vote-spread", 20, "votes go to the newest N questions, as in a live session")
	fs.DurationVar(&c.duration, "duration", 60*time.Second, "measured time")
	fs.DurationVar(&c.warmup, "warmup", 10*time.Second, "posting time before the measurement starts")
	fs.DurationVar(&c.drain, "drain", 3*time.Second, "time after the last post for deliveries to arrive")
	fs.IntVar(&c.connectPar, "connect-parallel", 64, "viewers connecting at the same time")
	fs.StringVar(&c.cpuprofile, "cpuprofile", "", "write the server's CPU profile over the measured time to this file")
	fs.StringVar(&c.loadProfile, "load-cpuprofile", "", "write this load process's own CPU profile over the measured time to this file")
}

func (c *loadConfig) validate() error {
	switch {
	case c.control == "":
		return errors.New("--control is required (the control API printed by qbload serve)")
	case c.viewers < 1:
		return errors.New("--viewers must be at least 1")
	case c.questions < 0 || c.votes < 0:
		return errors.New("rates must not be negative")
	case c.duration <= 0:
		return errors.New("--duration must be positive")
	case c.voteSpread < 1:
		return errors.New("--vote-spread must be at least 1")
	}
	if c.members == 0 {
		// The club lets a member ask 3 questions at once, then one every
		// 20 s: give each author at least 25 s between questions.
		c.members = max(c.viewers, int(25*c.questions)+1)
	}
	if lim := fileLimit(); lim < uint64(c.viewers+200) {
		return fmt.Errorf("open-file limit %d is too low for %d viewers: raise it (ulimit -n)", lim, c.viewers)
	}
	return nil
}

func load(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg loadConfig
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.control, "control", "", "control API of qbload serve (its first line of output)")
	cfg.bind(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := cfg.validate(); err != nil {
		return err
	}
	return runLoad(ctx, cfg, stdout, stderr)
}

// loadTest is the state of one run, shared by the viewers and the posters.
type loadTest struct {
	cfg       loadConfig
	info      setupInfo
	streamURL string
	posts     *http.Client
	streams   *http.Client
	cookies   []string // one session per member
	marker    []byte   // "qb-<run>-", before each question's seq in its text

	questions []atomic.Pointer[question] // by seq
	nextSeq   atomic.Int64
	byID      atomic.Pointer[[]*question] // by question id; see learnID
	voteCap   int32

	recentMu sync.Mutex  // guards recent and nextPick, and serialises learnID
	recent   []*question // questions with a known id, oldest first
	nextPick int

	// The measured time, in Unix nanoseconds; 0 before it starts or ends.
	windowStart, windowEnd atomic.Int64

	asks, votes                  postCounts
	noVoteTarget                 atomic.Int64
	questionDelays, voteDelays   delayBounds
	askLatency, voteLatency      *recorder
	earlyQuestions, earlyVotes   atomic.Int64
	streamEnds, reconnects       atomic.Int64
	streamErrors, longLines      atomic.Int64
	connectFailures, viewersOpen atomic.Int64
}

func newLoadTest(cfg loadConfig, info setupInfo) *loadTest {
	run := make([]byte, 4)
	rand.Read(run)
	capacity := int(cfg.questions*(cfg.warmup+cfg.duration+cfg.drain).Seconds()*1.2) + 64
	lt := &loadTest{cfg: cfg, info: info,
		streamURL: fmt.Sprintf("%s/evenements/%d/questions/flux", info.URL, info.Event),
		posts: &http.Client{Timeout: 30 * time.Second,
			Transport:     &http.Transport{MaxIdleConnsPerHost: 512, DisableCompression: true, IdleConnTimeout: time.Minute},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		// A small write buffer per stream: the request is a few hundred bytes.
		streams: &http.Client{
			Transport:     &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: -1, WriteBufferSize: 1024, ReadBufferSize: 4096},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		marker:         []byte("qb-" + hex.EncodeToString(run) + "-"),
		questions:      make([]atomic.Pointer[question], capacity),
		voteCap:        int32(min(maxVotesPerQuestion, cfg.members)),
		questionDelays: newDelayBounds(), voteDelays: newDelayBounds(), askLatency: newRecorder(), voteLatency: newRecorder(),
	}
	lt.byID.Store(new([]*question))
	return lt
}

func (lt *loadTest) inWindow(ns int64) bool {
	start, end := lt.windowStart.Load(), lt.windowEnd.Load()
	return start != 0 && ns >= start && (end == 0 || ns < end)
}

// getJSON sends a request without a body to the control API and decodes
// the answer.
func getJSON(ctx context.Context, method, u string, v any) error {
	req, err := http.NewRequestWithContext(ctx, method, u, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 1000))
		return fmt.Errorf("%s %s: %s: %s", method, u, resp.Status, strings.TrimSpace(string(b)))
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

func (lt *loadTest) serverStats(ctx context.Context) (processStats, error) {
	var s processStats
	err := getJSON(ctx, http.MethodGet, lt.cfg.control+"/stats", &s)
	return s, err
}

// signIn signs the members in as a browser would, with the link of a sign-in
// mail, and keeps their session cookies.
func (lt *loadTest) signIn(ctx context.Context) error {
	var tokens []string
	if err := getJSON(ctx, http.MethodPost, fmt.Sprintf("%s/tokens?n=%d", lt.cfg.control, lt.cfg.members), &tokens); err != nil {
		return err
	}
	lt.cookies = make([]string, len(tokens))
	jobs := make(chan int)
	errs := make(chan error, 8)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for i := range jobs {
				cookie, err := lt.signInOne(ctx, tokens[i])
				if err != nil {
					select {
					case errs <- fmt.Errorf("sign in member %d: %w", i, err):
					default:
					}
					continue
				}
				lt.cookies[i] = cookie
			}
		})
	}
	for i := range tokens {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
		return nil
	}
}

func (lt *loadTest) signInOne(ctx context.Context, token string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, lt.info.URL+"/connexion/lien", strings.NewReader(url.Values{"token": {token}}.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := lt.posts.Do(req)
	if err != nil {
		return "", err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		return "", fmt.Errorf("status %d", resp.StatusCode)
	}
	var parts []string
	for _, c := range resp.Cookies() {
		parts = append(parts, c.Name+"="+c.Value)
	}
	if len(parts) == 0 {
		return "", errors.New("no session cookie")
	}
	return strings.Join(parts, "; "), nil
}

// liveViewers reads the club's gauge of open question streams on /metrics
// (answered to loopback clients).
func (lt *loadTest) liveViewers(ctx context.Context) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, lt.info.URL+"/metrics", nil)
	if err != nil {
		return 0, err
	}
	resp, err := lt.posts.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "creatorclub_live_viewers "); ok {
			f, err := strconv.ParseFloat(v, 64)
			return int(f), err
		}
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	return 0, errors.New("no creatorclub_live_viewers on /metrics")
}

// openViewers starts the viewers, a few at a time, and returns once each has
// its stream open or has failed to.
func (lt *loadTest) openViewers(ctx context.Context, wg *sync.WaitGroup) {
	slots := make(chan struct{}, lt.cfg.connectPar)
	var ready sync.WaitGroup
	for i := range lt.cfg.viewers {
		slots <- struct{}{}
		ready.Add(1)
		v := &viewer{lt: lt, cookie: lt.cookies[i], retry: 3 * time.Second,
			questionDelays: lt.questionDelays.buffers(), voteDelays: lt.voteDelays.buffers()}
		wg.Go(func() {
			v.watch(ctx, func(err error) {
				if err != nil {
					lt.connectFailures.Add(1)
				} else {
					lt.viewersOpen.Add(1)
				}
				<-slots
				ready.Done()
			})
		})
	}
	ready.Wait()
}

// waitForViewers waits until the club counts n open streams.
func (lt *loadTest) waitForViewers(ctx context.Context, n int) (int, error) {
	deadline := time.Now().Add(time.Minute)
	for {
		got, err := lt.liveViewers(ctx)
		if err != nil || got >= n || time.Now().After(deadline) {
			return got, err
		}
		select {
		case <-ctx.Done():
			return got, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// fetchProfile saves the server's CPU profile over the next d.
func (lt *loadTest) fetchProfile(ctx context.Context, d time.Duration, path string) error {
	u := fmt.Sprintf("%s/debug/pprof/profile?seconds=%d", lt.cfg.control, int(d.Seconds()))
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("cpu profile: %s", resp.Status)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// runLoad signs the members in, measures the server's memory for idle
// viewers, then posts for warm-up plus duration and reports.
func runLoad(ctx context.Context, cfg loadConfig, stdout, stderr io.Writer) error {
	var info setupInfo
	if err := getJSON(ctx, http.MethodGet, cfg.control+"/setup", &info); err != nil {
		return err
	}
	if cfg.members > info.Members {
		return fmt.Errorf("%d members needed, the server has %d: start qbload serve with --members %d", cfg.members, info.Members, cfg.members)
	}
	lt := newLoadTest(cfg, info)
	progress := func(format string, args ...any) {
		fmt.Fprintf(stderr, "qbload: "+format+"\n", args...)
	}

	start := time.Now()
	if err := lt.signIn(ctx); err != nil {
		return err
	}
	progress("%d members signed in in %v", len(lt.cookies), time.Since(start).Round(time.Millisecond))

	before, err := lt.serverStats(ctx)
	if err != nil {
		return err
	}
	viewCtx, stopViewers := context.WithCancel(ctx)
	defer stopViewers()
	var viewers sync.WaitGroup
	start = time.Now()
	lt.openViewers(viewCtx, &viewers)
	connectTime := time.Since(start)
	counted, err := lt.waitForViewers(ctx, int(lt.viewersOpen.Load()))
	if err != nil {
		return err
	}
	progress("%d viewers open in %v (%d failed); the club counts %d", lt.viewersOpen.Load(), connectTime.Round(time.Millisecond), lt.connectFailures.Load(), counted)
	time.Sleep(2 * time.Second) // let the last backlogs be written and freed
	idle, err := lt.serverStats(ctx)
	if err != nil {
		return err
	}
	client := readProcessStats()

	postCtx, stopPosting := context.WithCancel(context.Background())
	defer stopPosting()
	paceCtx, stopPacing := context.WithCancel(ctx)
	defer stopPacing()
	var posting sync.WaitGroup
	posting.Go(func() { lt.pace(paceCtx, postCtx, cfg.questions, &lt.asks, lt.ask) })
	posting.Go(func() { lt.pace(paceCtx, postCtx, cfg.votes, &lt.votes, lt.vote) })
	progress("posting: %v warm-up, then %v measured", cfg.warmup, cfg.duration)
	if err := sleep(ctx, cfg.warmup); err != nil {
		return err
	}

	loaded0, err := lt.serverStats(ctx)
	if err != nil {
		return err
	}
	client0, machine0, load0 := cpuSeconds(), machineCPUSeconds(), loadAverage()
	lt.windowStart.Store(time.Now().UnixNano())
	var profiling sync.WaitGroup
	if cfg.cpuprofile != "" {
		profiling.Go(func() {
			if err := lt.fetchProfile(ctx, cfg.duration, cfg.cpuprofile); err != nil {
				progress("cpu profile: %v", err)
			}
		})
	}
	stopLoadProfile, err := startCPUProfile(cfg.loadProfile)
	if err != nil {
		return err
	}
	if err := sleep(ctx, cfg.duration); err != nil {
		stopLoadProfile()
		return err
	}
	stopLoadProfile()
	lt.windowEnd.Store(time.Now().UnixNano())
	measured := time.Duration(lt.windowEnd.Load() - lt.windowStart.Load())
	client1, machine1, load1 := cpuSeconds(), machineCPUSeconds(), loadAverage()
	loaded1, err := lt.serverStats(ctx)
	if err != nil {
		return err
	}
	stopPacing()
	posting.Wait()
	if err := sleep(ctx, cfg.drain); err != nil {
		return err
	}
	stillOpen, _ := lt.liveViewers(ctx)
	stopViewers()
	viewers.Wait()
	profiling.Wait()

	r := report{cfg: cfg, info: info, measured: measured, connectTime: connectTime, before: before, idle: idle,
		loaded0: loaded0, loaded1: loaded1, clientCPU: client1 - client0, machineCPU: machine1 - machine0,
		loadAvg: [2]string{load0, load1}, client: client, stillOpen: stillOpen}
	r.print(stdout, lt)
	return nil
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// startCPUProfile profiles this process into path, if not empty, until the
// returned function is called.
func startCPUProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}
