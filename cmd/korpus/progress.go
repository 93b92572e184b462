package main

import (
	"fmt"
	"io"
	"time"

	"github.com/schollz/progressbar/v3"
)

// Progress shows how far a long command got. Commands get one from
// newProgress and call Add as work is done and Done once at the end. It
// has the method set of the progress interface of factory.Progress
// (output.go), so either satisfies the other.
type Progress interface {
	// Add counts n more items done.
	Add(n int)
	// Done finishes the display (a final line on a terminal).
	Done()
}

// newProgress returns a progress display for a long command on ios.ErrOut:
// a progressbar/v3 bar showing the count, the rate (items/s) and the
// elapsed time when standard error is a terminal, and a no-op otherwise
// (pipes, files, tests), so nothing of it ever lands in a log.
//
//	p := newProgress(opts.IO, "importing", -1, "units")
//	defer p.Done()
//	… p.Add(n) …
//
// total is the number of items when known (a bar with percentage and time
// left), or -1 for a spinner with the count. unit names the items in the
// rate ("units" → "1234 units/s").
func newProgress(ios *IOStreams, description string, total int64, unit string) Progress {
	if ios == nil || !ios.ErrTTY {
		return silentProgress{}
	}
	return newBar(ios.ErrOut, description, total, unit)
}

// newBar builds the terminal progress bar writing to w.
func newBar(w io.Writer, description string, total int64, unit string) *termProgress {
	opts := []progressbar.Option{
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription(description),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString(unit),
		progressbar.OptionSetElapsedTime(true),
		progressbar.OptionShowElapsedTimeOnFinish(),
		progressbar.OptionThrottle(100 * time.Millisecond),
		progressbar.OptionSetWidth(30),
		progressbar.OptionOnCompletion(func() { fmt.Fprintln(w) }),
	}
	if total < 0 {
		opts = append(opts, progressbar.OptionSpinnerType(14), progressbar.OptionSetPredictTime(false))
	}
	return &termProgress{bar: progressbar.NewOptions64(total, opts...)}
}

type termProgress struct {
	bar  *progressbar.ProgressBar
	done bool
}

func (p *termProgress) Add(n int) { _ = p.bar.Add(n) }

func (p *termProgress) Done() {
	if p.done {
		return
	}
	p.done = true
	_ = p.bar.Finish()
}

var (
	_ progress = (*termProgress)(nil)
	_ Progress = silentProgress{}
)

// silentProgress is the Progress for non-terminals: it does nothing.
type silentProgress struct{}

func (silentProgress) Add(int) {}
func (silentProgress) Done()   {}
