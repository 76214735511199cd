// The content checks panel's "Go to" links reach fields the browser cannot scroll to by itself
// (the rich-text editor hides its textarea, autocomplete hides its select), and the length of
// the text under the editor follows what is typed. Server-rendered without it; no library.
"use strict";

(function () {
  function focusable(field) {
    if (field.offsetParent !== null) {
      return field;
    }
    const editor = field.closest(".prose-editor");
    if (editor) {
      return editor.querySelector("[contenteditable]");
    }
    const next = field.nextElementSibling;
    if (next && next.classList.contains("select2")) {
      return next.querySelector(".select2-selection, .select2-search__field");
    }
    return null;
  }

  function goToField(event) {
    const link = event.target.closest(".content-check__field");
    const field = link && document.getElementById(link.dataset.field);
    const target = field && focusable(field);
    if (!target) {
      return;
    }
    event.preventDefault();
    target.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
  }

  function lengthText(words, perMinute) {
    if (!words) {
      return "No text yet.";
    }
    const minutes = Math.max(1, Math.round(words / perMinute));
    const noun = words === 1 ? "word" : "words";
    return `${words.toLocaleString("en-US")} ${noun} · ${minutes} min read`;
  }

  function followLength(output) {
    const textarea = document.getElementById(output.dataset.lengthOf);
    const editor = textarea && textarea.closest(".prose-editor");
    if (!editor || output.dataset.following) {
      return;
    }
    output.dataset.following = "yes";
    const perMinute = Number(output.dataset.wordsPerMinute) || 230;
    editor.addEventListener("input", () => {
      const editable = editor.querySelector("[contenteditable]");
      const words = editable ? editable.innerText.split(/\s+/).filter(Boolean).length : 0;
      output.textContent = lengthText(words, perMinute);
    });
  }

  document.addEventListener("click", goToField);
  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-length-of]").forEach(followLength);
  });
})();
