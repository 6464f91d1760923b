// The header: the workspace navigation's groups, the phone's menu button, and the bell's menu.
// Without script the groups still open (<details>), the whole navigation shows on a phone, and
// the bell's menu links to the full list.
(() => {
  const groups = () => document.querySelectorAll("details[data-nav-group]");

  document.addEventListener("DOMContentLoaded", () => {
    const nav = document.getElementById("workspace-nav");
    const toggle = document.querySelector(".nav-toggle");
    if (!nav) return;
    const phone = () => toggle !== null && window.getComputedStyle(toggle).display !== "none";

    const setOpen = (open, { focus = true } = {}) => {
      if (!toggle) return;
      toggle.setAttribute("aria-expanded", String(open));
      nav.classList.toggle("is-open", open);
      // On a phone the menu shows every group open: nothing to unfold to reach a page.
      groups().forEach((group) => group.toggleAttribute("open", open));
      if (open && focus) {
        const first = nav.querySelector("a");
        if (first) first.focus();
      } else if (!open && focus) {
        toggle.focus();
      }
    };

    if (toggle) {
      toggle.hidden = false;
      toggle.addEventListener("click", () => setOpen(toggle.getAttribute("aria-expanded") !== "true"));
    }

    // One group open at a time on a wide screen.
    groups().forEach((group) => {
      group.addEventListener("toggle", () => {
        if (!group.open || phone()) return;
        groups().forEach((other) => { if (other !== group) other.open = false; });
      });
    });

    document.addEventListener("click", (event) => {
      if (phone()) {
        if (toggle.getAttribute("aria-expanded") === "true" && !nav.contains(event.target) && !toggle.contains(event.target)) {
          setOpen(false, { focus: false });
        }
        return;
      }
      groups().forEach((group) => {
        if (group.open && !group.contains(event.target)) group.open = false;
      });
    });

    document.addEventListener("keydown", (event) => {
      if (event.key !== "Escape") return;
      if (phone()) {
        if (toggle.getAttribute("aria-expanded") === "true") setOpen(false);
        return;
      }
      groups().forEach((group) => {
        if (!group.open) return;
        group.open = false;
        group.querySelector("summary").focus();
      });
    });

    // Leaving the phone's width with the menu open: back to the groups as menus.
    window.matchMedia("(max-width: 640px)").addEventListener("change", (query) => {
      if (!query.matches && toggle && toggle.getAttribute("aria-expanded") === "true") setOpen(false, { focus: false });
    });
  });

  // The bell's menu asks for its latest notifications each time it opens.
  document.addEventListener(
    "toggle",
    (event) => {
      const menu = event.target;
      if (!(menu instanceof HTMLDetailsElement) || !menu.matches("[data-bell-menu]") || !menu.open) return;
      const panel = menu.querySelector(".bell-panel");
      if (panel && window.htmx) window.htmx.trigger(panel, "bell-open");
    },
    true,
  );
})();
