// Disable the confirm button once clicked, so a double click does not post twice
// (a second post would be refused anyway: the upload is gone once imported).
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form.classList.contains("js-confirm-once")) {
    form.querySelectorAll("button[type=submit]").forEach((button) => {
      button.disabled = true;
    });
  }
});
