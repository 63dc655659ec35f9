// Conflicts: the server's answer changed while ours was being edited. Show what differs,
// merge what does not clash, and let the user keep theirs or take the server's.
import { el, formatWhen } from "./dom.js";
import { draftFrom, sameNA, sameSet } from "./review-question.js";
import { renderAnswerState, syncInputs } from "./review-card.js";
import { answersChanged } from "./review-header.js";
import { labels, LIMITS } from "./vocabulary.js";

export function showConflict(q, current) {
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
  const label = labels("reasons")[d.reason || "NONE"] || d.reason;
  return `Does not apply (${label})`;
}

function naText(q, na) {
  if (!na.size) return ["none"];
  const reasons = labels("reasons");
  return [...na].map(([key, v]) => `${q.choiceByKey.get(key)?.title || key} — ${reasons[v.reason] || v.reason}${v.notes ? `: ${v.notes}` : ""}`);
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
    add("Marked not applicable", "choices", el("span", {}, naText(q, mine.na).join("; ")), el("span", {}, naText(q, theirs.na).join("; ")));
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

export function renderConflict(q) {
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
    q.draft.notes = `${theirs.notes}\n\n${q.draft.notes}`.slice(0, LIMITS.notes);
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
