"""Wagtail admin views of the leads app, one module per concern; registered in leads/wagtail_hooks.py."""
