package align_test

import (
	"fmt"
	"testing"

	"github.com/korpus/korpus/align"
)

func beadString(bs []align.Bead) string {
	s := ""
	for _, b := range bs {
		s += fmt.Sprintf("%v:%v ", b.Src, b.Tgt)
	}
	return s
}

func TestSentencesSmall(t *testing.T) {
	de := []string{
		"Im Jahr 1953 erreichten Edmund Hillary und Tenzing Norgay als Erste den Gipfel des Mount Everest.",
		"Sie erreichten das Lager 9 auf 8500 Metern.",
		"Am 29. Mai war das Wetter gut.",
		"Die Expedition wurde von John Hunt geleitet, der 1910 in Simla geboren wurde.",
		"Hunt war Offizier der britischen Armee.",
		"Er schrieb später ein Buch über die Besteigung, das 1953 in London erschien.",
	}
	fr := []string{
		"En 1953, Edmund Hillary et Tenzing Norgay furent les premiers à atteindre le sommet du Mount Everest.",
		"Ils atteignirent le camp 9 à 8500 mètres, et le 29 mai le temps était beau.",
		"L'expédition était dirigée par John Hunt, né en 1910 à Simla.",
		"Hunt était officier de l'armée britannique.",
		"(Note du traducteur : on trouvera une carte détaillée de l'itinéraire à la fin de ce volume, avec les noms des camps et des cols.)",
		"Il écrivit plus tard un livre sur l'ascension, publié à Londres en 1953.",
	}
	beads, err := align.Sentences(de, fr, align.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := "[0]:[0] [1 2]:[1] [3]:[2] [4]:[3] []:[4] [5]:[5] "
	if got := beadString(beads); got != want {
		t.Fatalf("beads = %s\nwant    %s", got, want)
	}
	for _, b := range beads {
		if b.Score < 0 || b.Score > 1 {
			t.Errorf("score %v out of 0–1", b.Score)
		}
	}
}

func TestSentencesEdges(t *testing.T) {
	t.Run("Empty", func(t *testing.T) {
		beads, err := align.Sentences(nil, nil, align.Options{})
		if err != nil || len(beads) != 0 {
			t.Fatalf("beads = %v, err = %v", beads, err)
		}
	})
	t.Run("OneSideEmpty", func(t *testing.T) {
		beads, _ := align.Sentences([]string{"Eins.", "Zwei."}, nil, align.Options{})
		if got := beadString(beads); got != "[0]:[] [1]:[] " {
			t.Fatalf("beads = %s", got)
		}
	})
	t.Run("BandDoesNotChangeSmallResult", func(t *testing.T) {
		src := []string{"Ein Satz.", "Noch einer mit 42 Wörtern.", "Der dritte Satz ist länger als die anderen."}
		tgt := []string{"Une phrase.", "Encore une avec 42 mots.", "La troisième phrase est plus longue que les autres."}
		a, _ := align.Sentences(src, tgt, align.Options{Band: 1})
		b, _ := align.Sentences(src, tgt, align.Options{Band: 100})
		if beadString(a) != beadString(b) || beadString(a) != "[0]:[0] [1]:[1] [2]:[2] " {
			t.Fatalf("band 1: %s; band 100: %s", beadString(a), beadString(b))
		}
	})
}

// TestSentencesLongSplitAndJunk: one German sentence translated by four
// French ones (a 1-4 bead), and OCR debris on the French side, which is
// left out rather than glued to a neighbour.
func TestSentencesLongSplitAndJunk(t *testing.T) {
	de := []string{
		"Die Expedition erreichte am 3. Mai das Basislager auf 5400 m.",
		"Pik Lenin , 7134 m , im Transalai , Erstersteigung 1928 durch Allwein , Schneider und Wien , seitdem oft von sowjetischen Bergsteigern besucht , technisch unschwierig .",
		"Am 12. Mai standen Schneider und Wien auf dem Gipfel.",
		"Der Abstieg dauerte zwei Tage.",
	}
	fr := []string{
		"L' expédition atteignit le camp de base à 5400 m le 3 mai.",
		"- _-",
		"Pik Lenin , 7134 m , dans le Transalaï ;",
		"première ascension en 1928 par Allwein , Schneider et Wien ;",
		"souvent visité depuis par les alpinistes soviétiques .",
		"Pas de difficultés notables .",
		"Le 12 mai , Schneider et Wien étaient au sommet.",
		".....",
		"La descente dura deux jours.",
	}
	beads, err := align.Sentences(de, fr, align.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := "[0]:[0] []:[1] [1]:[2 3 4 5] [2]:[6] []:[7] [3]:[8] "
	if got := beadString(beads); got != want {
		t.Fatalf("beads = %s\nwant    %s", got, want)
	}
}

// TestSentencesElision checks that a French word after an elided article
// ("L'opposition") is a cognate of its German word ("Opposition"): without
// it the sentence inserted before it in the translation was paired with the
// German sentence and every bead after it shifted.
func TestSentencesElision(t *testing.T) {
	de := []string{
		"Die Regierung hat am Montag ein neues Gesetz beschlossen.",
		"Es tritt am 1. Januar 2025 in Kraft.",
		"Der Minister sagte, das Gesetz sei notwendig.",
		"Die Opposition kritisierte den Entwurf scharf.",
		"Nach Angaben des Ministeriums kostet die Reform rund 2 Milliarden Euro.",
		"Die Länder sollen die Hälfte tragen.",
		"Experten begrüßen die Pläne grundsätzlich.",
	}
	fr := []string{
		"Le gouvernement a adopté lundi une nouvelle loi.",
		"Elle entrera en vigueur le 1er janvier 2025.",
		"Le ministre a déclaré que la loi était nécessaire.",
		"Cette phrase n'a pas d'équivalent allemand.",
		"L'opposition a vivement critiqué le projet.",
		"Selon le ministère, la réforme coûtera environ 2 milliards d'euros.",
		"Les régions devront en payer la moitié.",
		"Les experts saluent les projets sur le principe.",
	}
	beads, err := align.Sentences(de, fr, align.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := "[0]:[0] [1]:[1] [2]:[2] []:[3] [3]:[4] [4]:[5] [5]:[6] [6]:[7] "
	if got := beadString(beads); got != want {
		t.Fatalf("beads = %s\nwant    %s", got, want)
	}
}
