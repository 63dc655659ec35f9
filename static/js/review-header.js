// The page-wide counts — questions answered, questions per risk, items in the improvement
// plan — all as the server gives them, and the one polite announcement a save makes.
import { api } from "./api.js";
import { debounce, el } from "./dom.js";
import { cfg, events, nodes, query, state } from "./review-context.js";
import { progressBar, renderNav, updateSectionTitles } from "./review-sections.js";
import { PLAN_RISKS, RISKS, riskBadge, riskMeta } from "./vocabulary.js";

export function renderHeader() {
  const r = state.review;
  const total = r.questions_total;
  const answered = r.questions_answered;
  nodes.answered.textContent = `${answered} of ${total} questions answered`;
  nodes.progress.replaceChildren(progressBar(answered, total, "Questions answered"));
  nodes.counts.replaceChildren(...RISKS.map((risk) =>
    el("li", { "data-risk": risk, "data-count": String(r.risk_counts[risk] || 0) }, riskBadge(risk, { count: r.risk_counts[risk] || 0 }),
      el("span", { class: "count-label", "aria-hidden": "true" }, riskMeta(risk).short))));
}

// The plan's items: the server counts them per answer (the one plan rule, reviews/risk.py).
function planItems() {
  return state.questions.reduce((sum, q) => sum + (q.data.plan_item_count || 0), 0);
}

export function renderPlanCount() {
  nodes.planCount.textContent = String(planItems());
}

function plural(count, word) {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

// One polite message per save, and only when the save changed something the header shows:
// the question's new risk with the review's counts, or else the plan's new size.
function announce({ key, risk, planChanged }) {
  let text;
  if (risk) {
    const r = state.review;
    const counts = PLAN_RISKS.map((level) => `${r.risk_counts[level] || 0} ${riskMeta(level).short.toLowerCase()}`);
    text = `${key} saved: now ${riskMeta(risk).label.toLowerCase()}. ${r.questions_answered} of ${r.questions_total} answered, ${counts.join(", ")}, ${plural(planItems(), "plan item")}.`;
  } else if (planChanged) {
    text = `${key} saved: ${plural(planItems(), "plan item")}.`;
  } else {
    return;
  }
  nodes.announcer.textContent = "";
  // A fresh text node after a tick, so the same words twice in a row are read twice.
  setTimeout(() => { nodes.announcer.textContent = text; }, 50);
}

// After saved answers, the review's counts from the server (one request for a burst of saves),
// then the announcement of the last save that changed them.
let unsaid = null;
const refreshReview = debounce(async () => {
  const saved = unsaid;
  unsaid = null;
  try {
    state.review = await api(cfg.api.review + query);
    renderHeader();
  } catch { /* the next save refreshes again */ }
  if (saved) announce(saved);
}, 250);

// After every saved (or taken) answer; ``saved`` says what the save changed.
export function answersChanged(saved = null) {
  renderNav();
  updateSectionTitles();
  renderPlanCount();
  if (saved && (saved.risk || saved.planChanged)) unsaid = saved;
  events.dispatchEvent(new Event("answers-changed"));
  refreshReview();
}
