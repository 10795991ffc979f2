// creatorclub: small progressive enhancements. Every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // Ask before destructive actions.
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (ev) => {
      if (!window.confirm(form.dataset.confirm)) ev.preventDefault();
    });
  }
  // Move focus to the first error so keyboard and screen-reader users land on it.
  const err = document.querySelector("[role=alert]");
  if (err) { err.setAttribute("tabindex", "-1"); err.focus(); }
});
