// The API docs (Swagger UI): name the "Examples" dropdown Swagger UI renders for every
// request body and answer that has examples. Its visible "Examples:" caption is a bare span,
// so the select has no accessible name (WCAG 4.1.2); Swagger UI redraws it as operations
// open, so new ones are named as they appear.

const NAME = "Example";

function nameSelects(root) {
  for (const select of root.querySelectorAll("select.examples-select-element:not([aria-label])")) {
    const caption = select.parentElement?.querySelector(".examples-select__section-label");
    const text = (caption?.textContent || "").replace(/:\s*$/, "").trim();
    select.setAttribute("aria-label", text || NAME);
  }
}

const docs = document.getElementById("swagger-ui") || document.body;
nameSelects(docs);
new MutationObserver(() => nameSelects(docs)).observe(docs, { childList: true, subtree: true });
