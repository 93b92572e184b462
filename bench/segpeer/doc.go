// Package segpeer compares korpus's built-in German segmenter with a peer,
// the German Punkt model of github.com/neurosnap/sentences, on the same
// text: accuracy on UD German GSD dev (TestAccuracy) and speed
// (BenchmarkSegmentGerman). It is a separate module so that the peer never
// enters korpus's dependencies:
//
//	cd bench/segpeer && go test -v -run Accuracy . && go test -run XXX -bench . -benchtime 3x .
package segpeer
