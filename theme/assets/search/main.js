/*
 * 检索页 (/search/) of 示例市人民政府信息公开: the entry module, loaded by the page that
 * generator/search.py writes (<script type="module" src="../assets/search/main.js">).
 *
 * Modules: tokens.js (the query tokeniser, twin of generator/search_tokens.py), snippet.js,
 * results.js (paging through candidates), state.js (the page's state in its URL), pagefind.js and
 * lunr.js (the two engines), page.js (the form, the status line and the result list).
 *
 * window.DisclosureSearch is for tests and benchmarks: the tokeniser's functions; on the search
 * page also query(q, {limit, sort, facets}), ready (the page is wired) and engineReady (the engine
 * has loaded: for Pagefind its runtime, every shard's metadata and the filters).
 */
import { afterTitle, decode, matchKey, normalise, queryParts, termSequence, tokens } from "./tokens.js";
import { nextResults } from "./results.js";
import { pagefindEngine } from "./pagefind.js";
import { lunrEngine } from "./lunr.js";
import { startPage } from "./page.js";
// Imported by the modules above; named here too so that a cold cache fetches every module in one
// round after main.js, not a third round after the modules that import them.
import "./snippet.js";
import "./state.js";

const api = { tokens, termSequence, decode, matchKey, normalise, queryParts, afterTitle };
window.DisclosureSearch = api;

const configEl = document.getElementById("dc-search-config");
if (configEl) {
  const cfg = JSON.parse(configEl.textContent);
  const root = new URL("../", window.location.href);
  const pageSize = cfg.pageSize || 10;

  let enginePromise = null;
  const engine = () => {
    if (!enginePromise) {
      enginePromise = cfg.engine === "lunr" ? lunrEngine(cfg, root) : pagefindEngine(cfg, root);
      enginePromise.then(() => { api.engineReady = true; }, () => {});
    }
    return enginePromise;
  };

  /* The page's own search, without the page:
     query(q, {limit, sort, facets}) -> {candidates, dropped, urls (verified, shown order), exhausted} */
  api.query = async (q, opts) => {
    opts = opts || {};
    const st = { q, sort: opts.sort || "", facets: opts.facets || {} }, parts = queryParts(q);
    if (!parts.length && !Object.keys(st.facets).length) {
      return { candidates: 0, dropped: 0, exhausted: true, urls: [] };
    }
    const res = await (await engine()).search(st, parts);
    const search = { st, parts, candidates: res.candidates, load: res.load, cursor: 0, dropped: 0 };
    const got = await nextResults(search, opts.limit || pageSize);
    return { candidates: res.candidates.length, dropped: search.dropped,
             exhausted: search.cursor >= res.candidates.length, urls: got.map((r) => r.url) };
  };

  startPage(cfg, root, engine);
  // Pagefind: load its runtime, every shard's metadata and the filters while the reader types, so the
  // first query fetches only the index chunks of its terms and the fragments of the shown results.
  if (cfg.engine === "pagefind") setTimeout(() => engine().catch(() => { enginePromise = null; }), 0);
  api.ready = true;
}
