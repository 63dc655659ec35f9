// "Import from the AWS tool": preview the file with a dry run, then import it.
import { api, ApiError, formsReady } from "./api.js";
import { el } from "./dom.js";
import { lineOf, pointerLines } from "./jsonlines.js";
import { riskBadge, riskMeta } from "./vocabulary.js";

const form = document.getElementById("aws-import-form");
const status = form.querySelector(".form-status");
const preview = document.getElementById("aws-preview");
const confirm = document.getElementById("aws-confirm");
const confirmStatus = confirm.querySelector(".form-status");
const skipRow = document.getElementById("aws-skip-row");
const skip = document.getElementById("aws-skip");
const importButton = document.getElementById("aws-import-button");
let documentText = null;
let unmappedCount = 0;

function row(...cells) {
  const tr = el("tr");
  for (const cell of cells) {
    const td = el("td");
    td.append(cell instanceof Node ? cell : document.createTextNode(cell ?? "—"));
    tr.append(td);
  }
  return tr;
}

function fill(id, items, render) {
  const block = document.getElementById(`${id}-block`);
  const target = document.querySelector(`#${id} tbody`) || document.getElementById(id);
  target.replaceChildren(...items.map(render));
  if (block) block.hidden = items.length === 0;
}

// The severity in words, not only as the colour of the border (WCAG 1.4.1).
const SEVERITY = { error: "Error", info: "Note" };

function problem(kind, lines) {
  return (item) => {
    const li = el("li", { class: `problem problem-${kind}` });
    li.append(el("strong", { class: "problem-severity" }, `${SEVERITY[kind]}:`), " ",
      el("span", { class: "problem-code" }, item.code), " ",
      el("span", { class: "small muted" }, `line ${lineOf(lines, item.pointer)}`), " ",
      el("code", { class: "aws-pointer" }, item.pointer || "/"), " — ", el("span", {}, item.message));
    return li;
  };
}

function show(report) {
  const lines = pointerLines(documentText);
  const plan = report.will_create;
  document.getElementById("aws-workload").replaceChildren(
    "Workload ", el("strong", {}, plan.workload.name || "(no name)"),
    plan.workload.updated_in_aws_at ? ` — last updated in the AWS tool ${plan.workload.updated_in_aws_at.slice(0, 16).replace("T", " ")} UTC` : "",
  );
  fill("aws-lenses", plan.lenses, (lens) => row(
    `${lens.aws_lens} ${lens.aws_lens_version || ""}`.trim(), `${lens.lens} ${lens.lens_version}`, String(lens.answers)));
  fill("aws-milestones", plan.milestones, (m, index) => row(
    String(index + 1), m.name, m.recorded_in_aws_at ? m.recorded_in_aws_at.replace("T", " ").replace("+00:00", " UTC") : "—", String(m.lenses.length)));
  fill("aws-unmapped", report.unmapped, problem("error", lines));
  document.getElementById("aws-unmapped-title").textContent = `Cannot be mapped (${report.unmapped.length})`;
  fill("aws-risks", report.risk_differences, (d) => row(
    d.lens, d.question_id, riskBadge(d.aws_risk, { short: true }), riskBadge(d.mllens_risk, { short: true }),
    Object.entries(d.mllens_questions).map(([k, v]) => `${k}: ${riskMeta(v).label.toLowerCase()}`).join(", ")));
  fill("aws-notices", report.notices, problem("info", lines));
  unmappedCount = report.unmapped.length;
  skipRow.hidden = unmappedCount === 0;
  skip.checked = false;
  importButton.disabled = unmappedCount > 0;
  confirmStatus.textContent = "";
  preview.hidden = false;
}

skip.addEventListener("change", () => { importButton.disabled = unmappedCount > 0 && !skip.checked; });

async function send(params) {
  return api(`${form.dataset.api}?${new URLSearchParams({ format: "aws-wa-tool", ...params })}`, {
    method: "POST", body: documentText, headers: { "Content-Type": "application/json" },
  });
}

function rejected(target, error) {
  if (!(error instanceof ApiError)) { target.textContent = `Network error: ${error.message}`; return; }
  const errors = error.body.errors || [];
  const lines = documentText ? pointerLines(documentText) : new Map();
  target.replaceChildren(`${error.body.message || "Rejected."} Nothing was imported.`);
  if (errors.length) {
    const list = el("ul", { class: "problem-list" });
    list.append(...errors.map(problem("error", lines)));
    target.append(list);
  }
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const file = form.elements.file.files[0];
  if (!file) return;
  documentText = await file.text();
  preview.hidden = true;
  status.textContent = "Reading the file…";
  try {
    JSON.parse(documentText);
  } catch (error) {
    status.textContent = `This file is not JSON: ${error.message}`;
    return;
  }
  try {
    show(await send({ dry_run: "true" }));
    status.textContent = "Preview ready: nothing has been written yet.";
  } catch (error) {
    rejected(status, error);
  }
});

confirm.addEventListener("submit", async (event) => {
  event.preventDefault();
  importButton.disabled = true;
  confirmStatus.textContent = "Importing…";
  try {
    const created = await send(skip.checked ? { skip_unmapped: "true" } : {});
    confirmStatus.replaceChildren(`Imported "${created.name}". `,
      el("a", { class: "button button-primary", href: `${form.dataset.workloads}${created.id}/` }, "Open the workload"));
  } catch (error) {
    importButton.disabled = false;
    rejected(confirmStatus, error);
  }
});

formsReady();
