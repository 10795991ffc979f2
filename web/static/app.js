// creatorclub: small progressive enhancements. Every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // Ask before destructive actions.
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (ev) => {
      if (!window.confirm(form.dataset.confirm)) ev.preventDefault();
    });
  }
  // A date field the browser draws itself shows the date in the browser's
  // own order, with a calendar: the "JJ/MM/AAAA" hint in its label is for
  // browsers that fall back to a text field, and would contradict a
  // browser set to another language (12/31/2026).
  for (const hint of document.querySelectorAll("label[for] .hint")) {
    const field = document.getElementById(hint.parentElement.htmlFor);
    if (field && (field.type === "date" || field.type === "datetime-local")) hint.hidden = true;
  }
  // Move focus to the first error so keyboard and screen-reader users land on it.
  const err = document.querySelector("[role=alert]");
  if (err) { err.setAttribute("tabindex", "-1"); err.focus(); }
});
