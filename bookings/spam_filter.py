"""The automatic check of a review: stop words (ru, kk, en), links and shouting hold it for moderation.

It only holds: a held review waits for the superuser, who publishes or rejects it."""

import re
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

WORDS_FILE = Path(__file__).parent / "data" / "review_stop_words.txt"
WORD = re.compile(r"[^\W\d_]+")
LINK = re.compile(
    r"https?://|www\.|t\.me/|\S+@\S+\.\w{2,}|\b[\w-]+\.(?:ru|kz|com|net|org|info|biz|xyz|io|me|online|site|top|shop)\b",
    re.IGNORECASE,
)
CAPS_MIN_LETTERS = 20  # a short «ОТЛИЧНО!» is enthusiasm, not shouting
CAPS_SHARE = 0.7
# Latin letters that look like Cyrillic ones, so «xуй» (a Latin «x») is caught too.
LOOKALIKES = str.maketrans("aeopcxykmthb", "аеорсхукмтнв")


@cache
def stop_words():
    """(whole words, prefixes) from the data file."""
    whole, prefixes = set(), []
    for line in WORDS_FILE.read_text(encoding="utf-8").splitlines():
        entry = line.strip().lower()
        if not entry or entry.startswith("#"):
            continue
        if entry.endswith("*"):
            prefixes.append(entry[:-1])
        else:
            whole.add(entry)
    return frozenset(whole), tuple(prefixes)


def _matches(word, whole, prefixes):
    return word in whole or word.startswith(prefixes)


def bad_words(text):
    whole, prefixes = stop_words()
    found = []
    for word in WORD.findall(text.lower().replace("ё", "е")):
        if _matches(word, whole, prefixes) or _matches(word.translate(LOOKALIKES), whole, prefixes):
            found.append(word)
    return found


def is_shouting(text):
    letters = [char for char in text if char.isalpha()]
    if len(letters) < CAPS_MIN_LETTERS:
        return False
    return sum(char.isupper() for char in letters) / len(letters) >= CAPS_SHARE


def suspicions(text):
    """Why the text needs a human look (in Russian, for the moderator); empty when it can go out at once."""
    reasons = []
    words = bad_words(text)
    if words:
        reasons.append(_("стоп-слова: %(words)s") % {"words": ", ".join(dict.fromkeys(words))})
    if LINK.search(text):
        reasons.append(_("ссылка или контакт"))
    if is_shouting(text):
        reasons.append(_("текст заглавными буквами"))
    return reasons
