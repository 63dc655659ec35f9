// Publish a draft through the API, then reload the lens page.
import { api, ApiError, formsReady } from "./api.js";

const form = document.getElementById("publish-form");
if (form) {
  const statusLine = form.querySelector(".form-status");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    statusLine.textContent = "Publishing…";
    try {
      const lens = await api(form.dataset.api, {
        method: "POST",
        json: {
          version: form.elements.version.value,
          is_major: form.elements.is_major.checked,
          // Present only when choices look like "None of these" without the _no suffix.
          confirm: Boolean(form.elements.confirm && form.elements.confirm.checked),
        },
      });
      window.location.assign(`${form.dataset.next}?version=${encodeURIComponent(lens.versions[0].version)}`);
    } catch (error) {
      statusLine.textContent = error instanceof ApiError ? `${error.code}: ${error.message}` : `Network error: ${error.message}`;
    }
  });
}

formsReady();
