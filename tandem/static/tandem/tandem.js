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
  // The element that sent the request may have been swapped out by now: look at the request's
  // own element, not the event's target.
  document.addEventListener("htmx:afterRequest", (event) => {
    const sender = (event.detail.requestConfig && event.detail.requestConfig.elt) || event.detail.elt;
    const form = sender && sender.closest ? sender.closest("form") : null;
    if (!form || !event.detail.successful) return;
    form.querySelectorAll("textarea[data-draft]").forEach((field) => forget(field.dataset.draft));
  });
})();

// Board: drag a card to another column to move it. The card's ⋯ menu does the same with the
// keyboard or without script (plain forms); this only adds dragging and tidies the menus.
(() => {
  const csrfToken = () => {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  };
  const oneTimeKey = () =>
    window.crypto && crypto.randomUUID
      ? crypto.randomUUID().replace(/-/g, "")
      : `${Date.now()}${Math.random().toString(16).slice(2)}`;
  const columnOf = (element) =>
    element && element.closest ? element.closest("[data-board] .board-column[data-state]") : null;
  const bump = (column, delta) => {
    const count = column && column.querySelector("[data-count]");
    if (count) count.textContent = String(Math.max(0, (parseInt(count.textContent, 10) || 0) + delta));
  };
  const say = (html) => {
    const messages = document.getElementById("messages");
    if (messages) messages.innerHTML = html;
  };
  const sayError = (text) => {
    const note = document.createElement("div");
    note.className = "message message-error";
    note.setAttribute("role", "alert");
    note.textContent = text;
    say(note.outerHTML);
  };
  const clearTargets = () =>
    document.querySelectorAll(".board-column.drop-target").forEach((c) => c.classList.remove("drop-target"));

  let dragged = null;
  let origin = null;

  document.addEventListener("dragstart", (event) => {
    const card = event.target.closest ? event.target.closest(".board-card[data-code]") : null;
    if (!card || !columnOf(card)) return;
    dragged = card;
    origin = { column: columnOf(card), parent: card.parentNode, next: card.nextSibling };
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.code);
    card.classList.add("dragging");
  });

  document.addEventListener("dragend", () => {
    if (dragged) dragged.classList.remove("dragging");
    dragged = null;
    clearTargets();
  });

  document.addEventListener("dragover", (event) => {
    const column = dragged && columnOf(event.target);
    if (!column) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    if (!column.classList.contains("drop-target")) {
      clearTargets();
      column.classList.add("drop-target");
    }
  });

  document.addEventListener("drop", async (event) => {
    const column = dragged && columnOf(event.target);
    if (!column) return;
    event.preventDefault();
    const card = dragged;
    const from = origin;
    const board = column.closest("[data-board]");
    dragged = null;
    card.classList.remove("dragging");
    clearTargets();
    if (column === from.column) return;

    // Show the move at once; the server's answer then puts the card where it really is.
    column.querySelector(".board-cards").prepend(card);
    bump(from.column, -1);
    bump(column, 1);
    const putBack = () => {
      const next = from.next && from.next.parentNode === from.parent ? from.next : null;
      from.parent.insertBefore(card, next);
      bump(column, -1);
      bump(from.column, 1);
    };
    let response = null;
    try {
      response = await fetch(`${board.dataset.cardBase}${card.dataset.code}/move/`, {
        method: "POST",
        body: new URLSearchParams({ to: column.dataset.state, form_key: oneTimeKey() }),
        headers: { "X-CSRFToken": csrfToken(), "HX-Request": "true" },
        credentials: "same-origin",
      });
    } catch (error) {
      response = null;
    }
    if (!response || response.status !== 200) {
      putBack();
      sayError(board.dataset.moveFailed);
      return;
    }
    const answer = document.createElement("template");
    answer.innerHTML = await response.text();
    const note = answer.content.querySelector("[data-messages]");
    if (note) say(note.innerHTML);
    const fresh = answer.content.querySelector(".board-card");
    if (!fresh) return;
    if (fresh.dataset.state !== column.dataset.state) {
      // Refused (the message says why), or someone else moved it meanwhile.
      putBack();
      const home = board.querySelector(`.board-column[data-state="${fresh.dataset.state}"]`);
      if (home !== from.column) {
        bump(from.column, -1);
        if (!home) {
          card.remove();
          return;
        }
        bump(home, 1);
        home.querySelector(".board-cards").prepend(card);
      }
    }
    card.replaceWith(fresh);
    if (window.htmx) window.htmx.process(fresh);
    fresh.classList.add("just-moved");
  });

  // The card menu: its ⋯ button opens and closes it; Escape or "Close" closes it.
  const menuOf = (element) => {
    const card = element.closest(".board-card");
    return card ? card.querySelector(".card-menu") : null;
  };
  const closeMenu = (menu) => {
    menu.innerHTML = "";
    const button = menu.closest(".board-card").querySelector(".card-menu-button");
    button.setAttribute("aria-expanded", "false");
    button.focus();
  };
  document.addEventListener("htmx:beforeRequest", (event) => {
    const button = event.detail.elt;
    if (!button.classList || !button.classList.contains("card-menu-button")) return;
    const menu = menuOf(button);
    if (menu && menu.children.length) {
      event.preventDefault();
      closeMenu(menu);
    }
  });
  document.addEventListener("htmx:afterSwap", (event) => {
    const menu = event.detail.target;
    if (!menu.classList || !menu.classList.contains("card-menu")) return;
    menu.closest(".board-card").querySelector(".card-menu-button").setAttribute("aria-expanded", "true");
    const first = menu.querySelector("a, button");
    if (first) first.focus();
  });
  document.addEventListener("click", (event) => {
    const close = event.target.closest ? event.target.closest("[data-close-menu]") : null;
    const menu = close && close.closest(".card-menu");
    if (menu) closeMenu(menu);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const menu = event.target.closest ? event.target.closest(".card-menu") : null;
    if (menu && menu.children.length) closeMenu(menu);
  });
})();

// A table wider than the screen scrolls sideways inside its .table-wrap: such a wrap becomes a
// named region the keyboard can reach and scroll (only while it does scroll: no idle tab stops).
(() => {
  const label = (wrap) => {
    const table = wrap.querySelector("table");
    const caption = table && table.querySelector("caption");
    const heading = wrap.closest("section, main") && wrap.closest("section, main").querySelector("h1, h2");
    return (caption || heading || { textContent: "" }).textContent.trim();
  };
  const mark = () => {
    document.querySelectorAll(".table-wrap").forEach((wrap) => {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.tabIndex = 0;
        wrap.setAttribute("role", "region");
        if (!wrap.hasAttribute("aria-label") && label(wrap)) wrap.setAttribute("aria-label", label(wrap));
      } else if (wrap.getAttribute("role") === "region") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
      }
    });
  };
  document.addEventListener("DOMContentLoaded", mark);
  document.addEventListener("htmx:load", mark);
  window.addEventListener("resize", mark);
})();
