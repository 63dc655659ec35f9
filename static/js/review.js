// The review page: one lens review, answered question by question with autosave.
import { api, apiAll } from "./api.js";
import { clearFieldError, showFieldError } from "./form-errors.js";
import { debounce, el, externalLink, formatWhen, icon, riskBadge, RISK_META, RISKS } from "./review-dom.js";
import { renderMarkdown } from "./review-markdown.js";
import { createPlan } from "./review-plan.js";
import { SaveQueue, onSummary } from "./review-save.js";

const root = document.getElementById("review");
const cfg = {
  readOnly: root.dataset.readOnly === "true",
  milestone: root.dataset.milestone || "",
  user: root.dataset.user || "",
  api: {
    review: root.dataset.apiReview,
    answers: root.dataset.apiAnswers,
    improvements: root.dataset.apiImprovements,
    members: root.dataset.apiMembers,
  },
};
const query = cfg.milestone ? `?milestone=${encodeURIComponent(cfg.milestone)}` : "";
const vocabulary = JSON.parse(document.getElementById("review-vocabulary").textContent);
const NOTES_DELAY = 800;
const MAX_NOTES = 10000;

const state = {
  review: JSON.parse(document.getElementById("review-summary").textContent),
  questions: [], // lens order
  byKey: new Map(),
  view: "pillar",
  mode: "list",
  filter: "all",
  order: [], // keys in the order of the current view
  visible: new Set(),
  current: null,
};

const $ = (id) => document.getElementById(id);
const nodes = {
  questions: $("questions"),
  sections: $("section-list"),
  answered: $("review-answered"),
  progress: $("review-progress"),
  counts: $("review-counts"),
  status: $("save-status"),
  singleNav: $("single-nav"),
  position: $("single-position"),
  filter: $("question-filter"),
  help: $("help-popover"),
  helpButton: $("help-button"),
  planCount: $("plan-count"),
};

function stored(name, allowed, fallback) {
  try {
    const value = localStorage.getItem(`mllens.review.${name}`);
    return allowed.includes(value) ? value : fallback;
  } catch {
    return fallback;
  }
}

function store(name, value) {
  try { localStorage.setItem(`mllens.review.${name}`, value); } catch { /* private mode */ }
}

// ---- Answers as the page holds them: the server's answer and the user's draft ----

function draftFrom({ selected_choices, choice_statuses, is_applicable, reason, notes }) {
  const na = new Map();
  for (const [key, value] of Object.entries(choice_statuses || {})) {
    // Every choice has its status (a 409's `current` is the same answer representation).
    if (value.status === "NOT_APPLICABLE") {
      na.set(key, { reason: value.reason || "NONE", notes: value.notes || "" });
    }
  }
  return {
    selected: new Set(selected_choices || []),
    na,
    isApplicable: is_applicable !== false,
    reason: reason || "",
    notes: notes || "",
  };
}

function choiceStatuses(q) {
  const out = {};
  for (const choice of q.data.choices) {
    if (q.draft.selected.has(choice.key)) out[choice.key] = { status: "SELECTED" };
    else if (q.draft.na.has(choice.key)) out[choice.key] = { status: "NOT_APPLICABLE", ...q.draft.na.get(choice.key) };
    else out[choice.key] = { status: "UNSELECTED" };
  }
  return out;
}

function editable(q) {
  return !cfg.readOnly && !!q;
}

function answerUrl(q) {
  return `${cfg.api.answers}${encodeURIComponent(q.key)}/`;
}

// Which control a refused answer field is about: notes, the reason, or the choices list.
function fieldErrors(q, error, groups) {
  const controls = { notes: q.n.notes, reason: q.n.reason, is_applicable: q.n.reason };
  const shown = new Set();
  for (const item of (error && error.body && error.body.errors) || []) {
    const name = (item.field || (item.pointer || "").split("/")[1] || "").split(".")[0];
    const control = controls[name];
    if (control && !shown.has(control)) { showFieldError(control, item.message); shown.add(control); }
  }
  if (!shown.size && groups.has("notes") && q.n.notes && error && error.message) showFieldError(q.n.notes, error.message);
}

function makeQuestion(data) {
  const q = {
    key: data.question_key,
    data,
    draft: draftFrom(data),
    choiceByKey: new Map(data.choices.map((choice) => [choice.key, choice])),
    conflict: null,
    n: {},
  };
  q.queue = new SaveQueue({
    send: (groups) => {
      const body = { version: q.data.version };
      if (groups.has("choices")) body.choice_statuses = choiceStatuses(q);
      if (groups.has("applicability")) {
        body.is_applicable = q.draft.isApplicable;
        body.reason = q.draft.isApplicable ? "" : (q.draft.reason || "NONE");
      }
      if (groups.has("notes")) body.notes = q.draft.notes;
      return api(answerUrl(q), { method: "PATCH", json: body });
    },
    onSaved: (answer) => {
      for (const control of [q.n.notes, q.n.reason]) if (control) clearFieldError(control);
      const before = q.data.risk;
      q.data = answer;
      renderAnswerState(q);
      if (answer.risk !== before) announceRisk(q);
      answersChanged();
    },
    onConflict: (error) => showConflict(q, error.body.current),
    onFailed: (error, groups) => {
      // Refused (400/403/404): show the server's answer again, and the reason next to the field.
      fieldErrors(q, error, groups);
      const server = draftFrom(q.data);
      if (groups.has("choices")) { q.draft.selected = server.selected; q.draft.na = server.na; }
      if (groups.has("applicability")) { q.draft.isApplicable = server.isApplicable; q.draft.reason = server.reason; }
      if (groups.has("notes")) q.draft.notes = server.notes;
      syncInputs(q, { force: groups.has("notes") });
    },
    onState: (saveState, detail) => renderSaveState(q.n.save, saveState, detail),
  });
  return q;
}

// ---- Rendering one question ----

function reasonSelect(id, value, label, onChange) {
  const select = el("select", { id, "aria-label": label, disabled: cfg.readOnly, onchange: onChange });
  for (const [key, text] of vocabulary.reasons) select.append(el("option", { value: key }, text));
  select.value = value || "NONE";
  return select;
}

function buildCard(q) {
  const d = q.data;
  const id = `q-${q.key}`;
  const n = q.n;
  n.badge = el("span", { class: "q-risk" });
  // Not a live region: the page-wide save status and the risk announcer speak for it.
  n.save = el("span", { class: "q-save", "data-state": "idle" });
  n.needsReview = el("span", { class: "chip chip-warning", hidden: true, title: "The lens changed since this answer was given" }, icon("flag"), "Needs review");
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
      el("div", { class: "q-state" }, n.badge, n.needsReview, n.save)),
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
      id: `${id}-notes`, rows: "3", maxlength: String(MAX_NOTES),
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
      type: "text", id: `${id}-notes`, maxlength: "250", disabled: cfg.readOnly, placeholder: "Why it does not apply (optional)",
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

function syncInputs(q, { force = false } = {}) {
  syncChoices(q);
  syncApplicability(q);
  if (q.n.notes && (force || document.activeElement !== q.n.notes)) q.n.notes.value = q.draft.notes;
  renderNotes(q);
}

function syncChoices(q) {
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

function renderNotes(q) {
  const text = q.draft.notes;
  q.n.notesRendered.replaceChildren(text.trim() ? renderMarkdown(text) : el("p", { class: "muted" }, "No notes."));
  q.n.notesRendered.classList.toggle("is-empty", !text.trim());
  if (q.n.counter) {
    q.n.counter.textContent = `${text.length.toLocaleString()} / ${MAX_NOTES.toLocaleString()}`;
    q.n.counter.classList.toggle("is-near", text.length > MAX_NOTES * 0.9);
  }
}

// The one live region that says what a save changed (WCAG 4.1.3): the question's new risk.
function announceRisk(q) {
  const meta = RISK_META[q.data.risk] || RISK_META.UNANSWERED;
  const announcer = $("risk-announcer");
  announcer.textContent = "";
  // A fresh text node after a tick, so the same words twice in a row are read twice.
  setTimeout(() => { announcer.textContent = `${q.key} saved: now ${meta.label.toLowerCase()}.`; }, 50);
}

function renderAnswerState(q) {
  const d = q.data;
  const badge = riskBadge(d.risk);
  badge.classList.add("q-risk");
  q.n.badge.replaceWith(badge);
  q.n.badge = badge;
  q.n.needsReview.hidden = !d.needs_review;
  q.n.card.dataset.risk = d.risk;
  const who = d.updated_by ? d.updated_by.username : null;
  q.n.meta.textContent = d.version
    ? `Version ${d.version}${who ? ` · last changed by ${who}` : ""}${d.updated_at ? ` · ${formatWhen(d.updated_at)}` : ""}`
    : "Not answered yet";
  if (d.updated_at) q.n.meta.title = new Date(d.updated_at).toLocaleString();
  const link = nodes.sections.querySelector(`[data-question="${CSS.escape(q.key)}"] .nav-risk`);
  if (link) link.replaceWith(navRisk(d.risk));
}

const SAVE_TEXT = {
  idle: "",
  pending: "Saving…",
  saving: "Saving…",
  saved: "✓ Saved",
  retrying: "Error — retrying",
  offline: "Offline — will save when back online",
  conflict: "Conflict — choose below",
  failed: "Error — not saved",
};

function renderSaveState(node, saveState, detail = {}) {
  node.dataset.state = saveState;
  let text = SAVE_TEXT[saveState] || "";
  if (saveState === "retrying" && detail.message) text = `Error: ${detail.message} — retrying`;
  if (saveState === "failed" && detail.message) text = `Error: ${detail.message}`;
  node.textContent = text;
  node.title = saveState === "saved" ? `Saved at ${new Date().toLocaleTimeString()}` : "";
}

function changed(q, group, delay = 0) {
  if (!editable(q)) return;
  q.queue.change(group, delay);
  if (q.conflict) renderConflict(q);
}

function toggleChoice(q, key, checked) {
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

// ---- Conflicts: show what changed on the server; keep mine or take theirs ----

function showConflict(q, current) {
  q.conflict = current;
  // Someone else changed what we did not touch (or the same way): merge without asking.
  if (!conflictRows(q).rows.some((row) => row.clash)) {
    keepMine(q);
    return;
  }
  renderConflict(q);
  const box = q.n.conflict.getBoundingClientRect();
  if (box.top < 0 || box.bottom > window.innerHeight) q.n.conflict.scrollIntoView({ block: "center" });
}

function applicabilityText(d) {
  if (d.isApplicable) return "The question applies";
  const label = Object.fromEntries(vocabulary.reasons)[d.reason || "NONE"] || d.reason;
  return `Does not apply (${label})`;
}

function naText(q, na) {
  if (!na.size) return ["none"];
  const labels = Object.fromEntries(vocabulary.reasons);
  return [...na].map(([key, v]) => `${q.choiceByKey.get(key)?.title || key} — ${labels[v.reason] || v.reason}${v.notes ? `: ${v.notes}` : ""}`);
}

function sameSet(a, b) {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

function sameNA(a, b) {
  if (a.size !== b.size) return false;
  for (const [key, v] of a) {
    const w = b.get(key);
    if (!w || w.reason !== v.reason || (w.notes || "") !== (v.notes || "")) return false;
  }
  return true;
}

// What differs between our draft and the server's answer, per group of fields. Against
// the answer we last had (the base): `clash` where both sides changed the group, `yours`
// where only we did, otherwise only they did (and "Keep mine" keeps theirs there).
function conflictRows(q) {
  const mine = q.draft;
  const theirs = draftFrom(q.conflict);
  const base = draftFrom(q.data);
  const dirty = q.queue.dirty;
  const equal = {
    choices: (a, b) => sameSet(a.selected, b.selected) && sameNA(a.na, b.na),
    applicability: (a, b) => a.isApplicable === b.isApplicable && (a.isApplicable || a.reason === b.reason),
    notes: (a, b) => a.notes === b.notes,
  };
  const rows = [];
  const add = (name, group, yours, server) => {
    const mineChanged = dirty.has(group);
    const theirsChanged = !equal[group](base, theirs);
    rows.push({ name, group, clash: mineChanged && theirsChanged, yours: mineChanged && !theirsChanged, mineNode: yours, theirsNode: server });
  };
  if (!sameSet(mine.selected, theirs.selected)) {
    const list = (set, other) => {
      const names = [...set].map((key) => ({ key, name: q.choiceByKey.get(key)?.title || key }));
      if (!names.length) return el("span", { class: "muted" }, "nothing selected");
      return el("ul", {}, names.map(({ key, name }) =>
        el("li", { class: other.has(key) ? "" : "diff-only" }, other.has(key) ? "" : el("span", { class: "diff-mark", "aria-hidden": "true" }, "● "), name)));
    };
    add("Best practices", "choices", list(mine.selected, theirs.selected), list(theirs.selected, mine.selected));
  }
  if (!sameNA(mine.na, theirs.na)) {
    add("Not applicable", "choices", el("span", {}, naText(q, mine.na).join("; ")), el("span", {}, naText(q, theirs.na).join("; ")));
  }
  if (!equal.applicability(mine, theirs)) {
    add("Question", "applicability", applicabilityText(mine), applicabilityText(theirs));
  }
  if (mine.notes !== theirs.notes) {
    const show = (text) => text ? el("div", { class: "diff-notes" }, text.length > 800 ? `${text.slice(0, 800)}…` : text) : el("span", { class: "muted" }, "no notes");
    add("Notes", "notes", show(mine.notes), show(theirs.notes));
  }
  return { rows, theirs };
}

function renderConflict(q) {
  const box = q.n.conflict;
  if (!q.conflict) { box.hidden = true; box.replaceChildren(); return; }
  const current = q.conflict;
  const { rows, theirs } = conflictRows(q);
  const by = current.updated_by ? ` by ${current.updated_by.username}` : "";
  const when = current.updated_at ? ` (${formatWhen(current.updated_at)})` : "";
  const table = el("table", { class: "diff-table" },
    el("thead", {}, el("tr", {}, el("th", { scope: "col" }, el("span", { class: "visually-hidden" }, "Field")),
      el("th", { scope: "col" }, "Yours"), el("th", { scope: "col" }, "On the server"))),
    el("tbody", {}, rows.map((row) =>
      el("tr", { "data-group": row.group, class: row.clash ? "diff-clash" : "diff-kept" },
        el("th", { scope: "row" }, row.name,
          row.clash ? null : el("span", { class: "diff-note" },
            row.yours ? "changed only by you" : "changed only on the server")),
        el("td", { "data-side": "mine" }, row.mineNode),
        el("td", { "data-side": "theirs" }, row.theirsNode)))));
  const buttons = el("div", { class: "actions" },
    el("button", { type: "button", class: "button button-primary", onclick: () => keepMine(q) }, "Keep mine"),
    el("button", { type: "button", class: "button", onclick: () => takeTheirs(q) }, "Take theirs"));
  if (q.queue.dirty.has("notes") && q.draft.notes && theirs.notes && q.draft.notes !== theirs.notes) {
    buttons.append(el("button", { type: "button", class: "button", onclick: () => keepMine(q, { mergeNotes: true }) },
      "Keep mine, add their notes"));
  }
  box.replaceChildren(
    el("p", { class: "conflict-title" }, el("strong", {}, "This answer was changed on the server"),
      `${by}${when} while you were editing it (now version ${current.version}). Your change is not saved yet.`),
    table,
    buttons,
    el("p", { class: "small muted conflict-help" },
      "Keep mine saves your changes over theirs; what only they changed stays as they left it. ",
      "Take theirs drops your unsaved changes to this answer."));
  box.hidden = false;
}

function adoptServer(q, current) {
  // The 409's `current` is the answer as the server has it (the GET representation): the
  // answer we base the next change on.
  q.data = current;
}

// Our changes on top of the server's version; what we did not change is the server's.
function keepMine(q, { mergeNotes = false } = {}) {
  const current = q.conflict;
  if (!current) return;
  const theirs = draftFrom(current);
  const dirty = q.queue.dirty;
  if (!dirty.has("choices")) { q.draft.selected = theirs.selected; q.draft.na = theirs.na; }
  if (!dirty.has("applicability")) { q.draft.isApplicable = theirs.isApplicable; q.draft.reason = theirs.reason; }
  if (mergeNotes) {
    q.draft.notes = `${theirs.notes}\n\n${q.draft.notes}`.slice(0, MAX_NOTES);
    dirty.add("notes");
  } else if (!dirty.has("notes")) {
    q.draft.notes = theirs.notes;
  }
  adoptServer(q, current);
  q.conflict = null;
  renderConflict(q);
  syncInputs(q, { force: true });
  renderAnswerState(q);
  q.queue.resume();
}

function takeTheirs(q) {
  const current = q.conflict;
  if (!current) return;
  adoptServer(q, current);
  q.draft = draftFrom(current);
  q.conflict = null;
  q.queue.discard();
  renderConflict(q);
  syncInputs(q, { force: true });
  renderAnswerState(q);
  answersChanged();
}

// ---- Review and pillar notes: Markdown, merged per pillar by the server ----

const notesBlocks = new Map(); // "" is the review's notes, otherwise a pillar key

function notesBlock(key, title, text) {
  if (notesBlocks.has(key)) return notesBlocks.get(key);
  const id = key ? `pillar-notes-${key}` : "review-notes";
  const save = el("span", { class: "q-save", "data-state": "idle" }); // #save-status speaks
  const rendered = el("div", { class: "md notes-rendered" });
  const show = (value) => {
    rendered.replaceChildren(value.trim() ? renderMarkdown(value) : el("p", { class: "muted" }, "No notes."));
    rendered.classList.toggle("is-empty", !value.trim());
  };
  show(text);
  const block = el("details", { class: `section-notes${text.trim() ? "" : " is-empty"}`, id, open: !!text.trim() },
    el("summary", {}, el("span", {}, title), save));
  if (cfg.readOnly) {
    block.append(rendered);
    if (!text.trim()) block.hidden = true;
  } else {
    let value = text;
    const queue = new SaveQueue({
      send: () => api(cfg.api.review, { method: "PATCH", json: key ? { pillar_notes: { [key]: value } } : { notes: value } }),
      onSaved: (review) => { state.review = review; renderHeader(); },
      onConflict: () => {},
      onFailed: () => {},
      onState: (saveState, detail) => renderSaveState(save, saveState, detail),
    });
    const area = el("textarea", {
      id: `${id}-text`, rows: "3", maxlength: String(MAX_NOTES), "aria-label": title,
      placeholder: key ? "Context, decisions and follow-ups for this pillar (Markdown)" : "Context, scope and decisions for the whole review (Markdown)",
      oninput: (event) => {
        value = event.target.value;
        show(value);
        block.classList.toggle("is-empty", !value.trim());
        queue.change("notes", NOTES_DELAY);
      },
      onblur: () => queue.flush(),
    });
    area.value = text;
    block.append(area, rendered);
  }
  notesBlocks.set(key, block);
  return block;
}

// ---- Sections, navigation and the page-wide counts ----

function sectionName(kind, key) {
  const list = kind === "pillar" ? state.review.pillars : state.review.phases;
  const found = (list || []).find((s) => s.key === key);
  return found ? found.name : key || "No phase";
}

function sections() {
  const kind = state.view;
  const list = (kind === "pillar" ? state.review.pillars : state.review.phases).map((s) => ({ key: s.key, name: s.name, questions: [] }));
  const byKey = new Map(list.map((s) => [s.key, s]));
  for (const q of state.questions) {
    const key = kind === "pillar" ? q.data.pillar : q.data.phase || "";
    if (!byKey.has(key)) {
      const extra = { key, name: kind === "phase" ? "No lifecycle phase" : key, questions: [] };
      byKey.set(key, extra);
      list.push(extra);
    }
    byKey.get(key).questions.push(q);
  }
  return list.filter((s) => s.questions.length);
}

function countsOf(questions) {
  const counts = Object.fromEntries(RISKS.map((r) => [r, 0]));
  for (const q of questions) counts[q.data.risk] = (counts[q.data.risk] || 0) + 1;
  const total = questions.length;
  return { counts, total, answered: total - counts.UNANSWERED };
}

function progressBar(answered, total, label) {
  const pct = total ? Math.round((answered / total) * 100) : 0;
  const bar = el("span", { class: "progress-bar" });
  bar.style.width = `${pct}%`; // through the CSSOM: no inline style attribute
  return el("span", {
    class: "progress", role: "progressbar", "aria-valuemin": "0", "aria-valuemax": String(total),
    "aria-valuenow": String(answered), "aria-label": label,
  }, bar);
}

function riskChips(counts) {
  const chips = el("span", { class: "risk-chips" });
  for (const risk of ["HIGH", "MEDIUM"]) {
    if (counts[risk]) chips.append(riskBadge(risk, { count: counts[risk] }));
  }
  return chips;
}

function navRisk(risk) {
  const meta = RISK_META[risk] || RISK_META.UNANSWERED;
  return el("span", { class: `nav-risk risk-${risk.toLowerCase()}`, title: meta.label },
    el("span", { "aria-hidden": "true" }, meta.icon), el("span", { class: "visually-hidden" }, meta.label));
}

function renderNav() {
  const currentSection = state.current ? sectionOf(state.byKey.get(state.current)) : null;
  nodes.sections.replaceChildren(...sections().map((section) => {
    const { counts, total, answered } = countsOf(section.questions);
    const item = el("li", { class: "nav-section", "data-section": section.key },
      el("a", { href: `#s-${state.view}-${section.key}`, class: "nav-section-link", "aria-current": section.key === currentSection ? "true" : null,
        onclick: (event) => { event.preventDefault(); setCurrent(section.questions[0].key, { scroll: true, focus: true }); } },
        el("span", { class: "nav-name" }, section.name),
        el("span", { class: "nav-meta" },
          el("span", { class: "nav-progress-text", title: `${answered} of ${total} answered` }, `${answered}/${total}`),
          riskChips(counts)),
        progressBar(answered, total, `${section.name}: ${answered} of ${total} answered`)));
    const questions = el("ol", { class: "nav-questions", hidden: section.key !== currentSection });
    for (const q of section.questions) {
      questions.append(el("li", { "data-question": q.key, class: q.key === state.current ? "is-current" : "" },
        el("a", { href: `#q-${q.key}`, title: q.data.title, "aria-current": q.key === state.current ? "true" : null,
          onclick: (event) => { event.preventDefault(); setCurrent(q.key, { scroll: true, focus: true }); } },
          navRisk(q.data.risk), el("span", { class: "nav-qid" }, q.key), el("span", { class: "nav-qtitle" }, q.data.title))));
    }
    item.append(questions);
    return item;
  }));
}

function sectionOf(q) {
  if (!q) return null;
  return state.view === "pillar" ? q.data.pillar : q.data.phase || "";
}

function renderHeader() {
  const r = state.review;
  const total = r.questions_total;
  const answered = r.questions_answered;
  nodes.answered.textContent = `${answered} of ${total} questions answered`;
  nodes.progress.replaceChildren(progressBar(answered, total, "Questions answered"));
  nodes.counts.replaceChildren(...RISKS.map((risk) =>
    el("li", { "data-risk": risk, "data-count": String(r.risk_counts[risk] || 0) }, riskBadge(risk, { count: r.risk_counts[risk] || 0 }),
      el("span", { class: "count-label", "aria-hidden": "true" }, RISK_META[risk].short))));
}

function renderQuestions() {
  // Cards are built once; a change of view moves them between section containers.
  const groups = sections();
  state.order = groups.flatMap((s) => s.questions.map((q) => q.key));
  const frag = document.createDocumentFragment();
  for (const section of groups) {
    const { total, answered } = countsOf(section.questions);
    const box = el("section", { class: "q-section", id: `s-${state.view}-${section.key}`, "data-section": section.key },
      el("h2", { class: "q-section-title" }, section.name,
        el("span", { class: "q-section-progress muted" }, ` ${answered}/${total} answered`)));
    if (state.view === "pillar") {
      const pillar = state.review.pillars.find((p) => p.key === section.key);
      if (pillar) box.append(notesBlock(pillar.key, `Notes on ${pillar.name}`, pillar.notes || ""));
    }
    for (const q of section.questions) box.append(q.n.card);
    frag.append(box);
  }
  nodes.questions.replaceChildren(notesBlock("", "Notes on the whole review", state.review.notes || ""), frag);
  applyFilter();
}

function applyFilter() {
  const match = {
    all: () => true,
    unanswered: (q) => q.data.risk === "UNANSWERED",
    high: (q) => q.data.risk === "HIGH",
    medium: (q) => q.data.risk === "MEDIUM",
    risks: (q) => q.data.risk === "HIGH" || q.data.risk === "MEDIUM",
    needs_review: (q) => q.data.needs_review,
    notes: (q) => !!q.data.notes,
  }[state.filter] || (() => true);
  state.visible = new Set(state.questions.filter(match).map((q) => q.key));
  for (const q of state.questions) q.n.card.classList.toggle("is-filtered-out", !state.visible.has(q.key));
  for (const box of nodes.questions.querySelectorAll(".q-section")) {
    box.classList.toggle("is-filtered-out", !box.querySelector(".question-card:not(.is-filtered-out)"));
  }
  const empty = nodes.questions.querySelector(".filter-empty");
  if (!state.visible.size && !empty) nodes.questions.append(el("p", { class: "card filter-empty muted" }, "No question matches this filter."));
  else if (state.visible.size && empty) empty.remove();
  if (state.current && !state.visible.has(state.current)) {
    const first = state.order.find((key) => state.visible.has(key));
    if (first) setCurrent(first);
  }
  renderSingleNav();
}

function updateSectionTitles() {
  for (const section of sections()) {
    const box = document.getElementById(`s-${state.view}-${section.key}`);
    if (!box) continue;
    const { total, answered } = countsOf(section.questions);
    box.querySelector(".q-section-progress").textContent = ` ${answered}/${total} answered`;
  }
}

function visibleOrder() {
  return state.order.filter((key) => state.visible.has(key));
}

function setCurrent(key, { scroll = false, focus = false } = {}) {
  const q = state.byKey.get(key);
  if (!q) return;
  const moved = state.current !== key;
  if (moved) {
    if (state.current) state.byKey.get(state.current)?.n.card.classList.remove("is-current");
    state.current = key;
    q.n.card.classList.add("is-current");
    history.replaceState(null, "", `${location.pathname}${location.search}#q-${key}`);
    renderNav();
    renderSingleNav();
  }
  if (focus && !q.n.card.contains(document.activeElement)) q.n.card.focus({ preventScroll: true });
  if (scroll && state.mode === "list") q.n.card.scrollIntoView({ block: "start", behavior: "auto" });
  if (scroll && state.mode === "single") window.scrollTo({ top: Math.max(0, root.querySelector(".review-main").offsetTop - 16) });
}

function move(step) {
  const order = visibleOrder();
  if (!order.length) return;
  const index = order.indexOf(state.current);
  const next = index < 0 ? 0 : Math.min(order.length - 1, Math.max(0, index + step));
  setCurrent(order[next], { scroll: true, focus: true });
}

function renderSingleNav() {
  root.classList.toggle("mode-single", state.mode === "single");
  root.classList.toggle("mode-list", state.mode === "list");
  nodes.singleNav.hidden = state.mode !== "single";
  const order = visibleOrder();
  const index = order.indexOf(state.current);
  nodes.position.textContent = order.length ? `Question ${index + 1} of ${order.length}` : "No questions";
  $("single-prev").disabled = index <= 0;
  $("single-next").disabled = index < 0 || index >= order.length - 1;
  // In one-at-a-time mode only the current question's section heading is shown.
  const section = sectionOf(state.byKey.get(state.current));
  for (const box of nodes.questions.querySelectorAll(".q-section")) {
    box.classList.toggle("is-current-section", box.dataset.section === section);
  }
}

function setView(view) {
  if (view === "phase" && !state.review.phases.length) view = "pillar";
  state.view = view;
  store("view", view);
  for (const button of root.querySelectorAll("[data-view]")) button.setAttribute("aria-pressed", String(button.dataset.view === view));
  renderQuestions();
  renderNav();
  renderSingleNav();
}

function setMode(mode) {
  state.mode = mode;
  store("mode", mode);
  for (const button of root.querySelectorAll("[data-mode]")) button.setAttribute("aria-pressed", String(button.dataset.mode === mode));
  renderSingleNav();
  if (state.current) setCurrent(state.current, { scroll: true });
}

// After every saved answer: local counts at once, the server's counts a moment later.
const refreshReview = debounce(async () => {
  try {
    state.review = await api(cfg.api.review + query);
    renderHeader();
  } catch { /* the next save refreshes again */ }
}, 250);

function answersChanged() {
  renderNav();
  updateSectionTitles();
  planCount();
  plan.markStale();
  refreshReview();
}

function planCount() {
  let items = 0;
  for (const q of state.questions) {
    if (q.data.risk !== "HIGH" && q.data.risk !== "MEDIUM") continue;
    for (const choice of q.data.choices) {
      const status = q.data.choice_statuses[choice.key]?.status;
      if (!choice.is_none && status === "UNSELECTED") items += 1;
    }
  }
  nodes.planCount.textContent = String(items);
}

// ---- Page-wide save state ----

onSummary((s) => {
  if (cfg.readOnly) return;
  let text = "All changes saved";
  let kind = "saved";
  if (s.conflict) { text = `Conflict — ${s.conflict} answer${s.conflict > 1 ? "s" : ""} need${s.conflict > 1 ? "" : "s"} your decision`; kind = "conflict"; }
  else if (s.failed) { text = "Some changes were not saved"; kind = "failed"; }
  else if (s.offline || (navigator.onLine === false && s.waiting)) { text = `Offline — ${s.waiting} unsaved change${s.waiting > 1 ? "s" : ""} waiting`; kind = "offline"; }
  else if (s.retrying) { text = "Server error — retrying"; kind = "retrying"; }
  else if (s.saving || s.pending) { text = "Saving…"; kind = "saving"; }
  nodes.status.textContent = text;
  nodes.status.dataset.state = kind;
});

// ---- Keyboard ----

// Single-key shortcuts (WCAG 2.1.4): they can be turned off in the help popover, and they only
// act while focus rests in the question list itself (a question card, or nothing focused) —
// never on a form control, link or button, where the keys keep their usual meaning.
const shortcutsToggle = $("shortcuts-on");
let shortcutsOn = stored("shortcuts", ["on", "off"], "on") === "on";
shortcutsToggle.checked = shortcutsOn;
shortcutsToggle.addEventListener("change", () => {
  shortcutsOn = shortcutsToggle.checked;
  store("shortcuts", shortcutsOn ? "on" : "off");
});

const INTERACTIVE = "a[href], button, input, select, textarea, summary, label, [contenteditable], [role=tab], [role=button]";

function shortcutTarget(target) {
  if (!shortcutsOn || !target || !target.tagName) return false;
  if (target === document.body || target === document.documentElement) return true;
  if (target.closest(INTERACTIVE)) return false;
  return Boolean(target.closest("#panel-questions"));
}

function toggleHelp(show = nodes.help.hidden) {
  nodes.help.hidden = !show;
  nodes.helpButton.setAttribute("aria-expanded", String(show));
  if (show) nodes.help.focus();
}

document.addEventListener("keydown", (event) => {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.key === "Escape" && !nodes.help.hidden) { toggleHelp(false); nodes.helpButton.focus(); return; }
  if (!shortcutTarget(event.target)) return;
  if (event.key === "?") { event.preventDefault(); toggleHelp(); return; }
  if (activeTab !== "questions" || !state.questions.length) return;
  const q = state.byKey.get(state.current);
  if (event.key === "j") { event.preventDefault(); move(1); return; }
  if (event.key === "k") { event.preventDefault(); move(-1); return; }
  // The arrows move between questions only from a question card: elsewhere they scroll.
  const onCard = event.target.classList?.contains("question-card");
  if (onCard && event.key === "ArrowDown") { event.preventDefault(); move(1); return; }
  if (onCard && event.key === "ArrowUp") { event.preventDefault(); move(-1); return; }
  if (!q || cfg.readOnly) return;
  if (/^[1-9]$/.test(event.key)) {
    const choice = q.data.choices.filter((c) => !c.is_none)[Number(event.key) - 1];
    if (!choice) return;
    event.preventDefault();
    toggleChoice(q, choice.key, !q.draft.selected.has(choice.key));
    return;
  }
  if (event.key === "n") {
    const none = q.data.choices.find((c) => c.is_none);
    if (!none) return;
    event.preventDefault();
    toggleChoice(q, none.key, !q.draft.selected.has(none.key));
  }
});

nodes.helpButton.addEventListener("click", () => toggleHelp());
document.addEventListener("click", (event) => {
  if (!nodes.help.hidden && !nodes.help.contains(event.target) && !nodes.helpButton.contains(event.target)) toggleHelp(false);
});
$("help-close").addEventListener("click", () => { toggleHelp(false); nodes.helpButton.focus(); });

// ---- Tabs: questions and the improvement plan ----

let activeTab = "questions";
const plan = createPlan({
  container: $("plan"),
  url: cfg.api.improvements,
  membersUrl: cfg.api.members,
  query,
  readOnly: cfg.readOnly,
  vocabulary,
  onQuestion: (key) => { showTab("questions"); setCurrent(key, { scroll: true, focus: true }); },
});

function showTab(name) {
  activeTab = name;
  for (const tab of root.querySelectorAll("[role=tab]")) {
    const selected = tab.dataset.tab === name;
    tab.setAttribute("aria-selected", String(selected));
    tab.tabIndex = selected ? 0 : -1;
    $(tab.getAttribute("aria-controls")).hidden = !selected;
  }
  root.dataset.tab = name;
  if (name === "plan") {
    plan.show();
    history.replaceState(null, "", `${location.pathname}${location.search}#plan`);
  } else if (state.current) {
    history.replaceState(null, "", `${location.pathname}${location.search}#q-${state.current}`);
  }
}

for (const tab of root.querySelectorAll("[role=tab]")) {
  tab.addEventListener("click", () => showTab(tab.dataset.tab));
  tab.addEventListener("keydown", (event) => {
    if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
    const tabs = [...root.querySelectorAll("[role=tab]")];
    const next = tabs[(tabs.indexOf(tab) + (event.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
    next.focus();
    showTab(next.dataset.tab);
  });
}

// ---- Start ----

for (const button of root.querySelectorAll("[data-view]")) button.addEventListener("click", () => setView(button.dataset.view));
for (const button of root.querySelectorAll("[data-mode]")) button.addEventListener("click", () => setMode(button.dataset.mode));
$("single-prev").addEventListener("click", () => move(-1));
$("single-next").addEventListener("click", () => move(1));
nodes.filter.addEventListener("change", () => { state.filter = nodes.filter.value; applyFilter(); renderNav(); });

async function start() {
  const hash = location.hash;
  renderHeader();
  let answers;
  try {
    answers = await apiAll(cfg.api.answers + query);
  } catch (error) {
    nodes.questions.replaceChildren(el("div", { class: "card alert alert-error", role: "alert" },
      el("p", {}, `The questions could not be loaded: ${error.message}`),
      el("button", { type: "button", class: "button", onclick: start }, "Try again")));
    return;
  }
  state.questions = answers.map(makeQuestion);
  state.byKey = new Map(state.questions.map((q) => [q.key, q]));
  for (const q of state.questions) buildCard(q);
  state.view = stored("view", ["pillar", "phase"], "pillar");
  state.mode = stored("mode", ["list", "single"], "list");
  if (!state.review.phases.length) root.querySelector("[data-view=phase]")?.remove();
  const wanted = hash.startsWith("#q-") ? decodeURIComponent(hash.slice(3)) : null;
  setView(state.view);
  setMode(state.mode);
  const first = state.byKey.has(wanted) ? wanted : state.order[0];
  if (first) setCurrent(first, { scroll: !!wanted });
  planCount();
  root.dataset.ready = "true";
  root.dataset.readyMs = String(Math.round(performance.now()));
  if (hash === "#plan") showTab("plan");
}

start();
