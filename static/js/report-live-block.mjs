// The report editor's own pieces, loaded by django-prose-editor (its "js_modules" config;
// see boards/forms_reports.py):
//
// 1. LiveBlock: the live data placeholder <div data-live-block=".." data-theme=".."></div>
//    (or data-indicator=".." for a survey result, data-from/data-to for participation
//    events, data-theme-id for "You said, We did") as an editor node. Without it the editor
//    drops the unknown element on the next edit.
//    It shows as a grey box; the figures are filled in on the server (boards/live_blocks.py).
// 2. A label for each editing area (from the textarea's data-editor-label), which the
//    editor does not give it.
import { Node, mergeAttributes } from "django-prose-editor/editor";

const KINDS = {
  "pledge-progress": "Pledge progress table",
  "survey-indicator": "Survey result (chart and table)",
  "participation-events": "Participation events and reach",
  "you-said-we-did": "You said, We did",
};

export const LiveBlock = Node.create({
  name: "liveBlock",
  group: "block",
  atom: true,
  selectable: true,
  draggable: true,

  addAttributes() {
    return {
      block: {
        default: "pledge-progress",
        parseHTML: (element) => element.getAttribute("data-live-block"),
        renderHTML: (attributes) => ({ "data-live-block": attributes.block }),
      },
      theme: {
        default: "all",
        parseHTML: (element) => element.getAttribute("data-theme"),
        renderHTML: (attributes) =>
          attributes.block === "pledge-progress" ? { "data-theme": attributes.theme } : {},
      },
      indicator: {
        default: null,
        parseHTML: (element) => element.getAttribute("data-indicator"),
        renderHTML: (attributes) =>
          attributes.indicator ? { "data-indicator": attributes.indicator } : {},
      },
      from: {
        default: null,
        parseHTML: (element) => element.getAttribute("data-from"),
        renderHTML: (attributes) => (attributes.from ? { "data-from": attributes.from } : {}),
      },
      to: {
        default: null,
        parseHTML: (element) => element.getAttribute("data-to"),
        renderHTML: (attributes) => (attributes.to ? { "data-to": attributes.to } : {}),
      },
      themeId: {
        default: null,
        parseHTML: (element) => element.getAttribute("data-theme-id"),
        renderHTML: (attributes) =>
          attributes.themeId ? { "data-theme-id": attributes.themeId } : {},
      },
    };
  },

  parseHTML() {
    return [{ tag: "div[data-live-block]" }];
  },

  renderHTML({ HTMLAttributes }) {
    return ["div", mergeAttributes(HTMLAttributes)];
  },

  addNodeView() {
    return ({ node }) => {
      const dom = document.createElement("div");
      dom.className = "govuk-inset-text cp-live-block-placeholder";
      dom.contentEditable = "false";
      const kind = KINDS[node.attrs.block] || "Live figures";
      let scope = node.attrs.theme === "all" ? "whole pledge" : `theme ${node.attrs.theme}`;
      if (node.attrs.block === "survey-indicator") scope = `indicator ${node.attrs.indicator}`;
      if (node.attrs.block === "participation-events") {
        scope = `${node.attrs.from} to ${node.attrs.to}`;
      }
      if (node.attrs.block === "you-said-we-did") scope = `theme ${node.attrs.themeId}`;
      dom.textContent = `${kind} (${scope}): the current figures are shown on the report page.`;
      return { dom };
    };
  },
});

function labelEditor(editor, textarea) {
  const label = textarea.dataset.editorLabel;
  if (label && editor?.view?.dom) {
    editor.view.dom.setAttribute("aria-label", label);
    editor.view.dom.setAttribute("aria-multiline", "true");
  }
}

document.addEventListener("prose-editor:ready", (event) => {
  labelEditor(event.detail.editor, event.detail.textarea);
});
