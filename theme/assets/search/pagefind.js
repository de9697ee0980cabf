/*
 * The Pagefind engine: loads Pagefind's runtime, merges the shards (one index bundle per shard,
 * newest first, with mergeIndex), searches with the query's cover terms, drops results whose word
 * positions do not hold each query part as neighbouring words, and turns a result's fragment (a
 * token stream) back into text for the text check and the snippet.
 */
import { afterTitle, decode, keyMap, matchKey } from "./tokens.js";
import { snippet } from "./snippet.js";
import { containsParts } from "./results.js";

const BIGRAM = /^q\d{10}$/;
const HAN_TERM = /^q\d{5}(\d{5})?$/;

/** The terms a part is searched with, with their offsets in its term sequence: every term, except a
 *  character bigram whose neighbours are searched and the one before it is a bigram too. Neighbouring
 *  bigrams overlap, so "ab" at a word position and the term after "bc" two words on still prove "bc"
 *  (a run of k characters: about k/2 bigrams instead of k-1, and Pagefind loads fewer index chunks).
 *  Words, digits and single characters are always searched: nothing around them proves them. */
export function coverTerms(seq) {
  const out = [];
  for (let i = 0; i < seq.length; i++) {
    const prev = out[out.length - 1];
    const skip = BIGRAM.test(seq[i]) && i + 1 < seq.length && prev !== undefined && prev.offset === i - 1 &&
      BIGRAM.test(seq[i - 1]);
    if (!skip) out.push({ term: seq[i], offset: i });
  }
  return out;
}

/** Whether word positions alone decide a search of these parts: every term is a Han term, which
 *  Pagefind matches as written (a single character as a prefix: any bigram it starts), while a word
 *  or number also matches longer words and the parts of compound ones ("9" finds "90", "K90…"). */
export function positionsDecide(parts) {
  return parts.every((p) => p.terms.every((t) => HAN_TERM.test(t)));
}

/** Whether word positions hold, for every part, its cover terms' offsets from one start position. */
export function partsInPlace(words, parts) {
  const have = new Set(words || []);
  return parts.every((p) => {
    const offsets = coverTerms(p.terms).map((c) => c.offset);
    return (words || []).some((w) => offsets.every((o) => have.has(w + o)));
  });
}

/** The cover terms of all parts, each once, in order. */
function searchTerms(parts) {
  return [...new Set(parts.flatMap((p) => coverTerms(p.terms).map((c) => c.term)))];
}

/* An item URL relative to the site root, from what Pagefind returns (site path + URL, or absolute). */
function siteRelative(url, root) {
  const u = String(url);
  if (u.startsWith(root.href)) return u.slice(root.href.length);
  if (u.startsWith(root.pathname)) return u.slice(root.pathname.length);
  return u.replace(/^\//, "");
}

/* Facet value -> how many candidates have it. Pagefind counts every result of its search (res.filters,
   with the chosen filters applied); when the word positions dropped some results, each value that
   Pagefind counted is recounted over the candidates with the same terms and that value as the filter,
   which needs no chunk that is not loaded already. (A filter-only search, pf.search(null), made
   Pagefind 1.5 fetch every index chunk of every shard: 52 MB for one query at 10,000 items.) */
async function facetCounts(pf, res, candidates, query) {
  const counts = res.filters || {};
  if (candidates.length === res.results.length) return counts;
  const keep = new Set(candidates.map((r) => r.id));
  const out = {}, jobs = [];
  for (const f of Object.keys(counts)) {
    out[f] = {};
    for (const v of Object.keys(counts[f])) {
      if (!counts[f][v]) continue;
      // the candidates already satisfy the chosen filters
      jobs.push(pf.search(query, { filters: { [f]: { any: [v] } } }).then((r2) => {
        out[f][v] = r2.results.filter((r) => keep.has(r.id)).length;
      }));
    }
  }
  await Promise.all(jobs);
  return out;
}

/** The engine for cfg.pagefind (the shards' folders, newest first), once Pagefind's runtime, every
 *  shard's metadata and the filters are loaded. root: the site's root URL. */
export async function pagefindEngine(cfg, root) {
  const pf = await import(new URL(cfg.pagefind[0] + "pagefind.js", root).href);
  // baseUrl: result URLs come back as <site path><item url>; siteRelative() takes the site path off
  await pf.options({ excerptLength: 0, baseUrl: root.pathname });
  for (const path of cfg.pagefind.slice(1)) {
    await pf.mergeIndex(new URL(path, root).href, { baseUrl: root.pathname });
  }
  if (pf.init) await pf.init();
  // Pagefind counts filter values in a search only once the filter files are loaded (else
  // res.filters is {} and every facet showed （0））: the engine is ready when they are.
  await Promise.resolve(pf.filters()).catch(() => null);

  return {
    /** {candidates, exact, facetCounts() -> Promise, load(candidate) -> Promise<result|null>} */
    async search(st, parts) {
      const terms = searchTerms(parts);
      const filters = {};
      for (const f of Object.keys(st.facets)) filters[f] = { any: st.facets[f] };
      const opts = { filters };
      if (st.sort === "date" || !terms.length) opts.sort = { date: "desc" };
      const res = await pf.search(terms.length ? terms.join(" ") : null, opts);
      const candidates = terms.length ? res.results.filter((r) => partsInPlace(r.words, parts)) : res.results;
      return {
        candidates,
        // the candidates are the results: no load() will drop one
        exact: positionsDecide(parts),
        // asked for once the first results are shown: a recount is one Pagefind search per value
        facetCounts: () => facetCounts(pf, res, candidates, terms.join(" ")),
        async load(r) {
          const d = await r.data();
          const text = decode(d.content);
          const title = d.meta.title || "";
          if (parts.length && !containsParts(matchKey(text), parts)) return null;
          const km = keyMap(text);      // for the title's end and the snippet
          return { url: siteRelative(d.url, root), title, unit: d.meta.unit, date: d.meta.date, doc: d.meta.doc,
                   no: d.meta.no, validity: d.meta.validity, facets: d.filters || {},
                   snippet: snippet(text, parts, afterTitle(text, title, km), km) };
        },
      };
    },
  };
}
