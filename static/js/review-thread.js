// A question's comment thread on its card: Markdown comments (the notes' renderer), the
// author's edit and delete, resolve and reopen, and @mentions of the workload's members with
// autocomplete. Loaded when the thread is opened; refreshed every 15 s while it stays open.
import { api, apiAll } from "./api.js";
import { el, formatWhen } from "./dom.js";
import { showFieldError, clearFieldError } from "./form-errors.js";
import { cfg } from "./review-context.js";
import { renderMarkdown } from "./review-markdown.js";
import { LIMITS } from "./vocabulary.js";

const REFRESH = 15000;
const MENTION_AT_CARET = /(?:^|[^\w@])@([\w.+-]*)$/;

function threadUrls(q) {
  const base = `${cfg.api.answers}${encodeURIComponent(q.key)}/`;
  return { comments: `${base}comments/`, thread: `${base}thread` };
}

// A comment's body: Markdown, with mentions of the reader marked.
function commentBody(comment) {
  if (comment.deleted) return el("p", { class: "muted" }, "Comment deleted.");
  const body = el("div", { class: "md comment-body" }, renderMarkdown(comment.body));
  const mine = comment.mentions.some((m) => m.type === "USER" && m.name === cfg.user);
  if (mine) body.prepend(el("p", { class: "chip chip-warning mention-me" }, "Mentions you"));
  return body;
}

export function buildThread(q) {
  const urls = threadUrls(q);
  const id = `q-${q.key}-thread`;
  const count = el("span", { class: "thread-count" });
  const status = el("span", { class: "thread-status small muted", "data-testid": "thread-status" });
  const list = el("ol", { class: "thread-comments", "aria-label": "Comments" });
  const toggle = el("button", { type: "button", class: "button button-small thread-toggle", hidden: true });
  const block = el("details", { class: "q-thread", id, "data-testid": "thread" },
    el("summary", {}, el("span", {}, "Comments"), " ", count),
    el("div", { class: "thread-head" }, status, toggle), list);
  let thread = null;
  let timer = null;

  async function load() {
    const [comments, state] = await Promise.all([apiAll(urls.comments), api(urls.thread)]);
    thread = state;
    count.textContent = comments.length ? `(${comments.length})` : "";
    status.textContent = state.status === "RESOLVED"
      ? `Resolved by ${state.resolved_by ? state.resolved_by.username : "someone"} ${formatWhen(state.resolved_at)}`
      : "Open";
    block.dataset.status = state.status;
    toggle.hidden = !cfg.canComment;
    toggle.textContent = state.status === "RESOLVED" ? "Reopen" : "Resolve";
    list.replaceChildren(...comments.map((comment) => commentItem(comment)));
    if (!comments.length) list.append(el("li", { class: "muted small" }, "No comments yet."));
  }

  function commentItem(comment) {
    const item = el("li", { class: "comment", "data-comment": String(comment.id) });
    const who = comment.author ? comment.author.username : "former user";
    const head = el("p", { class: "comment-head small" }, el("strong", {}, who), " · ",
      el("time", { datetime: comment.created_at, title: new Date(comment.created_at).toLocaleString() }, formatWhen(comment.created_at)),
      comment.edited && !comment.deleted ? el("span", { class: "muted", title: `Edited ${new Date(comment.edited_at).toLocaleString()}` }, " · edited") : null);
    item.append(head, commentBody(comment));
    if (cfg.canComment && !comment.deleted && comment.author && comment.author.username === cfg.user) {
      const edit = el("button", { type: "button", class: "button button-small", onclick: () => editComment(item, comment) }, "Edit");
      const remove = el("button", { type: "button", class: "button button-small button-danger", onclick: async () => {
        if (!window.confirm("Delete this comment?")) return;
        await api(`${urls.comments}${comment.id}/`, { method: "DELETE", headers: { "If-Match": `"${comment.version}"` } });
        await load();
      } }, "Delete");
      item.append(el("p", { class: "comment-actions" }, edit, " ", remove));
    }
    return item;
  }

  function editComment(item, comment) {
    const form = composer(`${id}-edit-${comment.id}`, "Edit comment", "Save", async (body) => {
      await api(`${urls.comments}${comment.id}/`, { method: "PATCH", json: { body }, headers: { "If-Match": `"${comment.version}"` } });
      await load();
    }, comment.body);
    item.replaceChildren(form);
    form.querySelector("textarea").focus();
  }

  toggle.addEventListener("click", async () => {
    const next = thread && thread.status === "RESOLVED" ? "OPEN" : "RESOLVED";
    toggle.disabled = true;
    try { await api(urls.thread, { method: "PATCH", json: { status: next } }); } finally { toggle.disabled = false; }
    await load();
  });

  if (cfg.canComment) {
    block.append(composer(`${id}-new`, "Add a comment", "Comment", async (body) => {
      await api(urls.comments, { method: "POST", json: { body } });
      await load();
    }));
  }

  block.addEventListener("toggle", () => {
    clearInterval(timer);
    if (!block.open) return;
    load();
    timer = setInterval(() => { if (document.visibilityState === "visible") load(); }, REFRESH);
  });
  return block;
}

// A textarea with @mention autocomplete and a submit button.
function composer(id, label, action, submit, text = "") {
  const area = el("textarea", { id, rows: "3", maxlength: String(LIMITS.notes), placeholder: "Markdown; @ to mention a member" });
  area.value = text;
  const options = el("ul", { class: "mention-options", role: "listbox", id: `${id}-mentions`, hidden: true, "aria-label": "Members to mention" });
  area.setAttribute("aria-controls", options.id);
  area.setAttribute("aria-autocomplete", "list");
  const button = el("button", { type: "submit", class: "button button-small button-primary" }, action);
  const form = el("form", { class: "thread-form" },
    el("label", { for: id, class: "q-label" }, label), area, options, el("p", {}, button));

  function choose(name) {
    const before = area.value.slice(0, area.selectionStart).replace(MENTION_AT_CARET, (m, part) => `${m.slice(0, m.length - part.length)}${name} `);
    area.value = before + area.value.slice(area.selectionStart);
    area.selectionStart = area.selectionEnd = before.length;
    options.hidden = true;
    area.focus();
  }

  area.addEventListener("input", () => {
    const match = area.value.slice(0, area.selectionStart).match(MENTION_AT_CARET);
    const found = match ? cfg.mentionable.filter((m) => m.name.toLowerCase().startsWith(match[1].toLowerCase())).slice(0, 8) : [];
    options.replaceChildren(...found.map((m) => el("li", { role: "option", "aria-selected": "false", "data-name": m.name,
      onmousedown: (event) => { event.preventDefault(); choose(m.name); } },
    `@${m.name}`, m.type === "TEAM" ? el("span", { class: "muted small" }, " team") : null)));
    options.hidden = !found.length;
  });
  area.addEventListener("keydown", (event) => {
    if (!options.hidden && (event.key === "Enter" || event.key === "Tab")) {
      event.preventDefault();
      choose(options.firstChild.dataset.name);
    } else if (event.key === "Escape") options.hidden = true;
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFieldError(area);
    button.disabled = true;
    try {
      await submit(area.value);
      area.value = "";
    } catch (error) {
      showFieldError(area, error.message);
    } finally {
      button.disabled = false;
    }
  });
  return form;
}
