// "Add another action" on the page of a promise and its actions, without a page load: a copy
// of the empty row in the page's <template> (its "__prefix__" made this row's index), the
// formset's TOTAL_FORMS counted up, and the focus moved to the new row's first field.
// Without JavaScript the same button posts the page, which comes back with one more blank
// row and everything typed kept (pledges/views/manage.py, _PromisePage).

const button = document.querySelector("[data-add-action]");
const rows = document.querySelector("[data-action-rows]");
const template = document.querySelector("template[data-action-row-template]");
const status = document.querySelector("[data-action-rows-status]");
const total = button && document.querySelector(`input[name="${button.dataset.prefix}-TOTAL_FORMS"]`);

function addRow() {
  const index = Number(total.value);
  const holder = document.createElement("div");
  holder.innerHTML = template.innerHTML
    .replaceAll("__prefix__", String(index))
    .replaceAll("__number__", String(index + 1));
  const row = holder.querySelector("[data-action-row]");
  rows.append(row);
  total.value = String(index + 1);
  row.querySelector("textarea, input:not([type=hidden]), select")?.focus();
  if (status) status.textContent = `Action ${index + 1} added.`;
}

if (button && rows && template && total) {
  button.addEventListener("click", (event) => {
    event.preventDefault();
    addRow();
  });
}
