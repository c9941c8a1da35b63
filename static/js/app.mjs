// Loaded as a module from a file (never inline), so a strict Content Security Policy holds.
import { initAll } from "../vendor/govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// Forms marked data-confirm ask before they submit (e.g. deleting, withdrawing an invitation).
document.addEventListener("submit", (event) => {
  const message = event.target.dataset?.confirm;
  if (message && !window.confirm(message)) event.preventDefault();
});

// The organisation switcher submits as soon as another organisation is chosen.
document.querySelectorAll("[data-autosubmit]").forEach((select) => {
  select.addEventListener("change", () => select.form.requestSubmit());
});
