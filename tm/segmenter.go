package tm

// Segmenter splits the text of one paragraph into sentences. Returned
// sentences are trimmed of surrounding whitespace, never empty, and, joined
// in order, hold every non-space character of the input.
type Segmenter interface {
	Split(paragraph string) []string
}

// SegmenterFunc adapts a function to Segmenter.
type SegmenterFunc func(string) []string

// Split calls f.
func (f SegmenterFunc) Split(p string) []string { return f(p) }
