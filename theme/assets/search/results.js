/*
 * Paging through an engine's candidates: load them a batch at a time until a page of results has
 * passed the text check, for the page's "加载更多" and for DisclosureSearch.query alike.
 */
import { matchKey } from "./tokens.js";

/** Whether a match key holds every query part. */
export function containsParts(key, parts) {
  return parts.every((p) => key.includes(p.key));
}

/** Within what was loaded, a result whose title contains the query comes first (relevance order
 *  only): the whole query as the title's key, then every part somewhere in the title, then the rest. */
export function titleFirst(results, st, parts) {
  if (st.sort === "date" || !parts.length) return results;
  const whole = matchKey(st.q);
  return results.map((r, i) => {
    const k = matchKey(r.title);
    return [containsParts(k, parts) ? (k === whole ? 0 : 1) : 2, i, r];
  }).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map((x) => x[2]);
}

/** Up to `wanted` more results of a search, in the order to show them.
 *  search: {st, parts, candidates, load(candidate) -> Promise<result|null>, cursor, dropped}; loading
 *  moves search.cursor on and counts in search.dropped the candidates whose load gave null (they
 *  failed the text check). Each batch asks for as many candidates as results are still missing.
 *  stale(): true once a newer search has started; loading stops there. */
export async function nextResults(search, wanted, stale = () => false) {
  const got = [];
  while (!stale() && got.length < wanted && search.cursor < search.candidates.length) {
    const batch = search.candidates.slice(search.cursor, search.cursor + (wanted - got.length));
    search.cursor += batch.length;
    const loaded = await Promise.all(batch.map((c) => search.load(c)));
    const fresh = loaded.filter(Boolean);
    search.dropped += loaded.length - fresh.length;
    got.push(...titleFirst(fresh, search.st, search.parts));
  }
  return got;
}

/** For each facet value, how many of these results have it: {facet: {value: n}} (results carry
 *  their values as facets: {facet: [value, …]}). */
export function countFacets(results) {
  const counts = {};
  for (const r of results) {
    for (const [facet, values] of Object.entries(r.facets || {})) {
      const c = (counts[facet] = counts[facet] || {});
      for (const v of values) c[v] = (c[v] || 0) + 1;
    }
  }
  return counts;
}
