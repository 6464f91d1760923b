// Keyboard shortcuts, listed by "?" in the page's <dialog id="shortcuts">, which also holds the
// addresses they go to (data-board, data-list, data-day, data-new-task): a shortcut the member
// may not use has no address and does nothing. None fires while typing or with a modifier key.
(() => {
  const ROWS = ".board-card, .task-table tbody tr, .task-rows > li, .notifications > li, .announcement-row";
  const SEQUENCE_WAIT = 1200;
  let pending = null;
  let pendingTimer = null;

  const typing = (target) =>
    target instanceof Element &&
    (target.closest("input, textarea, select, [contenteditable]:not([contenteditable='false'])") !== null);

  const visible = (element) => element.offsetParent !== null || element.getClientRects().length > 0;

  const go = (dialog, key) => {
    const url = dialog.dataset[key];
    if (url) window.location.assign(url);
  };

  const move = (step) => {
    const rows = [...document.querySelectorAll(ROWS)].filter(visible);
    if (!rows.length) return;
    const current = document.activeElement ? document.activeElement.closest(ROWS) : null;
    let index = rows.indexOf(current);
    index = index === -1 ? (step > 0 ? 0 : rows.length - 1) : Math.min(rows.length - 1, Math.max(0, index + step));
    const row = rows[index];
    if (!row.hasAttribute("tabindex")) row.setAttribute("tabindex", "-1");
    row.focus();
    row.scrollIntoView({ block: "nearest", inline: "nearest" });
  };

  // Enter on a row that j/k focused opens its first link.
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || event.defaultPrevented) return;
    const row = event.target instanceof Element && event.target.matches(ROWS) ? event.target : null;
    if (!row) return;
    const link = row.querySelector("a.card-title, a.row-title, button.notification-link, a[href]");
    if (!link) return;
    event.preventDefault();
    link.click();
  });

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (typing(event.target)) return;
    const dialog = document.getElementById("shortcuts");
    if (!dialog || dialog.open) return;
    const key = event.key;
    if (pending === "g") {
      pending = null;
      window.clearTimeout(pendingTimer);
      const target = { b: "board", l: "list", d: "day" }[key];
      if (target) {
        event.preventDefault();
        go(dialog, target);
      }
      return;
    }
    if (key === "?") {
      event.preventDefault();
      dialog.showModal();
    } else if (key === "/") {
      const search = document.getElementById("site-search");
      if (search) {
        event.preventDefault();
        search.focus();
      }
    } else if (key === "n" && dialog.dataset.newTask) {
      event.preventDefault();
      go(dialog, "newTask");
    } else if (key === "g") {
      pending = "g";
      pendingTimer = window.setTimeout(() => { pending = null; }, SEQUENCE_WAIT);
    } else if (key === "j" || key === "k") {
      event.preventDefault();
      move(key === "j" ? 1 : -1);
    }
  });

  // A click on the backdrop closes the list too.
  document.addEventListener("click", (event) => {
    const dialog = document.getElementById("shortcuts");
    if (dialog && dialog.open && event.target === dialog) dialog.close();
  });
})();
