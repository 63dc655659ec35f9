// Calls to /api/v1/ with the session cookie and the CSRF token; errors in the one shape.

export function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

export class ApiError extends Error {
  constructor(status, body) {
    super(body && body.message ? body.message : `Request failed (${status})`);
    this.status = status;
    this.body = body || {};
    this.code = this.body.code || "HTTP_" + status;
  }
}

export async function api(url, { method = "GET", json, body, headers = {} } = {}) {
  const init = { method, credentials: "same-origin", headers: { Accept: "application/json", ...headers } };
  if (method !== "GET" && method !== "HEAD") init.headers["X-CSRFToken"] = csrfToken();
  if (json !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(json);
  } else if (body !== undefined) {
    init.body = body;
  }
  const response = await fetch(url, init);
  const text = await response.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = { message: text.slice(0, 200) }; }
  }
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

// Every item of a list answered in the envelope {count, next, previous, results}: follows
// `next` page after page, asking for the largest page the API gives (500 items).
export async function apiAll(url) {
  const items = [];
  let next = `${url}${url.includes("?") ? "&" : "?"}page_size=500`;
  while (next) {
    const page = await api(next);
    items.push(...page.results);
    next = page.next;
  }
  return items;
}

// Forms driven by a module start with their buttons disabled, so nothing is submitted the
// plain HTML way before the module has taken over; each module calls this when ready.
export function formsReady(root = document) {
  for (const button of root.querySelectorAll("[data-needs-js]")) button.disabled = false;
}
