// @mentions in comment boxes: typing "@" and letters in a <textarea data-mention-url> lists the
// people who may be mentioned there (asked from that address); arrows, Enter or Tab choose,
// Escape closes. Without it, people type "@Ana" themselves: the server reads it the same way.
(() => {
  const TRIGGER = /(^|[^\w@])@([\w.+-]{0,40})$/;
  let counter = 0;

  const bind = (field) => {
    if (field.dataset.mentionBound) return;
    field.dataset.mentionBound = "1";
    counter += 1;
    const list = document.createElement("ul");
    list.id = `mention-list-${counter}`;
    list.className = "mention-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", field.dataset.mentionLabel || "People");
    list.hidden = true;
    field.insertAdjacentElement("afterend", list);
    field.setAttribute("aria-autocomplete", "list");
    field.setAttribute("aria-controls", list.id);

    let options = [];
    let active = -1;
    let asked = 0;

    const close = () => {
      list.hidden = true;
      list.replaceChildren();
      options = [];
      active = -1;
      field.removeAttribute("aria-activedescendant");
    };

    const highlight = (index) => {
      active = index;
      [...list.children].forEach((item, position) => {
        item.setAttribute("aria-selected", position === index ? "true" : "false");
      });
      if (index >= 0) field.setAttribute("aria-activedescendant", list.children[index].id);
    };

    const typed = () => {
      const before = field.value.slice(0, field.selectionStart);
      const match = TRIGGER.exec(before);
      return match ? { start: before.length - match[2].length - 1, text: match[2] } : null;
    };

    const choose = (index) => {
      const at = typed();
      if (!at || !options[index]) return close();
      const insert = `@${options[index].handle} `;
      const after = field.value.slice(field.selectionStart);
      field.value = field.value.slice(0, at.start) + insert + after;
      const caret = at.start + insert.length;
      field.setSelectionRange(caret, caret);
      field.dispatchEvent(new Event("input", { bubbles: true }));
      close();
    };

    const show = (people) => {
      options = people;
      list.replaceChildren(
        ...people.map((person, index) => {
          const item = document.createElement("li");
          item.id = `${list.id}-${index}`;
          item.setAttribute("role", "option");
          item.textContent = person.name;
          const handle = document.createElement("span");
          handle.className = "muted";
          handle.textContent = ` @${person.handle}`;
          item.append(handle);
          // mousedown, not click: the box keeps its focus and its caret.
          item.addEventListener("mousedown", (event) => {
            event.preventDefault();
            choose(index);
          });
          return item;
        }),
      );
      list.hidden = people.length === 0;
      highlight(people.length ? 0 : -1);
    };

    field.addEventListener("input", async () => {
      const at = typed();
      if (!at) return close();
      asked += 1;
      const mine = asked;
      const url = new URL(field.dataset.mentionUrl, window.location.href);
      url.searchParams.set("q", at.text);
      try {
        const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
        if (!response.ok || mine !== asked) return;
        show(await response.json());
      } catch (error) {
        close();
      }
    });

    field.addEventListener("keydown", (event) => {
      if (list.hidden || !options.length) return;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        const step = event.key === "ArrowDown" ? 1 : -1;
        highlight((active + step + options.length) % options.length);
      } else if (event.key === "Enter" || event.key === "Tab") {
        event.preventDefault();
        choose(active < 0 ? 0 : active);
      } else if (event.key === "Escape") {
        event.preventDefault();
        event.stopPropagation();
        close();
      }
    });
    field.addEventListener("blur", () => window.setTimeout(close, 150));
  };

  const scan = (root) => root.querySelectorAll("textarea[data-mention-url]").forEach(bind);
  document.addEventListener("DOMContentLoaded", () => scan(document));
  document.addEventListener("htmx:load", (event) => scan(event.target));
})();
