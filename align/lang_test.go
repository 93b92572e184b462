package align_test

import (
	"testing"

	"github.com/korpus/korpus/align"
)

func TestLangScore(t *testing.T) {
	de := []string{"Die Expedition wurde von John Hunt geleitet, der in Simla geboren wurde.", "Das Wetter war gut und die Sicht auch."}
	fr := []string{"L'expédition était dirigée par John Hunt, né à Simla.", "Le temps était beau et la vue aussi."}
	if d, f := align.LangScore(de, "de"), align.LangScore(de, "fr"); d < 0.2 || f > 0.1 {
		t.Errorf("German text: de %.2f, fr %.2f", d, f)
	}
	if d, f := align.LangScore(fr, "de"), align.LangScore(fr, "fr"); f < 0.2 || d > 0.1 {
		t.Errorf("French text: de %.2f, fr %.2f", d, f)
	}
	if s := align.LangScore(de, "fi"); s != -1 {
		t.Errorf("unknown language: %v", s)
	}
}

func TestLearnDict(t *testing.T) {
	pairs := [][2]string{
		{"Der Gipfel ist hoch.", "Le sommet est haut."},
		{"Ein Gletscher liegt im Tal.", "Un glacier est dans la vallée."},
		{"Wir sahen den Gipfel am Morgen.", "Nous avons vu le sommet le matin."},
		{"Das Lager war kalt.", "Le camp était froid."},
		{"Am Abend kam Schnee.", "Le soir vint la neige."},
		{"Vom Gipfel sah man weit.", "Du sommet on voyait loin."},
		{"Die Träger waren müde.", "Les porteurs étaient fatigués."},
		{"Der Wind blies stark.", "Le vent soufflait fort."},
		{"Wir stiegen zum Sattel auf.", "Nous montâmes au col."},
		{"Das Seil war nass.", "La corde était mouillée."},
		{"Der Arzt blieb im Lager.", "Le médecin resta au camp."},
		{"Der Himmel war klar.", "Le ciel était clair."},
		{"Das Tal lag im Nebel.", "La vallée était dans le brouillard."},
		{"Im Lager gab es Tee.", "Au camp il y avait du thé."},
		{"Der Schnee war tief.", "La neige était profonde."},
	}
	var src, tgt []string
	for _, p := range pairs {
		src = append(src, p[0])
		tgt = append(tgt, p[1])
	}
	found := false
	for _, p := range align.LearnDict(src, tgt) {
		if p.Src == "gipfel" {
			found = p.Tgt == "sommet"
			if !found {
				t.Errorf("gipfel → %q", p.Tgt)
			}
		}
	}
	if !found {
		t.Error("gipfel → sommet not learnt")
	}
}
