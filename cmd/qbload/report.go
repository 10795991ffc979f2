package main

import (
	"fmt"
	"io"
	"runtime"
	"time"
)

// report is the outcome of a run.
type report struct {
	cfg                   loadConfig
	info                  setupInfo
	measured, connectTime time.Duration
	before, idle          processStats // around opening the idle viewers
	loaded0, loaded1      processStats // around the measured time
	clientCPU, machineCPU float64      // seconds over the measured time
	loadAvg               [2]string    // one-minute load average at its start and end
	client                processStats // the load process with its viewers idle
	stillOpen             int
}

// The targets of the issue, on a 2-core machine with the SQLite store.
const (
	targetViewers     = 5000
	targetQuestions   = 20.0
	targetVotes       = 200.0
	targetP99         = 250 * time.Millisecond
	targetIdleBytes   = 30_000
	sustainedFraction = 0.99 // a rate counts as sustained at 99 % of the target
	busyMachine       = 0.2  // cores used by other processes beyond which a run is suspect
)

func (r report) print(w io.Writer, lt *loadTest) {
	secs := r.measured.Seconds()
	open := lt.viewersOpen.Load()
	fmt.Fprintf(w, "\nqbload: %d viewers, %.0f questions/s, %.0f votes/s, %v measured after %v warm-up\n",
		r.cfg.viewers, r.cfg.questions, r.cfg.votes, r.measured.Round(time.Millisecond), r.cfg.warmup)
	fmt.Fprintf(w, "%d members signed in, votes over the newest %d questions; club %s%s, event %d; %d CPUs\n\n",
		r.cfg.members, r.cfg.voteSpread, r.info.URL, r.cfg.serverLabel, r.info.Event, runtime.NumCPU())

	n := float64(max(open, 1))
	heap := (float64(r.idle.HeapInuse) - float64(r.before.HeapInuse)) / n
	stacks := (float64(r.idle.StackInuse) - float64(r.before.StackInuse)) / n
	perViewer := heap + stacks
	fmt.Fprintf(w, "idle viewers      %d open in %v, %d failed to connect\n", open, r.connectTime.Round(time.Millisecond), lt.connectFailures.Load())
	fmt.Fprintf(w, "server memory     %.1f KB per idle viewer (heap %.1f KB + stacks %.1f KB; in use %s → %s after GC); RSS %.1f KB per viewer; goroutines %d → %d\n",
		perViewer/1000, heap/1000, stacks/1000, mib(r.before.inUse()), mib(r.idle.inUse()),
		(float64(r.idle.RSS)-float64(r.before.RSS))/n/1000, r.before.Goroutines, r.idle.Goroutines)
	fmt.Fprintf(w, "                  at the end of the load: heap+stacks %s, RSS %s (after GC)\n", mib(r.loaded1.inUse()), mib(r.loaded1.RSS))
	fmt.Fprintf(w, "load memory       heap+stacks %s with the viewers idle: %.1f KB per viewer, all included\n\n",
		mib(r.client.inUse()), float64(r.client.inUse())/n/1000)

	askRate := float64(lt.asks.accepted.Load()) / secs
	voteRate := float64(lt.votes.accepted.Load()) / secs
	printPosts(w, "questions", &lt.asks, askRate, lt.askLatency.snapshot())
	printPosts(w, "votes", &lt.votes, voteRate, lt.voteLatency.snapshot())
	if n := lt.noVoteTarget.Load(); n > 0 {
		fmt.Fprintf(w, "                  %d votes not sent: no question to vote for yet\n", n)
	}
	fmt.Fprintln(w)

	qSend, qAnswer := lt.questionDelays.fromSend.snapshot(), lt.questionDelays.fromAnswer.snapshot()
	vSend, vAnswer := lt.voteDelays.fromSend.snapshot(), lt.voteDelays.fromAnswer.snapshot()
	printDelays(w, "question delay", qSend, qAnswer, lt.asks.accepted.Load()*open, lt.earlyQuestions.Load())
	printDelays(w, "vote delay", vSend, vAnswer, lt.votes.accepted.Load()*open, lt.earlyVotes.Load())
	fmt.Fprintf(w, "viewers           %d streams ended by the server, %d reconnections, %d stream errors, %d over-long lines; %d open at the end\n",
		lt.streamEnds.Load(), lt.reconnects.Load(), lt.streamErrors.Load(), lt.longLines.Load(), r.stillOpen)
	serverCPU := (r.loaded1.CPUSeconds - r.loaded0.CPUSeconds) / secs
	otherCPU := max(r.machineCPU/secs-serverCPU-r.clientCPU/secs, 0)
	fmt.Fprintf(w, "CPU (measured)    server %.2f cores, load %.2f cores, other processes %.2f cores; load average %s → %s\n",
		serverCPU, r.clientCPU/secs, otherCPU, r.loadAvg[0], r.loadAvg[1])
	if otherCPU > busyMachine {
		fmt.Fprintf(w, "WARNING           other work used %.2f cores during the measurement: these figures understate the club\n", otherCPU)
	}
	fmt.Fprintln(w)

	fmt.Fprintln(w, "targets (issue, 2 cores, SQLite):")
	target(w, fmt.Sprintf("%d simultaneous viewers", targetViewers), verdict(open >= targetViewers && lt.streamEnds.Load() == 0, true),
		fmt.Sprintf("%d open, %d streams ended by the server", open, lt.streamEnds.Load()))
	target(w, fmt.Sprintf("%.0f questions/s sustained", targetQuestions), verdict(askRate >= sustainedFraction*targetQuestions, true),
		fmt.Sprintf("%.1f/s accepted", askRate))
	target(w, fmt.Sprintf("%.0f votes/s sustained", targetVotes), verdict(voteRate >= sustainedFraction*targetVotes, true),
		fmt.Sprintf("%.1f/s accepted", voteRate))
	upper := max(qSend.quantile(0.99), vSend.quantile(0.99))
	lower := max(qAnswer.quantile(0.99), vAnswer.quantile(0.99))
	target(w, fmt.Sprintf("delivery p99 < %v", targetP99), verdict(upper < targetP99 && qSend.n > 0, lower >= targetP99),
		fmt.Sprintf("between %s (from the answer) and %s (from the send)", ms(lower), ms(upper)))
	target(w, fmt.Sprintf("< %d KB per idle viewer", targetIdleBytes/1000), verdict(perViewer < targetIdleBytes && open > 0, true),
		fmt.Sprintf("%.1f KB (1 KB = 1,000 bytes)", perViewer/1000))
}

// verdict is "met" when met, "NOT MET" when missed is certain, and
// "undecided" otherwise (the delay's bounds straddle the target).
func verdict(met, missed bool) string {
	switch {
	case met:
		return "met"
	case missed:
		return "NOT MET"
	}
	return "undecided"
}

func printPosts(w io.Writer, name string, c *postCounts, rate float64, latency *histogram) {
	fmt.Fprintf(w, "%-17s %d sent, %d accepted (%.1f/s), %d rate-limited, %d failed, %d not sent (%d in flight already); POST p50 %s p99 %s max %s\n",
		name, c.sent.Load(), c.accepted.Load(), rate, c.limited.Load(), c.failed.Load(), c.dropped.Load(), maxInFlight,
		ms(latency.quantile(0.5)), ms(latency.quantile(0.99)), ms(latency.max))
}

func printDelays(w io.Writer, name string, fromSend, fromAnswer *histogram, expected, early int64) {
	share := 0.0
	if expected > 0 {
		share = 100 * float64(fromAnswer.n) / float64(expected)
	}
	for _, b := range []struct {
		label string
		h     *histogram
	}{{name + ", from answer", fromAnswer}, {"      from send", fromSend}} {
		fmt.Fprintf(w, "%-28s p50 %-9s p90 %-9s p99 %-9s p99.9 %-9s max %-9s mean %s\n", b.label, ms(b.h.quantile(0.5)), ms(b.h.quantile(0.9)),
			ms(b.h.quantile(0.99)), ms(b.h.quantile(0.999)), ms(b.h.max), ms(b.h.mean()))
	}
	fmt.Fprintf(w, "%-28s %d deliveries, %.2f%% of accepted posts × viewers; %d arrived before the POST's answer\n", "", fromAnswer.n, share, early)
}

func target(w io.Writer, name, verdict, got string) {
	fmt.Fprintf(w, "  %-28s %-9s %s\n", name, verdict, got)
}

func mib(b uint64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }

func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond)) }
