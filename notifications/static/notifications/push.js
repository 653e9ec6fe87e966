// Subscribes this browser to web push and hands the subscription to the server.
(function () {
  "use strict";
  var button = document.getElementById("push-enable");
  if (!button) return;
  var status = document.getElementById("push-status");

  function keyBytes(base64url) {
    var padded = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    return Uint8Array.from(atob(padded), function (c) { return c.charCodeAt(0); });
  }

  if (!("serviceWorker" in navigator) || !("PushManager" in window)) {
    status.textContent = button.dataset.failed;
    button.disabled = true;
    return;
  }

  button.addEventListener("click", function () {
    button.disabled = true;
    navigator.serviceWorker.register(button.dataset.worker)
      .then(function (registration) {
        return registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: keyBytes(button.dataset.key)
        });
      })
      .then(function (subscription) {
        return fetch(button.dataset.subscribe, {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRFToken": button.dataset.csrf },
          body: JSON.stringify(subscription.toJSON())
        });
      })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        status.textContent = button.dataset.done;
      })
      .catch(function () {
        status.textContent = button.dataset.failed;
        button.disabled = false;
      });
  });
})();
