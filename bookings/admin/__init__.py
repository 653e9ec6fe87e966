"""Wagtail admin views of the bookings app, one module per concern; registered in bookings/wagtail_hooks.py."""
