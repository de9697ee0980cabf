/*
 * The query tokeniser of the search page, kept in step with generator/search_tokens.py
 * (tests/js/tokens.test.js compares the two on a fixed list of queries).
 *
 * A query becomes the terms the index holds: Han character bigrams written as "q" + two
 * five-digit numbers, a one-character run as its unigram (matched as a prefix), ASCII words in
 * lower case. No DOM here: node imports this module as it is.
 */

const PREFIX = "q";
const ASTRAL_BASE = 0x20000, ASTRAL_OFFSET = 41000;
// The whitespace Python's str.split() splits queries on in search_tokens.py (str.isspace):
// JavaScript's \s lacks \x1c-\x1f and \x85 and has \ufeff.
const SPACES = /[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

/** The number a Han character is written with in a term, or null for any other character. */
export function hanNumber(ch) {
  const cp = ch.codePointAt(0);
  if ((cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || cp === 0x3007) return cp;
  if (cp >= ASTRAL_BASE && cp < ASTRAL_BASE + (100000 - ASTRAL_OFFSET)) return cp - ASTRAL_BASE + ASTRAL_OFFSET;
  return null;
}

function hanChar(n) {
  return String.fromCodePoint(n < ASTRAL_OFFSET ? n : n - ASTRAL_OFFSET + ASTRAL_BASE);
}

function isAsciiAlnum(ch) {
  const c = ch.charCodeAt(0);
  return ch.length === 1 && ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122));
}

// NFKC of one character, kept only when it gives one letter, digit or Han character
// (full-width ２ becomes 2; ① or ｶ stay as they are, as in search_tokens.normalise).
const normalCache = new Map();
function normalChar(ch) {
  if (ch.charCodeAt(0) < 128) return ch;
  let out = normalCache.get(ch);
  if (out === undefined) {
    const nf = ch.normalize("NFKC");
    out = Array.from(nf).length === 1 && (isAsciiAlnum(nf) || hanNumber(nf) !== null) ? nf : ch;
    normalCache.set(ch, out);
  }
  return out;
}

/** The text with full-width letters and digits (and other compatibility forms of them) as ASCII. */
export function normalise(text) {
  let out = "";
  for (const ch of String(text || "")) out += normalChar(ch);
  return out;
}

function pad5(n) {
  return String(n).padStart(5, "0");
}

/* Pieces of a query: ["han", [numbers]] and ["word", "text"]; everything else separates. */
function pieces(text) {
  const out = [];
  let run = [], word = "";
  for (const ch of normalise(text)) {
    const n = hanNumber(ch);
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

function partSequence(part) {
  const out = [], ps = pieces(part);
  ps.forEach(([kind, value], n) => {
    if (kind === "word") {
      out.push(value.toLowerCase());
    } else if (value.length === 1) {
      out.push(PREFIX + pad5(value[0]));
    } else {
      for (let i = 0; i + 1 < value.length; i++) out.push(PREFIX + pad5(value[i]) + pad5(value[i + 1]));
      if (n + 1 < ps.length) out.push(PREFIX + pad5(value[value.length - 1]));   // the text's run ends here too
    }
  });
  return out;
}

/** All terms of a query in order, with repeats: the words a matching text has side by side
 *  (search_tokens.term_sequence). */
export function termSequence(query) {
  return String(query || "").split(SPACES).flatMap(partSequence);
}

/** The query's terms, each once (search_tokens.query_tokens). */
export function tokens(query) {
  return [...new Set(termSequence(query))];
}

const WORD = /^([^A-Za-z0-9]*)([A-Za-z0-9]*)([\s\S]*)$/;
const TOKEN = /^q(\d{5})(\d{5})?$/;

/** Readable text from a token stream (search_tokens.decode). */
export function decode(stream) {
  const out = [];
  let prev = "";
  for (const w of String(stream || "").split(SPACES)) {
    if (!w) continue;
    const [, lead, token, tail] = WORD.exec(w);
    if (lead) { out.push(lead); prev = ""; }
    const m = TOKEN.exec(token);
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
  }
  return out.join("");
}

/** Letters, digits and Han characters only, lower case: what "contains the query" compares
 *  (search_tokens.match_key). */
export function matchKey(text) {
  let out = "";
  for (const ch of normalise(text).toLowerCase()) {
    if (hanNumber(ch) !== null || isAsciiAlnum(ch)) out += ch;
  }
  return out;
}

/** matchKey(text) with, for each of the key's UTF-16 units j, where the text's character that gave
 *  it starts (at[j]) and ends (end[j]) in text: a match at key.indexOf(…) maps straight to text,
 *  also after characters outside the BMP. */
export function keyMap(text) {
  let key = "";
  const at = [], end = [];
  let i = 0;
  for (const ch of text) {
    for (const k of normalChar(ch).toLowerCase()) {
      if (hanNumber(k) === null && !isAsciiAlnum(k)) continue;
      key += k;
      for (let u = 0; u < k.length; u++) { at.push(i); end.push(i + ch.length); }
    }
    i += ch.length;
  }
  return { key, at, end };
}

/** The query's space-separated parts that hold something searchable: {text, key, terms}. */
export function queryParts(query) {
  return String(query || "").split(SPACES)
    .map((text) => ({ text, key: matchKey(text), terms: termSequence(text) }))
    .filter((p) => p.key && p.terms.length);
}

/** Where the body starts in the text decoded from the index, which begins with the title and its
 *  "。": after the title's letters, digits and Han characters and the punctuation that follows them
 *  (the decoded text has lost the title's spaces, so the title's length would not do).
 *  km: keyMap(text), if made already. */
export function afterTitle(text, title, km = keyMap(text)) {
  const key = matchKey(title);
  if (!key || !km.key.startsWith(key)) return Math.min(text.length, String(title).length + 1);
  return key.length < km.at.length ? km.at[key.length] : text.length;
}
