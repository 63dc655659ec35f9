// Confirmations of actions (WCAG 2.4.3 focus order, 4.1.3 status messages).
//
// An action either stays on the page (confirmHere) or reloads or leaves it (confirmAfterLoad):
// then the confirmation is kept in sessionStorage and shown by the page that loads next (the
// pages an action can lead to load this module: the workload page, the dashboard). Either
// way the confirmation is visible text in a status element, and focus is put on it, so a
// screen reader says it and the next Tab goes on from where the action was.
const KEY = "mllens.confirmation";

// Show ``text`` in ``status`` (a role="status" element) and move focus there (unless
// ``focus`` is false: the control the user is on stays where it is).
export function confirmHere(status, text, { focus = true } = {}) {
  if (!status) return;
  const note = document.createElement("span");
  note.className = "confirmation";
  note.textContent = text;
  status.classList.remove("error-text");
  status.replaceChildren(note);
  if (!focus) return;
  status.tabIndex = -1;
  status.focus();
}

// Keep ``text`` for the next page load; it is shown in the first of ``at`` (selectors of
// status elements) that the page has, else at the top of the page's main content.
export function confirmAfterLoad(text, ...at) {
  try {
    window.sessionStorage.setItem(KEY, JSON.stringify({ text, at }));
  } catch {
    // Storage refused (private mode, quota): the action is done, only its confirmation is lost.
  }
}

function pending() {
  try {
    const saved = JSON.parse(window.sessionStorage.getItem(KEY) || "null");
    window.sessionStorage.removeItem(KEY);
    return saved && typeof saved.text === "string" ? saved : null;
  } catch {
    return null;
  }
}

function topOfMain() {
  const main = document.getElementById("main");
  if (!main) return null;
  const status = document.createElement("p");
  status.className = "message";
  status.setAttribute("role", "status");
  main.prepend(status);
  return status;
}

const saved = pending();
if (saved) {
  const host = (saved.at || []).map((selector) => document.querySelector(selector)).find(Boolean);
  confirmHere(host || topOfMain(), saved.text);
}
