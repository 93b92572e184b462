package segment

// English rules.
var english = newRules(enInner, enFinal, enStarters)

const enInner = `
Mr Mrs Ms Messrs Dr Prof St Mt Rev Hon Gen Col Maj Capt Lt Sgt Cpl Gov Sen Rep Pres Supt
vs v e.g i.e cf approx Fig fig Figs No Nos Vol vol pp Ch ch Sec sec Art Ed ed Eds eds
Ave Blvd Rd Dept Univ Mt Ft ca al viz
`

const enFinal = `
etc Inc Ltd Co Corp Jr Sr Bros a.m p.m U.S U.K U.N Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
`

const enStarters = `
The A An He She It We I You They This That These Those There Here His Her Its Our Their My
But And Or So Yet Then However Also Still Now Today Yesterday In On At For With After Before When
While If As Although Because Since What Who Where Why How Which Some Many All No Yes
`

// French rules.
var french = func() *rules {
	r := newRules(frInner, frFinal, frStarters)
	r.spacedClosers = true
	return r
}()

const frInner = `
M MM Mme Mmes Mlle Mlles Dr Pr Me Mgr St Ste p.ex c.-à-d cf env vol chap éd art fig
av apr bd boul av.-J.-C
`

const frFinal = `
etc janv févr avr juil sept oct nov déc J.-C
`

const frStarters = `
Le La Les L Un Une Des Il Elle Ils Elles On Nous Vous Je Tu Ce Cette Ces Cet C Mais Et Ou Donc
Puis Alors Ensuite Enfin Pourtant Cependant En Dans Sur Pour Avec Après Avant Quand Si Comme
Depuis Aujourd Hier Demain Il Y Qui Que Quoi Où Pourquoi Comment
Selon Par De Du Au Aux D Lors Malgré Sans Pendant Chaque Plusieurs Certains Cela Ceci
Son Sa Ses Leur Leurs Notre Nos Ainsi Toutefois Néanmoins Or Car Certes Voici Non Oui
`

// generic rules: no abbreviation list; initials and inner-period shapes
// ("e.g.") are still recognised.
var generic = newRules("", "", "")
