// Autosave: one queue per edited thing (an answer, an improvement item). Changes mark
// groups of fields dirty; the queue sends them one request at a time, keeps what changed
// during a request for the next one, retries network and server errors with backoff (at
// once when the browser comes back online), stops on a conflict until the user decides,
// and never drops a change without saying so.

const queues = new Set();
const listeners = new Set();
const BACKOFF_MS = [1000, 2000, 4000, 8000, 15000, 30000];

function isTransient(error) {
  // fetch() rejects with a TypeError when offline; 5xx, 408 and 429 are worth retrying.
  if (!error || error.status === undefined) return true;
  return error.status >= 500 || error.status === 408 || error.status === 429 || error.status === 0;
}

export class SaveQueue {
  /**
   * send(groups) -> Promise of the response; onSaved(response, groups); onConflict(error);
   * onFailed(error, groups) for a refused change (4xx); onState(state, detail).
   */
  constructor({ send, onSaved, onConflict, onFailed, onState }) {
    Object.assign(this, { send, onSaved, onConflict, onFailed, onState });
    this.dirty = new Set();
    this.inflight = false;
    this.paused = false;
    this.attempt = 0;
    this.timer = null;
    this.retryTimer = null;
    this.state = "idle";
    queues.add(this);
  }

  get pending() {
    return this.dirty.size > 0 || this.inflight || this.paused;
  }

  change(group, delay = 0) {
    this.dirty.add(group);
    clearTimeout(this.timer);
    // Keep showing a conflict, a request under way or a wait for the network.
    if (!this.paused && !this.inflight && !this.retryTimer) this.setState("pending");
    else notify();
    if (delay) this.timer = setTimeout(() => this.flush(), delay);
    else this.flush();
  }

  flush() {
    clearTimeout(this.timer);
    this.timer = null;
    if (this.inflight || this.paused || !this.dirty.size) return;
    if (this.retryTimer) return; // waiting for the backoff (or for "online")
    this.run();
  }

  retryNow() {
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
      this.flush();
    }
  }

  // After a conflict: continue with what is dirty (the caller may add groups first).
  resume() {
    this.paused = false;
    this.attempt = 0;
    if (this.dirty.size) this.flush();
    else this.setState("saved");
  }

  // Forget pending groups (the user took the server's answer).
  discard() {
    this.dirty.clear();
    this.paused = false;
    clearTimeout(this.timer);
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.setState("saved");
  }

  async run() {
    const groups = new Set(this.dirty);
    this.dirty.clear();
    this.inflight = true;
    this.setState("saving");
    let response;
    try {
      response = await this.send(groups);
    } catch (error) {
      this.inflight = false;
      for (const group of groups) this.dirty.add(group);
      if (error && error.status === 409) {
        this.paused = true;
        this.setState("conflict");
        this.onConflict(error);
      } else if (isTransient(error)) {
        const wait = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)];
        this.attempt += 1;
        const message = error.status === undefined ? "no connection to the server" : error.message;
        this.setState(navigator.onLine === false ? "offline" : "retrying", { message, retryAt: Date.now() + wait });
        this.retryTimer = setTimeout(() => { this.retryTimer = null; this.flush(); }, wait);
      } else {
        for (const group of groups) this.dirty.delete(group);
        this.setState("failed", { message: error.message || "Not saved" });
        this.onFailed(error, groups);
      }
      return;
    }
    this.inflight = false;
    this.attempt = 0;
    this.onSaved(response, groups);
    if (this.dirty.size) this.flush();
    else this.setState("saved");
  }

  setState(state, detail = {}) {
    this.state = state;
    this.detail = detail;
    this.onState(state, detail);
    notify();
  }
}

function notify() {
  for (const listener of listeners) listener(summary());
}

// The page-wide state: the worst of all queues.
export function summary() {
  const counts = { saving: 0, pending: 0, retrying: 0, offline: 0, conflict: 0, failed: 0 };
  for (const queue of queues) {
    if (queue.state in counts) counts[queue.state] += 1;
    else if (queue.dirty.size && !queue.inflight) counts.pending += 1;
  }
  const waiting = [...queues].filter((queue) => queue.pending).length;
  return { ...counts, waiting };
}

export function onSummary(listener) {
  listeners.add(listener);
  listener(summary());
}

export function hasUnsaved() {
  return [...queues].some((queue) => queue.pending);
}

window.addEventListener("online", () => {
  for (const queue of queues) queue.retryNow();
  notify();
});
window.addEventListener("offline", notify);
window.addEventListener("beforeunload", (event) => {
  if (!hasUnsaved()) return;
  event.preventDefault();
  event.returnValue = ""; // older browsers want a value to show the prompt
});

// A save mark (one question, one notes block, one plan item) showing its queue's state.
const SAVE_TEXT = {
  idle: "",
  pending: "Saving…",
  saving: "Saving…",
  saved: "✓ Saved",
  retrying: "Error — retrying",
  offline: "Offline — will save when back online",
  conflict: "Conflict — choose below",
  failed: "Error — not saved",
};

export function renderSaveState(node, saveState, detail = {}) {
  node.dataset.state = saveState;
  let text = SAVE_TEXT[saveState] || "";
  if (saveState === "retrying" && detail.message) text = `Error: ${detail.message} — retrying`;
  if (saveState === "failed" && detail.message) text = `Error: ${detail.message}`;
  node.textContent = text;
  node.title = saveState === "saved" ? `Saved at ${new Date().toLocaleTimeString()}` : "";
}
