"""Money as the sites show it (tenge, whole numbers)."""


def format_tenge(amount):
    """12000 -> "12 000" (a no-break space between thousands, no decimals)."""
    return f"{int(amount):,}".replace(",", "\u00a0")
