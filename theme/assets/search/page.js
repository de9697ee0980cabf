/*
 * The search page: its form (query, sort, facets) and URL, the status line, the result list with
 * 加载更多, and the facets' counts. Results are drawn with DOM nodes, never from HTML strings.
 */
import { queryParts } from "./tokens.js";
import { nextResults } from "./results.js";
import { FACETS, describe, parseState, stateQuery } from "./state.js";

function element(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** One result as an <li>: title link, meta line (unit · date · document number · validity), snippet
 *  with <mark>ed matches, index number. root: the site's root URL. */
function resultItem(r, root) {
  const li = element("li", "dc-search__result");
  const title = element("h2", "dc-r-title");
  const link = element("a", "", r.title);
  link.setAttribute("href", new URL(r.url, root).href);
  title.append(link);

  const meta = element("p", "dc-r-meta");
  const bits = [];
  if (r.unit) bits.push(element("span", "dc-r-unit", r.unit));
  if (r.date) {
    const time = element("time", "", r.date);
    time.setAttribute("datetime", r.date);
    bits.push(time);
  }
  if (r.doc) bits.push(element("span", "dc-r-doc", r.doc));
  if (r.validity) bits.push(element("span", "dc-r-validity", r.validity));
  bits.forEach((bit, i) => {
    if (i) {
      const dot = element("span", "", " · ");
      dot.setAttribute("aria-hidden", "true");
      meta.append(dot);
    }
    meta.append(bit);
  });
  li.append(title, meta);

  if (r.snippet.length) {
    const p = element("p", "dc-r-snippet");
    for (const piece of r.snippet) p.append(piece.mark ? element("mark", "", piece.text) : piece.text);
    li.append(p);
  }
  li.append(element("p", "dc-r-no", "索引号：" + (r.no || "")));
  return li;
}

/** Wires the page's form to the search. cfg: the page's configuration (#dc-search-config); root: the
 *  site's root URL; engine(): Promise of the loaded engine. Runs the search in the page's URL. */
export function startPage(cfg, root, engine) {
  const form = document.getElementById("dc-search-form");
  const input = document.getElementById("dc-search-q");
  const sortSelect = document.getElementById("dc-search-sort");
  const statusEl = document.getElementById("dc-search-status");
  const facetsEl = form.querySelector(".dc-search__facets");
  const list = document.getElementById("dc-search-results");
  const more = document.getElementById("dc-search-more");
  const pageSize = cfg.pageSize || 10;
  const boxes = (f) => form.querySelectorAll('input[name="' + f + '"]');

  let current = null;   // the shown search: {run, st, parts, candidates, load, cursor, dropped, shown}
  let runId = 0;

  function stateFromForm() {
    const st = { q: input.value.trim(), sort: sortSelect.value === "date" ? "date" : "", facets: {} };
    for (const f of FACETS) {
      const values = Array.from(boxes(f)).filter((b) => b.checked).map((b) => b.value);
      if (values.length) st.facets[f] = values;
    }
    return st;
  }

  function fillForm(st) {
    input.value = st.q;
    sortSelect.value = st.sort;
    for (const f of FACETS) {
      for (const b of boxes(f)) b.checked = (st.facets[f] || []).includes(b.value);
    }
  }

  const urlOf = (st) => window.location.pathname + stateQuery(st);

  /* Each value's （n）; counts null: blank while they are being counted. */
  function updateFacetCounts(counts) {
    for (const f of FACETS) {
      for (const b of boxes(f)) {
        const span = b.parentNode.querySelector(".dc-facet-count");
        if (span) span.textContent = counts ? "（" + ((counts[f] || {})[b.value] || 0) + "）" : "";
      }
    }
  }

  async function showMore() {
    const cur = current, my = cur.run;
    more.disabled = true;
    const got = await nextResults(cur, pageSize, () => my !== runId);
    if (my !== runId) return;
    const focusFirst = cur.shown > 0 && got.length > 0;
    const items = got.map((r) => resultItem(r, root));
    list.append(...items);
    cur.shown += got.length;
    const total = cur.candidates.length - cur.dropped;
    const done = cur.cursor >= cur.candidates.length;
    statusEl.textContent = total
      ? describe(cur.st, total, !done && cur.dropped > 0) + "当前显示第 1—" + cur.shown + " 条。"
      : describe(cur.st, 0, false) + "请尝试更短的检索词或减少筛选条件。";
    more.hidden = done;
    more.disabled = false;
    if (focusFirst) {
      const link = items[0].querySelector("a");
      if (link) link.focus();
    }
  }

  function idle() {
    document.body.removeAttribute("aria-busy");
    facetsEl.removeAttribute("aria-busy");
  }

  async function run(st) {
    const my = ++runId;
    fillForm(st);
    list.textContent = "";
    more.hidden = true;
    const parts = queryParts(st.q);
    if (!parts.length && !Object.keys(st.facets).length) {
      idle();
      updateFacetCounts(null);
      statusEl.textContent = st.q ? "检索词中没有可检索的文字，请输入汉字、字母或数字。" : "请输入检索词，或选择筛选条件浏览信息。";
      document.title = "检索 - " + document.title.replace(/^.*? - /, "");
      return;
    }
    statusEl.textContent = "正在检索……";
    document.body.setAttribute("aria-busy", "true");
    facetsEl.setAttribute("aria-busy", "true");
    updateFacetCounts(null);
    try {
      const res = await (await engine()).search(st, parts);
      if (my !== runId) return;
      current = { run: my, st, parts, candidates: res.candidates, load: res.load, cursor: 0, dropped: 0, shown: 0 };
      await showMore();
      if (my !== runId) return;
      // The results first, then the facet counts (when word positions dropped results, Pagefind
      // recounts them with one search per value: seconds at 10,000 items).
      document.body.removeAttribute("aria-busy");
      const counts = await res.facetCounts();
      if (my !== runId) return;
      updateFacetCounts(counts);
    } catch (err) {
      if (my !== runId) return;
      statusEl.textContent = "检索暂时无法使用，请稍后再试，或按公开类别、发布机构浏览。";
      console.error(err);
    }
    idle();
  }

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const st = stateFromForm();
    window.history.pushState(null, "", urlOf(st));
    run(st);
  });
  form.addEventListener("change", (e) => {
    if (e.target && (e.target.name === "sort" || FACETS.includes(e.target.name))) {
      const st = stateFromForm();
      window.history.replaceState(null, "", urlOf(st));
      run(st);
    }
  });
  document.getElementById("dc-search-clear").addEventListener("click", () => {
    const st = stateFromForm();
    st.facets = {};
    window.history.pushState(null, "", urlOf(st));
    run(st);
  });
  more.addEventListener("click", () => { if (current) showMore(); });
  window.addEventListener("popstate", () => run(parseState(window.location.search, cfg.labels)));

  // The header's search box on this page edits the same query.
  const headerBox = document.getElementById("dc-q");
  if (headerBox && headerBox.form) {
    headerBox.form.addEventListener("submit", (e) => {
      e.preventDefault();
      const st = stateFromForm();
      st.q = headerBox.value.trim();
      window.history.pushState(null, "", urlOf(st));
      run(st);
      input.focus();
    });
  }
  const initial = parseState(window.location.search, cfg.labels);
  if (headerBox) headerBox.value = initial.q;
  run(initial);
}
