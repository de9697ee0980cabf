/*
 * The search page: its form (query, sort, facets) and URL, the status line, the result list with
 * 加载更多, and the facets' counts. Results are drawn with DOM nodes, never from HTML strings.
 *
 * A facet value's （n） is always the number of results with that value: counted over the shown
 * results once every candidate has been checked, taken from the engine when its candidates are the
 * results, or, after checking the rest of a small set of candidates, counted over them; otherwise
 * the numbers stay hidden. Values without results are not offered (a chosen one stays).
 */
import { queryParts } from "./tokens.js";
import { countFacets, nextResults } from "./results.js";
import { FACETS, describe, parseState, stateQuery } from "./state.js";

// Candidates the page still checks (loads) after the first results so that the counts are exact.
const CHECK_LIMIT = 100;

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
  // the index number wraps only after its slash (organisation code / year-serial), as on item pages
  const no = element("p", "dc-r-no", "索引号：");
  const parts = String(r.no || "").split("/");
  parts.forEach((part, i) => {
    if (i) no.append("/", document.createElement("wbr"));
    no.append(i && i === parts.length - 1 ? element("span", "dc-nowrap", part) : part);
  });
  li.append(no);
  return li;
}

/** Wires the page's form to the search. cfg: the page's configuration (#dc-search-config); root: the
 *  site's root URL; engine(): Promise of the loaded engine. Runs the search in the page's URL. */
export function startPage(cfg, root, engine) {
  const form = document.getElementById("dc-search-form");
  const input = document.getElementById("dc-search-q");
  const sortSelect = document.getElementById("dc-search-sort");
  const statusEl = document.getElementById("dc-search-status");
  const panel = document.getElementById("dc-search-panel");
  const chosenEl = document.getElementById("dc-search-chosen");
  const facetNote = document.getElementById("dc-search-facet-note");
  const facetsEl = form.querySelector(".dc-search__facets");
  const list = document.getElementById("dc-search-results");
  const more = document.getElementById("dc-search-more");
  const pageSize = cfg.pageSize || 10;
  const boxes = (f) => form.querySelectorAll('input[name="' + f + '"]');

  // the current search: {run, st, parts, exact, candidates, load, cursor, dropped, shown, total}
  let current = null;
  let runId = 0;

  // Wide screens have room for the filters beside nothing else: the panel starts open there.
  if (panel && window.matchMedia && window.matchMedia("(min-width: 60em)").matches) panel.open = true;

  function stateFromForm() {
    const st = { q: input.value.trim(), sort: sortSelect.value === "date" ? "date" : "", facets: {} };
    for (const f of FACETS) {
      const values = Array.from(boxes(f)).filter((b) => b.checked).map((b) => b.value);
      if (values.length) st.facets[f] = values;
    }
    return st;
  }

  function showChosen(st) {
    const n = FACETS.reduce((sum, f) => sum + (st.facets[f] || []).length, 0);
    chosenEl.textContent = n ? "（已选 " + n + " 项）" : "";
  }

  function fillForm(st) {
    input.value = st.q;
    sortSelect.value = st.sort;
    for (const f of FACETS) {
      for (const b of boxes(f)) b.checked = (st.facets[f] || []).includes(b.value);
    }
    showChosen(st);
  }

  const urlOf = (st) => window.location.pathname + stateQuery(st);

  /* The facet values and their （n）. counts null: no search, every value without a number; exact
     false: counts are upper bounds, only values above 0 are offered and no number is shown. */
  function showFacets(counts, exact) {
    for (const group of facetsEl.querySelectorAll(".dc-facet")) {
      const f = group.getAttribute("data-facet");
      let offered = 0;
      for (const b of group.querySelectorAll('input[type="checkbox"]')) {
        const n = counts ? (counts[f] || {})[b.value] || 0 : null;
        const offer = n === null || n > 0 || b.checked;
        b.closest("li").hidden = !offer;
        b.parentNode.querySelector(".dc-facet-count").textContent = offer && counts && exact ? "（" + n + "）" : "";
        if (offer) offered++;
      }
      group.hidden = offered === 0;
    }
    facetNote.hidden = !(counts && !exact);
  }

  function blankCounts() {
    for (const span of facetsEl.querySelectorAll(".dc-facet-count")) span.textContent = "";
  }

  function showStatus(cur) {
    const done = cur.cursor >= cur.candidates.length;
    const total = cur.total !== null ? cur.total : cur.candidates.length - cur.dropped;
    statusEl.textContent = total
      ? describe(cur.st, total, cur.total === null && !done && cur.dropped > 0) + "当前显示第 1—" + cur.shown + " 条。"
      : describe(cur.st, 0, false) + "请尝试更短的检索词或减少筛选条件。";
  }

  async function showMore() {
    const cur = current, my = cur.run;
    more.disabled = true;
    const got = await nextResults(cur, pageSize, () => my !== runId);
    if (my !== runId) return;
    const focusFirst = cur.shown > 0 && got.length > 0;
    const items = got.map((r) => resultItem(r, root));
    list.append(...items);
    cur.results.push(...got);
    cur.shown += got.length;
    const done = cur.cursor >= cur.candidates.length;
    if (done) cur.total = cur.shown;
    showStatus(cur);
    more.hidden = done;
    more.disabled = false;
    if (focusFirst) {
      const link = items[0].querySelector("a");
      if (link) link.focus();
    }
  }

  /* The facets' counts of the current search, once its first results are shown: {counts, exact}. */
  async function facetCounts(cur, res, stale) {
    if (cur.cursor >= cur.candidates.length) return { counts: countFacets(cur.results), exact: true };
    if (cur.exact && cur.dropped === 0) return { counts: await res.facetCounts(), exact: true };
    const rest = cur.candidates.slice(cur.cursor);
    if (rest.length <= CHECK_LIMIT) {
      // loaded once: 加载更多 takes them from the same memo
      const checked = (await Promise.all(rest.map((c) => cur.load(c)))).filter(Boolean);
      if (stale()) return null;
      cur.total = cur.shown + checked.length;
      showStatus(cur);
      return { counts: countFacets(cur.results.concat(checked)), exact: true };
    }
    return { counts: await res.facetCounts(), exact: false };
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
      showFacets(null, false);
      statusEl.textContent = st.q ? "检索词中没有可检索的文字，请输入汉字、字母或数字。" : "请输入检索词，或选择筛选条件浏览信息。";
      document.title = "检索 - " + document.title.replace(/^.*? - /, "");
      return;
    }
    statusEl.textContent = "正在检索……";
    document.body.setAttribute("aria-busy", "true");
    facetsEl.setAttribute("aria-busy", "true");
    blankCounts();
    try {
      const res = await (await engine()).search(st, parts);
      if (my !== runId) return;
      const memo = new Map();
      const load = (c) => {
        if (!memo.has(c)) memo.set(c, res.load(c));
        return memo.get(c);
      };
      current = { run: my, st, parts, exact: res.exact, candidates: res.candidates, load, cursor: 0, dropped: 0,
                  shown: 0, results: [], total: null };
      await showMore();
      if (my !== runId) return;
      // The results first, then the facet counts (when word positions dropped results, Pagefind
      // recounts them with one search per value: seconds at 10,000 items).
      document.body.removeAttribute("aria-busy");
      const found = await facetCounts(current, res, () => my !== runId);
      if (my !== runId || !found) return;
      showFacets(found.counts, found.exact);
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
  run(parseState(window.location.search, cfg.labels));
}
