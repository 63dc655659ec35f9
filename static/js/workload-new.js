// The new-workload form: create through the API, then open the workload.
import { api, ApiError, formsReady } from "./api.js";
const form = document.getElementById("new-workload");
form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const body = Object.fromEntries([...data.entries()].filter(([k]) => k !== "lenses"));
  body.lenses = data.getAll("lenses");
  const status = form.querySelector(".form-status");
  status.textContent = "Creating…";
  try {
    const workload = await api("/api/v1/workloads/", { method: "POST", json: body });
    window.location.assign(`/workloads/${workload.id}/`);
  } catch (error) {
    const first = error instanceof ApiError ? (error.body.errors || [])[0] : null;
    status.textContent = first ? `${first.field}: ${first.message}` : error.message;
  }
});

formsReady();
