from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo sites' builders and seed commands (development and tests): the top layer, imported by nothing."""

    name = "demo"
    verbose_name = "Демо"
