// Sections (pillars or lifecycle phases), the navigation beside the questions, the filter,
// the current question and the two modes (all questions, one at a time).
import { el } from "./dom.js";
import { $, cfg, root, nodes, state, store } from "./review-context.js";
import { notesBlock } from "./review-notes.js";
import { isAnswered, PLAN_RISKS, RISKS, riskBadge, riskMeta, riskNamed } from "./vocabulary.js";

export function sectionName(kind, key) {
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
  const answered = questions.filter((q) => isAnswered(q.data.risk)).length;
  return { counts, total: questions.length, answered };
}

export function progressBar(answered, total, label) {
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
  for (const risk of PLAN_RISKS) {
    if (counts[risk]) chips.append(riskBadge(risk, { count: counts[risk] }));
  }
  return chips;
}

export function navRisk(risk) {
  const meta = riskMeta(risk);
  return el("span", { class: `nav-risk risk-${risk.toLowerCase()}`, title: meta.label },
    el("span", { "aria-hidden": "true" }, meta.icon), el("span", { class: "visually-hidden" }, meta.label));
}

export function renderNav() {
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

export function renderQuestions() {
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

export function applyFilter() {
  // A filter names a risk level ("high", "unanswered"...) or one of these.
  const level = riskNamed(state.filter);
  const match = level ? (q) => q.data.risk === level : {
    risks: (q) => PLAN_RISKS.includes(q.data.risk),
    needs_review: (q) => q.data.needs_review,
    notes: (q) => !!q.data.notes,
    assigned: (q) => cfg.assignedToMe.includes(q.key),
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

export function updateSectionTitles() {
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

export function setCurrent(key, { scroll = false, focus = false } = {}) {
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

export function move(step) {
  const order = visibleOrder();
  if (!order.length) return;
  const index = order.indexOf(state.current);
  const next = index < 0 ? 0 : Math.min(order.length - 1, Math.max(0, index + step));
  setCurrent(order[next], { scroll: true, focus: true });
}

export function renderSingleNav() {
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

export function setView(view) {
  if (view === "phase" && !state.review.phases.length) view = "pillar";
  state.view = view;
  store("view", view);
  for (const button of root.querySelectorAll("[data-view]")) button.setAttribute("aria-pressed", String(button.dataset.view === view));
  renderQuestions();
  renderNav();
  renderSingleNav();
}

export function setMode(mode) {
  state.mode = mode;
  store("mode", mode);
  for (const button of root.querySelectorAll("[data-mode]")) button.setAttribute("aria-pressed", String(button.dataset.mode === mode));
  renderSingleNav();
  if (state.current) setCurrent(state.current, { scroll: true });
}
