// The JavaScript tokeniser against the Python one (fixtures/tokens.json, written by tests/test_search_js.py).
import test from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import { afterTitle, decode, keyMap, matchKey, normalise, queryParts, termSequence, tokens }
  from "../../theme/assets/search/tokens.js";

const fixture = JSON.parse(readFileSync(new URL("fixtures/tokens.json", import.meta.url), "utf8"));

test("every query gives the Python tokeniser's terms, term sequence, match key and normal form", () => {
  const differ = [];
  for (const c of fixture.queries) {
    const js = { tokens: tokens(c.query), termSequence: termSequence(c.query), matchKey: matchKey(c.query),
                 normalise: normalise(c.query) };
    const py = { tokens: c.tokens, termSequence: c.termSequence, matchKey: c.matchKey, normalise: c.normalise };
    if (JSON.stringify(js) !== JSON.stringify(py)) differ.push({ query: c.query, js, py });
  }
  assert.deepEqual(differ, []);
});

test("decode gives back the Python decoder's text of every stream", () => {
  for (const c of fixture.decode) assert.equal(decode(c.stream), c.text, JSON.stringify(c.stream));
});

test("the body starts right after the title, whatever spaces the title had", () => {
  for (const c of fixture.afterTitle) assert.equal(c.text.slice(afterTitle(c.text, c.title)), c.rest, c.title);
});

test("a title the text does not start with: its length and the 。 are skipped", () => {
  assert.equal(afterTitle("别的标题。正文", "标题"), 3);
  assert.equal(afterTitle("短", "很长的标题"), 1);
});

test("keyMap: the match key, and where each of its UTF-16 units comes from in the text", () => {
  const km = keyMap("𠀀 Ａb，示");
  assert.equal(km.key, "𠀀ab示");
  assert.deepEqual(km.at, [0, 0, 3, 4, 6]);
  assert.deepEqual(km.end, [2, 2, 4, 5, 7]);
  for (const c of fixture.queries) assert.equal(keyMap(c.query).key, c.matchKey, JSON.stringify(c.query));
  for (const c of fixture.decode) assert.equal(keyMap(c.text).key, matchKey(c.text), JSON.stringify(c.text));
});

test("query parts: one per space-separated part that holds a letter, digit or Han character", () => {
  assert.deepEqual(queryParts(" 预算  PDF 。，"), [
    { text: "预算", key: "预算", terms: termSequence("预算") },
    { text: "PDF", key: "pdf", terms: ["pdf"] },
  ]);
  assert.deepEqual(queryParts(""), []);
});
