// Errors next to the field they are about, for every form of every page.
//
// The API answers 400 in one shape: {code, message, errors: [{code, message, pointer, field}]}.
// Each error whose pointer (or field) names a control of the form is shown right after that
// control, which gets aria-invalid and aria-describedby; the rest go to the form-level status.
import { ApiError } from "./api.js";
import { el } from "./dom.js";

let counter = 0;

function controlId(control) {
  if (!control.id) control.id = `field-${++counter}`;
  return control.id;
}

// The element after which a control's message goes: a checkbox or radio sits inside its
// label, a radio group in its fieldset.
function anchorOf(control) {
  const fieldset = control.type === "radio" || control.type === "checkbox" ? control.closest("fieldset") : null;
  if (fieldset) return { parent: fieldset, after: null };
  const label = control.closest("label");
  return label ? { parent: label.parentNode, after: label } : { parent: control.parentNode, after: control };
}

export function clearFieldError(control) {
  const id = control.dataset.errorId;
  if (!id) return;
  document.getElementById(id)?.remove();
  const rest = (control.getAttribute("aria-describedby") || "").split(" ").filter((v) => v && v !== id);
  if (rest.length) control.setAttribute("aria-describedby", rest.join(" "));
  else control.removeAttribute("aria-describedby");
  control.removeAttribute("aria-invalid");
  delete control.dataset.errorId;
}

export function showFieldError(control, text) {
  clearFieldError(control);
  const id = `${controlId(control)}-error`;
  const note = el("span", { id, class: "field-error", "data-testid": "field-error" }, text);
  const { parent, after } = anchorOf(control);
  if (after) after.after(note);
  else parent.append(note);
  control.dataset.errorId = id;
  control.setAttribute("aria-invalid", "true");
  const described = (control.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
  control.setAttribute("aria-describedby", [...described, id].join(" "));
  return note;
}

// "/workload/name" -> ["workload.name", "name"]; "/lenses/0" -> ["lenses.0", "lenses"].
function candidates(error) {
  const names = [];
  if (error.pointer) {
    const parts = error.pointer.split("/").slice(1).map((p) => p.replaceAll("~1", "/").replaceAll("~0", "~"));
    for (let end = parts.length; end > 0; end--) names.push(parts.slice(0, end).join("."));
    names.push(parts[parts.length - 1]);
  }
  if (error.field) names.push(error.field, error.field.split(".")[0]);
  return names.filter(Boolean);
}

function controlFor(form, error, fields) {
  const names = error.target ? [error.target] : candidates(error);
  for (const name of names) {
    const mapped = typeof name === "string" ? fields[name] ?? name : name;
    const found = typeof mapped !== "string" ? mapped : form.elements ? form.elements.namedItem(mapped) : null;
    if (!found) continue;
    // A radio or checkbox group: mark its first control.
    return found instanceof RadioNodeList ? found[0] : found;
  }
  return null;
}

function statusOf(form, status) {
  return status || form.querySelector(".form-status");
}

export function clearErrors(form, { status } = {}) {
  for (const control of form.querySelectorAll("[aria-invalid]")) clearFieldError(control);
  const line = statusOf(form, status);
  if (line) { line.textContent = ""; line.classList.remove("error-text"); }
}

function formLevel(form, status, text) {
  const line = statusOf(form, status);
  if (!line) return;
  line.textContent = text;
  line.classList.add("error-text");
}

// Show an API error (or a network failure) on the form. ``fields`` maps an API field name to
// a control name (or element) when they differ.
// ``codes`` names the control that an error without details is about (ALREADY_MEMBER -> "user").
export function showErrors(form, error, { fields = {}, codes = {}, status } = {}) {
  clearErrors(form, { status });
  if (!(error instanceof ApiError)) {
    formLevel(form, status, `Network error: ${error.message}. Nothing was saved.`);
    return;
  }
  const rest = [];
  let first = null;
  const items = error.body.errors && error.body.errors.length ? error.body.errors
    : codes[error.code] ? [{ message: error.message, target: codes[error.code] }] : [];
  for (const item of items) {
    const control = controlFor(form, item, fields);
    if (control) {
      showFieldError(control, item.message);
      first = first || control;
    } else {
      rest.push(typeof item.field === "string" ? `${item.field}: ${item.message}` : item.message);
    }
  }
  if (rest.length) formLevel(form, status, rest.join(" "));
  else if (first) formLevel(form, status, "Not saved: see the marked field.");
  else formLevel(form, status, error.message);
  first?.focus();
}

// The browser's own checks (required, minlength, type=url...), shown the same way.
function validateLocally(form) {
  let first = null;
  for (const control of form.elements) {
    if (!control.willValidate || control.validity.valid) continue;
    showFieldError(control, control.validationMessage);
    first = first || control;
  }
  first?.focus();
  return first === null;
}

// Take over a form: check it, run ``handler(form)``, and show what went wrong next to the
// fields. ``pending`` is the status text while the request runs.
export function handleSubmit(form, handler, { fields = {}, codes = {}, status, pending = "Saving…" } = {}) {
  if (!form) return;
  form.noValidate = true;
  form.addEventListener("input", (event) => clearFieldError(event.target));
  form.addEventListener("change", (event) => clearFieldError(event.target));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form, { status });
    if (!validateLocally(form)) {
      formLevel(form, status, "Not sent: see the marked field.");
      return;
    }
    const line = statusOf(form, status);
    if (line && pending) line.textContent = pending;
    try {
      await handler(form);
    } catch (error) {
      showErrors(form, error, { fields, codes, status });
    }
  });
}
