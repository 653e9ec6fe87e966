// The import's progress page: ask for the counts every second, reload with the summary when it is over.
(function () {
  "use strict";
  var bar = document.querySelector("[data-import-progress]");
  if (!bar) return;
  var count = document.querySelector("[data-import-count]");
  function poll() {
    fetch(bar.dataset.statusUrl, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        bar.value = data.percent;
        count.textContent = data.processed + " / " + data.total;
        if (data.status === "done" || data.status === "failed") {
          window.location.reload();
        } else {
          window.setTimeout(poll, 1000);
        }
      }, function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
})();
