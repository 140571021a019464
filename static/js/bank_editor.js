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
