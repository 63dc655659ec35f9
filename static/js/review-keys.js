// Keyboard: single-key shortcuts in the question list, and their help popover.
import { toggleChoice } from "./review-card.js";
import { $, cfg, nodes, state, store, stored } from "./review-context.js";
import { move } from "./review-sections.js";

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
  if (state.tab !== "questions" || !state.questions.length) return;
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
