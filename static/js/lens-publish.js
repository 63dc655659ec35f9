// Publish a draft through the API, then reload the lens page.
import { api, formsReady } from "./api.js";
import { handleSubmit } from "./form-errors.js";

handleSubmit(document.getElementById("publish-form"), async (form) => {
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
}, { pending: "Publishing…", codes: { VERSION_EXISTS: "version", CONFIRMATION_REQUIRED: "confirm" } });

formsReady();
