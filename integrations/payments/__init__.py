"""Payment providers behind one interface (`base.py`), used by every app that takes money: bookings' stays and the
club's paid events. `sandbox.py` is a local payment page's provider for the demo; `kaspi.py` is Kaspi Pay (its HTTP
client is integrations/kaspi.py). The apps keep their own payment rows, webhooks and refunds."""
