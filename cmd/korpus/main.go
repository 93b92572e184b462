// Command korpus is a translation-memory and parallel-corpus manager:
// it segments source documents into SQLite, keeps their versions, and
// (in later commands) imports, matches and aligns translations.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
