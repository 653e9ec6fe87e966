"""The support assistant: bots per brand, LLM adapters, grounded answers, channels, the staff inbox."""
