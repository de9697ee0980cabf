/*
 * The search page's state and its URL: ?q=…&sort=date&category=…&unit=… (a facet repeated for
 * several values), so a search can be shared and the back button restores it.
 * A state is {q, sort: "" | "date", facets: {facet: [value, …]}} (only facets with values).
 */

export const FACETS = ["category", "sector", "unit", "year", "validity"];

/** The state in a query string ("?q=…" or URLSearchParams); labels (facet -> value -> label, from
 *  the page's configuration) say which facet values exist: any other value is ignored. */
export function parseState(search, labels) {
  const p = new URLSearchParams(search);
  const st = { q: (p.get("q") || "").trim(), sort: p.get("sort") === "date" ? "date" : "", facets: {} };
  for (const f of FACETS) {
    const known = labels[f] || {};
    const values = p.getAll(f).filter((v) => v && Object.prototype.hasOwnProperty.call(known, v));
    if (values.length) st.facets[f] = values;
  }
  return st;
}

/** The query string of a state: "" or "?…", facets in FACETS order. */
export function stateQuery(st) {
  const p = new URLSearchParams();
  if (st.q) p.set("q", st.q);
  if (st.sort) p.set("sort", st.sort);
  for (const f of FACETS) for (const v of st.facets[f] || []) p.append(f, v);
  const s = p.toString();
  return s ? "?" + s : "";
}

/** The status line for a search of `total` results (approx: a count that may still fall). */
export function describe(st, total, approx) {
  const bits = [];
  if (st.q) bits.push("“" + st.q + "”");
  const chosen = FACETS.reduce((n, f) => n + (st.facets[f] || []).length, 0);
  if (chosen) bits.push("已选 " + chosen + " 个筛选条件");
  return (bits.length ? bits.join("，") + "：" : "") + "共找到 " + (approx ? "约 " : "") + total + " 条结果" +
    (st.sort === "date" ? "，按发布日期从新到旧排列" : "") + "。";
}
