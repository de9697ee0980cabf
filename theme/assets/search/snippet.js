/*
 * A result's snippet: a window of its text around the first match of the query, with every match
 * of every query part marked. Pure: it returns text pieces, the page draws them (<mark> for the
 * marked ones), so no text of an item is ever parsed as HTML.
 */
import { keyMap } from "./tokens.js";

const LEAD = 30;      // characters shown before the first match
const LENGTH = 120;   // characters in the window

/** Where each query part occurs in text: [start, end) UTF-16 ranges, sorted by start. */
export function matchRanges(text, parts, km = keyMap(text)) {
  const ranges = [];
  for (const p of parts) {
    for (let i = km.key.indexOf(p.key); i >= 0; i = km.key.indexOf(p.key, i + 1)) {
      ranges.push([km.at[i], km.end[i + p.key.length - 1]]);
    }
  }
  return ranges.sort((a, b) => a[0] - b[0]);
}

/** The snippet of text from skip on (skip: where the body starts) as [{text, mark}], adjacent
 *  unmarked text joined, "…" where the window cuts the text; [] when nothing is left to show.
 *  parts: queryParts(query); km: keyMap(text), if made already. */
export function snippet(text, parts, skip, km) {
  const ranges = matchRanges(text, parts, km);
  const first = ranges.find((r) => r[0] >= skip);
  const start = first ? Math.max(skip, first[0] - LEAD) : skip;
  const end = Math.min(text.length, start + LENGTH);
  const out = [];
  const add = (piece, mark) => {
    if (!piece) return;
    const last = out[out.length - 1];
    if (!mark && last && !last.mark) last.text += piece;
    else out.push({ text: piece, mark });
  };
  if (start > skip) add("…", false);
  let pos = start;
  for (const [from, to] of ranges) {
    if (to <= pos || from >= end) continue;
    const a = Math.max(from, pos), b = Math.min(to, end);
    add(text.slice(pos, a), false);
    add(text.slice(a, b), true);
    pos = b;
  }
  add(text.slice(pos, end), false);
  if (end < text.length) add("…", false);
  return out;
}
