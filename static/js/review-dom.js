// Small DOM helpers shared by the review page modules. Lens text and notes are untrusted:
// everything goes in through text nodes and attributes, never innerHTML.

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else if (key === "checked" || key === "disabled" || key === "hidden" || key === "value" || key === "selected") node[key] = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

// Risk levels: a colour, but always a text label and an icon too.
export const RISKS = ["HIGH", "MEDIUM", "NONE", "NOT_APPLICABLE", "UNANSWERED"];
export const RISK_META = {
  HIGH: { label: "High risk", short: "High", icon: "▲", css: "badge badge-high" },
  MEDIUM: { label: "Medium risk", short: "Medium", icon: "◆", css: "badge badge-medium" },
  NONE: { label: "No risk", short: "No risk", icon: "✓", css: "badge badge-none" },
  NOT_APPLICABLE: { label: "Not applicable", short: "N/A", icon: "–", css: "badge badge-na" },
  UNANSWERED: { label: "Unanswered", short: "Unanswered", icon: "○", css: "badge badge-unanswered" },
};

export function riskBadge(risk, { short = false, count } = {}) {
  const meta = RISK_META[risk] || RISK_META.UNANSWERED;
  const text = count === undefined ? (short ? meta.short : meta.label) : String(count);
  const badge = el("span", { class: meta.css, "data-risk": risk, title: meta.label },
    el("span", { class: "badge-icon", "aria-hidden": "true" }, meta.icon), " ", text);
  if (count !== undefined) badge.append(el("span", { class: "visually-hidden" }, ` ${meta.label.toLowerCase()}`));
  return badge;
}

export function safeUrl(url) {
  // Only http(s) links from lens text: never javascript: or data:.
  if (typeof url !== "string") return null;
  try {
    const parsed = new URL(url, window.location.href);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

export function externalLink(url, text, attrs = {}) {
  const href = safeUrl(url);
  if (!href) return el("span", attrs, text);
  return el("a", { ...attrs, href, target: "_blank", rel: "noopener noreferrer" }, text,
    el("span", { class: "visually-hidden" }, " (opens in a new tab)"));
}

export function formatWhen(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const seconds = Math.round((Date.now() - date.getTime()) / 1000);
  if (seconds < 45) return "just now";
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)} h ago`;
  return date.toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });
}

export function debounce(fn, ms) {
  let timer = null;
  const wrapped = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => { timer = null; fn(...args); }, ms);
  };
  wrapped.flush = (...args) => { if (timer) { clearTimeout(timer); timer = null; fn(...args); } };
  return wrapped;
}

// The app's own icons (static/img/icons/*.svg, drawn through CSS masks in the text colour):
// no glyph depends on an emoji font being installed.
export function icon(name) {
  const node = document.createElement("span");
  node.className = `icon icon-${name}`;
  node.setAttribute("aria-hidden", "true");
  return node;
}
