/*
 * The lunr engine: the site's lunr.js (search/lunr.js, the copy MkDocs ships) and the whole index
 * in one file (search/lunr-index.json). Facets are filtered and counted here, over the index's
 * records: [url, title, unit, date, doc, no, text, {facet: [value, …]}].
 */
import { FACETS } from "./state.js";
import { snippet } from "./snippet.js";

/* lunr.js 2.3.9 shrinks the index's word list into a trie whose equal branches are merged, found
   by a key of each node: its final flag, then each edge's character followed by the child node's
   number. With digits as edge characters (every token here is "q" and ten digits) two different
   nodes can get the same key (an edge "1" to node 123 reads like edges "1" to node 1 and "2" to
   node 3), and the merged trie loses words that are in the index (lunr.js issue 503): on the
   sample content with four real laws added, 人以 (in two of them) found nothing. The key below
   puts a separator before each edge, and an edge's character is always one code unit, so it is
   unique. */
export function fixTokenSetKeys(lunr) {
  lunr.TokenSet.prototype.toString = function () {
    if (this._str) return this._str;
    const labels = Object.keys(this.edges).sort();
    let key = this.final ? "1" : "0";
    for (const label of labels) key += "|" + label + this.edges[label].id;
    return (this._str = key);
  };
}

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const s = document.createElement("script");
    s.src = src;
    s.onload = resolve;
    s.onerror = () => reject(new Error(src));
    document.head.appendChild(s);
  });
}

/** Of the records refs (indexes into docs, in lunr's order), those with one of the chosen values
 *  of every chosen facet, newest first when byDate (equal dates keep their order), and for each
 *  facet value how many of them have it: {matched, counts}. */
export function selectDocs(docs, refs, facets, byDate) {
  let matched = refs.filter((i) => FACETS.every((k) => {
    const want = facets[k];
    return !want || (docs[i][7][k] || []).some((v) => want.includes(v));
  }));
  const counts = {};
  for (const i of matched) {
    const f = docs[i][7];
    for (const k of Object.keys(f)) {
      counts[k] = counts[k] || {};
      for (const v of f[k]) counts[k][v] = (counts[k][v] || 0) + 1;
    }
  }
  if (byDate) {
    const date = (i) => docs[i][3];
    matched = matched.map((i, n) => [i, n])
      .sort((a, b) => (date(a[0]) < date(b[0]) ? 1 : date(a[0]) > date(b[0]) ? -1 : a[1] - b[1]))
      .map((x) => x[0]);
  }
  return { matched, counts };
}

/** The engine for cfg.lunr (the index file's path), once lunr.js and the index are loaded. */
export async function lunrEngine(cfg, root) {
  await loadScript(new URL("search/lunr.js", root).href);
  const lunr = window.lunr;
  fixTokenSetKeys(lunr);
  const response = await fetch(new URL(cfg.lunr, root).href);
  if (!response.ok) throw new Error("lunr-index.json " + response.status);
  const data = await response.json();
  const index = lunr.Index.load(data.index);
  const docs = data.docs;

  return {
    /** {candidates, exact, facetCounts() -> Promise, load(candidate) -> Promise<result>} */
    async search(st, parts) {
      const terms = [...new Set(parts.flatMap((p) => p.terms))];
      const refs = !terms.length ? docs.map((_, i) => i) : index.query((q) => {
        for (const t of terms) {
          const single = /^q\d{5}$/.test(t) || /^[a-z0-9]$/.test(t);   // a unigram matches as a prefix
          q.term(t, { presence: lunr.Query.presence.REQUIRED, usePipeline: false,
                      wildcard: single ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE });
        }
      }).map((m) => +m.ref);
      const { matched, counts } = selectDocs(docs, refs, st.facets, st.sort === "date" || !terms.length);
      return {
        candidates: matched,
        exact: true,          // load() keeps every candidate
        facetCounts: async () => counts,
        async load(i) {
          const d = docs[i];
          return { url: d[0], title: d[1], unit: d[2], date: d[3], doc: d[4], no: d[5],
                   validity: (d[7].validity || [])[0], facets: d[7], snippet: snippet(d[6], parts, 0) };
        },
      };
    },
  };
}
