/* Words of Wagtail's vendored widgets that its translations do not reach (core/wagtail_hooks.py). The date picker
   is built lazily, on the first focus of a date field, and appended to <body>: relabel its buttons when they come. */
(function () {
  "use strict";
  var script = document.currentScript;
  var saveSelected = script && script.dataset.saveSelected;
  if (!saveSelected) return;
  function relabel(root) {
    var buttons = root.querySelectorAll ? root.querySelectorAll(".xdsoft_save_selected") : [];
    for (var i = 0; i < buttons.length; i++) {
      if (buttons[i].textContent !== saveSelected) buttons[i].textContent = saveSelected;
    }
  }
  function start() {
    relabel(document);
    new MutationObserver(function (mutations) {
      for (var i = 0; i < mutations.length; i++) {
        for (var j = 0; j < mutations[i].addedNodes.length; j++) relabel(mutations[i].addedNodes[j]);
      }
    }).observe(document.body, { childList: true });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
