// korpus web page: sign in with a token (kept in sessionStorage, sent as a
// Bearer header, never in a URL the server logs: a link may carry it in
// the #token= fragment, which browsers do not send), one box for lookup
// and concordance. /?q=TEXT&from=de&to=en runs the search on load;
// /?view=memories lists the memories; /?view=documents the documents, with
// the diff between two versions (/?view=documents&doc=D&old=1&new=2&target=en,
// the page of korpus diff --format html). With a write token every match and
// hit can be edited, deleted, and its history seen and restored.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const frag = new URLSearchParams(location.hash.slice(1));
  if (frag.get("token")) {
    sessionStorage.setItem("korpus-token", frag.get("token"));
    history.replaceState(null, "", location.pathname + location.search);
  }
  const token = () => sessionStorage.getItem("korpus-token") || "";
  const headers = () => (token() ? { Authorization: "Bearer " + token() } : {});
  let me = { role: "", name: "" };
  const canWrite = () => me.role === "write" || me.role === "admin";
  const el = (tag, cls, text) => {
    const n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined) n.textContent = text;
    return n;
  };
  async function call(url, opts) {
    const r = await fetch(url, Object.assign({ headers: Object.assign({ "Content-Type": "application/json" }, headers()) }, opts || {}));
    const body = await r.json();
    if (!r.ok) throw new Error(body.error ? body.error.message : r.statusText);
    return body;
  }
  async function whoami() {
    try {
      me = await call("/api/v1/whoami");
      $("who").textContent = "signed in as " + me.name + " (" + me.role + (me.memories.length ? "; " + me.memories.join(", ") : "") + ")";
    } catch (err) {
      me = { role: "", name: "" };
      $("who").textContent = token() ? "token refused: " + err.message : "";
    }
    document.body.dataset.role = me.role;
  }
  $("signin").addEventListener("submit", async (e) => {
    e.preventDefault();
    sessionStorage.setItem("korpus-token", $("token").value.trim());
    $("token").value = "";
    await whoami();
  });
  const STATUSES = ["new", "draft", "needs-review", "translated", "reviewed", "final"];

  // unitTools adds Edit, History and Delete to li, a match or hit of unit id.
  function unitTools(li, id) {
    const bar = el("span", "tools");
    const panel = el("div", "panel");
    const btn = (label, cls, fn) => {
      const b = el("button", cls, label);
      b.type = "button";
      b.addEventListener("click", fn);
      bar.appendChild(b);
      return b;
    };
    btn("History", "history", () => showHistory(li, id, panel));
    if (canWrite()) {
      btn("Edit", "edit", () => editUnit(li, id, panel));
      const del = btn("Delete", "delete", async () => {
        if (!del.dataset.armed) {
          del.dataset.armed = "1";
          del.textContent = "Really delete?";
          return;
        }
        try {
          await call("/api/v1/units/" + id, { method: "DELETE" });
          li.classList.add("deleted");
          li.replaceChildren(el("span", "meta", "Unit #" + id + " deleted."));
          say("Deleted unit #" + id + ".");
        } catch (err) {
          say("Error: " + err.message);
        }
      });
    }
    li.appendChild(bar);
    li.appendChild(panel);
  }
  function say(msg) {
    $("status").textContent = msg;
  }
  async function editUnit(li, id, panel) {
    let u;
    try {
      u = await call("/api/v1/units/" + id);
    } catch (err) {
      say("Error: " + err.message);
      return;
    }
    const form = el("form", "edit-form");
    const ta = el("textarea", "edit-target");
    ta.value = u.target;
    ta.rows = 3;
    ta.setAttribute("aria-label", "target of unit " + id);
    const st = el("select", "edit-status");
    st.setAttribute("aria-label", "status");
    for (const s of STATUSES) {
      const o = el("option", "", s);
      o.value = s;
      if (s === u.status) o.selected = true;
      st.appendChild(o);
    }
    const note = el("input", "edit-note");
    note.placeholder = "note (optional)";
    note.setAttribute("aria-label", "note");
    const save = el("button", "save", "Save");
    save.type = "submit";
    const cancel = el("button", "cancel", "Cancel");
    cancel.type = "button";
    cancel.addEventListener("click", () => panel.replaceChildren());
    form.append(ta, st, note, save, cancel);
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const body = {};
      if (ta.value !== u.target) body.target = ta.value;
      if (st.value !== u.status) body.status = st.value;
      if (note.value.trim()) body.note = note.value.trim();
      if (Object.keys(body).length === 0) {
        panel.replaceChildren();
        return;
      }
      try {
        const nu = await call("/api/v1/units/" + id, { method: "PATCH", body: JSON.stringify(body) });
        li.querySelector(".target").textContent = nu.target;
        panel.replaceChildren();
        say("Saved unit #" + id + ".");
        li.dataset.saved = "1";
      } catch (err) {
        say("Error: " + err.message);
      }
    });
    form.addEventListener("keydown", (e) => {
      if (e.key === "Escape") panel.replaceChildren();
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) form.requestSubmit();
    });
    panel.replaceChildren(form);
    ta.focus();
  }
  async function showHistory(li, id, panel) {
    let hist;
    try {
      hist = await call("/api/v1/units/" + id + "/history");
    } catch (err) {
      say("Error: " + err.message);
      return;
    }
    const ol = el("ol", "history-list");
    if (hist.length === 0) ol.appendChild(el("li", "meta", "No changes."));
    for (const c of hist) {
      const item = el("li", "change");
      item.appendChild(el("span", "meta", "change " + c.change + " · " + c.time + " · " + (c.user || "-")));
      if (c.old_target !== c.new_target) {
        item.appendChild(el("del", "", c.old_target));
        item.appendChild(document.createTextNode(" → "));
        item.appendChild(el("ins", "", c.new_target));
      }
      if (c.old_status !== c.new_status) item.appendChild(el("span", "meta", " status " + c.old_status + " → " + c.new_status));
      if (c.note) item.appendChild(el("span", "meta", " note: " + c.note));
      if (canWrite()) {
        const b = el("button", "restore", "Restore before this");
        b.type = "button";
        b.addEventListener("click", async () => {
          try {
            const nu = await call("/api/v1/units/" + id + "/restore", { method: "POST", body: JSON.stringify({ change: c.change }) });
            li.querySelector(".target").textContent = nu.target;
            say("Restored unit #" + id + " to before change " + c.change + ".");
            showHistory(li, id, panel);
          } catch (err) {
            say("Error: " + err.message);
          }
        });
        item.appendChild(b);
      }
      ol.appendChild(item);
    }
    panel.replaceChildren(ol);
  }
  function renderMatch(m) {
    const li = el("li", "match");
    li.dataset.unit = m.unit_id;
    li.appendChild(el("span", "score", m.score + "%"));
    const src = el("span", "source");
    for (const op of m.diff || []) {
      src.appendChild(op.op === "equal" ? document.createTextNode(op.text) : el(op.op === "insert" ? "ins" : "del", "", op.text));
    }
    if (!m.diff || m.diff.length === 0) src.textContent = m.source;
    li.appendChild(src);
    li.appendChild(el("span", "target", m.target));
    let pen = "";
    if (m.penalties && m.penalties.length) pen = " · raw " + m.raw_score + "% − " + m.penalties.map((p) => p.points + " " + p.reason).join(", ");
    li.appendChild(el("span", "meta", m.kind + " · " + (m.memory || "") + " · " + (m.origin || "") + " · " + (m.created || "") + pen + " · #" + m.unit_id));
    unitTools(li, m.unit_id);
    return li;
  }
  // renderTerm shows a termbase term found in the query: the source as it
  // occurs, its preferred target and status, and how it was found
  // (exact, inflected, compound).
  function renderTerm(tr) {
    const li = el("li", "term " + (tr.status || ""));
    li.appendChild(el("span", "source", tr.source));
    li.appendChild(document.createTextNode(" → "));
    li.appendChild(el("span", "target", tr.target));
    li.appendChild(el("span", "meta", " " + [tr.status, tr.kind].filter(Boolean).join(" · ")));
    return li;
  }
  function renderHit(h) {
    const li = el("li", "hit");
    li.dataset.unit = h.unit_id;
    const src = el("span", "source");
    let at = 0;
    const cps = Array.from(h.source);
    for (const [a, b] of h.spans || []) {
      src.appendChild(document.createTextNode(cps.slice(at, a).join("")));
      src.appendChild(el("mark", "", cps.slice(a, b).join("")));
      at = b;
    }
    src.appendChild(document.createTextNode(cps.slice(at).join("")));
    li.appendChild(src);
    li.appendChild(el("span", "target", h.target));
    li.appendChild(el("span", "meta", (h.memory || "") + " · " + (h.origin || "") + " · " + (h.created || "") + " · #" + h.unit_id));
    unitTools(li, h.unit_id);
    return li;
  }
  async function search(q, from, to) {
    say("Searching…");
    $("matches").replaceChildren();
    $("hits").replaceChildren();
    $("terms").replaceChildren();
    try {
      const [lk, cc] = await Promise.all([
        call("/api/v1/lookup", { method: "POST", body: JSON.stringify({ from, to, queries: [q], min: 50, limit: 10 }) }),
        call("/api/v1/concordance?" + new URLSearchParams({ q, from, to, limit: "20" }), { method: "GET" }),
      ]);
      const ms = lk.results[0].matches;
      (lk.results[0].terms || []).forEach((tr) => $("terms").appendChild(renderTerm(tr)));
      ms.forEach((m) => $("matches").appendChild(renderMatch(m)));
      cc.hits.forEach((h) => $("hits").appendChild(renderHit(h)));
      say(ms.length + " matches, " + cc.hits.length + (cc.more ? "+" : "") + " concordance hits");
    } catch (err) {
      say("Error: " + err.message);
    }
    document.body.dataset.ready = "1";
  }
  async function memories() {
    const tb = $("memories").querySelector("tbody");
    tb.replaceChildren();
    try {
      const res = await call("/api/v1/memories");
      for (const m of res.memories) {
        const tr = el("tr");
        tr.dataset.memory = m.name;
        const name = el("td");
        const a = el("a", "", m.name);
        a.href = "/?" + new URLSearchParams({ view: "memories", memory: m.name });
        name.appendChild(a);
        tr.append(name, el("td", "num", m.units.toLocaleString("en")), el("td", "", m.language_pairs.join(", ")),
          el("td", "num", String(m.penalty)), el("td", "", m.description), el("td", "meta", m.changed));
        tb.appendChild(tr);
      }
      $("mem-status").textContent = res.memories.length + " memories";
    } catch (err) {
      $("mem-status").textContent = "Error: " + err.message;
    }
    document.body.dataset.ready = "1";
  }
  let docs = [];
  function fillVersions(name, oldV, newV) {
    const d = docs.find((x) => x.name === name);
    for (const [id, pick] of [["diff-old", oldV], ["diff-new", newV]]) {
      const sel = $(id);
      sel.replaceChildren();
      for (const v of d ? d.versions : []) {
        const o = el("option", "", String(v.number));
        o.value = String(v.number);
        sel.appendChild(o);
      }
      if (pick) sel.value = String(pick);
    }
  }
  async function documents(p) {
    const tb = $("documents").querySelector("tbody");
    tb.replaceChildren();
    try {
      docs = (await call("/api/v1/documents")).documents;
      $("diff-doc").replaceChildren();
      for (const d of docs) {
        const last = d.versions[d.versions.length - 1] || {};
        const tr = el("tr");
        tr.dataset.doc = d.name;
        tr.append(el("td", "", d.name), el("td", "", d.lang), el("td", "num", String(d.versions.length)),
          el("td", "num", String(last.segments || 0)), el("td", "meta", d.updated));
        tb.appendChild(tr);
        const o = el("option", "", d.name);
        o.value = d.name;
        $("diff-doc").appendChild(o);
      }
      $("doc-status").textContent = docs.length + " documents";
      const name = p.get("doc") || (docs[0] && docs[0].name) || "";
      $("diff-doc").value = name;
      const d = docs.find((x) => x.name === name);
      const n = d ? d.versions.length : 0;
      fillVersions(name, p.get("old") || Math.max(1, n - 1), p.get("new") || n);
      if (p.get("target")) $("diff-target").value = p.get("target");
      $("diff-changes").checked = p.get("changes") === "true";
      if (p.get("doc") && p.get("old")) await showDiff();
    } catch (err) {
      $("doc-status").textContent = "Error: " + err.message;
    }
    document.body.dataset.ready = "1";
  }
  async function showDiff() {
    const q = { doc: $("diff-doc").value, old: $("diff-old").value, new: $("diff-new").value, format: "html" };
    if ($("diff-target").value.trim()) q.target = $("diff-target").value.trim();
    if ($("diff-changes").checked) q.changes = "true";
    const link = new URLSearchParams(Object.assign({ view: "documents" }, q));
    link.delete("format");
    history.replaceState(null, "", "/?" + link);
    try {
      const r = await fetch("/api/v1/diff?" + new URLSearchParams(q), { headers: headers() });
      const text = await r.text();
      if (!r.ok) throw new Error(JSON.parse(text).error.message);
      $("diff-view").srcdoc = text;
      $("diff-view").hidden = false;
      $("doc-status").textContent = "version " + q.old + " → " + q.new + " of " + q.doc;
    } catch (err) {
      $("doc-status").textContent = "Error: " + err.message;
    }
  }
  $("diff-doc").addEventListener("change", () => {
    const d = docs.find((x) => x.name === $("diff-doc").value);
    const n = d ? d.versions.length : 0;
    fillVersions($("diff-doc").value, Math.max(1, n - 1), n);
  });
  $("diff-form").addEventListener("submit", (e) => {
    e.preventDefault();
    showDiff();
  });
  $("search").addEventListener("submit", (e) => {
    e.preventDefault();
    const p = new URLSearchParams({ q: $("q").value, from: $("from").value, to: $("to").value });
    history.replaceState(null, "", "/?" + p);
    search($("q").value, $("from").value, $("to").value);
  });
  (async function start() {
    await whoami();
    const p = new URLSearchParams(location.search);
    if (p.get("view") === "documents") {
      $("view-search").hidden = true;
      $("view-documents").hidden = false;
      await documents(p);
      return;
    }
    if (p.get("view") === "memories") {
      $("view-search").hidden = true;
      $("view-memories").hidden = false;
      await memories();
      return;
    }
    if (p.get("from")) $("from").value = p.get("from");
    if (p.get("to")) $("to").value = p.get("to");
    if (p.get("q")) {
      $("q").value = p.get("q");
      await search(p.get("q"), $("from").value, $("to").value);
    }
  })();
})();
