// The improvement plan of the review: per question at a plan risk, the best practices not
// followed, each with an owner, a due date, a status and a note edited inline (autosaved).
import { api, apiAll } from "./api.js";
import { clearFieldError, showFieldError } from "./form-errors.js";
import { el, externalLink, icon } from "./dom.js";
import { renderSaveState, SaveQueue } from "./review-save.js";
import { LIMITS, riskBadge, vocabulary } from "./vocabulary.js";

const NOTE_DELAY = 800;
// Statuses of items that are finished (done, or the risk accepted).
const CLOSED = new Set(vocabulary.closed_item_statuses || []);

export function createPlan({ container, url, membersUrl, query, readOnly, onQuestion }) {
  let loaded = false;
  let stale = true;
  let loading = null;
  let members = [];
  let entries = [];
  const queues = [];

  async function load() {
    container.setAttribute("aria-busy", "true");
    if (!loaded) container.replaceChildren(el("p", { class: "muted" }, "Loading the improvement plan…"));
    try {
      const [plan, people] = await Promise.all([
        apiAll(url + query),
        readOnly || members.length ? Promise.resolve(null) : apiAll(membersUrl).catch(() => []),
      ]);
      if (people) {
        members = people.filter((m) => m.user).map((m) => m.user.username);
      }
      entries = plan;
      loaded = true;
      stale = false;
      render();
    } catch (error) {
      container.replaceChildren(el("div", { class: "card alert alert-error", role: "alert" },
        el("p", {}, `The improvement plan could not be loaded: ${error.message}`),
        el("button", { type: "button", class: "button", onclick: () => show() }, "Try again")));
    } finally {
      container.removeAttribute("aria-busy");
      loading = null;
    }
  }

  function show() {
    // Reload when answers changed, unless an item is being saved (keep what is typed).
    if (!stale && loaded) return;
    if (queues.some((queue) => queue.pending)) return;
    if (!loading) loading = load();
  }

  function summaryLine() {
    const items = entries.flatMap((entry) => entry.items);
    const done = items.filter((item) => CLOSED.has(item.status)).length;
    const overdue = items.filter(isOverdue).length;
    const parts = [`${items.length} improvement item${items.length === 1 ? "" : "s"} in ${entries.length} question${entries.length === 1 ? "" : "s"}`,
      `${done} done or accepted`];
    if (overdue) parts.push(`${overdue} overdue`);
    return parts.join(" · ");
  }

  function render() {
    queues.length = 0;
    const summary = el("p", { class: "plan-summary muted", "data-testid": "plan-summary" }, summaryLine());
    if (!entries.length) {
      container.replaceChildren(el("section", { class: "card empty-state" },
        el("h2", {}, "No improvements needed yet"),
        el("p", {}, "Questions answered with a high or medium risk list here the best practices to adopt, with an owner, a due date and a status for each.")));
      return;
    }
    const list = el("div", { class: "plan-list" });
    for (const entry of entries) list.append(renderEntry(entry, () => { summary.textContent = summaryLine(); }));
    container.replaceChildren(el("div", { class: "plan-head" }, el("h2", {}, "Improvement plan"), summary), list);
  }

  function renderEntry(entry, onChange) {
    const where = [entry.pillar_name, entry.phase_name].filter(Boolean).join(" · ");
    const card = el("article", { class: "card plan-question", "data-question": entry.question_key },
      el("header", { class: "plan-question-head" },
        el("div", {},
          el("p", { class: "q-kicker" }, el("span", { class: "qid" }, entry.question_key), where),
          el("h3", { class: "q-title" }, entry.question_title)),
        el("div", { class: "q-state" }, riskBadge(entry.risk),
          el("button", { type: "button", class: "button button-small no-print", onclick: () => onQuestion(entry.question_key) }, "Go to question"))));
    const list = el("ul", { class: "plan-items" });
    for (const item of entry.items) list.append(renderItem(entry, item, onChange));
    card.append(list);
    return card;
  }

  function renderItem(entry, item, onChange) {
    const id = `plan-${entry.question_key}-${item.choice_key}`;
    const saved = { ...item, owner: item.owner ? item.owner.username : "" };
    const save = el("span", { class: "q-save", role: "status", "aria-live": "polite", "data-state": "idle" });
    const overdue = el("span", { class: "chip chip-danger", hidden: !isOverdue(item) }, icon("clock"), "Overdue");
    const li = el("li", { class: "plan-item", "data-choice": item.choice_key, "data-status": item.status });

    const owner = el("select", { id: `${id}-owner`, disabled: readOnly });
    owner.append(el("option", { value: "" }, "— Unassigned —"));
    const names = new Set(members);
    if (saved.owner) names.add(saved.owner);
    for (const name of [...names].sort()) owner.append(el("option", { value: name }, name));
    owner.value = saved.owner;

    const due = el("input", { type: "date", id: `${id}-due`, value: item.due_date || "", disabled: readOnly });
    const status = el("select", { id: `${id}-status`, disabled: readOnly });
    for (const [key, label] of vocabulary.item_statuses) status.append(el("option", { value: key }, label));
    status.value = item.status;
    const note = el("input", { type: "text", id: `${id}-note`, maxlength: String(LIMITS.item_note), value: item.note || "", disabled: readOnly,
      placeholder: "Progress, links, decisions…" });
    const fields = { owner, due_date: due, status, note };

    const value = (name) => {
      const input = fields[name];
      if (name === "owner") return input.value || null;
      if (name === "due_date") return input.value || null;
      return input.value;
    };
    const queue = new SaveQueue({
      send: (groups) => {
        const body = {};
        for (const name of groups) body[name] = value(name);
        return api(`${url}${encodeURIComponent(entry.question_key)}/${encodeURIComponent(item.choice_key)}/`, { method: "PATCH", json: body });
      },
      onSaved: (response, groups) => {
        for (const name of groups) clearFieldError(fields[name]);
        for (const name of groups) saved[name] = name === "owner" ? (response.owner ? response.owner.username : "") : response[name] ?? "";
        Object.assign(item, response);
        li.dataset.status = response.status;
        overdue.hidden = !isOverdue(item);
        onChange();
      },
      onConflict: () => {},
      onFailed: (error, groups) => {
        for (const name of groups) fields[name].value = saved[name] || "";
        // The reason goes next to the field it is about (the one sent, if the API names none).
        const items = (error && error.body && error.body.errors) || [];
        const named = items.filter((e) => fields[(e.field || "").split(".")[0]]);
        if (named.length) for (const e of named) showFieldError(fields[e.field.split(".")[0]], e.message);
        else for (const name of groups) showFieldError(fields[name], error.message || "Not saved");
      },
      onState: (saveState, detail) => renderSaveState(save, saveState, detail),
    });
    queues.push(queue);
    for (const input of Object.values(fields)) input.addEventListener("input", () => clearFieldError(input));
    owner.addEventListener("change", () => queue.change("owner"));
    due.addEventListener("change", () => queue.change("due_date"));
    status.addEventListener("change", () => queue.change("status"));
    note.addEventListener("input", () => queue.change("note", NOTE_DELAY));
    note.addEventListener("blur", () => queue.flush());

    const label = (input, text) => el("label", { for: input.id }, text);
    li.append(
      el("div", { class: "plan-item-head" },
        el("div", {}, item.best_practice_id ? el("span", { class: "bpid" }, item.best_practice_id) : null,
          el("strong", { class: "plan-item-title" }, item.title)),
        el("div", { class: "q-state" }, overdue, save)),
    );
    if (item.improvement_plan_text || item.improvement_plan_url) {
      const details = el("details", { class: "plan-guidance" }, el("summary", {}, "How to improve"));
      if (item.improvement_plan_text) details.append(el("p", {}, item.improvement_plan_text));
      if (item.improvement_plan_url) details.append(el("p", { class: "small" }, externalLink(item.improvement_plan_url, "Improvement guidance")));
      li.append(details);
    }
    li.append(el("div", { class: "plan-fields" },
      el("div", { class: "field" }, label(owner, "Owner"), owner),
      el("div", { class: "field" }, label(due, "Due date"), due),
      el("div", { class: "field" }, label(status, "Status"), status),
      el("div", { class: "field field-grow" }, label(note, "Note"), note)));
    return li;
  }

  return {
    show,
    markStale() { stale = true; },
  };
}

function isOverdue(item) {
  if (!item.due_date || CLOSED.has(item.status)) return false;
  const today = new Date();
  const local = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, "0")}-${String(today.getDate()).padStart(2, "0")}`;
  return item.due_date < local;
}
