// The snippet: the window around the first match, every match marked, the title skipped.
import test from "node:test";
import assert from "node:assert/strict";

import { queryParts } from "../../theme/assets/search/tokens.js";
import { matchRanges, snippet } from "../../theme/assets/search/snippet.js";

const show = (pieces) => pieces.map((p) => (p.mark ? "[" + p.text + "]" : p.text)).join("");

test("every match of every part is marked, in a short text shown whole", () => {
  const text = "预算公开：部门预算与决算公开。";
  assert.equal(show(snippet(text, queryParts("预算 公开"), 0)), "[预算][公开]：部门[预算]与决算[公开]。");
});

test("unmarked text comes as one piece between marks", () => {
  assert.deepEqual(snippet("甲乙预算丙丁", queryParts("预算"), 0),
                   [{ text: "甲乙", mark: false }, { text: "预算", mark: true }, { text: "丙丁", mark: false }]);
});

test("the window starts 30 characters before the first match and is 120 long, … where it cuts", () => {
  const text = "一".repeat(100) + "预算" + "二".repeat(200);
  const pieces = snippet(text, queryParts("预算"), 0);
  assert.equal(show(pieces), "…" + "一".repeat(30) + "[预算]" + "二".repeat(88) + "…");
});

test("no … before a window that starts at the body", () => {
  const text = "一".repeat(10) + "预算" + "二".repeat(200);
  assert.equal(show(snippet(text, queryParts("预算"), 0)), "一".repeat(10) + "[预算]" + "二".repeat(108) + "…");
});

test("the title is skipped: the window starts at the body, a match in the title is not shown", () => {
  const text = "部门预算。正文没有那个词，只说预算公开。";
  assert.equal(show(snippet(text, queryParts("预算"), 5)), "正文没有那个词，只说[预算]公开。");
});

test("without a match in the body the snippet is the body's start", () => {
  assert.equal(show(snippet("标题。" + "正".repeat(150), queryParts("预算"), 3)), "正".repeat(120) + "…");
});

test("nothing to show: no pieces", () => {
  assert.deepEqual(snippet("", queryParts("预算"), 0), []);
  assert.deepEqual(snippet("只有标题。", queryParts("预算"), 5), []);
});

test("overlapping matches of two parts are marked once, without repeating text", () => {
  assert.equal(show(snippet("做好预算公开工作", queryParts("预算 算公开"), 0)), "做好[预算][公开]工作");
});

test("a match ends where the window ends", () => {
  const text = "一".repeat(30) + "预算" + "二".repeat(87) + "公开" + "三";
  assert.equal(show(snippet(text, queryParts("预算 公开"), 0)), "一".repeat(30) + "[预算]" + "二".repeat(87) + "[公]…");
});

test("the query matches the text's own spelling: full width, case, spaces and punctuation between", () => {
  assert.equal(show(snippet("发文字号：示例财发〔２０２６〕３号。", queryParts("[2026]3号"), 0)),
               "发文字号：示例财发〔[２０２６〕３号]。");
  assert.equal(show(snippet("第五条 行政机关", queryParts("条行政"), 0)), "第五[条 行政]机关");
  assert.equal(show(snippet("附件为PDF文件", queryParts("pdf"), 0)), "附件为[PDF]文件");
});

test("offsets are UTF-16: characters outside the BMP are marked whole", () => {
  assert.equal(show(snippet("甲𠀀好乙", queryParts("𠀀好"), 0)), "甲[𠀀好]乙");
  assert.deepEqual(matchRanges("甲𠀀好乙", queryParts("𠀀好")), [[1, 4]]);
  assert.equal(show(snippet("𠀀𠀀甲预算乙", queryParts("预算"), 0)), "𠀀𠀀甲[预算]乙");
});

test("match ranges are sorted by start over all parts", () => {
  assert.deepEqual(matchRanges("公开预算公开", queryParts("预算 公开")), [[0, 2], [2, 4], [4, 6]]);
});
