package match

// Band is a row of a document analysis.
type Band string

// Analysis bands, in the order agencies quote them.
const (
	BandContext    Band = "context"     // in-context 101
	BandExact      Band = "exact"       // 100
	BandRepetition Band = "repetitions" // repeated inside the document
	Band95         Band = "95-99"
	Band85         Band = "85-94"
	Band75         Band = "75-84"
	Band50         Band = "50-74"
	BandNoMatch    Band = "no-match"
)

// Bands lists the bands in report order.
var Bands = []Band{BandContext, BandExact, BandRepetition, Band95, Band85, Band75, Band50, BandNoMatch}

// BandOf returns the band of a segment whose best match scored score
// (0: none). A repetition, a segment whose normalised text occurred earlier
// in the same document, is counted as such unless it has a 101 or 100
// match: a translator translates it once.
func BandOf(score int, repetition bool) Band {
	switch {
	case score >= ScoreContext:
		return BandContext
	case score == ScoreExact:
		return BandExact
	case repetition:
		return BandRepetition
	case score >= 95:
		return Band95
	case score >= 85:
		return Band85
	case score >= 75:
		return Band75
	case score >= 50:
		return Band50
	}
	return BandNoMatch
}

// Count is what one band (or the total) holds.
type Count struct {
	Segments int `json:"segments"`
	Words    int `json:"words"`
	Chars    int `json:"chars"`
}

// Add adds one segment.
func (c *Count) Add(words, chars int) {
	c.Segments++
	c.Words += words
	c.Chars += chars
}

// Analysis counts segments, words and characters per band.
type Analysis struct {
	Bands map[Band]*Count
	Total Count
}

// NewAnalysis returns an empty analysis with every band present.
func NewAnalysis() *Analysis {
	a := &Analysis{Bands: make(map[Band]*Count, len(Bands))}
	for _, b := range Bands {
		a.Bands[b] = &Count{}
	}
	return a
}

// Add counts one segment in band b.
func (a *Analysis) Add(b Band, words, chars int) {
	a.Bands[b].Add(words, chars)
	a.Total.Add(words, chars)
}
