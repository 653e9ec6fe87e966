"""Adapters for outside services we cannot reach from tests (SMS, Telegram, payments, LLMs).

Each adapter takes its endpoint from a setting, so tests point it at a local fake server
that speaks the same protocol, and production points it at the real service.
"""
