"""Paying for a booking: providers behind one interface, the webhook, refunds.

- `base.py`: the PaymentProvider interface and what it exchanges with the rest of the code;
- `sandbox.py`: a local payment page for the demo; `kaspi.py`: Kaspi Pay (client in integrations/kaspi.py);
- `fees.py`: commission and provider fee;
- `services.py`: start a payment, take a webhook, refund.
"""
