// The import page: send the file to the API, then show each problem next to its line.
import { api, ApiError, formsReady } from "./api.js";
import { el } from "./dom.js";
import { clearErrors, showErrors, showFieldError } from "./form-errors.js";
import { lineOf, pointerLines } from "./jsonlines.js";

const form = document.getElementById("import-form");
const statusLine = form.querySelector(".form-status");
const report = document.getElementById("import-report");
const list = document.getElementById("problem-list");
const SEVERITY = { error: "Error", warning: "Warning", info: "Note" };
const source = document.getElementById("source-view");
const title = document.getElementById("import-report-title");

function showReport(text, problems, heading) {
  list.replaceChildren();
  source.replaceChildren();
  title.textContent = heading;
  if (!problems.length) { report.hidden = true; return; }
  report.hidden = false;
  const lines = pointerLines(text);
  const byLine = new Map();
  for (const problem of problems) {
    const line = problem.line || lineOf(lines, problem.pointer);
    problem._line = line;
    if (!byLine.has(line)) byLine.set(line, []);
    byLine.get(line).push(problem);
    const item = el("li", { class: `problem problem-${problem.severity}` });
    const link = el("a", { href: `#line-${line}` }, `line ${line}`);
    // The severity in words, not only as the colour of the border (WCAG 1.4.1).
    item.append(el("strong", { class: "problem-severity" }, `${SEVERITY[problem.severity] || problem.severity}:`), " ",
      el("span", { class: "problem-code" }, problem.code), " ", link, " ",
      el("code", {}, problem.pointer || "/"), " — ", el("span", {}, problem.message));
    list.append(item);
  }
  const rows = text.split("\n");
  const shown = new Set();
  for (const line of byLine.keys()) for (let l = line - 2; l <= line + 2; l++) shown.add(l);
  let last = 0;
  for (let number = 1; number <= rows.length; number++) {
    if (!shown.has(number)) continue;
    if (number > last + 1) source.append(el("div", { class: "source-gap" }, "…"));
    last = number;
    const row = el("div", { class: "source-line", id: `line-${number}` });
    row.append(el("span", { class: "line-no" }, String(number)), el("span", { class: "line-text" }, rows[number - 1]));
    source.append(row);
    const here = byLine.get(number);
    if (here) {
      row.classList.add(here.some((p) => p.severity === "error") ? "has-error" : "has-warning");
      // Each problem's note under its line, in the order of the list above.
      for (const problem of here) {
        source.append(el("div", { class: `source-note problem-${problem.severity}` },
          `${SEVERITY[problem.severity] || problem.severity} — ${problem.code}: ${problem.message}`));
      }
    }
  }
}

form.noValidate = true;
form.elements.file.addEventListener("change", () => clearErrors(form));
form.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearErrors(form);
  const file = form.elements.file.files[0];
  if (!file) { showFieldError(form.elements.file, "Choose a lens file (JSON)."); return; }
  const mode = form.elements.mode.value;
  const text = await file.text();
  const data = new FormData();
  data.append("file", file);
  const params = new URLSearchParams({ mode });
  if (form.elements.lens.value) params.set("lens", form.elements.lens.value);
  statusLine.textContent = "Importing…";
  try {
    const result = await api(`${form.dataset.api}?${params}`, { method: "POST", body: data });
    statusLine.textContent = `Imported "${result.lens.name}" as a draft with ${result.warnings.length} warning(s).`;
    showReport(text, result.warnings, "Warnings");
    const noneLike = result.warnings.filter((w) => w.code === "NONE_CHOICE_ID").length;
    if (noneLike) {
      // Issue 12 finding 24: say it before the owner reaches the publish button.
      statusLine.append(" ", el("strong", { class: "none-choice-note" },
        `${noneLike} choice(s) look like "None of these" but their id does not end in _no, so they count as best practices; publishing asks you to confirm.`));
    }
    const open = el("a", { href: `${form.dataset.detail}${result.lens.slug}/?version=draft`, class: "button button-primary" }, "Open the draft");
    statusLine.append(" ", open);
  } catch (error) {
    if (!(error instanceof ApiError) || !error.body.errors || !error.body.errors.some((e) => e.severity !== undefined)) {
      // Not about the file's content (network, size, mode): next to the field it concerns.
      showErrors(form, error, { fields: { mode: "mode" }, codes: { FILE_TOO_LARGE: "file", TOO_LARGE: "file" } });
      return;
    }
    const errors = error.body.errors || [];
    statusLine.textContent = `Rejected: ${errors.length} problem(s). Nothing was imported.`;
    showFieldError(form.elements.file, `This file has ${errors.length} problem(s), listed below with their lines.`);
    showReport(text, [...errors, ...(error.body.warnings || [])], "Problems");
  }
});

formsReady();
