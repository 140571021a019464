// The bank editor (assessments/views/bank_editor.py) answers bad input with 400 and a
// refused change with 409, each with a fragment to show in place (the form with its
// errors, or a message above the editor). htmx leaves error responses unswapped unless
// told otherwise; this tells it, for the editor's requests only.
document.addEventListener("htmx:beforeSwap", (event) => {
  const status = event.detail.xhr.status;
  const elt = (event.detail.requestConfig && event.detail.requestConfig.elt) || event.detail.elt;
  if ((status === 400 || status === 409) && elt && elt.closest && elt.closest("#bank-editor")) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// An item's row is replaced by each edit, save, cancel or move, which would drop the
// keyboard focus to the top of the page: it goes back into the same item's row instead
// (its first field when the form opens, else its first button that can be pressed).
let returnTo = null;
document.addEventListener("htmx:beforeRequest", (event) => {
  const row = event.detail.elt.closest && event.detail.elt.closest("#bank-editor .bank-item");
  if (row) returnTo = row.id;
});
document.addEventListener("htmx:afterSettle", () => {
  const row = returnTo && document.getElementById(returnTo);
  if (!row) return;
  returnTo = null;
  if (row.contains(document.activeElement)) return;
  const target = row.querySelector("[autofocus]") || row.querySelector("button:not([disabled])");
  if (target) target.focus();
});
