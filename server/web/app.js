// korpus web page: sign in with a token (kept in sessionStorage, sent as a
// Bearer header, never in a URL the server logs: a link may carry it in
// the #token= fragment, which browsers do not send), one box for lookup
// and concordance. /?q=TEXT&from=de&to=en runs the search on load.
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
  $("who").textContent = token() ? "signed in" : "";
  $("signin").addEventListener("submit", (e) => {
    e.preventDefault();
    sessionStorage.setItem("korpus-token", $("token").value.trim());
    $("token").value = "";
    $("who").textContent = "signed in";
  });
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
    li.appendChild(el("span", "meta", m.kind + " · " + (m.origin || "") + " · " + (m.created || "") + " · #" + m.unit_id));
    return li;
  }
  function renderHit(h) {
    const li = el("li", "hit");
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
    li.appendChild(el("span", "meta", (h.origin || "") + " · " + (h.created || "") + " · #" + h.unit_id));
    return li;
  }
  async function search(q, from, to) {
    $("status").textContent = "Searching…";
    $("matches").replaceChildren();
    $("hits").replaceChildren();
    try {
      const [lk, cc] = await Promise.all([
        call("/api/v1/lookup", { method: "POST", body: JSON.stringify({ from, to, queries: [q], min: 50, limit: 10 }) }),
        call("/api/v1/concordance?" + new URLSearchParams({ q, from, to, limit: "20" }), { method: "GET" }),
      ]);
      const ms = lk.results[0].matches;
      ms.forEach((m) => $("matches").appendChild(renderMatch(m)));
      cc.hits.forEach((h) => $("hits").appendChild(renderHit(h)));
      $("status").textContent = ms.length + " matches, " + cc.hits.length + (cc.more ? "+" : "") + " concordance hits";
    } catch (err) {
      $("status").textContent = "Error: " + err.message;
    }
    document.body.dataset.ready = "1";
  }
  $("search").addEventListener("submit", (e) => {
    e.preventDefault();
    const p = new URLSearchParams({ q: $("q").value, from: $("from").value, to: $("to").value });
    history.replaceState(null, "", "/?" + p);
    search($("q").value, $("from").value, $("to").value);
  });
  const p = new URLSearchParams(location.search);
  if (p.get("from")) $("from").value = p.get("from");
  if (p.get("to")) $("to").value = p.get("to");
  if (p.get("q")) {
    $("q").value = p.get("q");
    search(p.get("q"), $("from").value, $("to").value);
  }
})();
