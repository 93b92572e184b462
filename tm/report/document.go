package report

import "github.com/korpus/korpus/tm"

// Document is a stored document with its versions (`docs --json`, GET
// /api/v1/documents); its field names are a stable interface.
type Document struct {
	Name     string       `json:"name"`
	Lang     string       `json:"lang"`
	Created  string       `json:"created"`
	Updated  string       `json:"updated"`
	Versions []DocVersion `json:"versions"`
}

// DocVersion is one version of a Document.
type DocVersion struct {
	Number     int    `json:"number"`
	Lang       string `json:"lang"`
	Source     string `json:"source"`
	Hash       string `json:"hash"`
	Created    string `json:"created"`
	Paragraphs int    `json:"paragraphs"`
	Segments   int    `json:"segments"`
	Words      int    `json:"words"`
	Chars      int    `json:"chars"`
}

// DocumentOf is the Document of d; Updated is its latest version's date.
func DocumentOf(d tm.Document) Document {
	j := Document{Name: d.Name, Lang: string(d.Lang), Created: Time(d.Created), Updated: Time(d.Created), Versions: []DocVersion{}}
	for _, v := range d.Versions {
		j.Versions = append(j.Versions, DocVersion{
			Number: v.Number, Lang: string(v.Lang), Source: v.Source, Hash: v.Hash, Created: Time(v.Created),
			Paragraphs: v.Paras, Segments: v.Segments, Words: v.Words, Chars: v.Chars,
		})
		j.Updated = Time(v.Created)
	}
	return j
}
