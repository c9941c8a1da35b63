// Quick entry of feedback (a pile of sticky notes) without a page load per item. Without
// JavaScript the form posts as usual and the page comes back with a success message, ready
// for the next (participation/views_feedback.py, _quick).
//
// With it, Enter posts the form with fetch (the CSRF token from the form) and empties the box
// at once, so the next note can be typed while this one is saved; the server answers with the
// saved item as an HTML fragment (201), added at the top of the list. Saves go one after
// another, in the order typed. Nothing typed is ever lost: a failed save shows the error and
// puts the words back in the box (or, when the next note is being typed already, shows them in
// the error to type again).

const form = document.querySelector("[data-quick-entry]");
const box = form?.querySelector("input[name=text]");
const list = document.querySelector("[data-quick-saved]");
const errors = form?.querySelector("[data-quick-errors]");
const group = form?.querySelector("[data-quick-group]");
const status = document.querySelector("[data-quick-status]");
const count = document.querySelector("[data-quick-count]");

let queue = Promise.resolve();

function showError(html, text) {
  group.classList.add("govuk-form-group--error");
  box.classList.add("govuk-input--error");
  errors.innerHTML = html;
  if (box.value.trim() === "" && text) box.value = text;
  else if (text.trim() && box.value !== text) unsaved.push(text);
  showUnsaved();
  if (status) status.textContent = "Not saved. " + errors.textContent.trim();
}

// Words whose save failed while the next note was already in the box: listed under the box
// until they are saved, so none is lost.
const unsaved = [];
const unsavedList = document.createElement("div");

function showUnsaved() {
  unsavedList.replaceChildren(
    ...unsaved.map((text) => {
      const line = document.createElement("p");
      line.className = "govuk-error-message";
      line.dataset.testid = "quick-unsaved";
      line.textContent = `Not saved yet, type it again: “${text}”`;
      return line;
    }),
  );
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
    clearError();
    if (unsaved.includes(text)) unsaved.splice(unsaved.indexOf(text), 1);
    showUnsaved();
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

// The kinds' access keys work the same in every browser while typing: Alt (with or without
// Shift) and the letter picks the kind and leaves the focus in the box.
function pickKind(event) {
  if (!event.altKey || event.ctrlKey || event.metaKey || event.key.length !== 1) return;
  const radio = form.querySelector(`input[name=kind][accesskey="${event.key.toLowerCase()}"]`);
  if (!radio) return;
  event.preventDefault();
  radio.checked = true;
  const label = form.querySelector(`label[for="${radio.id}"]`);
  if (status && label) status.textContent = `Kind: ${label.textContent.trim()}`;
}

if (form && box && list && errors && group) {
  errors.after(unsavedList);
  document.addEventListener("keydown", pickKind);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const text = box.value;
    box.value = ""; // ready for the next note; put back if the save fails
    // The same words twice are two sticky notes ("Parents", "Parents"): both are saved.
    queue = queue.then(() => save(data, text));
    box.focus();
  });
}
