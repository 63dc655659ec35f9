// The new-workload form: create through the API, then open the workload.
import { api, formsReady } from "./api.js";
import { handleSubmit } from "./form-errors.js";

handleSubmit(document.getElementById("new-workload"), async (form) => {
  const data = new FormData(form);
  const body = Object.fromEntries([...data.entries()].filter(([k]) => k !== "lenses"));
  body.lenses = data.getAll("lenses");
  const workload = await api("/api/v1/workloads/", { method: "POST", json: body });
  window.location.assign(`/workloads/${workload.id}/`);
}, { pending: "Creating…" });

formsReady();
