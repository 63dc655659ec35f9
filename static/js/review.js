// The review page: one lens review, answered question by question with autosave. This module
// wires the page together; the parts live in the review-*.js modules beside it.
import { api, apiAll } from "./api.js";
import { el } from "./dom.js";
import { buildCard, toggleChoice } from "./review-card.js";
import { $, cfg, events, nodes, query, root, state, store, stored } from "./review-context.js";
import { renderHeader, renderPlanCount } from "./review-header.js";
import { createPlan } from "./review-plan.js";
import { makeQuestion } from "./review-question.js";
import { onSummary } from "./review-save.js";
import { applyFilter, move, renderNav, setCurrent, setMode, setView } from "./review-sections.js";

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

// ---- Tabs: questions and the improvement plan ----

const plan = createPlan({
  container: $("plan"),
  url: cfg.api.improvements,
  membersUrl: cfg.api.members,
  query,
  readOnly: cfg.readOnly,
  onQuestion: (key) => { showTab("questions"); setCurrent(key, { scroll: true, focus: true }); },
});
events.addEventListener("answers-changed", () => plan.markStale());

function showTab(name) {
  state.tab = name;
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
  renderPlanCount();
  root.dataset.ready = "true";
  root.dataset.readyMs = String(Math.round(performance.now()));
  if (hash === "#plan") showTab("plan");
}

start();
