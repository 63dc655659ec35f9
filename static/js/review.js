// The review page: one lens review, answered question by question with autosave. This module
// wires the page together; the parts live in the review-*.js modules beside it.
import { api } from "./api.js";
import { el } from "./dom.js";
import { buildCard } from "./review-card.js";
import { $, cfg, events, nodes, query, root, state, stored } from "./review-context.js";
import { renderHeader, renderPlanCount } from "./review-header.js";
import "./review-keys.js";
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
    answers = await api(cfg.api.answers + query);
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
