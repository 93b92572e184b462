package term

import "strings"

// Function words and very general words per language, written here (not
// taken from a list): term extraction never starts or ends a candidate
// with a stop word, and treats the general words as a small built-in
// general-language baseline when no baseline text is given.

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

var stopWords = map[string]map[string]bool{
	"de": wordSet(`
der die das des dem den ein eine einer eines einem einen kein keine keiner keines keinem keinen
ich du er sie es wir ihr mich dich sich uns euch mir dir ihm ihnen ihn man
mein meine meiner meines meinem meinen dein deine sein seine seiner seines seinem seinen
ihre ihrer ihres ihrem ihren unser unsere unserer unseres unserem unseren euer eure
dieser diese dieses diesem diesen jener jene jenes jenem jenen welcher welche welches welchem welchen
alle allen aller alles allem jeder jede jedes jedem jeden viele vielen vieler einige einigen mehrere
beide beiden beider solche solchen solcher
und oder aber sondern denn doch sowie wie als ob dass daß weil wenn wann falls obwohl während bevor nachdem damit sodass
in im ins an am ans auf aus bei beim mit nach seit von vom vor zu zum zur über unter um durch für gegen ohne
zwischen neben hinter wegen trotz dank gemäß laut bis ab innerhalb außerhalb statt anstatt entlang samt
ist sind war waren bin bist seid sei seien wäre wären gewesen sein
hat habe hast haben hatte hatten hätte hätten gehabt
wird werden wurde wurden würde würden worden geworden werde
kann können konnte konnten muss müssen musste mussten soll sollen sollte sollten will wollen wollte wollten darf dürfen mag möchte
nicht auch noch schon nur sehr so dann da dort hier jetzt heute immer nie wieder weiter mehr weniger
ja nein nun eben etwa etwas nichts viel wenig ganz gar sogar selbst bereits stets erst fast kaum
dabei dazu dafür dagegen damals darauf darin daran davon darüber deshalb daher trotzdem außerdem zudem
es gibt gab gegeben geht ging macht machte gemacht
wer was wo woher wohin warum wieso weshalb wofür womit
einmal zweimal mehrmals oft allein zusammen gemeinsam erneut eingehend
neu neue neuen neuer neues neuem groß große großen großer großes großem hoch hohe hohen hoher hohem höhere höheren
gut gute guten guter lang lange langen langer weitere weiteren weiterer verschiedene verschiedenen
andere anderen anderer anderes erste ersten zweite zweiten dritte letzte letzten
`),
	"en": wordSet(`
a an the this that these those some any no every each all both either neither
i you he she it we they me him her us them my your his its our their mine yours
and or but nor so yet as if than then because while when where whether though although
of in on at by for with from to into onto upon over under about against between among through during
before after above below up down out off again further since until within without along across per via
is are was were be been being am has have had having do does did doing done
will would shall should can could may might must
not no yes only also too very just even still already more most less much many such own same other
there here now then who whom whose which what why how
who's it's that's one two
`),
	"fr": wordSet(`
le la les l un une des du de d au aux ce cet cette ces
je tu il elle on nous vous ils elles me te se lui leur leurs eux moi toi soi
mon ma mes ton ta tes son sa ses notre nos votre vos
et ou mais donc or ni car que qu qui quoi dont où si comme quand lorsque puisque
à dans en sur sous par pour avec sans chez entre vers contre depuis pendant avant après selon malgré parmi
est sont était étaient être été sera seront serait a ai as avons avez ont avait avaient avoir eu aura
fait faire ne pas plus moins très aussi encore déjà toujours jamais bien tout tous toute toutes
y cela ça ceci celui celle ceux celles même autres autre jusqu lorsqu puisqu quelqu
`),
}

// generalWords are very general German nouns: a single-word candidate
// made of one of them is a weak term unless a baseline says otherwise.
var generalWords = map[string]map[string]bool{
	"de": wordSet(`
jahr jahre jahren jahres zeit zeiten tag tage tagen mal teil teile art weise fall fälle frage fragen
punkt punkte punkten ende anfang grund beispiel ort stelle sache dinge ding mensch menschen leute
welt land länder ländern seite seiten weg zukunft vergangenheit leben arbeit form rolle bereich
januar februar märz april mai juni juli august september oktober november dezember
montag dienstag mittwoch donnerstag freitag samstag sonntag woche monat monate
herr frau kind kinder mann
eins zwei drei vier fünf sechs sieben acht neun zehn hundert tausend
`),
	"en": wordSet(`
year years time times day days week weeks month months part way thing things people man men world
one two three four five six seven eight nine ten hundred thousand
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday
`),
	"fr": wordSet(`
an ans année années temps jour jours semaine semaines mois fois partie chose choses gens homme hommes monde
un deux trois quatre cinq six sept huit neuf dix cent mille
janvier février mars avril mai juin juillet août septembre octobre novembre décembre
lundi mardi mercredi jeudi vendredi samedi dimanche
`),
}

func stopSet(l string) map[string]bool { return stopWords[l] }
