// One question of the review: its server answer (the API's representation, which a 409's
// `current` repeats exactly), the user's draft of it, and the autosave queue that sends the
// draft's changed groups (choices, applicability, notes) to the API.
import { api } from "./api.js";
import { clearFieldError, showFieldError } from "./form-errors.js";
import { renderAnswerState, syncInputs } from "./review-card.js";
import { showConflict } from "./review-conflict.js";
import { cfg } from "./review-context.js";
import { answersChanged } from "./review-header.js";
import { renderSaveState, SaveQueue } from "./review-save.js";

export function draftFrom({ selected_choices, choice_statuses, is_applicable, reason, notes }) {
  const na = new Map();
  for (const [key, value] of Object.entries(choice_statuses || {})) {
    // Every choice has its status; only the not applicable ones carry a reason and notes.
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

// The draft's choices as the API's `choice_statuses`.
export function choiceStatuses(q) {
  const out = {};
  for (const choice of q.data.choices) {
    if (q.draft.selected.has(choice.key)) out[choice.key] = { status: "SELECTED" };
    else if (q.draft.na.has(choice.key)) out[choice.key] = { status: "NOT_APPLICABLE", ...q.draft.na.get(choice.key) };
    else out[choice.key] = { status: "UNSELECTED" };
  }
  return out;
}

export function editable(q) {
  return !cfg.readOnly && !!q;
}

export function answerUrl(q) {
  return `${cfg.api.answers}${encodeURIComponent(q.key)}/`;
}

export function sameSet(a, b) {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

export function sameNA(a, b) {
  if (a.size !== b.size) return false;
  for (const [key, v] of a) {
    const w = b.get(key);
    if (!w || w.reason !== v.reason || (w.notes || "") !== (v.notes || "")) return false;
  }
  return true;
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

export function makeQuestion(data) {
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
      const before = q.data;
      q.data = answer;
      renderAnswerState(q);
      // What the save changed in the page's counts is said once, with the server's counts.
      answersChanged({
        key: q.key,
        risk: answer.risk !== before.risk ? answer.risk : null,
        planChanged: answer.plan_item_count !== before.plan_item_count,
      });
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
