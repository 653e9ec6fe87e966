"""Cross-posting car ads to outside platforms (Telegram, VK, ...): publications, retries, monitoring."""
