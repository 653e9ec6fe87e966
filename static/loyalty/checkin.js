// The door of a club event (loyalty/admin/checkin.html): a scanned or typed ticket code goes into a queue kept in
// localStorage and is sent to the server at once; without a connection it waits and is sent when the phone is
// back online (or the page is opened again). The server checks a ticket in once, so sending twice is harmless.
(function () {
  "use strict";
  var root = document.querySelector("[data-checkin]");
  if (!root) return;
  var form = root.querySelector("[data-checkin-form]");
  var input = root.querySelector("[data-checkin-code]");
  var resultLine = root.querySelector("[data-checkin-result]");
  var queueLine = root.querySelector("[data-checkin-queue]");
  var log = root.querySelector("[data-checkin-log]");
  var attended = root.querySelector("[data-checkin-attended]");
  var key = "club-checkin-queue-" + root.dataset.event;
  var sending = false;

  function load() {
    try { return JSON.parse(window.localStorage.getItem(key) || "[]"); } catch (error) { return []; }
  }
  function save(queue) { window.localStorage.setItem(key, JSON.stringify(queue)); }
  function csrf() { return form.querySelector("[name=csrfmiddlewaretoken]").value; }
  function showQueue() {
    var count = load().length;
    queueLine.textContent = count ? root.dataset.textPending.replace("{count}", count) : "";
  }
  function note(text, status) {
    resultLine.textContent = text;
    resultLine.dataset.status = status;
    var item = document.createElement("li");
    item.textContent = new Date().toLocaleTimeString() + " — " + text;
    item.dataset.status = status;
    log.insertBefore(item, log.firstChild);
    while (log.children.length > 30) log.removeChild(log.lastChild);
  }

  function flush() {
    var queue = load();
    if (!queue.length || sending) { showQueue(); return; }
    sending = true;
    fetch(root.dataset.syncUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
      body: JSON.stringify({ scans: queue })
    }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    }).then(function (data) {
      var done = {};
      data.results.forEach(function (result) {
        done[result.id] = true;
        note(result.message, result.status);
      });
      save(load().filter(function (scan) { return !done[scan.id]; }));
      if (attended && data.attended !== undefined) attended.textContent = data.attended;
      if (navigator.vibrate) navigator.vibrate(80);
    }, function () {
      resultLine.textContent = root.dataset.textQueued;
      resultLine.dataset.status = "queued";
    }).then(function () {
      sending = false;
      showQueue();
    });
  }

  function add(code) {
    code = (code || "").trim();
    if (!code) return;
    var queue = load();
    var id = Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
    queue.push({ id: id, code: code, scanned_at: new Date().toISOString() });
    save(queue);
    input.value = "";
    flush();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    add(input.value);
    input.focus();
  });
  window.addEventListener("online", flush);
  window.setInterval(flush, 15000);
  flush();

  if (!("BarcodeDetector" in window) || !navigator.mediaDevices) return;
  var scanner = root.querySelector("[data-checkin-scanner]");
  var video = root.querySelector("[data-checkin-video]");
  scanner.hidden = false;
  root.querySelector("[data-checkin-scan]").addEventListener("click", function () {
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    var last = "";
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
      video.srcObject = stream;
      video.hidden = false;
      video.play();
      function tick() {
        detector.detect(video).then(function (codes) {
          if (codes.length && codes[0].rawValue !== last) {
            last = codes[0].rawValue;
            add(last);
            window.setTimeout(function () { last = ""; }, 3000);
          }
          window.requestAnimationFrame(tick);
        }, function () { window.requestAnimationFrame(tick); });
      }
      tick();
    }, function () { scanner.hidden = true; });
  });
})();
