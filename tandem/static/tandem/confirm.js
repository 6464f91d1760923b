// Destructive actions ask first. A form marked `data-confirm="Question?"` opens the page's one
// confirmation dialog with that question; "Yes" submits the form with `confirmed=1`, "No" or
// Escape leaves everything as it was, and focus goes back to the button that asked. Without
// JavaScript the server asks the same question on a page of its own (`post_only(confirm=...)`).
(function () {
  "use strict";

  var dialog = null;
  var pending = null; // {form, submitter}

  function confirmedField(form) {
    var field = form.querySelector('input[name="confirmed"]');
    if (!field) {
      field = document.createElement("input");
      field.type = "hidden";
      field.name = "confirmed";
      form.appendChild(field);
    }
    return field;
  }

  function ask(form, submitter) {
    dialog = dialog || document.getElementById("confirm-dialog");
    if (!dialog || typeof dialog.showModal !== "function") {
      return false; // no dialog: the server's confirmation page asks instead
    }
    pending = { form: form, submitter: submitter };
    dialog.querySelector(".confirm-dialog-question").textContent = form.dataset.confirm;
    dialog.returnValue = "";
    dialog.showModal();
    var no = dialog.querySelector('button[value="no"]');
    if (no) {
      no.focus();
    }
    return true;
  }

  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (!(form instanceof HTMLFormElement) || !form.dataset.confirm) {
        return;
      }
      if (form.dataset.confirming === "yes") {
        delete form.dataset.confirming;
        return; // confirmed: let it go (to htmx, or to the server)
      }
      if (ask(form, event.submitter || null)) {
        // Before htmx or the browser sends it: capture phase, on the document.
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    true
  );

  document.addEventListener("close", function (event) {
    if (!dialog || event.target !== dialog || !pending) {
      return;
    }
    var form = pending.form;
    var submitter = pending.submitter;
    pending = null;
    if (dialog.returnValue === "yes") {
      confirmedField(form).value = "1";
      form.dataset.confirming = "yes";
      if (typeof form.requestSubmit === "function") {
        form.requestSubmit(submitter && submitter.form === form ? submitter : undefined);
      } else {
        form.submit();
      }
    } else if (submitter && document.contains(submitter)) {
      submitter.focus();
    }
  }, true);
})();
