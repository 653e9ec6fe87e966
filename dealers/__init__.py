"""Avtofamily's dealers (partners): organisations, their members, moderation of their car ads, the cabinet."""
