// The DOM helpers every page module shares. Lens text, notes and uploaded files are
// untrusted: everything goes in through text nodes and attributes, never innerHTML.

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
