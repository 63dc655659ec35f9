// The review domain's words and limits as the server defines them (reviews/vocabulary.py),
// embedded by the page as the `review-vocabulary` JSON: risk levels with their label, short
// label, icon and badge class; which risks count as answered and which put a question in the
// improvement plan; reasons, item statuses and length limits. Modules read them from here and
// never define them again.
import { el } from "./dom.js";

const source = document.getElementById("review-vocabulary");
export const vocabulary = JSON.parse(source ? source.textContent : "{}");

const levels = vocabulary.risks || [];
const byValue = new Map(levels.map((level) => [level.value, level]));
const answered = new Set(vocabulary.answered_risks || []);

// Risk values in table order (worst first, the open questions last).
export const RISKS = levels.map((level) => level.value);
// The risks whose questions have an improvement plan.
export const PLAN_RISKS = vocabulary.plan_risks || [];
export const LIMITS = vocabulary.limits || {};

export function riskMeta(risk) {
  return byValue.get(risk) || { value: risk, label: String(risk), short: String(risk), icon: "", css: "badge" };
}

export function isAnswered(risk) {
  return answered.has(risk);
}

// The value of the risk level a filter or CSS name stands for ("high" -> the HIGH level).
export function riskNamed(name) {
  return levels.find((level) => level.value.toLowerCase() === name)?.value;
}

// A risk level as a badge: a colour, but always a text label (or a count) and an icon too.
export function riskBadge(risk, { short = false, count } = {}) {
  const meta = riskMeta(risk);
  const text = count === undefined ? (short ? meta.short : meta.label) : String(count);
  const badge = el("span", { class: meta.css, "data-risk": risk, title: meta.label },
    el("span", { class: "badge-icon", "aria-hidden": "true" }, meta.icon), " ", text);
  if (count !== undefined) badge.append(el("span", { class: "visually-hidden" }, ` ${meta.label.toLowerCase()}`));
  return badge;
}

// Labels of a [[key, label], ...] vocabulary list (reasons, item statuses) by key.
export function labels(name) {
  return Object.fromEntries(vocabulary[name] || []);
}
