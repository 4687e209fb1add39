// Review page of vnnotice. Sends the document to /v1/render, draws the clean
// text with the records' character spans highlighted, and shows the task
// table, which a clerk can correct (units, roles, due dates, directives).
// Downloads: the corrected record in the gold shape (GOLD.md), and the task
// table as CSV or XLSX (made by /v1/review/tasks.*). Everything from the
// document or the user is put on screen with textContent, never as HTML.
"use strict";

const $ = (id) => document.getElementById(id);
const form = $("doc-form");
const textBox = $("doc-text");
const fileBox = $("doc-file");
const dateBox = $("doc-date");
const submit = $("doc-submit");
const statusLine = $("status");
const result = $("result");
const tip = $("tip");

const ROLES = { lead: "Chủ trì", cooperate: "Phối hợp", report_to: "Báo cáo về" };
const RELATIONS = { before: "trước ngày", by: "chậm nhất", on: "đúng ngày", within: "trong thời gian", standing: "thường xuyên" };

// The review being corrected: the server's answer plus the clerk's changes.
let review = null;

// -- small helpers --------------------------------------------------------------

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value == null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key in node && key !== "list") node[key] = value;
    else node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child != null && child !== false) node.append(child);
  }
  return node;
}

function dmy(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
  return m ? `${m[3]}/${m[2]}/${m[1]}` : "";
}

function parseDmy(value) {
  const text = value.trim();
  let m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (m) {
    const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(y, mo - 1, d));
    if (date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d) {
      return `${y}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
    }
    return null;
  }
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return m ? text : null;
}

function words(text, n) {
  const parts = (text || "").split(/\s+/).filter(Boolean);
  return parts.slice(0, n).join(" ") + (parts.length > n ? " …" : "");
}

function isAppendix(d) {
  return d.source === "appendix";
}

function setStatus(message, isError) {
  statusLine.textContent = message;
  statusLine.classList.toggle("error", Boolean(isError));
}

async function problemText(response) {
  try {
    const problem = await response.json();
    return `${problem.title || response.status}: ${problem.detail || ""}`;
  } catch (_) {
    return `HTTP ${response.status}`;
  }
}

// -- the request ----------------------------------------------------------------

function snapshot() {
  const file = fileBox.files && fileBox.files[0];
  const date = dateBox.value.trim() ? parseDmy(dateBox.value) : null;
  return { file: file || null, text: textBox.value, date, badDate: Boolean(dateBox.value.trim()) && !date };
}

function requestInit(input) {
  if (input.file) {
    const body = new FormData();
    body.append("file", input.file, input.file.name);
    if (input.date) body.append("reference_date", input.date);
    return { method: "POST", body };
  }
  const payload = { text: input.text };
  if (input.date) payload.reference_date = input.date;
  return { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(payload) };
}

// -- the state being corrected ----------------------------------------------------

function load(data, input) {
  const notice = data.notice;
  let key = 0;
  review = {
    input,
    name: input.file ? input.file.name : null,
    notice,
    gold: data.gold,
    text: notice.text || "",
    directives: notice.directives.map((d) => ({ ...d })),
    units: notice.units.map((u) => ({ ...u, key: `u${key++}` })),
    deadlines: notice.deadlines.map((x) => ({ ...x, key: `t${key++}` })),
    citations: notice.citations.map((c) => ({ ...c, directives: [...(c.directives || [])] })),
    nextKey: key,
    added: 0,
    edited: new Set(),
    dropped: 0,
    open: null,
  };
}

function byId() {
  return new Map(review.directives.map((d) => [d.id, d]));
}

function ownText(d) {
  if (d.own && d.own.length && d.span) {
    return d.own.map(([a, b]) => review.text.slice(a, b)).join(" ").replace(/\s+/g, " ").trim();
  }
  return (d.text || "").replace(/\s+/g, " ").trim();
}

// The item's place as a clerk cites it: numbers run together ("II.1.a)"), a bullet after a space ("II.1. –").
function joinMarkers(markers) {
  let out = "";
  for (const raw of markers) {
    const m = raw === "-" ? "–" : raw;
    out += out && (/^[–+*•]$/.test(m) || !/[.)]$/.test(out)) ? ` ${m}` : m;
  }
  return out;
}

function markers(d, index) {
  if (d.label && d.label.length && !d.added) return d.label;
  const parent = d.parent && index.get(d.parent);
  return parent ? [...markers(parent, index), d.marker] : [d.marker];
}

function label(d, index) {
  return joinMarkers(markers(d, index));
}

function childrenOf(id) {
  return review.directives.filter((d) => d.parent === id);
}

function ownUnits(id, role) {
  return review.units.filter((u) => u.directive === id && (!role || u.role === role));
}

function ownDeadlines(id) {
  return review.deadlines.filter((x) => x.directive === id);
}

// Effective lead and due date: the item's own, else its nearest ancestor's (as Directive.lead / .due).
function effective(d, index) {
  let lead = null;
  let due = null;
  for (let cur = d, own = true; cur; cur = cur.parent ? index.get(cur.parent) : null, own = false) {
    if (lead == null) {
      const names = [...new Set(ownUnits(cur.id, "lead").map((u) => u.unit.trim()).filter(Boolean))];
      if (names.length) lead = { names, own };
    }
    if (due == null) {
      const dates = ownDeadlines(cur.id).map((x) => x.due).filter(Boolean).sort();
      if (dates.length) due = { date: dates[0], own };
    }
    if (lead && due) break;
  }
  return { lead: lead || { names: [], own: true }, due };
}

// A directive is a task row unless it is a section that assigns nothing itself:
// a heading, or an item with sub-items, with no unit and no deadline of its own.
function isTask(d) {
  const assigns = ownUnits(d.id).length > 0 || ownDeadlines(d.id).length > 0;
  if (assigns || d.added) return true;
  if (d.heading) return false;
  return childrenOf(d.id).length === 0;
}

function citationsOf(id) {
  return review.citations.filter((c) => c.directives.includes(id));
}

function citationName(c) {
  if (c.number) {
    const symbol = [c.number, c.year, c.symbol].filter(Boolean).join("/");
    return `${c.kind || "Văn bản"} ${symbol}`;
  }
  return c.name || c.surface;
}

function taskRows() {
  const index = byId();
  return review.directives.filter(isTask).map((d) => {
    const eff = effective(d, index);
    const names = (role) => [...new Set(ownUnits(d.id, role).map((u) => u.unit.trim()).filter(Boolean))];
    return {
      directive: d.id,
      marker: (isAppendix(d) ? "Phụ lục " : "") + label(d, index),
      text: ownText(d),
      lead: eff.lead.names,
      cooperate: names("cooperate"),
      report_to: names("report_to"),
      due: eff.due ? eff.due.date : null,
      citations: citationsOf(d.id).map((c) => c.surface),
      source: isAppendix(d) ? "appendix" : "body",
      product: d.cells && d.cells.product ? review.text.slice(d.cells.product[0], d.cells.product[1]).split(/\s+/).filter(Boolean).join(" ") : null,
    };
  });
}

function touch(id) {
  review.edited.add(id);
  redraw();
}

function dropDirective(id) {
  const index = byId();
  const d = index.get(id);
  if (!d) return;
  const parent = d.parent || null;
  // What the dropped item's own text held belongs to the enclosing item now.
  for (const child of childrenOf(id)) child.parent = parent;
  for (const u of review.units) if (u.directive === id) u.directive = parent;
  for (const x of review.deadlines) if (x.directive === id) x.directive = parent;
  for (const c of review.citations) {
    c.directives = [...new Set(c.directives.map((x) => (x === id ? parent : x)).filter(Boolean))];
  }
  review.directives = review.directives.filter((x) => x.id !== id);
  review.dropped += 1;
  if (parent) review.edited.add(parent);
  review.open = null;
  redraw();
  setStatus(`Đã bỏ mục ${label(d, index)}; đơn vị và thời hạn của nó chuyển lên mục trên.`, false);
}

function addDirective(parent, marker, text) {
  review.added += 1;
  let id = `n${review.added}`;
  while (byId().has(id)) id += "_";
  const d = { id, parent: parent || null, marker: marker || "-", text, label: [], heading: false, span: null, own: [], added: true };
  // after the parent's last descendant, or at the end
  let at = review.directives.length;
  if (parent) {
    const inside = new Set([parent]);
    let last = review.directives.findIndex((x) => x.id === parent);
    for (let i = last + 1; i < review.directives.length; i++) {
      if (inside.has(review.directives[i].parent)) {
        inside.add(review.directives[i].id);
        last = i;
      }
    }
    at = last + 1;
  }
  review.directives.splice(at, 0, d);
  review.open = id;
  touch(id);
}

// -- the corrected record, in the gold shape ---------------------------------------

function goldRecord() {
  const base = review.gold || {};
  const exported = new Set((base.directives || []).map((d) => d.id));
  const startsWith = new Map((base.directives || []).map((d) => [d.id, d.starts_with]));
  // Items the gold export leaves out (appendix tasks), and what hangs on them, stay out.
  const kept = new Set(review.directives.filter((d) => d.added || exported.has(d.id)).map((d) => d.id));
  const keep = (id) => id == null || kept.has(id);
  const out = {};
  for (const [key, value] of Object.entries(base)) {
    if (!["directives", "deadlines", "assignments"].includes(key)) out[key] = value;
  }
  out.document = base.document || review.name || null;
  // Ids follow the corrected tree (d1, d1.2, d1.2.1 …), as in the project's gold files.
  const ids = new Map();
  const counts = new Map();
  out.directives = review.directives.filter((d) => kept.has(d.id)).map((d) => {
    const parent = d.parent && kept.has(d.parent) ? ids.get(d.parent) || null : null;
    const n = (counts.get(parent) || 0) + 1;
    counts.set(parent, n);
    ids.set(d.id, parent ? `${parent}.${n}` : `d${n}`);
    return { id: ids.get(d.id), parent, marker: d.marker, starts_with: startsWith.get(d.id) || words(d.text, 12).replace(/ …$/, "") };
  });
  const newId = (id) => (id == null ? null : ids.get(id));
  out.deadlines = review.deadlines.filter((x) => x.due && keep(x.directive)).map((x) => ({
    directive: newId(x.directive), surface: x.surface || dmy(x.due), due: x.due, relation: x.relation,
    ...(x.recurring ? { recurring: x.recurring } : {}),
  }));
  out.assignments = review.units.filter((u) => u.unit.trim() && keep(u.directive)).map((u) => ({
    directive: newId(u.directive), role: u.role, unit: u.unit.trim(), surface: u.surface || u.unit.trim(),
  }));
  const order = ["document", "doc_type", "meeting_date", "reference_date", "number", "issuer", "issued", "signer",
    "directives", "citations", "deadlines", "assignments"];
  const sorted = {};
  for (const key of order) if (key in out) sorted[key] = out[key];
  for (const key of Object.keys(out)) if (!(key in sorted)) sorted[key] = out[key];
  return sorted;
}

function stem() {
  const name = (review.gold && review.gold.document) || review.name || "van-ban";
  return name.replace(/\.[^.]*$/, "");
}

function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const anchor = el("a", { href: url, download: name });
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

async function download(format) {
  if (!review) return;
  if (format === "gold") {
    const body = JSON.stringify(goldRecord(), null, 2) + "\n";
    save(new Blob([body], { type: "application/json" }), `${stem()}.json`);
    return;
  }
  const response = await fetch(`/v1/review/tasks.${format}`, {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ document: review.name, rows: taskRows() }),
  });
  if (!response.ok) {
    setStatus(await problemText(response), true);
    return;
  }
  save(await response.blob(), `${stem()}-tasks.${format}`);
}

// -- drawing: the document --------------------------------------------------------

function marks() {
  const text = review.text;
  const index = byId();
  const out = [];
  for (const d of review.directives) {
    if (!d.span || !d.marker || !text.startsWith(d.marker, d.span[0])) continue;
    out.push({ start: d.span[0], end: d.span[0] + d.marker.length, cls: "marker", directive: d, rank: 0 });
  }
  for (const c of review.citations) {
    for (const [a, b] of c.spans || []) out.push({ start: a, end: b, cls: "citation", citation: c, rank: 1 });
  }
  for (const x of review.deadlines) {
    if (x.span) out.push({ start: x.span[0], end: x.span[1], cls: "deadline", deadline: x, rank: 2 });
  }
  for (const u of review.units) {
    if (u.span) out.push({ start: u.span[0], end: u.span[1], cls: u.role, unit: u, rank: 3 });
  }
  void index;
  return out.filter((m) => m.end > m.start).sort((a, b) => a.start - b.start || b.end - a.end || a.rank - b.rank);
}

// The text between two offsets, split at the ends of the body (text outside it is greyed).
function plain(parent, from, to) {
  const body = review.notice.body;
  if (!body || from >= to) {
    if (from < to) parent.append(review.text.slice(from, to));
    return;
  }
  const cuts = [from, ...body.filter((p) => p > from && p < to), to];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [a, b] = [cuts[i], cuts[i + 1]];
    const piece = review.text.slice(a, b);
    if (a >= body[0] && a < body[1]) parent.append(piece);
    else parent.append(el("span", { class: "outside" }, piece));
  }
}

function markNode(m) {
  const node = el("mark", { class: m.cls });
  node._mark = m;
  if (m.directive) node.dataset.directive = m.directive.id;
  if (m.unit) node.dataset.unit = m.unit.key;
  if (m.deadline) node.dataset.deadline = m.deadline.key;
  if (m.citation) node.dataset.citation = m.citation.key;
  node.dataset.start = m.start;
  node.dataset.end = m.end;
  return node;
}

function drawDocument() {
  const root = $("doc");
  root.replaceChildren();
  const stack = [{ node: root, end: review.text.length }];
  let pos = 0;
  for (const m of marks()) {
    while (stack.length > 1 && stack[stack.length - 1].end <= m.start) {
      const top = stack.pop();
      plain(top.node, pos, top.end);
      pos = top.end;
    }
    const end = Math.min(m.end, stack[stack.length - 1].end);
    if (m.start < pos || end <= m.start) continue;
    plain(stack[stack.length - 1].node, pos, m.start);
    const node = markNode(m);
    stack[stack.length - 1].node.append(node);
    stack.push({ node, end });
    pos = m.start;
  }
  while (stack.length) {
    const top = stack.pop();
    plain(top.node, pos, top.end);
    pos = top.end;
  }
}

function tipLines(m) {
  const index = byId();
  const where = (id) => {
    const d = id && index.get(id);
    return d ? `Mục ${label(d, index)}` : "Ngoài các mục";
  };
  if (m.unit) {
    const u = m.unit;
    const lines = [`${ROLES[u.role] || u.role}: ${u.unit}`, `Viết: “${u.surface}”`, where(u.directive)];
    if (u.link && u.link.name) lines.push(`Danh mục: ${u.link.name} (${u.link.band})`);
    return lines;
  }
  if (m.deadline) {
    const x = m.deadline;
    const lines = [`Thời hạn: ${x.due ? dmy(x.due) : "không có ngày"}${x.recurring ? " (định kỳ)" : ""}`,
      `Viết: “${x.surface}” (${RELATIONS[x.relation] || x.relation})`, where(x.directive)];
    if (x.resolution && x.resolution !== "explicit") lines.push(`Cách tính: ${x.resolution}`);
    return lines;
  }
  if (m.citation) {
    const c = m.citation;
    const lines = [`Viện dẫn: ${citationName(c)}`];
    const more = [c.issued ? `ngày ${dmy(c.issued)}` : "", c.issuer || ""].filter(Boolean).join(" · ");
    if (more) lines.push(more);
    if (c.directives.length) lines.push(c.directives.map((id) => where(id)).join(", "));
    return lines;
  }
  const d = m.directive;
  const eff = effective(d, index);
  const lines = [`Mục ${label(d, index)}${isAppendix(d) ? " (phụ lục)" : ""}`];
  if (eff.lead.names.length) lines.push(`Chủ trì: ${eff.lead.names.join("; ")}`);
  if (eff.due) lines.push(`Hạn: ${dmy(eff.due.date)}`);
  if (!isTask(d)) lines.push("Đề mục: không giao việc riêng");
  return lines;
}

function showTip(event) {
  const node = event.target.closest("mark");
  if (!node || !node._mark) {
    tip.hidden = true;
    return;
  }
  tip.replaceChildren(...tipLines(node._mark).map((line) => el("div", { text: line })));
  tip.hidden = false;
  const box = node.getBoundingClientRect();
  const x = Math.min(box.left, window.innerWidth - tip.offsetWidth - 8);
  const below = box.bottom + 6;
  const y = below + tip.offsetHeight > window.innerHeight ? box.top - tip.offsetHeight - 6 : below;
  tip.style.left = `${Math.max(4, x)}px`;
  tip.style.top = `${Math.max(4, y)}px`;
}

// -- drawing: the task table --------------------------------------------------------

function list(items, className) {
  if (!items.length) return "";
  return el("ul", {}, items.map((item) => el("li", { class: className }, item)));
}

function dateCell(d, index) {
  const eff = effective(d, index);
  if (!eff.due) return "";
  return eff.due.own ? dmy(eff.due.date) : el("span", { class: "muted", title: "kế thừa từ mục trên" }, dmy(eff.due.date));
}

function taskRow(d, index) {
  const eff = effective(d, index);
  const names = (role) => [...new Set(ownUnits(d.id, role).map((u) => u.unit.trim()).filter(Boolean))];
  const row = el("tr", { class: "task" });
  row.dataset.directive = d.id;
  if (review.edited.has(d.id)) row.classList.add("edited");
  if (d.added) row.classList.add("added");
  const text = ownText(d);
  row.append(
    el("td", { class: "marker" }, label(d, index),
      isAppendix(d) ? el("span", { class: "badge appendix", title: "Nhiệm vụ trong bảng phụ lục" }, "Phụ lục") : "",
      d.added ? el("span", { class: "badge added" }, "thêm") : ""),
    el("td", { class: "text", title: text.length > 400 ? text : null }, words(text, 60)),
    el("td", { class: "lead" }, list(eff.lead.names, eff.lead.own ? null : "inherited")),
    el("td", { class: "cooperate" }, list(names("cooperate"))),
    el("td", { class: "report_to" }, list(names("report_to"))),
    el("td", { class: "due" }, dateCell(d, index)),
    el("td", { class: "citations" }, list(citationsOf(d.id).map((c) => el("span", { title: c.surface }, citationName(c))))),
    el("td", { class: "edit" }, editButton(d)),
  );
  row.tabIndex = 0;
  row.addEventListener("click", () => scrollToDirective(d.id));
  row.addEventListener("keydown", (event) => { if (event.key === "Enter" && event.target === row) scrollToDirective(d.id); });
  return row;
}

function editButton(d) {
  return el("button", {
    type: "button", class: "secondary small", text: review.open === d.id ? "Đóng" : "Sửa",
    onclick: (event) => { event.stopPropagation(); review.open = review.open === d.id ? null : d.id; redraw(); },
  });
}

// A section that assigns nothing itself: a grey line (it can still be edited, e.g. to add a unit the extraction missed).
function groupRow(d, index) {
  const row = el("tr", { class: "group" },
    el("td", { colSpan: 7 }, `${label(d, index)}  ${words(ownText(d), 20)}`),
    el("td", { class: "edit" }, editButton(d)));
  row.dataset.directive = d.id;
  row.addEventListener("click", () => scrollToDirective(d.id));
  return row;
}

function roleSelect(u) {
  const select = el("select", { class: "role", onchange: () => { u.role = select.value; touch(u.directive || review.open); } },
    Object.entries(ROLES).map(([value, name]) => el("option", { value, text: name, selected: u.role === value })));
  return select;
}

function editorRow(d) {
  const id = d.id;
  const units = ownUnits(id).map((u) => el("div", { class: "line" },
    el("input", { class: "unit", value: u.unit, "aria-label": "Đơn vị",
      onchange: (event) => { u.unit = event.target.value; touch(id); } }),
    roleSelect(u),
    el("button", { type: "button", class: "secondary small", text: "Bỏ", title: "Bỏ đơn vị này",
      onclick: () => { review.units = review.units.filter((x) => x !== u); touch(id); } })));
  const deadlines = ownDeadlines(id).map((x) => el("div", { class: "line" },
    el("input", { class: "date", value: dmy(x.due), placeholder: "dd/mm/yyyy", "aria-label": "Hạn (dd/mm/yyyy)",
      onchange: (event) => {
        const iso = parseDmy(event.target.value);
        if (!iso) {
          event.target.classList.add("bad");
          setStatus(`“${event.target.value}” không phải ngày dd/mm/yyyy.`, true);
          return;
        }
        x.due = iso;
        setStatus("", false);
        touch(id);
      } }),
    el("span", { class: "surface", text: x.surface ? `“${x.surface}”` : "" }),
    el("button", { type: "button", class: "secondary small", text: "Bỏ", title: "Bỏ thời hạn này",
      onclick: () => { review.deadlines = review.deadlines.filter((y) => y !== x); touch(id); } })));
  const grid = el("div", { class: "editor-grid" },
    el("div", {}, el("h3", { text: "Đơn vị của mục này" }), units,
      el("button", { type: "button", class: "secondary small", text: "+ Thêm đơn vị",
        onclick: () => {
          review.units.push({ key: `u${review.nextKey++}`, unit: "", surface: "", role: "lead", directive: id, span: null });
          touch(id);
          const inputs = document.querySelectorAll("tr.editor input.unit");
          if (inputs.length) inputs[inputs.length - 1].focus();
        } })),
    el("div", {}, el("h3", { text: "Thời hạn (dd/mm/yyyy)" }), deadlines,
      el("button", { type: "button", class: "secondary small", text: "+ Thêm hạn",
        onclick: () => {
          review.deadlines.push({ key: `t${review.nextKey++}`, surface: "", due: null, relation: "by", directive: id, span: null });
          touch(id);
        } })),
    el("div", { class: "actions" },
      el("button", { type: "button", class: "secondary small", text: "Bỏ mục này", title: "Không phải nhiệm vụ: bỏ mục, giữ các mục con",
        onclick: () => dropDirective(id) }),
      el("button", { type: "button", class: "small", text: "Xong", onclick: () => { review.open = null; redraw(); } })));
  return el("tr", { class: "editor" }, el("td", { colSpan: 8 }, grid));
}

function drawTable() {
  const body = document.querySelector("#tasks tbody");
  const index = byId();
  body.replaceChildren();
  let tasks = 0;
  for (const d of review.directives) {
    if (isTask(d)) {
      tasks += 1;
      body.append(taskRow(d, index));
      if (review.open === d.id) body.append(editorRow(d));
    } else if (childrenOf(d.id).length) {
      body.append(groupRow(d, index));
      if (review.open === d.id) body.append(editorRow(d));
    }
  }
  const table = $("tasks");
  for (const name of ["cooperate", "report_to", "citations"]) {
    table.classList.toggle(`empty-${name}`, !body.querySelector(`td.${name} li`));
  }
  if (!tasks) body.append(el("tr", {}, el("td", { colSpan: 8, class: "muted", text: "Không tìm thấy nhiệm vụ nào." })));
  const edits = review.edited.size + review.dropped;
  $("edits").textContent = `${tasks} nhiệm vụ` + (edits ? ` · đã sửa ${edits} mục` : "");
  const parents = $("new-parent");
  parents.replaceChildren(el("option", { value: "", text: "— cấp cao nhất —" }),
    ...review.directives.map((d) => el("option", { value: d.id, text: `${label(d, index)} ${words(ownText(d), 8)}` })));
}

function redraw() {
  drawTable();
  drawDocument();
}

function flash(node) {
  node.classList.add("flash");
  setTimeout(() => node.classList.remove("flash"), 1600);
}

function scrollToDirective(id) {
  const node = document.querySelector(`#doc mark.marker[data-directive="${CSS.escape(id)}"]`);
  if (!node) return;
  node.scrollIntoView({ block: "center" });
  flash(node);
}

function scrollToRow(id) {
  const row = document.querySelector(`#tasks tr[data-directive="${CSS.escape(id)}"]`);
  if (!row) return;
  row.scrollIntoView({ block: "center" });
  row.classList.add("edited");
  setTimeout(() => row.classList.toggle("edited", review.edited.has(id)), 1600);
}

// -- summary ------------------------------------------------------------------------

function showSummary(notice, summary) {
  const box = $("summary");
  const title = [notice.doc_type, notice.title].filter(Boolean).join(": ");
  const signer = notice.signature && notice.signature.name
    ? [notice.signature.title, notice.signature.name].filter(Boolean).join(" ") : null;
  const verdict = notice.kind ? notice.kind.verdict : summary.kind;
  const kind = verdict === "not_administrative" ? "Không phải văn bản hành chính" : verdict === "administrative" ? "Văn bản hành chính" : null;
  const fields = [
    ["Số, ký hiệu", notice.number], ["Cơ quan ban hành", notice.issuer], ["Ngày ban hành", dmy(notice.issued)],
    ["Ngày họp", dmy(notice.meeting_date)], ["Ngày tham chiếu", dmy(notice.reference_date)], ["Người ký", signer],
    ["Nhận dạng", kind],
  ];
  const counts = summary.counts || {};
  fields.push(["Đã tìm thấy", `${counts.directives || 0} mục, ${counts.units || 0} đơn vị, ${counts.deadlines || 0} thời hạn, ${counts.citations || 0} văn bản viện dẫn`]);
  box.replaceChildren(
    el("p", { class: "title", text: title || (review.name || "Văn bản") }),
    el("dl", {}, fields.filter(([, v]) => v).map(([k, v]) => el("div", {}, el("dt", { text: k }), el("dd", { text: v })))));
  const warnings = $("warnings");
  warnings.replaceChildren(...(notice.warnings || []).map((w) => el("li", { text: w })));
}

// -- events ---------------------------------------------------------------------------

async function onSubmit(event) {
  event.preventDefault();
  const input = snapshot();
  dateBox.classList.toggle("bad", input.badDate);
  if (input.badDate) {
    setStatus(`Ngày tham chiếu “${dateBox.value}” không phải ngày dd/mm/yyyy.`, true);
    return;
  }
  if (!input.file && !input.text.trim()) {
    setStatus("Hãy dán nội dung hoặc chọn một tệp.", true);
    return;
  }
  submit.disabled = true;
  setStatus("Đang trích xuất…", false);
  try {
    const response = await fetch("/v1/render", requestInit(input));
    if (!response.ok) {
      setStatus(await problemText(response), true);
      return;
    }
    const data = await response.json();
    load(data, input);
    showSummary(data.notice, data.summary);
    redraw();
    result.hidden = false;
    setStatus(`Xong: ${review.directives.filter(isTask).length} nhiệm vụ. Kiểm tra, sửa nếu cần, rồi tải về.`, false);
  } catch (err) {
    setStatus(`Không gửi được yêu cầu: ${err}`, true);
  } finally {
    submit.disabled = false;
  }
}

form.addEventListener("submit", onSubmit);
$("doc-clear").addEventListener("click", () => {
  form.reset();
  result.hidden = true;
  review = null;
  setStatus("", false);
});
for (const button of document.querySelectorAll("#downloads button")) {
  button.addEventListener("click", () => download(button.dataset.format));
}
$("add-directive").addEventListener("click", () => {
  $("new-directive").hidden = false;
  $("new-text").focus();
});
$("new-cancel").addEventListener("click", () => { $("new-directive").hidden = true; });
$("new-directive").addEventListener("submit", (event) => {
  event.preventDefault();
  const text = $("new-text").value.trim();
  if (!text) {
    $("new-text").classList.add("bad");
    return;
  }
  $("new-text").classList.remove("bad");
  addDirective($("new-parent").value || null, $("new-marker").value.trim() || "-", text);
  $("new-text").value = "";
  $("new-directive").hidden = true;
});
$("doc").addEventListener("mouseover", showTip);
$("doc").addEventListener("mouseleave", () => { tip.hidden = true; });
$("doc").addEventListener("click", (event) => {
  const node = event.target.closest("mark.marker");
  if (node) scrollToRow(node.dataset.directive);
});
window.addEventListener("scroll", () => {
  tip.hidden = true;
  const table = $("tasks");
  $("to-table").hidden = !review || table.getBoundingClientRect().bottom > 0;
}, { passive: true });
