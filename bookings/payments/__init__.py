"""Paying for a booking: the webhook, refunds, fees. The providers are in integrations/payments.

- `fees.py`: commission and provider fee;
- `services.py`: start a payment, take a webhook, refund.
"""
