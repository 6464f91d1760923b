// The task audit's log form: after htmx brings the fields back (logged, or with an error), the
// cursor returns to the field to fix, or to "what" for the next entry. Without this script the
// form posts and the page comes back; nothing else depends on it.
document.addEventListener("htmx:afterSettle", (event) => {
  const form = event.detail.elt;
  if (!form || !form.matches || !form.matches("[data-audit-form]")) return;
  const fields = document.getElementById("audit-fields");
  if (!fields) return;
  const wrong = fields.querySelector(".has-error input");
  const target = wrong || fields.querySelector("#audit_what");
  if (target) target.focus();
});
