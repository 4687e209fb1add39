// Review page of vnnotice: sends the document to /v1/render, shows the
// highlighted text and the task table, and downloads the table from
// /v1/tasks.{json,csv,xlsx}. Everything the user typed is shown with
// textContent; only the server's displaCy markup (escaped there) is HTML.
"use strict";

const form = document.getElementById("doc-form");
const textBox = document.getElementById("doc-text");
const fileBox = document.getElementById("doc-file");
const dateBox = document.getElementById("doc-date");
const submit = document.getElementById("doc-submit");
const statusLine = document.getElementById("status");
const result = document.getElementById("result");

// The input of the last successful review, reused by the download links.
let reviewed = null;

function snapshot() {
  const file = fileBox.files && fileBox.files[0];
  return { file: file || null, text: textBox.value, date: dateBox.value || null };
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

async function problemText(response) {
  try {
    const problem = await response.json();
    return `${problem.title || response.status}: ${problem.detail || ""}`;
  } catch (_) {
    return `HTTP ${response.status}`;
  }
}

function setStatus(message, isError) {
  statusLine.textContent = message;
  statusLine.classList.toggle("error", Boolean(isError));
}

function cell(row, value, className) {
  const td = document.createElement("td");
  if (className) td.className = className;
  if (Array.isArray(value)) {
    if (value.length) {
      const ul = document.createElement("ul");
      for (const item of value) {
        const li = document.createElement("li");
        li.textContent = item;
        ul.appendChild(li);
      }
      td.appendChild(ul);
    }
  } else {
    td.textContent = value == null ? "" : String(value);
  }
  row.appendChild(td);
}

function showTasks(tasks) {
  const body = document.querySelector("#tasks tbody");
  body.replaceChildren();
  for (const task of tasks) {
    const row = document.createElement("tr");
    row.dataset.directive = task.directive;
    if (task.source === "appendix") row.classList.add("appendix");
    cell(row, task.source === "appendix" ? `Phụ lục ${task.marker}` : task.marker, "marker");
    cell(row, task.text, "text");
    cell(row, task.lead, "lead");
    cell(row, task.cooperate, "cooperate");
    cell(row, task.due, "due");
    cell(row, task.citations, "citations");
    body.appendChild(row);
  }
}

function showSummary(summary) {
  const fields = [
    ["Loại văn bản", summary.doc_type], ["Số, ký hiệu", summary.number], ["Cơ quan ban hành", summary.issuer],
    ["Ngày ban hành", summary.issued], ["Ngày họp", summary.meeting_date], ["Ngày tham chiếu", summary.reference_date],
    ["Trích yếu", summary.title],
  ];
  const dl = document.createElement("dl");
  for (const [name, value] of fields) {
    if (!value) continue;
    const dt = document.createElement("dt");
    dt.textContent = name;
    const dd = document.createElement("dd");
    dd.textContent = value;
    dl.append(dt, dd);
  }
  const counts = summary.counts || {};
  const dt = document.createElement("dt");
  dt.textContent = "Đã tìm thấy";
  const dd = document.createElement("dd");
  dd.textContent = `${counts.directives || 0} mục, ${counts.units || 0} đơn vị, ${counts.deadlines || 0} thời hạn, ${counts.citations || 0} văn bản viện dẫn`;
  dl.append(dt, dd);
  document.getElementById("summary").replaceChildren(dl);
  const warnings = document.getElementById("warnings");
  warnings.replaceChildren();
  for (const warning of summary.warnings || []) {
    const li = document.createElement("li");
    li.textContent = warning;
    warnings.appendChild(li);
  }
}

async function review(event) {
  event.preventDefault();
  const input = snapshot();
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
    document.getElementById("doc").innerHTML = data.html;
    showTasks(data.tasks);
    showSummary(data.summary);
    reviewed = input;
    result.hidden = false;
    setStatus(`Xong: ${data.tasks.length} mục nhiệm vụ.`, false);
  } catch (err) {
    setStatus(`Không gửi được yêu cầu: ${err}`, true);
  } finally {
    submit.disabled = false;
  }
}

async function download(event) {
  event.preventDefault();
  if (!reviewed) return;
  const link = event.currentTarget;
  const response = await fetch(link.getAttribute("href"), requestInit(reviewed));
  if (!response.ok) {
    setStatus(await problemText(response), true);
    return;
  }
  const disposition = response.headers.get("Content-Disposition") || "";
  const match = /filename="([^"]+)"/.exec(disposition);
  const url = URL.createObjectURL(await response.blob());
  const anchor = document.createElement("a");
  anchor.href = url;
  anchor.download = match ? match[1] : `tasks.${link.dataset.format}`;
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

form.addEventListener("submit", review);
document.getElementById("doc-clear").addEventListener("click", () => {
  form.reset();
  result.hidden = true;
  reviewed = null;
  setStatus("", false);
});
for (const link of document.querySelectorAll("#downloads a")) link.addEventListener("click", download);
