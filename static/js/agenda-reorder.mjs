// Drag and drop for the agenda builder (clerks only). A progressive enhancement: without
// JavaScript, and for keyboard users, the Move up / Move down buttons do the same job.
//
// Each item is a [data-agenda-item] with data-item-id, inside [data-agenda]. On drop the new
// order is POSTed (comma-separated ids) through the hidden [data-agenda-reorder] form, whose
// CSRF token input the request reuses; then the agenda is refreshed from the server.

const agenda = document.querySelector("[data-agenda]");
const form = document.querySelector("[data-agenda-reorder]");
const status = document.querySelector("[data-agenda-status]");

function items() {
  return [...agenda.querySelectorAll("[data-agenda-item]")];
}

function announce(message) {
  if (status) status.textContent = message;
}

async function refreshAgenda() {
  const response = await fetch(window.location.pathname, {
    headers: { Accept: "text/html" },
    credentials: "same-origin",
  });
  if (!response.ok) return;
  const page = new DOMParser().parseFromString(await response.text(), "text/html");
  const fresh = page.querySelector("[data-agenda]");
  const freshForm = page.querySelector("[data-agenda-reorder]");
  if (fresh) agenda.replaceChildren(...fresh.childNodes);
  if (freshForm && form) form.replaceChildren(...freshForm.childNodes);
}

async function saveOrder(ids) {
  const data = new FormData(form);
  data.set("order", ids.join(","));
  agenda.setAttribute("aria-busy", "true");
  try {
    const response = await fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": data.get("csrfmiddlewaretoken") },
    });
    const result = await response.json().catch(() => ({}));
    announce(
      result.message ||
        (response.ok ? "The new order of the agenda is saved." : "The order could not be saved."),
    );
  } catch {
    announce("The order could not be saved. Check your connection and try again.");
  } finally {
    await refreshAgenda().catch(() => {});
    agenda.removeAttribute("aria-busy");
  }
}

if (agenda && form) {
  let dragged = null;

  agenda.addEventListener("dragstart", (event) => {
    const item = event.target.closest?.("[data-agenda-item]");
    if (!item) return;
    dragged = item;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", item.dataset.itemId);
    item.classList.add("cp-agenda-item--dragging");
  });

  agenda.addEventListener("dragover", (event) => {
    if (dragged && event.target.closest?.("[data-agenda-item]")) {
      event.preventDefault(); // allows the drop
      event.dataTransfer.dropEffect = "move";
    }
  });

  agenda.addEventListener("drop", (event) => {
    const target = event.target.closest?.("[data-agenda-item]");
    if (!dragged || !target) return;
    event.preventDefault();
    if (target !== dragged) {
      const box = target.getBoundingClientRect();
      const before = event.clientY < box.top + box.height / 2;
      target.insertAdjacentElement(before ? "beforebegin" : "afterend", dragged);
      saveOrder(items().map((item) => item.dataset.itemId));
    }
  });

  agenda.addEventListener("dragend", () => {
    dragged?.classList.remove("cp-agenda-item--dragging");
    dragged = null;
  });
}
