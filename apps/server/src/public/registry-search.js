// Search on the static copy of the public registry (docs/static-registry.md). The server renders every search
// itself, so on the app this script finds the page already matching its URL and does nothing. A static copy
// (nginx, a CDN) serves one list page for every query: then the script reads the prebuilt index
// /public/search/labels.json and draws the same list the server would (prefix match on the same terms, the same
// order, 20 a page). No inline script, no innerHTML: the strict CSP of the pages stays as it is.
(() => {
  const STATUSES = ["valid", "expired", "revoked"];
  const form = document.querySelector("form[role=search]");
  const nav = document.querySelector("nav.pages");
  if (!form || !nav) return;
  const params = new URLSearchParams(location.search);
  const q = (params.get("q") ?? "").trim().slice(0, 100);
  const status = STATUSES.includes(params.get("status") ?? "") ? params.get("status") : "";
  const pageText = params.get("page") ?? "1";
  const page = /^\d{1,6}$/.test(pageText) && Number(pageText) >= 1 ? Number(pageText) : 1;
  const shownQ = form.querySelector("input[name=q]")?.getAttribute("value") ?? "";
  const shownStatus = form.querySelector("option[selected]")?.getAttribute("value") ?? "";
  const shownPage = Number(nav.getAttribute("data-page") ?? "1");
  if (q === shownQ && status === shownStatus && page === shownPage) return;
  const lang = document.documentElement.lang === "en" ? "en" : "ja";

  const link = (path, query, text, rel) => {
    const a = document.createElement("a");
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== "" && v !== undefined) search.set(k, String(v));
    search.set("lang", lang);
    a.href = `${path}?${search.toString()}`;
    a.textContent = text;
    if (rel) a.rel = rel;
    return a;
  };

  const item = (row, texts) => {
    const [number, state, star, product, maker, validUntil] = row;
    const li = document.createElement("li");
    li.append(link(`/registry/${encodeURIComponent(number)}`, {}, number), " ");
    const badge = document.createElement("span");
    badge.className = `status status-${state}`;
    badge.setAttribute("data-status", state);
    badge.textContent = texts[state];
    li.append(badge, document.createElement("br"), `${product} — ${maker} · ★${star} · ${validUntil}`);
    return li;
  };

  const draw = (index) => {
    const texts = index.texts[lang];
    const prefix = q.toLowerCase();
    const hits = index.labels.filter(
      (row) => (!prefix || row[6].some((t) => t.startsWith(prefix))) && (!status || row[1] === status),
    );
    const size = index.pageSize;
    const shown = hits.slice((page - 1) * size, page * size);
    const old = nav.previousElementSibling;
    let list;
    if (shown.length === 0) {
      list = document.createElement("p");
      list.textContent = texts.noResults;
    } else {
      list = document.createElement("ul");
      list.className = "results";
      for (const row of shown) list.append(item(row, texts));
    }
    if (old && (old.matches("ul.results") || old.tagName === "P")) old.replaceWith(list);
    else nav.before(list);
    const query = { q, status };
    nav.replaceChildren(
      page > 1
        ? link("/registry", { ...query, page: page - 1 }, texts.previous, "prev")
        : document.createElement("span"),
      hits.length > page * size
        ? link("/registry", { ...query, page: page + 1 }, texts.next, "next")
        : document.createElement("span"),
    );
    nav.setAttribute("data-page", String(page));
    form.querySelector("input[name=q]")?.setAttribute("value", q);
    const input = form.querySelector("input[name=q]");
    if (input) input.value = q;
    const select = form.querySelector("select[name=status]");
    if (select) select.value = status;
  };

  fetch("/public/search/labels.json", { headers: { accept: "application/json" } })
    .then((res) => (res.ok ? res.json() : Promise.reject(new Error(String(res.status)))))
    .then(draw)
    .catch(() => {
      // No index next to this page: leave it as served (the app, or a copy without search).
    });
})();
