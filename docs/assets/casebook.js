/* Villes en coopération — small accessibility fixes over Material's markup. */
(function () {
  "use strict";
  /* Material's search container has role="dialog" but no accessible name (axe: aria-dialog-name). */
  var dialog = document.querySelector('[data-md-component="search"][role="dialog"]');
  var input = document.querySelector(".md-search__input");
  if (dialog && !dialog.hasAttribute("aria-label") && input) {
    dialog.setAttribute("aria-label", input.getAttribute("aria-label") || "Search");
  }
})();
/* One-click print view (the print stylesheet hides navigation and shows link addresses). */
(function () {
  "use strict";
  document.querySelectorAll("[data-cb-print]").forEach(function (button) {
    button.closest(".cb-actions").hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
