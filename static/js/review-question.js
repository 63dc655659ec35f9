// One question of the review: its server answer, the user's draft, and the autosave queue
// that sends the draft's changed groups (choices, applicability, notes) to the API.
import { api } from "./api.js";
import { clearFieldError, showFieldError } from "./form-errors.js";
import { answerUrl, choiceStatuses, draftFrom } from "./review-answer.js";
import { renderAnswerState, syncInputs } from "./review-card.js";
import { showConflict } from "./review-conflict.js";
import { answersChanged } from "./review-header.js";
import { renderSaveState, SaveQueue } from "./review-save.js";

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
