// Notes on the whole review and on each pillar: Markdown, autosaved, merged per pillar by
// the server.
import { api } from "./api.js";
import { el } from "./dom.js";
import { cfg, NOTES_DELAY, state } from "./review-context.js";
import { renderHeader } from "./review-header.js";
import { showNotes } from "./review-markdown.js";
import { renderSaveState, SaveQueue } from "./review-save.js";
import { LIMITS } from "./vocabulary.js";

const notesBlocks = new Map(); // "" is the review's notes, otherwise a pillar key

export function notesBlock(key, title, text) {
  if (notesBlocks.has(key)) return notesBlocks.get(key);
  const id = key ? `pillar-notes-${key}` : "review-notes";
  const save = el("span", { class: "q-save", "data-state": "idle" }); // #save-status speaks
  const rendered = el("div", { class: "md notes-rendered" });
  const show = (value) => showNotes(rendered, value);
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
      id: `${id}-text`, rows: "3", maxlength: String(LIMITS.notes), "aria-label": title,
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
