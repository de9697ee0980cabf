/*
 * 检索页 (/search/) of 示例市人民政府信息公开.
 *
 * DisclosureSearch.tokens(query) turns a query into the same terms as
 * generator/search_tokens.py query_tokens(): Han character bigrams written
 * as "q" + two five-digit numbers, a one-character run as its unigram
 * (matched as a prefix), ASCII words in lower case. Tests compare the two.
 *
 * Engines: Pagefind (index bundle(s) under pagefind/, merged with
 * mergeIndex when the site is sharded) or lunr (search/lunr-index.json and
 * lunr.js). The page's state is in the URL: ?q=…&sort=date&category=…&unit=…
 * (repeated for several values); the back button restores it.
 */
(function () {
  "use strict";

  // -- tokeniser (keep in step with generator/search_tokens.py) ---------------
  var PREFIX = "q";
  var ASTRAL_BASE = 0x20000, ASTRAL_OFFSET = 41000;

  function hanNumber(ch) {
    var cp = ch.codePointAt(0);
    if ((cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || cp === 0x3007) return cp;
    if (cp >= ASTRAL_BASE && cp < ASTRAL_BASE + (100000 - ASTRAL_OFFSET)) return cp - ASTRAL_BASE + ASTRAL_OFFSET;
    return null;
  }
  function hanChar(n) {
    return String.fromCodePoint(n < ASTRAL_OFFSET ? n : n - ASTRAL_OFFSET + ASTRAL_BASE);
  }
  function isAsciiAlnum(ch) {
    var c = ch.charCodeAt(0);
    return ch.length === 1 && ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122));
  }
  var normalCache = Object.create(null);
  function normalChar(ch) {
    if (ch.charCodeAt(0) < 128) return ch;
    var out = normalCache[ch];
    if (out === undefined) {
      var nf = ch.normalize("NFKC");
      var ok = Array.from(nf).length === 1 && (isAsciiAlnum(nf) || hanNumber(nf) !== null);
      out = normalCache[ch] = ok ? nf : ch;
    }
    return out;
  }
  function normalise(text) {
    var out = "";
    for (var ch of String(text || "")) out += normalChar(ch);
    return out;
  }
  function pad5(n) { return ("0000" + n).slice(-5); }

  /* Pieces of a query: ["han", [numbers]] and ["word", "text"]; everything else separates. */
  function pieces(text) {
    var out = [], run = [], word = "";
    for (var ch of normalise(text)) {
      var n = hanNumber(ch);
      if (n !== null) {
        if (word) { out.push(["word", word]); word = ""; }
        run.push(n);
        continue;
      }
      if (run.length) { out.push(["han", run]); run = []; }
      if (isAsciiAlnum(ch)) { word += ch; continue; }
      if (word) { out.push(["word", word]); word = ""; }
    }
    if (run.length) out.push(["han", run]);
    if (word) out.push(["word", word]);
    return out;
  }

  /* All terms of a query in order, with repeats: the words a matching text has side by side
     (generator/search_tokens.py term_sequence). */
  function termSequence(query) {
    var out = [];
    String(query || "").split(/\s+/).forEach(function (part) { out = out.concat(partSequence(part)); });
    return out;
  }
  function partSequence(part) {
    var out = [], ps = pieces(part);
    ps.forEach(function (p, n) {
      if (p[0] === "han") {
        var v = p[1];
        if (v.length === 1) out.push(PREFIX + pad5(v[0]));
        else {
          for (var i = 0; i + 1 < v.length; i++) out.push(PREFIX + pad5(v[i]) + pad5(v[i + 1]));
          if (n + 1 < ps.length) out.push(PREFIX + pad5(v[v.length - 1]));   // the text's run ends here too
        }
      } else {
        out.push(p[1].toLowerCase());
      }
    });
    return out;
  }

  function tokens(query) {
    var seen = Object.create(null);
    return termSequence(query).filter(function (t) { return seen[t] ? false : (seen[t] = true); });
  }

  var WORD = /^([^A-Za-z0-9]*)([A-Za-z0-9]*)([\s\S]*)$/;
  var TOKEN = /^q(\d{5})(\d{5})?$/;

  /* Readable text from a token stream (generator/search_tokens.py decode). */
  function decode(stream) {
    var out = [], prev = "";
    String(stream || "").split(/\s+/).forEach(function (w) {
      if (!w) return;
      var g = WORD.exec(w), lead = g[1], token = g[2], tail = g[3];
      if (lead) { out.push(lead); prev = ""; }
      var m = TOKEN.exec(token);
      if (m && m[2] !== undefined) {
        out.push(prev === "bigram" ? hanChar(+m[2]) : hanChar(+m[1]) + hanChar(+m[2]));
        prev = "bigram";
      } else if (m) {
        if (prev !== "bigram") out.push(hanChar(+m[1]));
        prev = "";
      } else if (token) {
        if (prev === "word") out.push(" ");
        out.push(token);
        prev = "word";
      }
      if (tail) { out.push(tail); prev = ""; }
    });
    return out.join("");
  }

  /* Letters, digits and Han characters only, lower case: what "contains the query" compares. */
  function matchKey(text) {
    var out = "";
    for (var ch of normalise(text).toLowerCase()) {
      if (hanNumber(ch) !== null || isAsciiAlnum(ch)) out += ch;
    }
    return out;
  }

  /* matchKey plus, for every key character, its index in text (UTF-16 offsets). */
  function keyMap(text) {
    var key = [], at = [], i = 0;
    for (var ch of text) {
      var n = normalChar(ch).toLowerCase();
      if (hanNumber(n) !== null || isAsciiAlnum(n)) { key.push(n); at.push(i); }
      i += ch.length;
    }
    return { key: key.join(""), at: at };
  }

  function queryParts(query) {
    return String(query || "").split(/\s+/).map(function (p) {
      return { text: p, key: matchKey(p), terms: termSequence(p) };
    }).filter(function (p) { return p.key && p.terms.length; });
  }

  /* Where the body starts in the text decoded from the index, which begins with the title and its
     "。": after the title's letters, digits and Han characters and the punctuation that follows them
     (the decoded text has lost the title's spaces, so its length in characters would not do).
     km: keyMap(text), if made already. */
  function afterTitle(text, title, km) {
    var key = Array.from(matchKey(title));
    km = km || keyMap(text);
    if (!key.length || Array.from(km.key).slice(0, key.length).join("") !== key.join("")) {
      return Math.min(text.length, String(title).length + 1);
    }
    return key.length < km.at.length ? km.at[key.length] : text.length;
  }

  var api = { tokens: tokens, termSequence: termSequence, decode: decode, matchKey: matchKey,
              normalise: normalise, queryParts: queryParts, afterTitle: afterTitle };
  window.DisclosureSearch = api;

  // -- the page ---------------------------------------------------------------
  var configEl = document.getElementById("dc-search-config");
  if (!configEl) return;
  var cfg = JSON.parse(configEl.textContent);
  var FACETS = ["category", "sector", "unit", "year", "validity"];
  var root = new URL("../", window.location.href);
  var form = document.getElementById("dc-search-form");
  var input = document.getElementById("dc-search-q");
  var sortSel = document.getElementById("dc-search-sort");
  var statusEl = document.getElementById("dc-search-status");
  var facetsEl = form.querySelector(".dc-search__facets");
  var list = document.getElementById("dc-search-results");
  var more = document.getElementById("dc-search-more");
  var pageSize = cfg.pageSize || 10;

  function stateFromUrl() {
    var p = new URLSearchParams(window.location.search);
    var st = { q: (p.get("q") || "").trim(), sort: p.get("sort") === "date" ? "date" : "", facets: {} };
    FACETS.forEach(function (f) {
      var v = p.getAll(f).filter(function (x) { return x && cfg.labels[f] && x in cfg.labels[f]; });
      if (v.length) st.facets[f] = v;
    });
    return st;
  }
  function stateFromForm() {
    var st = { q: input.value.trim(), sort: sortSel.value === "date" ? "date" : "", facets: {} };
    FACETS.forEach(function (f) {
      var v = Array.prototype.map.call(form.querySelectorAll('input[name="' + f + '"]:checked'), function (b) { return b.value; });
      if (v.length) st.facets[f] = v;
    });
    return st;
  }
  function urlOf(st) {
    var p = new URLSearchParams();
    if (st.q) p.set("q", st.q);
    if (st.sort) p.set("sort", st.sort);
    FACETS.forEach(function (f) { (st.facets[f] || []).forEach(function (v) { p.append(f, v); }); });
    var s = p.toString();
    return window.location.pathname + (s ? "?" + s : "");
  }
  function fillForm(st) {
    input.value = st.q;
    sortSel.value = st.sort;
    FACETS.forEach(function (f) {
      form.querySelectorAll('input[name="' + f + '"]').forEach(function (b) {
        b.checked = (st.facets[f] || []).indexOf(b.value) >= 0;
      });
    });
  }
  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  /* Snippet around the first match, every match of every part in <mark> (km: keyMap(text), if made already). */
  function snippet(text, parts, skip, km) {
    var ranges = [];
    km = km || keyMap(text);
    parts.forEach(function (p) {
      var from = 0, i;
      while ((i = km.key.indexOf(p.key, from)) >= 0) {
        ranges.push([km.at[i], km.at[i + p.key.length - 1] + 1]);
        from = i + 1;
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var first = ranges.filter(function (r) { return r[0] >= skip; })[0] || null;
    var start = first ? Math.max(skip, first[0] - 30) : skip;
    var end = Math.min(text.length, start + 120);
    var html = start > skip ? "…" : "", pos = start;
    ranges.forEach(function (r) {
      if (r[1] <= pos || r[0] >= end) return;
      var a = Math.max(r[0], pos), b = Math.min(r[1], end);
      html += escapeHtml(text.slice(pos, a)) + "<mark>" + escapeHtml(text.slice(a, b)) + "</mark>";
      pos = b;
    });
    html += escapeHtml(text.slice(pos, end)) + (end < text.length ? "…" : "");
    return html;
  }
  function contains(key, parts) {
    return parts.every(function (p) { return key.indexOf(p.key) >= 0; });
  }
  /* The terms a part is searched with: of its term sequence, every other one (0, 2, 4, …) and the
     last, which still cover every character of the part (a run of k characters: about k/2 bigrams
     instead of k-1, so Pagefind loads fewer index chunks), with their offsets in the sequence. */
  function coverTerms(seq) {
    var idx = [];
    for (var i = 0; i < seq.length; i += 2) idx.push(i);
    if (seq.length && idx[idx.length - 1] !== seq.length - 1) idx.push(seq.length - 1);
    return idx.map(function (i) { return { term: seq[i], offset: i }; });
  }
  /* Whether word positions hold, for every part, its cover terms' offsets from one start position. */
  function partsInPlace(words, parts) {
    var have = Object.create(null);
    (words || []).forEach(function (w) { have[w] = true; });
    return parts.every(function (p) {
      var offs = coverTerms(p.terms).map(function (c) { return c.offset; });
      return (words || []).some(function (w) {
        return offs.every(function (o) { return have[w + o]; });
      });
    });
  }

  // -- engines: search(state) -> {candidates, facetCounts, load(candidate) -> result|null} --
  var enginePromise = null;

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src; s.onload = resolve; s.onerror = function () { reject(new Error(src)); };
      document.head.appendChild(s);
    });
  }

  /* An item URL relative to the site root, from what Pagefind returns (site path + URL, or absolute). */
  function siteRelative(url) {
    var u = String(url);
    if (u.indexOf(root.href) === 0) return u.slice(root.href.length);
    if (u.indexOf(root.pathname) === 0) return u.slice(root.pathname.length);
    return u.replace(/^\//, "");
  }

  /* Facet value -> how many candidates have it. Pagefind counts every result of its search (res.filters,
     with the chosen filters applied); when the word positions dropped some results, each value that
     Pagefind counted is recounted over the candidates with the same terms and that value as the filter,
     which needs no chunk that is not loaded already. (A filter-only search, pf.search(null), made
     Pagefind 1.5 fetch every index chunk of every shard: 52 MB for one query at 10,000 items.) */
  function pagefindCounts(pf, res, cands, query) {
    var counts = res.filters || {};
    if (cands.length === res.results.length) return Promise.resolve(counts);
    var keep = Object.create(null), jobs = [], out = {};
    cands.forEach(function (r) { keep[r.id] = true; });
    Object.keys(counts).forEach(function (f) {
      out[f] = {};
      Object.keys(counts[f]).forEach(function (v) {
        if (!counts[f][v]) return;
        var fs = {};
        fs[f] = { any: [v] };          // the candidates already satisfy the chosen filters
        jobs.push(pf.search(query, { filters: fs }).then(function (r2) {
          out[f][v] = r2.results.filter(function (r) { return keep[r.id]; }).length;
        }));
      });
    });
    return Promise.all(jobs).then(function () { return out; });
  }

  function pagefindEngine() {
    return import(new URL(cfg.pagefind[0] + "pagefind.js", root).href).then(function (pf) {
      // baseUrl: result URLs come back as <site path><item url>; siteRelative() takes the site path off
      return pf.options({ excerptLength: 0, baseUrl: root.pathname }).then(function () {
        return cfg.pagefind.slice(1).reduce(function (p, path) {
          return p.then(function () { return pf.mergeIndex(new URL(path, root).href, { baseUrl: root.pathname }); });
        }, Promise.resolve());
      }).then(function () { return pf.init && pf.init(); }).then(function () {
        // Pagefind counts filter values in a search only once the filter files are loaded (else
        // res.filters is {} and every facet showed （0））: the engine is ready when they are.
        return Promise.resolve(pf.filters()).catch(function () { return null; });
      }).then(function () {
        return {
          search: function (st, parts) {
            var terms = [], seen = {};
            parts.forEach(function (p) { coverTerms(p.terms).forEach(function (c) { if (!seen[c.term]) { seen[c.term] = 1; terms.push(c.term); } }); });
            var filters = {};
            Object.keys(st.facets).forEach(function (f) { filters[f] = { any: st.facets[f] }; });
            var opts = { filters: filters };
            if (st.sort === "date" || !terms.length) opts.sort = { date: "desc" };
            return pf.search(terms.length ? terms.join(" ") : null, opts).then(function (res) {
              var cands = terms.length ? res.results.filter(function (r) { return partsInPlace(r.words, parts); }) : res.results;
              return {
                candidates: cands,
                // asked for once the first results are shown: a recount is one Pagefind search per value
                facetCounts: function () { return pagefindCounts(pf, res, cands, terms.join(" ")); },
                load: function (r) {
                  return r.data().then(function (d) {
                    var text = decode(d.content);
                    var title = d.meta.title || "";
                    if (parts.length && !contains(matchKey(text), parts)) return null;
                    var km = keyMap(text);      // for the title's end and the snippet
                    return { url: siteRelative(d.url), title: title, unit: d.meta.unit, date: d.meta.date, doc: d.meta.doc,
                             no: d.meta.no, validity: d.meta.validity,
                             snippet: snippet(text, parts, afterTitle(text, title, km), km) };
                  });
                }
              };
            });
          }
        };
      });
    });
  }

  /* lunr.js 2.3.9 (the copy MkDocs ships) shrinks the index's word list into a trie whose equal
     branches are merged, found by a key of each node: its final flag, then each edge's character
     followed by the child node's number. With digits as edge characters (every token here is "q"
     and ten digits) two different nodes can get the same key (an edge "1" to node 123 reads like
     edges "1" to node 1 and "2" to node 3), and the merged trie loses words that are in the index
     (lunr.js issue 503): on the sample content with four real laws added, 人以 (in two of them)
     found nothing. The key below puts a separator before each edge, and an edge's character is
     always one code unit, so it is unique. */
  function fixTokenSetKeys(lunr) {
    lunr.TokenSet.prototype.toString = function () {
      if (this._str) return this._str;
      var labels = Object.keys(this.edges).sort(), key = this.final ? "1" : "0";
      for (var i = 0; i < labels.length; i++) key += "|" + labels[i] + this.edges[labels[i]].id;
      return (this._str = key);
    };
  }

  function lunrEngine() {
    return loadScript(new URL("search/lunr.js", root).href).then(function () {
      fixTokenSetKeys(window.lunr);
      return fetch(new URL(cfg.lunr, root).href);
    }).then(function (r) {
      if (!r.ok) throw new Error("lunr-index.json " + r.status);
      return r.json();
    }).then(function (data) {
      var index = window.lunr.Index.load(data.index);
      var docs = data.docs;
      return {
        search: function (st, parts) {
          var terms = [], seen = {};
          parts.forEach(function (p) { p.terms.forEach(function (t) { if (!seen[t]) { seen[t] = 1; terms.push(t); } }); });
          var refs;
          if (terms.length) {
            refs = index.query(function (q) {
              terms.forEach(function (t) {
                var single = /^q\d{5}$/.test(t) || /^[a-z0-9]$/.test(t);
                q.term(t, { presence: window.lunr.Query.presence.REQUIRED, usePipeline: false,
                            wildcard: single ? window.lunr.Query.wildcard.TRAILING : window.lunr.Query.wildcard.NONE });
              });
            }).map(function (m) { return +m.ref; });
          } else {
            refs = docs.map(function (_, i) { return i; });
          }
          var counts = {};
          var matched = refs.filter(function (i) {
            var f = docs[i][7];
            return FACETS.every(function (k) {
              var want = st.facets[k];
              return !want || (f[k] || []).some(function (v) { return want.indexOf(v) >= 0; });
            });
          });
          matched.forEach(function (i) {
            var f = docs[i][7];
            Object.keys(f).forEach(function (k) {
              counts[k] = counts[k] || {};
              f[k].forEach(function (v) { counts[k][v] = (counts[k][v] || 0) + 1; });
            });
          });
          if (st.sort === "date" || !terms.length) {
            matched = matched.map(function (i, n) { return [i, n]; }).sort(function (a, b) {
              return docs[a[0]][3] < docs[b[0]][3] ? 1 : docs[a[0]][3] > docs[b[0]][3] ? -1 : a[1] - b[1];
            }).map(function (x) { return x[0]; });
          }
          return Promise.resolve({
            candidates: matched,
            facetCounts: function () { return Promise.resolve(counts); },
            load: function (i) {
              var d = docs[i];
              return Promise.resolve({ url: d[0], title: d[1], unit: d[2], date: d[3], doc: d[4], no: d[5],
                                       validity: (d[7].validity || [])[0], snippet: snippet(d[6], parts, 0) });
            }
          });
        }
      };
    });
  }

  function engine() {
    if (!enginePromise) {
      enginePromise = cfg.engine === "lunr" ? lunrEngine() : pagefindEngine();
      enginePromise.then(function () { api.engineReady = true; }, function () {});
    }
    return enginePromise;
  }

  /* Within what was loaded, a result whose title contains the query comes first (relevance order only). */
  function titleFirst(results, st, parts) {
    if (st.sort === "date" || !parts.length) return results;
    var whole = matchKey(st.q);
    return results.map(function (r, i) {
      var k = matchKey(r.title);
      var rank = parts.every(function (p) { return k.indexOf(p.key) >= 0; }) ? (k === whole ? 0 : 1) : 2;
      return [rank, i, r];
    }).sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; }).map(function (x) { return x[2]; });
  }

  /* For tests and benchmarks: the page's own search, without the page.
     query(q, {limit, sort, facets}) -> {candidates, dropped, urls (verified, shown order), exhausted} */
  api.query = function (q, opts) {
    opts = opts || {};
    var st = { q: q, sort: opts.sort || "", facets: opts.facets || {} }, parts = queryParts(q);
    if (!parts.length && !Object.keys(st.facets).length) {
      return Promise.resolve({ candidates: 0, dropped: 0, exhausted: true, urls: [] });
    }
    return engine().then(function (eng) { return eng.search(st, parts); }).then(function (res) {
      var limit = opts.limit || pageSize, out = [], i = 0, dropped = 0;
      function step() {
        if (out.length >= limit || i >= res.candidates.length) return Promise.resolve();
        var batch = res.candidates.slice(i, i + (limit - out.length));
        i += batch.length;
        return Promise.all(batch.map(res.load)).then(function (rs) {
          var fresh = rs.filter(function (r) { if (!r) dropped++; return r; });
          out = out.concat(titleFirst(fresh, st, parts));
          return step();
        });
      }
      return step().then(function () {
        return { candidates: res.candidates.length, dropped: dropped, exhausted: i >= res.candidates.length,
                 urls: out.map(function (r) { return r.url; }) };
      });
    });
  };

  // -- rendering ------------------------------------------------------------------
  var current = null;   // {run, cursor, candidates, shown, dropped}
  var runId = 0;

  function renderResult(r) {
    var li = document.createElement("li");
    li.className = "dc-search__result";
    var meta = [];
    if (r.unit) meta.push('<span class="dc-r-unit">' + escapeHtml(r.unit) + "</span>");
    if (r.date) meta.push('<time datetime="' + escapeHtml(r.date) + '">' + escapeHtml(r.date) + "</time>");
    if (r.doc) meta.push('<span class="dc-r-doc">' + escapeHtml(r.doc) + "</span>");
    if (r.validity) meta.push('<span class="dc-r-validity">' + escapeHtml(r.validity) + "</span>");
    li.innerHTML = '<h2 class="dc-r-title"><a href="' + escapeHtml(new URL(r.url, root).href) + '">' + escapeHtml(r.title) + "</a></h2>" +
      '<p class="dc-r-meta">' + meta.join('<span aria-hidden="true"> · </span>') + "</p>" +
      (r.snippet ? '<p class="dc-r-snippet">' + r.snippet + "</p>" : "") +
      '<p class="dc-r-no">索引号：' + escapeHtml(r.no || "") + "</p>";
    list.appendChild(li);
  }

  /* Each value's （n）; counts null: blank while they are being counted. */
  function updateFacetCounts(counts) {
    FACETS.forEach(function (f) {
      form.querySelectorAll('input[name="' + f + '"]').forEach(function (b) {
        var span = b.parentNode.querySelector(".dc-facet-count");
        if (span) span.textContent = counts ? "（" + ((counts[f] || {})[b.value] || 0) + "）" : "";
      });
    });
  }

  function describe(st, total, approx) {
    var bits = [];
    if (st.q) bits.push("“" + st.q + "”");
    var n = 0;
    FACETS.forEach(function (f) { n += (st.facets[f] || []).length; });
    if (n) bits.push("已选 " + n + " 个筛选条件");
    return (bits.length ? bits.join("，") + "：" : "") + "共找到 " + (approx ? "约 " : "") + total + " 条结果" +
      (st.sort === "date" ? "，按发布日期从新到旧排列" : "") + "。";
  }

  function showMore() {
    var cur = current, my = cur.run;
    more.disabled = true;
    var wanted = pageSize, got = [];
    function step() {
      if (my !== runId) return Promise.resolve();
      if (got.length >= wanted || cur.cursor >= cur.candidates.length) return Promise.resolve();
      var batch = cur.candidates.slice(cur.cursor, cur.cursor + (wanted - got.length));
      cur.cursor += batch.length;
      return Promise.all(batch.map(cur.load)).then(function (rs) {
        var fresh = rs.filter(function (r) { if (!r) cur.dropped++; return r; });
        got = got.concat(titleFirst(fresh, cur.st, cur.parts));
        return step();
      });
    }
    return step().then(function () {
      if (my !== runId) return;
      var focusFirst = cur.shown > 0 && got.length > 0;
      var firstNew = null;
      got.forEach(function (r) { renderResult(r); if (!firstNew) firstNew = list.lastElementChild; });
      cur.shown += got.length;
      var total = cur.candidates.length - cur.dropped;
      var done = cur.cursor >= cur.candidates.length;
      statusEl.textContent = total ? describe(cur.st, total, !done && cur.dropped > 0) +
        "当前显示第 1—" + cur.shown + " 条。" : describe(cur.st, 0, false) + "请尝试更短的检索词或减少筛选条件。";
      more.hidden = done;
      more.disabled = false;
      if (focusFirst && firstNew) {
        var a = firstNew.querySelector("a");
        if (a) a.focus();
      }
    });
  }

  function run(st) {
    var my = ++runId;
    fillForm(st);
    list.innerHTML = "";
    more.hidden = true;
    var parts = queryParts(st.q);
    var hasFacet = Object.keys(st.facets).length > 0;
    if (!parts.length && !hasFacet) {
      document.body.removeAttribute("aria-busy");
      facetsEl.removeAttribute("aria-busy");
      updateFacetCounts(null);
      statusEl.textContent = st.q ? "检索词中没有可检索的文字，请输入汉字、字母或数字。" : "请输入检索词，或选择筛选条件浏览信息。";
      document.title = "检索 - " + document.title.replace(/^.*? - /, "");
      return Promise.resolve();
    }
    statusEl.textContent = "正在检索……";
    document.body.setAttribute("aria-busy", "true");
    facetsEl.setAttribute("aria-busy", "true");
    updateFacetCounts(null);
    return engine().then(function (eng) { return eng.search(st, parts); }).then(function (res) {
      if (my !== runId) return;
      current = { run: my, st: st, parts: parts, candidates: res.candidates, load: res.load, cursor: 0, shown: 0, dropped: 0 };
      return showMore().then(function () {
        // The results first, then the facet counts (when word positions dropped results, Pagefind
        // recounts them with one search per value: seconds at 10,000 items).
        if (my !== runId) return;
        document.body.removeAttribute("aria-busy");
        return res.facetCounts().then(function (counts) { if (my === runId) updateFacetCounts(counts); });
      });
    }).catch(function (err) {
      if (my !== runId) return;
      statusEl.textContent = "检索暂时无法使用，请稍后再试，或按公开类别、发布机构浏览。";
      if (window.console) console.error(err);
    }).then(function () {
      if (my !== runId) return;
      document.body.removeAttribute("aria-busy");
      facetsEl.removeAttribute("aria-busy");
    });
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var st = stateFromForm();
    window.history.pushState(null, "", urlOf(st));
    run(st);
  });
  form.addEventListener("change", function (e) {
    if (e.target && (e.target.name === "sort" || FACETS.indexOf(e.target.name) >= 0)) {
      var st = stateFromForm();
      window.history.replaceState(null, "", urlOf(st));
      run(st);
    }
  });
  document.getElementById("dc-search-clear").addEventListener("click", function () {
    var st = stateFromForm();
    st.facets = {};
    window.history.pushState(null, "", urlOf(st));
    run(st);
  });
  more.addEventListener("click", function () { if (current) showMore(); });
  window.addEventListener("popstate", function () { run(stateFromUrl()); });

  // The header's search box on this page edits the same query.
  var headerBox = document.getElementById("dc-q");
  if (headerBox && headerBox.form) {
    headerBox.form.addEventListener("submit", function (e) {
      e.preventDefault();
      var st = stateFromForm();
      st.q = headerBox.value.trim();
      window.history.pushState(null, "", urlOf(st));
      run(st);
      input.focus();
    });
  }
  var initial = stateFromUrl();
  if (headerBox) headerBox.value = initial.q;
  run(initial);
  // Pagefind: load its runtime, every shard's metadata and the filters while the reader types, so the
  // first query fetches only the index chunks of its terms and the fragments of the shown results
  // (DisclosureSearch.engineReady says when that is done).
  if (cfg.engine === "pagefind") setTimeout(function () { engine().catch(function () { enginePromise = null; }); }, 0);
  api.ready = true;
})();
