// The page's state in its URL.
import test from "node:test";
import assert from "node:assert/strict";

import { describe, parseState, stateQuery } from "../../theme/assets/search/state.js";

const labels = { category: { regulations: "规章", budget: "财政预算" }, unit: { czj: "财政局", fgw: "发展改革委" },
                 year: { 2026: "2026年" }, sector: {}, validity: { "有效": "有效" } };

test("query, sort and known facet values, in the URL's order", () => {
  assert.deepEqual(parseState("?q=%20预算%20&sort=date&unit=fgw&unit=czj&year=2026", labels),
                   { q: "预算", sort: "date", facets: { unit: ["fgw", "czj"], year: ["2026"] } });
});

test("unknown values, unknown sorts and empty values are ignored", () => {
  assert.deepEqual(parseState("?sort=title&unit=nope&unit=&category=toString&category=__proto__&other=1", labels),
                   { q: "", sort: "", facets: {} });
  assert.deepEqual(parseState("", {}), { q: "", sort: "", facets: {} });
});

test("the query string: q, sort, then the facets in their fixed order", () => {
  const st = { q: "预算 公开", sort: "date", facets: { year: ["2026"], unit: ["czj", "fgw"], validity: ["有效"] } };
  assert.equal(stateQuery(st), "?q=%E9%A2%84%E7%AE%97+%E5%85%AC%E5%BC%80&sort=date&unit=czj&unit=fgw&year=2026"
                               + "&validity=%E6%9C%89%E6%95%88");
  assert.deepEqual(parseState(stateQuery(st), labels), st);
  assert.equal(stateQuery({ q: "", sort: "", facets: {} }), "");
});

test("the status line", () => {
  assert.equal(describe({ q: "预算", sort: "", facets: {} }, 12, false), "“预算”：共找到 12 条结果。");
  assert.equal(describe({ q: "预算", sort: "date", facets: { unit: ["czj", "fgw"], year: ["2026"] } }, 3, true),
               "“预算”，已选 3 个筛选条件：共找到 约 3 条结果，按发布日期从新到旧排列。");
  assert.equal(describe({ q: "", sort: "", facets: { year: ["2026"] } }, 0, false), "已选 1 个筛选条件：共找到 0 条结果。");
});
