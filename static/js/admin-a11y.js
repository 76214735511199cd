// Gives the admin's script-made controls the accessible names their <label>s cannot: the
// rich-text editor (its label points at the hidden textarea), select2's autocomplete boxes
// and the empty header of tabular inlines. Plain, dependency-free, loaded by our model admins.
"use strict";

(function () {
  function labelFor(element) {
    if (!element || !element.id) {
      return "";
    }
    const label = document.querySelector(`label[for="${element.id}"]`);
    if (label) {
      return label.textContent.replace(/:\s*$/, "").trim();
    }
    // Tabular inlines label their columns in the table head, e.g. "authorships-0-person".
    const column = element.name && element.name.split("-").pop();
    const table = element.closest("table");
    const header = column && table && table.querySelector(`th.column-${column}`);
    return header ? header.textContent.trim() : "";
  }

  function nameEditor(textarea) {
    const wrapper = textarea.closest(".prose-editor");
    const editable = wrapper && wrapper.querySelector("[contenteditable]");
    const name = labelFor(textarea);
    if (editable && name) {
      editable.setAttribute("aria-label", name);
      editable.setAttribute("role", "textbox");
      editable.setAttribute("aria-multiline", "true");
    }
  }

  function nameSelect2(container) {
    const select = container.previousElementSibling;
    const name = labelFor(select);
    if (!name) {
      return;
    }
    container.querySelectorAll(".select2-selection, .select2-search__field").forEach((el) => {
      el.setAttribute("aria-label", name);
    });
    container.querySelectorAll(".select2-selection__rendered").forEach((el) => {
      el.setAttribute("aria-label", name);
      liftClearButton(el);
    });
  }

  // select2 puts its "remove all" cross inside the list of chosen items, where only list
  // items may be. It listens on the whole box, so the cross works as well just before the
  // list; a cross left there by an earlier redraw goes.
  function liftClearButton(list) {
    const cross = list.querySelector(":scope > .select2-selection__clear");
    if (!cross) {
      return;
    }
    list.parentElement.querySelectorAll(":scope > .select2-selection__clear").forEach((old) => {
      old.remove();
    });
    list.before(cross);
  }

  function nameAll(root) {
    root.querySelectorAll(".prose-editor textarea").forEach(nameEditor);
    root.querySelectorAll("span.select2-container").forEach(nameSelect2);
    // Tabular inlines leave the header of the saved-item column empty.
    root.querySelectorAll("th.original:empty").forEach((th) => {
      const text = document.createElement("span");
      text.className = "visually-hidden";
      text.textContent = "Saved item";
      th.append(text);
    });
  }

  document.addEventListener("prose-editor:ready", (event) => nameEditor(event.detail.textarea));
  document.addEventListener("DOMContentLoaded", () => {
    nameAll(document);
    // Inline rows added later, and select2 redrawing itself, bring new controls.
    new MutationObserver(() => nameAll(document)).observe(document.body, {
      childList: true,
      subtree: true,
    });
  });
})();
