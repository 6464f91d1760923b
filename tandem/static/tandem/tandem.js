// Tandem's small script: progressive enhancements only; every page works without it.
document.documentElement.classList.add("js");

document.addEventListener("DOMContentLoaded", () => {
  // Propose the browser's own time zone on forms that have not chosen one.
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  document.querySelectorAll("select[data-detect-time-zone]").forEach((select) => {
    if (zone && [...select.options].some((o) => o.value === zone)) {
      select.value = zone;
    }
  });

  // Menus: close when clicking elsewhere or pressing Escape.
  document.addEventListener("click", (event) => {
    document.querySelectorAll("details.menu[open]").forEach((menu) => {
      if (!menu.contains(event.target)) menu.removeAttribute("open");
    });
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    document.querySelectorAll("details.menu[open]").forEach((menu) => {
      menu.removeAttribute("open");
      menu.querySelector("summary").focus();
    });
  });

  // Selects that submit their form on change (the language switch).
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.requestSubmit());
  });
});

// Drafts: a <textarea data-draft="key"> keeps what is typed in the browser until the server has
// saved it, so a reload, a dropped connection or an outage loses nothing.
(() => {
  const PREFIX = "tandem:draft:";
  const storage = (() => {
    try { return window.localStorage; } catch (error) { return null; }
  })();
  if (!storage) return;

  const forget = (key) => storage.removeItem(PREFIX + key);

  const bind = (root) => {
    root.querySelectorAll("textarea[data-draft]").forEach((field) => {
      if (field.dataset.draftBound) return;
      field.dataset.draftBound = "1";
      const key = PREFIX + field.dataset.draft;
      const kept = storage.getItem(key);
      if (kept && !field.value.trim()) {
        field.value = kept;
        const note = document.createElement("p");
        note.className = "help draft-note";
        note.textContent = field.dataset.draftRestored || "Draft restored.";
        field.insertAdjacentElement("afterend", note);
      }
      field.addEventListener("input", () => {
        if (field.value.trim()) storage.setItem(key, field.value);
        else storage.removeItem(key);
      });
    });
  };

  document.addEventListener("DOMContentLoaded", () => {
    const saved = document.querySelector('meta[name="tandem-saved-drafts"]');
    if (saved) saved.content.split(" ").filter(Boolean).forEach(forget);
    bind(document);
  });
  // htmx: a form swapped in gets its drafts; a successful htmx submission forgets its own.
  document.addEventListener("htmx:load", (event) => bind(event.target));
  document.addEventListener("htmx:afterRequest", (event) => {
    const form = event.detail.elt.closest ? event.detail.elt.closest("form") : null;
    if (!form || !event.detail.successful) return;
    form.querySelectorAll("textarea[data-draft]").forEach((field) => forget(field.dataset.draft));
  });
})();
