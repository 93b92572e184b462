package srx_test

import (
	"syscall"
	"testing"
	"time"
)

// cpuTime is the user+system CPU time of the process so far. The benchmark
// reports MB per CPU second besides MB/s, because wall time on a shared
// machine says more about the neighbours than about the code.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkSRX segments at least 10 MB of German text (the UD dev
// paragraphs, repeated) per iteration with the German rules of the
// LanguageTool and OmegaT files. Run:
//
//	go test -tags sqlite_fts5 -run '^$' -bench SRX -benchtime 3x ./tm/srx
func BenchmarkSRX(b *testing.B) {
	gold := loadGold(b)
	var paras []string
	size := 0
	for size < 10<<20 {
		for _, g := range gold {
			paras = append(paras, g.Text)
			size += len(g.Text)
		}
	}
	for _, file := range benchFiles {
		b.Run(file, func(b *testing.B) {
			s := mustSegmenter(b, file)
			b.SetBytes(int64(size))
			b.ResetTimer()
			cpu0 := cpuTime()
			for range b.N {
				n := 0
				for _, p := range paras {
					n += len(s.Split(p))
				}
				if n == 0 {
					b.Fatal("no segments")
				}
			}
			if cpu := cpuTime() - cpu0; cpu > 0 {
				b.ReportMetric(float64(size)*float64(b.N)/1e6/cpu.Seconds(), "MB/cpu-s")
			}
		})
	}
}

var benchFiles = []string{"languagetool-segment.srx", "omegat-defaultRules.srx", "okapi_default_icu4j.srx", "openxliff-default.srx"}
