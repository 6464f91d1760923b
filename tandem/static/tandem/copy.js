// Copy buttons: <button data-copy="id of a text field" data-copied="Copied" data-copy-fallback="…"
// hidden> beside a <span class="copy-status" role="status">. The button shows only with
// JavaScript; it copies the field's text, and says so in the status, which screen readers
// announce. Where the clipboard cannot be written, it shows and selects the text instead.
(() => {
  const show = (root) => {
    root.querySelectorAll("button[data-copy]").forEach((button) => { button.hidden = false; });
  };
  document.addEventListener("DOMContentLoaded", () => show(document));
  document.addEventListener("htmx:load", (event) => show(event.target));

  const say = (button, text) => {
    const status = button.parentElement.querySelector(".copy-status");
    if (!status) return;
    status.textContent = text;
    clearTimeout(status.copyTimer);
    status.copyTimer = setTimeout(() => { status.textContent = ""; }, 4000);
  };

  const selectInstead = (button, field) => {
    field.hidden = false;
    field.focus();
    field.select();
    say(button, button.dataset.copyFallback || "");
  };

  document.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-copy]");
    if (!button) return;
    const field = document.getElementById(button.dataset.copy);
    if (!field) return;
    if (!navigator.clipboard || !window.isSecureContext) {
      selectInstead(button, field);
      return;
    }
    navigator.clipboard.writeText(field.value).then(
      () => {
        button.classList.add("copied");
        say(button, button.dataset.copied || "Copied");
        setTimeout(() => button.classList.remove("copied"), 4000);
      },
      () => selectInstead(button, field),
    );
  });
})();
