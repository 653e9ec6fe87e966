"""Wagtail admin pieces for bookings, one module per concern; registered in bookings/wagtail_hooks.py."""
