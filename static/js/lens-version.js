// The version picker on a lens page: choosing a version shows it (no inline handler, so the
// page runs under a Content-Security-Policy without inline script).
const select = document.getElementById("version-select");
if (select) {
  select.addEventListener("change", () => select.form.submit());
}
