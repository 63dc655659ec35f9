// A tiny Markdown renderer for notes: paragraphs with line breaks, bullet and numbered
// lists, fenced code, `code`, **strong**, *emphasis* and [links](https://...) with http(s)
// only. It builds DOM nodes: no HTML string is ever parsed, so notes cannot inject markup.
import { el, safeUrl } from "./dom.js";

const LIST_ITEM = /^\s{0,3}([-*+]|\d{1,9}[.)])\s+(.*)$/;
const FENCE = /^\s{0,3}```/;
const HEADING = /^\s{0,3}(#{1,6})\s+(.*)$/;

// Notes shown as Markdown in ``node`` ("No notes." when there are none).
export function showNotes(node, text) {
  node.replaceChildren(text.trim() ? renderMarkdown(text) : el("p", { class: "muted" }, "No notes."));
  node.classList.toggle("is-empty", !text.trim());
}

export function renderMarkdown(text) {
  const fragment = document.createDocumentFragment();
  const lines = String(text || "").replace(/\r\n?/g, "\n").split("\n");
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) { i++; continue; }
    if (FENCE.test(line)) {
      const code = [];
      i++;
      while (i < lines.length && !FENCE.test(lines[i])) code.push(lines[i++]);
      i++; // the closing fence (or the end)
      fragment.append(el("pre", {}, el("code", {}, code.join("\n"))));
      continue;
    }
    const heading = line.match(HEADING);
    if (heading) {
      fragment.append(el("p", { class: "md-heading" }, el("strong", {}, inline(heading[2]))));
      i++;
      continue;
    }
    const item = line.match(LIST_ITEM);
    if (item) {
      const ordered = /\d/.test(item[1]);
      const list = el(ordered ? "ol" : "ul");
      while (i < lines.length) {
        const match = lines[i].match(LIST_ITEM);
        if (match && /\d/.test(match[1]) === ordered) {
          list.append(el("li", {}, inline(match[2])));
          i++;
        } else if (lines[i].trim() && /^\s{2,}/.test(lines[i]) && list.lastChild) {
          list.lastChild.append(el("br"), inline(lines[i].trim())); // a continuation line
          i++;
        } else break;
      }
      fragment.append(list);
      continue;
    }
    const paragraph = [];
    while (i < lines.length && lines[i].trim() && !FENCE.test(lines[i]) && !LIST_ITEM.test(lines[i])
      && !HEADING.test(lines[i])) {
      paragraph.push(lines[i++]);
    }
    const p = el("p");
    paragraph.forEach((part, index) => {
      if (index) p.append(el("br"));
      p.append(inline(part));
    });
    fragment.append(p);
  }
  return fragment;
}

// Inline spans, earliest match first; unmatched markers stay as literal text.
const INLINE = [
  { re: /`([^`]+)`/, make: (m) => el("code", {}, m[1]) },
  { re: /\[([^\]]+)\]\(([^)\s]+)\)/, make: (m) => link(m[1], m[2]) },
  { re: /\*\*(?=\S)([^*]+?)\*\*/, make: (m) => el("strong", {}, inline(m[1])) },
  { re: /__(?=\S)([^_]+?)__/, make: (m) => el("strong", {}, inline(m[1])) },
  { re: /\*(?=\S)([^*]+?)\*/, make: (m) => el("em", {}, inline(m[1])) },
  { re: /(^|[^\w])_(?=\S)([^_]+?)_(?!\w)/, make: (m) => [m[1], el("em", {}, inline(m[2]))] },
  { re: /\bhttps?:\/\/[^\s<>()]+[^\s<>().,;:!?'"]/, make: (m) => link(m[0], m[0]) },
];

function link(text, url) {
  const href = safeUrl(url);
  if (!href || !/^https?:/i.test(url)) return `[${text}](${url})`;
  return el("a", { href, target: "_blank", rel: "noopener noreferrer nofollow" }, text);
}

export function inline(text) {
  const out = document.createDocumentFragment();
  let rest = text;
  while (rest) {
    let best = null;
    for (const rule of INLINE) {
      const match = rest.match(rule.re);
      if (match && (!best || match.index < best.match.index)) best = { rule, match };
    }
    if (!best) { out.append(rest); break; }
    if (best.match.index) out.append(rest.slice(0, best.match.index));
    const made = best.rule.make(best.match);
    for (const node of [].concat(made)) out.append(node);
    rest = rest.slice(best.match.index + best.match[0].length);
  }
  return out;
}
