// The workload page's invitations: invite an address, re-send or revoke a pending invitation.
import { api, formsReady } from "./api.js";
import { handleSubmit, showErrors, clearErrors } from "./form-errors.js";
import { confirmAfterLoad, confirmHere } from "./confirm.js";

const box = document.getElementById("invitations");
if (box) {
  const base = box.dataset.api;
  const status = document.getElementById("invite-status");

  handleSubmit(document.getElementById("invite-form"), async (form) => {
    const email = form.elements.email.value.trim();
    const role = form.elements.role;
    await api(base, { method: "POST", json: { email, role: role.value } });
    confirmAfterLoad(`Invitation sent to ${email} (${role.selectedOptions[0].text.toLowerCase()}).`, "#invite-status");
    window.location.reload();
  }, { status, pending: "Inviting…", codes: { ALREADY_INVITED: "email" } });

  for (const row of document.querySelectorAll("#invitation-list [data-invitation]")) {
    const url = `${base}${row.dataset.invitation}/`;
    const rowStatus = row.querySelector(".member-status");
    const fail = (error) => showErrors(row, error, { status: rowStatus });
    row.querySelector(".invitation-resend").addEventListener("click", async () => {
      clearErrors(row, { status: rowStatus });
      try {
        await api(`${url}resend`, { method: "POST" });
        confirmAfterLoad(`Invitation sent to ${row.dataset.email} again; the earlier link no longer works.`, "#invite-status");
        window.location.reload();
      } catch (error) {
        fail(error);
      }
    });
    row.querySelector(".invitation-revoke").addEventListener("click", async () => {
      clearErrors(row, { status: rowStatus });
      try {
        await api(url, { method: "DELETE" });
        row.remove();
        confirmHere(status, `Invitation of ${row.dataset.email} revoked.`);
      } catch (error) {
        fail(error);
      }
    });
  }
  formsReady(box);
}
