// Quick entry of feedback (a pile of sticky notes) without a page load per item. Without
// JavaScript the form posts as usual and the page comes back with a success message, ready
// for the next (participation/views_feedback.py, _quick).
//
// With it, Enter posts the form with fetch (the CSRF token from the form), the server answers
// with the saved item as an HTML fragment (201), added at the top of the list. Saves go one
// after another, in the order typed. Nothing typed is ever lost: the box is cleared only when
// the save succeeded and the box still holds what was saved (the next note may already be
// typed); a failed save shows the error and keeps the words in the box (or, if the next one
// is being typed already, in the error message, to type again).

const form = document.querySelector("[data-quick-entry]");
const box = form?.querySelector("input[name=text]");
const list = document.querySelector("[data-quick-saved]");
const errors = form?.querySelector("[data-quick-errors]");
const group = form?.querySelector("[data-quick-group]");
const status = document.querySelector("[data-quick-status]");
const count = document.querySelector("[data-quick-count]");

let queue = Promise.resolve();
const pending = new Set(); // words being saved: a second Enter on them is not a second item

function showError(html, text) {
  group.classList.add("govuk-form-group--error");
  box.classList.add("govuk-input--error");
  errors.innerHTML = html;
  if (box.value.trim() === "" && text) box.value = text;
  else if (text && box.value !== text) {
    const kept = document.createElement("p");
    kept.className = "govuk-error-message";
    kept.textContent = `Not saved, type it again: “${text}”`;
    errors.append(kept);
  }
  if (status) status.textContent = "Not saved. " + errors.textContent.trim();
}

function clearError() {
  group.classList.remove("govuk-form-group--error");
  box.classList.remove("govuk-input--error");
  errors.replaceChildren();
}

async function save(data, text) {
  let response;
  try {
    response = await fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Quick-Entry": "1", "X-CSRFToken": data.get("csrfmiddlewaretoken") },
    });
  } catch {
    showError(
      '<p class="govuk-error-message">Not saved: the connection failed. Press Enter to try again.</p>',
      text,
    );
    return;
  }
  const fragment = await response.text();
  if (response.status === 201) {
    const holder = document.createElement("template");
    holder.innerHTML = fragment.trim();
    list.prepend(holder.content);
    if (box.value === text) box.value = "";
    clearError();
    const saved = list.querySelectorAll("[data-testid=quick-item]").length;
    if (count) count.textContent = String(saved);
    if (status) status.textContent = `Saved: ${text}. ${saved} saved here.`;
  } else if (response.status === 422) {
    showError(fragment, text);
  } else {
    showError(
      `<p class="govuk-error-message">Not saved (the server answered ${response.status}). Press Enter to try again.</p>`,
      text,
    );
  }
}

if (form && box && list && errors && group) {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const text = box.value;
    if (pending.has(text)) return;
    pending.add(text);
    queue = queue.then(() => save(data, text)).finally(() => pending.delete(text));
    box.focus();
  });
}
