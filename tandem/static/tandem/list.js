// The task list: choose tasks for a change to many at once ("choose every task on this page",
// and how many are chosen). The list works without it: each box is a plain form field.
(() => {
  const boxes = (table) => [...table.querySelectorAll('tbody input[name="tasks"]')];

  const update = (results) => {
    const table = results.querySelector(".task-table");
    const form = results.querySelector("#bulk-form");
    if (!table || !form) return;
    const all = boxes(table);
    const chosen = all.filter((box) => box.checked).length;
    const pickAll = table.querySelector(".pick-all");
    if (pickAll) {
      pickAll.hidden = false;
      pickAll.checked = chosen > 0 && chosen === all.length;
      pickAll.indeterminate = chosen > 0 && chosen < all.length;
    }
    const note = form.querySelector(".bulk-chosen");
    if (note) {
      note.textContent = chosen ? note.dataset.some.replace("%(count)s", chosen) : note.dataset.none;
    }
    form.querySelector(".bulk-bar").classList.toggle("has-chosen", chosen > 0);
  };

  // The search applies as it is typed; its change on leaving the field (to tick a box, say)
  // would load the same list again and clear the boxes. Caught on the way down, before the
  // filter form hears it.
  document.addEventListener(
    "change",
    (event) => {
      if (event.target.id === "filter-q") event.stopPropagation();
    },
    true,
  );

  document.addEventListener("change", (event) => {
    const target = event.target;
    const results = target.closest && target.closest("#task-results");
    if (!results) return;
    if (target.classList.contains("pick-all")) {
      boxes(results).forEach((box) => { box.checked = target.checked; });
    }
    if (target.classList.contains("pick-all") || target.name === "tasks") update(results);
  });

  // The list itself, and what htmx swaps in (filters, sorting, "Show more").
  const refresh = () => {
    const results = document.getElementById("task-results");
    if (results) update(results);
  };
  document.addEventListener("DOMContentLoaded", refresh);
  document.addEventListener("htmx:afterSettle", refresh);
})();
