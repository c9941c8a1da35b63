// A "Copy" button beside a readonly address (the public pages' address on the members page).
// Progressive: without JavaScript the button stays hidden and the address can be selected and
// copied by hand; with it, one press copies the address and says so in a status message.
// The wrapper carries `hidden` (not the button: .govuk-button's display rule would show it).
//
//   <input id="public-address" readonly value="...">
//   <span data-copy-from="public-address" data-copy-status="public-address-status" hidden>
//     <button type="button">Copy</button>
//   </span>
//   <p id="public-address-status" role="status"></p>

async function copy(input) {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(input.value);
      return true;
    }
  } catch {
    // Refused (no permission): fall back to selecting and the old command below.
  }
  // Pages served over plain http have no Clipboard API; the old command works on a selection.
  input.focus();
  input.select();
  try {
    return document.execCommand("copy");
  } catch {
    return false;
  }
}

document.querySelectorAll("[data-copy-from]").forEach((wrapper) => {
  const input = document.getElementById(wrapper.dataset.copyFrom);
  const status = document.getElementById(wrapper.dataset.copyStatus);
  const button = wrapper.querySelector("button");
  if (!input || !button) return;
  wrapper.hidden = false;
  button.addEventListener("click", async () => {
    const copied = await copy(input);
    if (status) {
      status.textContent = copied
        ? "Copied. You can paste the address now."
        : "Could not copy. The address is selected: copy it with your keyboard.";
    }
  });
});
