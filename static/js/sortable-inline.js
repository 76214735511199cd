// Puts the rows of a tabular inline (a byline, the speakers) in order by dragging them or with
// "Move up" and "Move down" buttons, and fills each row's hidden order field from the rows' order
// (editorial/sortable_inlines.py). Works with the admin's "Add another" rows; no library.
"use strict";

(function () {
  const ORDER_INPUT = "input[data-sortable-order]";

  function formsetPrefix(group) {
    try {
      return JSON.parse(group.dataset.inlineFormset).options.prefix;
    } catch {
      return null;
    }
  }

  function rowsOf(group) {
    // The admin keeps a hidden template row ("-empty") to copy for "Add another".
    return [...group.querySelectorAll("tbody > tr.form-row")].filter(
      (row) => !row.id.endsWith("-empty"),
    );
  }

  function nameOf(row, position) {
    const select = row.querySelector("select");
    const chosen = select && select.selectedOptions[0];
    if (chosen && chosen.value) {
      return chosen.textContent.trim();
    }
    return `row ${position}`;
  }

  function controlsFor() {
    const controls = document.createElement("div");
    controls.className = "sortable-controls";
    const handle = document.createElement("span");
    handle.className = "sortable-handle";
    handle.setAttribute("aria-hidden", "true");
    handle.title = "Drag to reorder";
    handle.textContent = "⠿";
    const position = document.createElement("span");
    position.className = "sortable-position";
    controls.append(handle, position);
    for (const [direction, arrow] of [
      ["up", "↑"],
      ["down", "↓"],
    ]) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = `sortable-move sortable-move--${direction}`;
      button.dataset.move = direction;
      button.title = `Move ${direction}`;
      const glyph = document.createElement("span");
      glyph.setAttribute("aria-hidden", "true");
      glyph.textContent = arrow;
      button.append(glyph);
      controls.append(button);
    }
    return controls;
  }

  function addControls(row) {
    const cell = row.querySelector("td.original");
    if (cell && !cell.querySelector(".sortable-controls")) {
      cell.append(controlsFor());
    }
  }

  function refresh(group) {
    const rows = rowsOf(group);
    rows.forEach((row, index) => {
      addControls(row);
      const position = index + 1;
      const name = nameOf(row, position);
      const order = row.querySelector(ORDER_INPUT);
      if (order) {
        order.value = String(index);
      }
      row.querySelector(".sortable-position").textContent = `${position}.`;
      const up = row.querySelector(".sortable-move--up");
      const down = row.querySelector(".sortable-move--down");
      up.setAttribute("aria-label", `Move ${name} up`);
      down.setAttribute("aria-label", `Move ${name} down`);
      // The "Delete?" column names its checkboxes only in the table head.
      const remove = row.querySelector("input[type=checkbox][name$='-DELETE']");
      if (remove) {
        remove.setAttribute("aria-label", `Delete ${name}`);
      }
      up.setAttribute("aria-disabled", String(index === 0));
      down.setAttribute("aria-disabled", String(index === rows.length - 1));
    });
    return rows;
  }

  function announce(group, text) {
    const status = group.querySelector(".sortable-status");
    // Emptied first, so saying the same thing twice is still heard twice.
    status.textContent = "";
    window.setTimeout(() => {
      status.textContent = text;
    }, 50);
  }

  function announceMove(group, row) {
    const rows = refresh(group);
    const position = rows.indexOf(row) + 1;
    announce(group, `Moved ${nameOf(row, position)} to position ${position} of ${rows.length}.`);
  }

  // A row's errors are shown in a row of their own just above it: they move together.
  function withErrors(row) {
    const previous = row.previousElementSibling;
    return previous && previous.classList.contains("row-form-errors") ? [previous, row] : [row];
  }

  function placeBefore(moving, target) {
    const parts = withErrors(moving);
    const anchor = withErrors(target)[0];
    parts.forEach((part) => anchor.before(part));
  }

  function placeAfter(moving, target) {
    const parts = withErrors(moving);
    target.after(...parts);
  }

  function move(group, button) {
    const row = button.closest("tr");
    const rows = rowsOf(group);
    const index = rows.indexOf(row);
    const direction = button.dataset.move;
    const target = rows[direction === "up" ? index - 1 : index + 1];
    if (!target) {
      const where = direction === "up" ? "first" : "last";
      announce(group, `${nameOf(row, index + 1)} is already ${where}.`);
      return;
    }
    if (direction === "up") {
      placeBefore(row, target);
    } else {
      placeAfter(row, target);
    }
    // Moving an element in the document takes the focus away from it: give it back.
    button.focus();
    announceMove(group, row);
  }

  function enableDragging(group) {
    let dragged = null;
    let drop = null;

    function clearDropMarks() {
      group.querySelectorAll(".sortable-drop-before, .sortable-drop-after").forEach((row) => {
        row.classList.remove("sortable-drop-before", "sortable-drop-after");
      });
    }

    // Only the handle starts a drag, so text in the row's fields can still be selected.
    group.addEventListener("pointerdown", (event) => {
      const handle = event.target.closest(".sortable-handle");
      if (handle) {
        handle.closest("tr").draggable = true;
      }
    });
    group.addEventListener("pointerup", () => {
      if (!dragged) {
        rowsOf(group).forEach((row) => {
          row.draggable = false;
        });
      }
    });
    group.addEventListener("dragstart", (event) => {
      const row = event.target.closest && event.target.closest("tr.form-row");
      if (!row || !row.draggable) {
        return;
      }
      dragged = row;
      row.classList.add("sortable-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", nameOf(row, 0));
    });
    group.addEventListener("dragover", (event) => {
      const row = dragged && event.target.closest("tr.form-row");
      if (!row || row === dragged || !rowsOf(group).includes(row)) {
        return;
      }
      event.preventDefault();
      const box = row.getBoundingClientRect();
      const before = event.clientY < box.top + box.height / 2;
      clearDropMarks();
      row.classList.add(before ? "sortable-drop-before" : "sortable-drop-after");
      drop = { row, before };
    });
    group.addEventListener("drop", (event) => {
      if (!dragged || !drop) {
        return;
      }
      event.preventDefault();
      if (drop.before) {
        placeBefore(dragged, drop.row);
      } else {
        placeAfter(dragged, drop.row);
      }
      announceMove(group, dragged);
    });
    group.addEventListener("dragend", () => {
      if (dragged) {
        dragged.classList.remove("sortable-dragging");
        dragged.draggable = false;
      }
      clearDropMarks();
      dragged = null;
      drop = null;
    });
  }

  // The admin renumbers its rows by their place on the page when one is removed, and a saved
  // row must keep a number below INITIAL_FORMS: so the numbers are set again before sending,
  // saved rows first, each with its own fields.
  function renumber(group) {
    const prefix = formsetPrefix(group);
    if (!prefix) {
      return;
    }
    const rows = rowsOf(group);
    const saved = rows.filter((row) => row.classList.contains("has_original"));
    const added = rows.filter((row) => !row.classList.contains("has_original"));
    const pattern = new RegExp(`^${prefix}-\\d+(?=-|$)`);
    const idPattern = new RegExp(`^id_${prefix}-\\d+(?=-)`);
    [...saved, ...added].forEach((row, index) => {
      row.id = row.id.replace(pattern, `${prefix}-${index}`);
      row.querySelectorAll("[name], [id], label[for]").forEach((element) => {
        if (element.name) {
          element.name = element.name.replace(pattern, `${prefix}-${index}`);
        }
        if (element.id) {
          element.id = element.id.replace(idPattern, `id_${prefix}-${index}`);
        }
        if (element.htmlFor) {
          element.htmlFor = element.htmlFor.replace(idPattern, `id_${prefix}-${index}`);
        }
      });
    });
  }

  function setUp(group) {
    if (group.dataset.sortable === "ready") {
      return;
    }
    group.dataset.sortable = "ready";
    const status = document.createElement("p");
    status.className = "sortable-status visually-hidden";
    status.setAttribute("role", "status");
    group.append(status);
    const template = group.querySelector("tbody > tr.form-row[id$='-empty']");
    if (template) {
      addControls(template);
    }
    refresh(group);
    group.addEventListener("click", (event) => {
      const button = event.target.closest(".sortable-move");
      if (button) {
        event.preventDefault();
        move(group, button);
      }
    });
    // The name a button reads out follows the person chosen in its row since it was drawn.
    group.addEventListener("focusin", (event) => {
      if (event.target.closest(".sortable-move")) {
        refresh(group);
      }
    });
    enableDragging(group);
    const form = group.closest("form");
    if (form) {
      form.addEventListener("submit", () => {
        refresh(group);
        renumber(group);
      });
    }
  }

  function setUpAll() {
    document.querySelectorAll(".js-inline-admin-formset").forEach((group) => {
      if (group.querySelector(ORDER_INPUT)) {
        setUp(group);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", setUpAll);
  // A new row takes the next position; a removed one gives its position up.
  document.addEventListener("formset:added", (event) => {
    const group = event.target.closest(".js-inline-admin-formset");
    if (group && group.dataset.sortable === "ready") {
      refresh(group);
    }
  });
  document.addEventListener("formset:removed", () => {
    document
      .querySelectorAll(".js-inline-admin-formset[data-sortable='ready']")
      .forEach((group) => refresh(group));
  });
})();
