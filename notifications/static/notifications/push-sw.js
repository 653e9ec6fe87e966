// Service worker: shows our push messages ({title, body, url}) and opens the link on click.
self.addEventListener("push", function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (error) { data = { body: event.data.text() }; }
  event.waitUntil(self.registration.showNotification(data.title || "", { body: data.body || "", data: { url: data.url || "/" } }));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  event.waitUntil(clients.openWindow(event.notification.data.url));
});
