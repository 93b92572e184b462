package report

import "github.com/korpus/korpus/tm"

// Unit is one stored unit (`units list/show --json`, GET /api/v1/units);
// its field names are a stable interface.
type Unit struct {
	ID         int64     `json:"id"`
	Memory     string    `json:"memory"`
	SourceLang string    `json:"source_lang"`
	TargetLang string    `json:"target_lang"`
	Source     string    `json:"source"`
	Target     string    `json:"target"`
	Status     string    `json:"status"`
	Origin     string    `json:"origin"`
	Creator    string    `json:"creator"`
	Changer    string    `json:"changer"`
	Created    string    `json:"created"`
	Changed    string    `json:"changed"`
	Notes      []tm.Note `json:"notes,omitempty"`
	Props      []tm.Prop `json:"props,omitempty"`
	// Deleted is when a deleted unit was deleted (units list --deleted);
	// absent for live units.
	Deleted string `json:"deleted,omitempty"`
}

// UnitOf is the Unit of u, held by the named memory.
func UnitOf(u tm.Unit, memory string) Unit {
	return Unit{ID: u.ID, Memory: memory, SourceLang: string(u.SourceLang), TargetLang: string(u.TargetLang),
		Source: u.Source.Plain(), Target: u.Target.Plain(), Status: string(u.Status), Origin: string(u.Origin),
		Creator: u.Creator, Changer: u.Changer, Created: Time(u.Created), Changed: Time(u.Changed),
		Notes: u.Notes, Props: u.Props}
}

// UnitChange is one entry of a unit's history (`units history --json`,
// GET /api/v1/units/{id}/history).
type UnitChange struct {
	Change int    `json:"change"`
	Time   string `json:"time"`
	User   string `json:"user"`
	// Via is what made the change: edit, restore, import, carry-over, dedupe
	// ("" for changes recorded before korpus kept it).
	Via       string `json:"via"`
	OldTarget string `json:"old_target"`
	OldStatus string `json:"old_status"`
	NewTarget string `json:"new_target"`
	NewStatus string `json:"new_status"`
	Note      string `json:"note,omitempty"`
}

// Memory is a named memory with its size (`memory list --json`, GET
// /api/v1/memories); its field names are a stable interface.
type Memory struct {
	Name          string         `json:"name"`
	Description   string         `json:"description"`
	Penalty       int            `json:"penalty"`
	OriginPenalty map[string]int `json:"origin_penalties"`
	StatusPenalty map[string]int `json:"status_penalties"`
	Units         int            `json:"units"`
	LanguagePairs []string       `json:"language_pairs"`
	Created       string         `json:"created"`
	Changed       string         `json:"changed"`
}
