module github.com/korpus/korpus/bench/segpeer

go 1.26.0

require github.com/korpus/korpus v0.0.0

require (
	github.com/neurosnap/sentences v1.1.2
	golang.org/x/text v0.44.0 // indirect
)

replace github.com/korpus/korpus => ../..
