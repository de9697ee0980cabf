// The engines' pure parts: Pagefind's cover terms and word positions, lunr's facets.
import test from "node:test";
import assert from "node:assert/strict";

import { queryParts, termSequence } from "../../theme/assets/search/tokens.js";
import { coverTerms, partsInPlace, positionsDecide } from "../../theme/assets/search/pagefind.js";
import { selectDocs } from "../../theme/assets/search/lunr.js";

test("cover terms: every other term of the sequence and the last, with their offsets", () => {
  const seq = termSequence("春耕生产扶持");             // five bigrams
  assert.deepEqual(coverTerms(seq).map((c) => c.offset), [0, 2, 4]);
  assert.deepEqual(coverTerms(termSequence("春耕生产")).map((c) => c.offset), [0, 2]);
  assert.deepEqual(coverTerms(["a"]), [{ term: "a", offset: 0 }]);
  assert.deepEqual(coverTerms([]), []);
  assert.deepEqual(coverTerms(seq).map((c) => c.term), [seq[0], seq[2], seq[4]]);
});

test("cover terms: words, numbers and single characters are always searched, bigrams between bigrams may not be", () => {
  // 〔2026〕9号: "2026", "9", 号; "9" between two searched terms proves nothing about itself
  const doc = termSequence("[2026]9号");
  assert.deepEqual(coverTerms(doc).map((c) => c.offset), [0, 1, 2]);
  // an index number: code, year and serial are all searched
  assert.deepEqual(coverTerms(termSequence("11159900K9000005XE/2026-00004")).map((c) => c.offset), [0, 1, 2]);
  // 2026年9号: the single character 年 stands alone between two numbers
  assert.equal(coverTerms(termSequence("2026年9号")).length, termSequence("2026年9号").length);
  // a run after a word: its first bigram follows no bigram, so it is searched
  const mixed = termSequence("9号文件精神");          // "9", 号文, 文件, 件精, 精神
  assert.deepEqual(coverTerms(mixed).map((c) => c.offset), [0, 1, 3, 4]);
});

test("positions decide the results of Han text only", () => {
  assert.equal(positionsDecide(queryParts("春耕生产扶持")), true);
  assert.equal(positionsDecide(queryParts("预算 公开")), true);
  assert.equal(positionsDecide(queryParts("局")), true);
  assert.equal(positionsDecide(queryParts("[2026]9号")), false);      // "9" also finds 90, 91 …
  assert.equal(positionsDecide(queryParts("11159900K9000005XE/2026-00004")), false);
  assert.equal(positionsDecide([]), true);                            // filters only: nothing to check
});

test("word positions: each part's cover terms must start from one position", () => {
  const parts = queryParts("春耕生产扶持");               // cover offsets 0, 2, 4
  assert.equal(partsInPlace([7, 9, 11], parts), true);
  assert.equal(partsInPlace([3, 7, 9, 12], parts), false);    // 7 and 9, but no 11
  assert.equal(partsInPlace([], parts), false);
  assert.equal(partsInPlace(undefined, parts), false);
  // two parts, each in place somewhere
  assert.equal(partsInPlace([1, 20], queryParts("预算 公开")), true);
});

// lunr records: [url, title, unit, date, doc, no, text, facets]
const docs = [
  ["a/", "甲", "财政局", "2026-03-01", "", "1", "", { unit: ["czj"], year: ["2026"] }],
  ["b/", "乙", "发展改革委", "2026-05-01", "", "2", "", { unit: ["fgw"], year: ["2026"] }],
  ["c/", "丙", "财政局", "2025-12-01", "", "3", "", { unit: ["czj", "fgw"], year: ["2025"] }],
  ["d/", "丁", "财政局", "2026-05-01", "", "4", "", { unit: ["czj"], year: ["2026"] }],
];

test("lunr: one chosen value of every chosen facet, counts over what is left", () => {
  const { matched, counts } = selectDocs(docs, [0, 1, 2, 3], { unit: ["czj"] }, false);
  assert.deepEqual(matched, [0, 2, 3]);
  assert.deepEqual(counts, { unit: { czj: 3, fgw: 1 }, year: { 2026: 2, 2025: 1 } });
  assert.deepEqual(selectDocs(docs, [3, 1, 0], { unit: ["czj", "fgw"], year: ["2026"] }, false).matched, [3, 1, 0]);
});

test("lunr: newest first by date, equal dates in lunr's order", () => {
  assert.deepEqual(selectDocs(docs, [0, 3, 2, 1], {}, true).matched, [3, 1, 0, 2]);
  assert.deepEqual(selectDocs(docs, [0, 1, 2, 3], {}, true).matched, [1, 3, 0, 2]);
});
