// One question's card: its best practices, applicability and notes, drawn from the draft
// and the server's answer, and the user's changes to them.
import { clearFieldError } from "./form-errors.js";
import { el, externalLink, formatWhen, icon } from "./dom.js";
import { editable } from "./review-question.js";
import { renderConflict } from "./review-conflict.js";
import { cfg, nodes, NOTES_DELAY } from "./review-context.js";
import { showNotes } from "./review-markdown.js";
import { navRisk, sectionName, setCurrent } from "./review-sections.js";
import { buildThread } from "./review-thread.js";
import { LIMITS, riskBadge, vocabulary } from "./vocabulary.js";

function reasonSelect(id, value, label, onChange) {
  const select = el("select", { id, "aria-label": label, disabled: cfg.readOnly, onchange: onChange });
  for (const [key, text] of vocabulary.reasons) select.append(el("option", { value: key }, text));
  select.value = value || "NONE";
  return select;
}

export function buildCard(q) {
  const d = q.data;
  const id = `q-${q.key}`;
  const n = q.n;
  n.badge = el("span", { class: "q-risk" });
  // Not a live region: the page-wide save status and the risk announcer speak for it.
  n.save = el("span", { class: "q-save", "data-state": "idle" });
  n.needsReview = el("span", { class: "chip chip-warning", hidden: true, title: "The lens changed since this answer was given" }, icon("flag"), "Needs review");
  // Where the answer came from: a review template (its API resource is the link).
  n.origin = el("a", { class: "chip", hidden: true, "data-testid": "template-origin" });
  n.meta = el("span", { class: "q-updated" });
  const section = [sectionName("pillar", d.pillar), d.phase ? sectionName("phase", d.phase) : null].filter(Boolean);

  const card = el("article", {
    class: "question-card card", id, tabindex: "-1", "data-key": q.key, "aria-labelledby": `${id}-title`,
  });
  n.card = card;
  card.append(
    el("header", { class: "q-header" },
      el("div", { class: "q-heading" },
        el("p", { class: "q-kicker" }, el("span", { class: "qid" }, q.key), section.join(" · ")),
        el("h3", { id: `${id}-title`, class: "q-title" }, d.title)),
      el("div", { class: "q-state" }, n.badge, n.needsReview, n.origin, n.save)),
  );
  n.conflict = el("div", { class: "conflict", role: "alert", hidden: true, "data-testid": "conflict" });
  card.append(n.conflict);
  if (d.description) card.append(el("p", { class: "q-context" }, d.description));
  if (d.helpful_resource && d.helpful_resource.url) {
    card.append(el("p", { class: "q-resource small" },
      externalLink(d.helpful_resource.url, d.helpful_resource.display_text || "Helpful resource")));
  }

  // Best practices.
  n.choices = new Map();
  n.fieldset = el("fieldset", { class: "choices" }, el("legend", { class: "q-label" }, "Best practices you follow"));
  const list = el("ol", { class: "choice-list" });
  let number = 0;
  for (const choice of d.choices) list.append(buildChoice(q, choice, choice.is_none ? null : ++number));
  n.fieldset.append(list);
  card.append(n.fieldset);

  // The question as a whole does not apply.
  n.applies = el("input", {
    type: "checkbox", id: `${id}-na`, disabled: cfg.readOnly,
    onchange: (event) => {
      q.draft.isApplicable = !event.target.checked;
      if (!q.draft.isApplicable && !q.draft.reason) q.draft.reason = "NONE";
      syncApplicability(q);
      changed(q, "applicability");
    },
  });
  n.reason = reasonSelect(`${id}-reason`, d.reason, "Why the question does not apply", (event) => {
    q.draft.reason = event.target.value;
    changed(q, "applicability");
  });
  n.reasonWrap = el("span", { class: "q-reason" }, el("label", { for: `${id}-reason` }, "Reason"), n.reason);
  card.append(el("div", { class: "q-applicability" },
    el("label", { class: "checkbox", for: `${id}-na` }, n.applies, "This question does not apply to this workload"),
    n.reasonWrap));

  // Notes (Markdown), autosaved while typing.
  n.notesRendered = el("div", { class: "md notes-rendered" });
  const notesWrap = el("div", { class: "q-notes" });
  if (cfg.readOnly) {
    notesWrap.append(el("p", { class: "q-label" }, "Notes"), n.notesRendered);
  } else {
    n.counter = el("span", { class: "notes-counter small muted" });
    n.notes = el("textarea", {
      id: `${id}-notes`, rows: "3", maxlength: String(LIMITS.notes),
      placeholder: "Why this answer, links, follow-ups… (Markdown: **bold**, *italic*, `code`, - lists, [links](https://…))",
      oninput: (event) => {
        clearFieldError(event.target);
        q.draft.notes = event.target.value;
        renderNotes(q);
        changed(q, "notes", NOTES_DELAY);
      },
      onblur: () => q.queue.flush(),
    });
    notesWrap.append(
      el("div", { class: "q-notes-head" }, el("label", { class: "q-label", for: `${id}-notes` }, "Notes"), n.counter),
      n.notes, n.notesRendered);
  }
  card.append(notesWrap);
  // Comments are live: a milestone's page shows the answers as they were, without them.
  if (!cfg.milestone) card.append(buildThread(q));
  card.append(el("p", { class: "q-footer small muted" }, n.meta));

  card.addEventListener("focusin", () => setCurrent(q.key));
  card.addEventListener("click", () => setCurrent(q.key));
  syncInputs(q, { force: true });
  renderAnswerState(q);
  return card;
}

function buildChoice(q, choice, number) {
  const id = `q-${q.key}-c-${choice.key}`;
  const parts = {};
  parts.input = el("input", {
    type: "checkbox", id, disabled: cfg.readOnly, "data-choice": choice.key,
    onchange: (event) => toggleChoice(q, choice.key, event.target.checked),
  });
  const label = el("label", { for: id, class: "choice-label" },
    number && number <= 9 ? el("kbd", { class: "key-hint", "aria-hidden": "true", title: `Press ${number}` }, String(number)) : null,
    choice.is_none ? el("kbd", { class: "key-hint", "aria-hidden": "true", title: "Press n" }, "n") : null,
    choice.best_practice_id && !choice.is_none ? el("span", { class: "bpid" }, choice.best_practice_id) : null,
    el("span", { class: "choice-title" }, choice.is_none ? choice.title || "None of these" : choice.title));
  const item = el("li", { class: choice.is_none ? "choice choice-none" : "choice", "data-choice": choice.key },
    el("div", { class: "choice-main" }, parts.input, label));
  if (!choice.is_none) {
    parts.na = el("input", {
      type: "checkbox", id: `${id}-na`, disabled: cfg.readOnly,
      onchange: (event) => toggleChoiceNA(q, choice.key, event.target.checked),
    });
    item.firstChild.append(el("label", { class: "na-toggle", for: `${id}-na`, title: "Mark this best practice as not applicable" },
      parts.na, "N/A", el("span", { class: "visually-hidden" }, `: ${choice.title} does not apply`)));
    const body = el("div", { class: "choice-body" });
    if (choice.description) body.append(el("p", { class: "choice-desc" }, choice.description));
    if (choice.helpful_resource_url) {
      body.append(el("p", { class: "choice-links small" },
        externalLink(choice.helpful_resource_url, choice.helpful_resource_text || "Learn more")));
    }
    parts.naReason = reasonSelect(`${id}-reason`, "NONE", `Why ${choice.title} does not apply`, (event) => {
      const entry = q.draft.na.get(choice.key);
      if (entry) { entry.reason = event.target.value; changed(q, "choices"); }
    });
    parts.naNotes = el("input", {
      type: "text", id: `${id}-notes`, maxlength: String(LIMITS.not_applicable_notes), disabled: cfg.readOnly, placeholder: "Why it does not apply (optional)",
      "aria-label": `Notes on why ${choice.title} does not apply`,
      oninput: (event) => {
        const entry = q.draft.na.get(choice.key);
        if (entry) { entry.notes = event.target.value; changed(q, "choices", NOTES_DELAY); }
      },
      onblur: () => q.queue.flush(),
    });
    parts.naBox = el("div", { class: "choice-na", hidden: true },
      el("label", { for: `${id}-reason` }, "Reason"), parts.naReason, parts.naNotes);
    body.append(parts.naBox);
    item.append(body);
  }
  parts.item = item;
  q.n.choices.set(choice.key, parts);
  return item;
}

export function syncInputs(q, { force = false } = {}) {
  syncChoices(q);
  syncApplicability(q);
  if (q.n.notes && (force || document.activeElement !== q.n.notes)) q.n.notes.value = q.draft.notes;
  renderNotes(q);
}

export function syncChoices(q) {
  const d = q.draft;
  for (const [key, parts] of q.n.choices) {
    const na = d.na.get(key);
    parts.input.checked = d.selected.has(key);
    parts.input.disabled = cfg.readOnly || !!na;
    parts.item.classList.toggle("is-selected", d.selected.has(key));
    parts.item.classList.toggle("is-na", !!na);
    if (!parts.na) continue;
    parts.na.checked = !!na;
    parts.naBox.hidden = !na;
    if (na) {
      parts.naReason.value = na.reason || "NONE";
      if (document.activeElement !== parts.naNotes) parts.naNotes.value = na.notes || "";
    }
  }
}

function syncApplicability(q) {
  const d = q.draft;
  q.n.applies.checked = !d.isApplicable;
  q.n.reasonWrap.hidden = d.isApplicable;
  q.n.reason.value = d.reason || "NONE";
  q.n.fieldset.disabled = cfg.readOnly || !d.isApplicable;
  q.n.card.classList.toggle("is-not-applicable", !d.isApplicable);
}

export function renderNotes(q) {
  const text = q.draft.notes;
  showNotes(q.n.notesRendered, text);
  if (q.n.counter) {
    q.n.counter.textContent = `${text.length.toLocaleString()} / ${LIMITS.notes.toLocaleString()}`;
    q.n.counter.classList.toggle("is-near", text.length > LIMITS.notes * 0.9);
  }
}

export function renderAnswerState(q) {
  const d = q.data;
  const badge = riskBadge(d.risk);
  badge.classList.add("q-risk");
  q.n.badge.replaceWith(badge);
  q.n.badge = badge;
  q.n.needsReview.hidden = !d.needs_review;
  const origin = d.origin;
  q.n.origin.hidden = !origin;
  if (origin) {
    q.n.origin.href = origin.url;
    q.n.origin.textContent = `From template ${origin.template}, version ${origin.template_version}${origin.changed ? " · changed since" : ""}`;
    q.n.origin.title = "This answer was filled from a review template";
  }
  q.n.card.dataset.risk = d.risk;
  const who = d.updated_by ? d.updated_by.username : null;
  q.n.meta.textContent = d.version
    ? `Version ${d.version}${who ? ` · last changed by ${who}` : ""}${d.updated_at ? ` · ${formatWhen(d.updated_at)}` : ""}`
    : "Not answered yet";
  if (d.updated_at) q.n.meta.title = new Date(d.updated_at).toLocaleString();
  const link = nodes.sections.querySelector(`[data-question="${CSS.escape(q.key)}"] .nav-risk`);
  if (link) link.replaceWith(navRisk(d.risk));
}

export function changed(q, group, delay = 0) {
  if (!editable(q)) return;
  q.queue.change(group, delay);
  if (q.conflict) renderConflict(q);
}

export function toggleChoice(q, key, checked) {
  if (!editable(q) || !q.draft.isApplicable || q.draft.na.has(key)) { syncChoices(q); return; }
  const d = q.draft;
  const choice = q.choiceByKey.get(key);
  if (checked) {
    // "None of these" excludes every other choice, and the other way round.
    if (choice.is_none) d.selected.clear();
    else for (const other of [...d.selected]) if (q.choiceByKey.get(other)?.is_none) d.selected.delete(other);
    d.selected.add(key);
  } else {
    d.selected.delete(key);
  }
  syncChoices(q);
  changed(q, "choices");
}

function toggleChoiceNA(q, key, on) {
  if (!editable(q)) return;
  if (on) {
    q.draft.selected.delete(key);
    q.draft.na.set(key, { reason: "NONE", notes: "" });
  } else {
    q.draft.na.delete(key);
  }
  syncChoices(q);
  changed(q, "choices");
  if (on) q.n.choices.get(key).naReason.focus();
}
