// Paging through candidates: one loop for the page's 加载更多 and for DisclosureSearch.query.
import test from "node:test";
import assert from "node:assert/strict";

import { queryParts } from "../../theme/assets/search/tokens.js";
import { containsParts, countFacets, nextResults, titleFirst } from "../../theme/assets/search/results.js";

/* A search over candidates 0…n-1 whose load gives {url, title} or null for the ones in `fail`;
   batches: the candidates each load call asked for together. */
function search(n, { fail = [], title = () => "其他", q = "预算", sort = "" } = {}) {
  const s = { st: { q, sort, facets: {} }, parts: queryParts(q), candidates: [...Array(n).keys()],
              cursor: 0, dropped: 0, loads: [] };
  s.load = async (c) => {
    s.loads.push(c);
    return fail.includes(c) ? null : { url: "u" + c, title: title(c) };
  };
  return s;
}

test("a page is filled from later candidates when some fail the text check", async () => {
  const s = search(30, { fail: [1, 3, 4, 12] });
  const got = await nextResults(s, 10);
  assert.deepEqual(got.map((r) => r.url), ["u0", "u2", "u5", "u6", "u7", "u8", "u9", "u10", "u11", "u13"]);
  assert.equal(s.dropped, 4);
  assert.equal(s.cursor, 14);
  // each batch asks only for the results still missing: 10, then 3, then 1
  assert.deepEqual(s.loads, [...Array(14).keys()]);
});

test("the next page goes on from the cursor", async () => {
  const s = search(25, { fail: [3] });
  await nextResults(s, 10);
  const second = await nextResults(s, 10);
  assert.deepEqual(second.map((r) => r.url), ["u11", "u12", "u13", "u14", "u15", "u16", "u17", "u18", "u19", "u20"]);
  const third = await nextResults(s, 10);
  assert.deepEqual(third.map((r) => r.url), ["u21", "u22", "u23", "u24"]);
  assert.equal(s.cursor, s.candidates.length);
  assert.deepEqual(await nextResults(s, 10), []);
});

test("every candidate failing: no results, all counted as dropped", async () => {
  const s = search(5, { fail: [0, 1, 2, 3, 4] });
  assert.deepEqual(await nextResults(s, 10), []);
  assert.equal(s.dropped, 5);
  assert.equal(s.cursor, 5);
});

test("a stale search stops loading", async () => {
  const s = search(30, { fail: [0, 1, 2] });
  let calls = 0;
  const got = await nextResults(s, 10, () => calls++ > 0);    // stale after the first batch
  assert.equal(got.length, 7);
  assert.equal(s.cursor, 10);
});

test("within a batch, titles holding the query come first: the whole query, then every part", async () => {
  const titles = { 0: "其他", 1: "预算 公开", 2: "预算公开", 3: "公开", 4: "关于预算的公开说明" };
  const s = search(5, { q: "预算 公开", title: (c) => titles[c] });
  const got = await nextResults(s, 10);
  assert.deepEqual(got.map((r) => r.url), ["u1", "u2", "u4", "u0", "u3"]);
});

test("by date, or without a query, the engine's order stays", () => {
  const rs = [{ title: "其他" }, { title: "预算" }];
  assert.deepEqual(titleFirst(rs, { q: "预算", sort: "date" }, queryParts("预算")), rs);
  assert.deepEqual(titleFirst(rs, { q: "", sort: "" }, []), rs);
});

test("containsParts: every part's key in the text's key", () => {
  assert.equal(containsParts("示例市预算公开", queryParts("预算 公开")), true);
  assert.equal(containsParts("示例市预算", queryParts("预算 公开")), false);
});

test("facet counts are counted over the given results only", () => {
  const results = [
    { facets: { year: ["2026"], unit: ["czj"], validity: ["有效"] } },
    { facets: { year: ["2026"], unit: ["czj", "fgw"] } },
    { facets: { year: ["2025"], unit: ["fgw"] } },
    {},
  ];
  assert.deepEqual(countFacets(results), { year: { 2026: 2, 2025: 1 }, unit: { czj: 2, fgw: 2 }, validity: { 有效: 1 } });
  assert.deepEqual(countFacets([]), {});
});
