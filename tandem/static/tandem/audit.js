// The task audit's log form: after htmx brings the fields back (logged, or with an error), the
// cursor goes to the field to fix, or to "what" for the next entry (htmx itself would keep it
// in the field it was in). Without this script the form posts and the page comes back.
document.addEventListener("htmx:afterSettle", (event) => {
  const fields = event.target;
  if (!fields || fields.id !== "audit-fields") return;
  const wrong = fields.querySelector(".has-error input");
  const target = wrong || fields.querySelector("#audit_what");
  if (target) target.focus();
});
