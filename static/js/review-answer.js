// An answer as the page holds it: the server's answer (the API's representation, which a
// 409's `current` repeats exactly) and the user's draft of it.
import { cfg } from "./review-context.js";

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
