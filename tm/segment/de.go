package segment

// German rules.
var german = func() *rules {
	r := newRules(deInner, deFinal, deStarters)
	r.ordinals = true
	r.nounCaps = true
	r.abbrevSuffix = "str"
	r.months = words(deMonths)
	r.ordinalNouns = words(deOrdinalNouns)
	r.ordinalSuffixes = []string{
		"tag", "tages", "tags", "tagung", "jubiläum", "jubiläums", "jahrhundert", "jahrhunderts",
		"jahrtausend", "jahrtausends", "kongress", "kongresses", "kongreß", "konferenz", "sitzung",
		"runde", "liga", "klasse", "platz", "platzes", "periode", "auflage", "ausgabe", "etappe",
		"weltkrieg", "weltkriegs", "weltkrieges", "symphonie", "sinfonie", "lebensjahr", "lebensjahres",
		"geburtstags", "todestags", "spieltags", "plenum", "parteitags", "wahlgang", "amtszeit",
		"sitzungsperiode", "legislaturperiode", "bundesliga", "armee", "division", "stock", "etage",
		"minute", "quartal", "quartals", "semester", "jahrestag", "jahrestages",
	}
	r.ordinalCues = words(deOrdinalCues)
	return r
}()

// deInner are German abbreviations that do not end a sentence: titles,
// and abbreviations that stand before what they qualify.
const deInner = `
Dr Prof Hr Hrn Fr Frl Dipl Ing Mag Lic Hl hl Nr No St Bd Bde Abs Art Kap Sp Bsp bspw Abb Tab Anm
vgl ca bzw z.B d.h u.U o.ä i.d.R u.v.m z.T z.Zt i.A i.V v.a s.o s.u o.g u.E m.E
evtl ggf ggfs inkl exkl zzgl max min mind ggü gem lt sog insb geb verh gest allg od sen
Tel Str Pl Hbf Bhf Fa Gebr Kl Reg Bez Ges Inh kath ev röm dt frz engl lat griech
ital span russ amerik österr schweiz Dir Präs Vors Gen Lt Kpt Univ Inst Abt Dept Zi Whg
bzgl ehem einschl entspr eigtl etw jew kgl mtl näml urspr vorm zw zus Ziff lfd Anh Bl Rd rd
resp spez staatl tägl Verf Verl wg Wwe Jh Jhd Jahrh Jg Jahrg Aufl Ausg Hrsg Ztg Nachf
Mt Joh Lk Mk Offz Pfd Rel Erw Fam gegr Ggs vs Ca Op op Dipl.-Ing Dr.-Ing Bf Pkt Verw Vertr
med phil rer nat jur dent vet habil oec pol theol
Az Rn Rdnr Rz Fn Urt Beschl BGBl ABl Slg Pck Pkg Stk Gr Msp
`

// deFinal are German abbreviations that may end a sentence.
const deFinal = `
usw usf etc u.a a.a.O o.ä u.ä e.V Jr jr jun Chr Mio Mrd Tsd Co Corp Inc Ltd
Jan Feb Mär Apr Jun Jul Aug Sep Sept Okt Nov Dez Mo Di Mi Do Sa
Std Min Sek ff f
`

// deStarters are words that typically start a German sentence and do not
// follow an ordinal or an abbreviation inside one.
const deStarters = `
Der Die Das Den Dem Des Ein Eine Einen Einem Einer Eines
Er Sie Es Ich Wir Ihr Man Du Dies Diese Dieser Dieses Diesem Diesen Jene Jener
Mein Meine Unser Unsere Sein Seine Ihre Dein Deine Euer Eure
Aber Und Oder Doch Dann Danach Dabei Damit Dadurch Dafür Dagegen Daher Darauf Darum Davon Dazu
Deshalb Deswegen Trotzdem Zudem Außerdem Allerdings Jedoch Nun Noch Schon Auch Nur So Sonst
Denn Weil Wenn Als Ob Obwohl Während Bevor Nachdem Seit Sobald Solange Damals Heute Gestern
Morgen Jetzt Hier Dort Da Es Wie Was Wer Wo Wann Warum Wieso Weshalb Welche Welcher Welches
Im In Am An Auf Aus Bei Mit Nach Von Vor Zu Zum Zur Um Unter Über Für Gegen Ohne Durch Bis
Alle Viele Einige Manche Kein Keine Jeder Jede Jedes Mehr Weitere Andere Beide
Ja Nein Bitte Danke Leider Vielleicht Immerhin Insgesamt Zunächst Schließlich Erst Zuvor Später
`

// deMonths are month names (and their abbreviations) that follow a day
// number: "am 19. Juni".
const deMonths = `
Januar Jänner Februar Feber März April Mai Juni Juli August September Oktober November Dezember
Jan Feb Mär Apr Jun Jul Aug Sep Sept Okt Nov Dez
`

// deOrdinalNouns are nouns that commonly follow an ordinal number.
const deOrdinalNouns = `
Mal Platz Rang Stock Stockwerk Etage Klasse Liga Runde Minute Lebensjahr Auflage Ausgabe Folge
Teil Kapitel Band Akt Satz Strophe Absatz Artikel Paragraph Paragraf Lauf Durchgang Wahlgang
Anlauf Versuch Kind Sohn Tochter Ehe Bezirk Etappe Station Advent Sonntag Woche Monat Tag
Quartal Halbjahr Semester Schuljahr Grad Generation Reich Republik Internationale Preis
Tor Treffer Sieg Saison Jahrhundert Jahrtausend Jahrestag Geburtstag Todestag Jubiläum
Parteitag Kongress Kongreß Sitzung Tagung Konferenz Amtszeit Armee Division Symphonie Sinfonie
Weltkrieg Bundesliga Spieltag Legislaturperiode Wahlperiode Gebot Buch Dynastie Staffel Episode
Kreuzzug Sinfoniekonzert Plenum Hälfte Spielzeit Sprosse Stufe
Aufl Jh Jhd Kl Bd Kap Abs Art
`

// deOrdinalCues are words before a number that make it an ordinal:
// "am 19.", "der 8.", "zum 80.".
const deOrdinalCues = `
am im zum zur vom beim ins ans der die das dem den des ein eine einem einer eines einen
sein seine seinem seinen seiner seines ihr ihre ihrem ihren ihrer ihres unser unsere unserem
unseren unserer dieser diese diesem diesen dieses jeder jede jedem jeden seit ab bis zwischen
Am Im Zum Zur Vom Beim Der Die Das Dem Den Des Seit Ab Bis
`
