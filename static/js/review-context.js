// What every module of the review page shares: the page's configuration (from the root
// element's data attributes), the state of the questions, the page's fixed nodes, the
// user's stored preferences, and an event target for "answers changed".

export const root = document.getElementById("review");
export const cfg = {
  readOnly: root.dataset.readOnly === "true",
  milestone: root.dataset.milestone || "",
  user: root.dataset.user || "",
  canComment: root.dataset.canComment === "true",
  // Members who may be @mentioned in comments ({type, name}); none on a milestone's page.
  // Keys of this review's questions assigned to the user (or one of their teams).
  assignedToMe: JSON.parse((document.getElementById("assigned-to-me") || { textContent: "[]" }).textContent),
  mentionable: JSON.parse((document.getElementById("mentionable") || { textContent: "[]" }).textContent),
  api: {
    review: root.dataset.apiReview,
    answers: root.dataset.apiAnswers,
    improvements: root.dataset.apiImprovements,
    members: root.dataset.apiMembers,
  },
};
export const query = cfg.milestone ? `?milestone=${encodeURIComponent(cfg.milestone)}` : "";
// Typing pauses this long before notes are saved.
export const NOTES_DELAY = 800;

export const state = {
  review: JSON.parse(document.getElementById("review-summary").textContent),
  questions: [], // lens order
  byKey: new Map(),
  view: "pillar",
  mode: "list",
  filter: "all",
  order: [], // keys in the order of the current view
  visible: new Set(),
  current: null,
  tab: "questions",
};

export const $ = (id) => document.getElementById(id);
export const nodes = {
  questions: $("questions"),
  sections: $("section-list"),
  answered: $("review-answered"),
  progress: $("review-progress"),
  counts: $("review-counts"),
  status: $("save-status"),
  singleNav: $("single-nav"),
  position: $("single-position"),
  filter: $("question-filter"),
  help: $("help-popover"),
  helpButton: $("help-button"),
  planCount: $("plan-count"),
  announcer: $("risk-announcer"),
};

// "answers-changed" after every saved (or taken) answer.
export const events = new EventTarget();

export function stored(name, allowed, fallback) {
  try {
    const value = localStorage.getItem(`mllens.review.${name}`);
    return allowed.includes(value) ? value : fallback;
  } catch {
    return fallback;
  }
}

export function store(name, value) {
  try { localStorage.setItem(`mllens.review.${name}`, value); } catch { /* private mode */ }
}
