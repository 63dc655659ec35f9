// The workload page: properties, members, lenses, milestones, deletion and the reports panel.
import { api, ApiError, formsReady } from "./api.js";
import { el } from "./dom.js";
import { handleSubmit, showErrors, clearErrors } from "./form-errors.js";
import { isoDateTime } from "./format.js";
import { confirmAfterLoad, confirmHere } from "./confirm.js";

const root = document.getElementById("workload-root");
const base = root.dataset.api;

function message(error) {
  if (error instanceof ApiError) {
    const first = (error.body.errors || [])[0];
    return first && first.field ? `${error.message} (${first.field})` : error.message;
  }
  return `Network error: ${error.message}`;
}

handleSubmit(document.getElementById("props-form"), async (form) => {
  const data = Object.fromEntries(new FormData(form));
  data.aws_regions = data.aws_regions.split(",").map((s) => s.trim()).filter(Boolean);
  await api(base, { method: "PATCH", json: data });
  confirmAfterLoad("Properties saved.", "#props-status");
  window.location.reload();
});

handleSubmit(document.getElementById("apply-lens"), async (form) => {
  const select = form.elements.lens;
  await api(`${base}reviews/`, { method: "POST", json: { lens: select.value } });
  confirmAfterLoad(`${select.selectedOptions[0].text} applied.`, "#lenses-status");
  window.location.reload();
}, { pending: "Applying…" });

handleSubmit(document.getElementById("milestone-form"), async (form) => {
  const milestone = await api(`${base}milestones/`, { method: "POST", json: { name: form.elements.name.value } });
  confirmAfterLoad(`Milestone #${milestone.number} "${milestone.name}" recorded.`, "#milestone-form .form-status");
  window.location.reload();
}, { pending: "Recording…" });

for (const form of document.querySelectorAll(".upgrade-form")) {
  handleSubmit(form, async () => {
    await api(form.dataset.api, { method: "POST", json: { milestone_name: form.elements.milestone_name.value } });
    confirmAfterLoad(`Upgraded; milestone "${form.elements.milestone_name.value}" keeps the answers as they were.`, "#lenses-status");
    window.location.reload();
  }, { pending: "Upgrading…", fields: { name: "milestone_name" } });
}

// Deleting the workload: the owner types its name to confirm.
const deleteForm = document.getElementById("delete-form");
handleSubmit(deleteForm, async (form) => {
  const confirm = form.elements.confirm_name;
  if (confirm.value.trim() !== form.dataset.name) {
    throw new ApiError(400, { code: "VALIDATION_ERROR", message: "Type the workload's name to confirm.",
      errors: [{ code: "CONFIRM", message: `Type "${form.dataset.name}" exactly to confirm.`, field: "confirm_name" }] });
  }
  await api(base, { method: "DELETE" });
  confirmAfterLoad(`Workload "${form.dataset.name}" deleted.`);
  window.location.assign(form.dataset.next);
}, { pending: "Deleting…" });

for (const button of document.querySelectorAll(".remove-lens-confirm")) {
  const status = button.parentElement.querySelector(".form-status");
  button.addEventListener("click", async () => {
    status.textContent = "Removing…";
    try {
      await api(button.dataset.api, { method: "DELETE" });
      confirmAfterLoad(`${button.dataset.name} removed.`, "#lenses-status");
      window.location.reload();
    } catch (error) {
      status.textContent = message(error);
      status.classList.add("error-text");
    }
  });
}

// Members
const memberStatus = document.getElementById("member-status");
const memberForm = document.getElementById("member-form");
handleSubmit(memberForm, async (form) => {
  const role = form.elements.role;
  await api(`${base}members/`, { method: "POST", json: { user: form.elements.user.value.trim(), role: role.value } });
  confirmAfterLoad(`${form.elements.user.value.trim()} added as ${role.selectedOptions[0].text.toLowerCase()}.`, "#member-status");
  window.location.reload();
}, { status: memberStatus, pending: "Adding…", codes: { ALREADY_MEMBER: "user" } });
for (const row of document.querySelectorAll("#member-list [data-member]")) {
  const id = row.dataset.member;
  const role = row.querySelector(".member-role");
  const remove = row.querySelector(".member-remove");
  const status = row.querySelector(".member-status");
  const fail = (error, control) => showErrors(row, error, { status, fields: { role: control }, codes: { LAST_OWNER: control } });
  role?.addEventListener("change", async () => {
    clearErrors(row, { status });
    try {
      await api(`${base}members/${id}/`, { method: "PATCH", json: { role: role.value } });
      memberStatus.textContent = "Role changed.";
    } catch (error) {
      role.value = role.dataset.saved;
      fail(error, role);
    }
    role.dataset.saved = role.value;
  });
  if (role) role.dataset.saved = role.value;
  remove?.addEventListener("click", async () => {
    clearErrors(row, { status });
    try {
      await api(`${base}members/${id}/`, { method: "DELETE" });
      row.remove();
      // The button is gone with its row: focus goes to the confirmation below the list.
      confirmHere(memberStatus, "Member removed.");
    } catch (error) {
      fail(error, remove);
    }
  });
}

// Reports panel: request, follow progress, download, retry.
const panel = document.getElementById("reports-panel");
const reportsApi = panel.dataset.reportsApi;
const list = document.getElementById("report-list");
const reportForm = document.getElementById("report-form"); // absent for readers
const canRetry = panel.dataset.canRetry === "true";
const canDelete = panel.dataset.canDelete === "true";
const kinds = { REVIEW: "Review report", IMPROVEMENT_PLAN: "Improvement plan", COMPARISON: "Milestone comparison" };

function toggleKind() {
  const compare = reportForm.elements.kind.value === "comparison";
  for (const el of reportForm.querySelectorAll(".when-compare")) el.hidden = !compare;
  for (const el of reportForm.querySelectorAll(".when-single")) el.hidden = compare;
}
if (reportForm) {
  reportForm.elements.kind.addEventListener("change", toggleKind);
  toggleKind();
}

function describe(job) {
  let what = kinds[job.kind] || job.kind;
  if (job.kind === "COMPARISON") what += ` (${job.base} → ${job.target === "current" ? "now" : job.target})`;
  else if (job.milestone) what += ` (milestone ${job.milestone})`;
  return what;
}

const reportsStatus = document.getElementById("reports-status");
// Jobs asked for on this page: the status says when they are ready (or failed).
const requestedHere = new Set();

function settled(job) {
  if (!requestedHere.has(job.id) || job.status === "QUEUED" || job.status === "RUNNING") return;
  requestedHere.delete(job.id);
  if (job.status === "DONE") {
    confirmHere(reportsStatus, `${describe(job)} is ready: "Download PDF" in the list below.`, { focus: false });
  } else {
    reportsStatus.textContent = `${describe(job)} failed: ${job.error || "no reason given"}.`;
    reportsStatus.classList.add("error-text");
  }
}

function renderJob(job) {
  let row = list.querySelector(`[data-job="${job.id}"]`);
  if (!row) {
    row = el("li", { class: "report-row", "data-job": job.id });
    list.prepend(row);
  }
  row.replaceChildren();
  row.dataset.status = job.status;
  row.append(el("span", {}, `${describe(job)} · ${isoDateTime(job.created_at)}`));
  const right = el("span", { class: "inline-fields" });
  if (job.status === "DONE") {
    right.append(el("span", { class: "small muted" }, `${job.page_count} pages · ${Math.round(job.size / 1024)} KB`));
    right.append(el("a", { class: "button button-small button-primary", href: job.download_url }, "Download PDF"));
  } else if (job.status === "FAILED") {
    right.append(el("span", { class: "error-text small", "data-error-code": job.error_code || "" }, job.error || "Failed"));
    if (canRetry) {
      const retry = el("button", { class: "button button-small", type: "button" }, "Retry");
      retry.addEventListener("click", async () => {
        try {
          const again = await api(`${reportsApi}${job.id}/retry`, { method: "POST" });
          requestedHere.add(again.id);
          follow(again);
          // The Retry button is gone with the old row: focus goes to the confirmation.
          confirmHere(reportsStatus, `${describe(again)} requested again.`);
        } catch (error) { right.append(el("span", { class: "error-text" }, message(error))); }
      });
      right.append(retry);
    }
  } else if (job.status === "QUEUED") {
    const place = job.queue_position ? ` · position ${job.queue_position} in the queue` : "";
    right.append(el("span", { class: "small muted queue-position" }, `Queued${place}`));
  } else {
    right.append(el("span", { class: "small muted" }, `Rendering · ${job.progress}%`));
  }
  if (canDelete && job.status !== "QUEUED" && job.status !== "RUNNING") {
    const remove = el("button", { class: "button button-small button-danger", type: "button" }, "Delete");
    remove.addEventListener("click", async () => {
      try {
        await api(`${reportsApi}${job.id}/`, { method: "DELETE" });
        row.remove();
        confirmHere(reportsStatus, `${describe(job)} deleted.`);
      } catch (error) { right.append(el("span", { class: "error-text" }, message(error))); }
    });
    right.append(remove);
  }
  row.append(right);
  if (job.status === "QUEUED" || job.status === "RUNNING") {
    const bar = el("div", { class: "report-progress", role: "progressbar", "aria-valuemin": "0", "aria-valuemax": "100", "aria-valuenow": String(job.progress) });
    const fill = el("span");
    fill.style.width = `${job.progress}%`;
    bar.append(fill);
    row.append(bar);
  }
}

const following = new Set();
async function follow(job) {
  renderJob(job);
  settled(job);
  if (following.has(job.id)) return;
  following.add(job.id);
  let delay = 500;
  while (job.status === "QUEUED" || job.status === "RUNNING") {
    await new Promise((resolve) => window.setTimeout(resolve, delay));
    delay = Math.min(delay * 1.5, 4000);
    try {
      job = await api(`${reportsApi}${job.id}/`);
      renderJob(job);
      settled(job);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) break;
    }
  }
  following.delete(job.id);
}

handleSubmit(reportForm, async () => {
  const status = reportForm.querySelector(".form-status");
  const f = reportForm.elements;
  const body = { workload: Number(panel.dataset.workload), lens: f.lens.value, kind: f.kind.value,
    options: { include_notes: f.include_notes.checked, organisation: f.organisation.value } };
  if (f.kind.value === "comparison") { body.base = Number(f.base.value); body.target = f.target.value; }
  else if (f.milestone.value) body.milestone = Number(f.milestone.value);
  const job = await api(reportsApi, { method: "POST", json: body });
  // The status keeps saying what was requested (it used to empty here); focus stays on the
  // button, and #reports-status says when the report is ready.
  confirmHere(status, `${describe(job)} requested: it is listed below while it renders.`, { focus: false });
  requestedHere.add(job.id);
  follow(job);
}, { pending: "Requesting…", fields: { "options.organisation": "organisation", "options.include_notes": "include_notes" } });

(async () => {
  try {
    const page = await api(`${reportsApi}?workload=${panel.dataset.workload}&page_size=10`);
    for (const job of page.results.reverse()) follow(job);
  } catch (error) {
    list.append(el("li", { class: "error-text" }, message(error)));
  }
})();

formsReady();
