"""Transliteration for search: Cyrillic (Russian, Kazakh) ↔ Latin, and the «skeleton» both scripts reduce to.

Visitors type a car, a street or a complex in either script: «Камри» for Camry, «Dostyk» for Достык.
`variants()` gives the query in both scripts for the full-text search (the Russian stemmer then finds «Достык»
from «Dostyk» → «Достык»). A transliteration alone cannot make «Камри» into «Camry» (k or c? i or y?), so
titles are also compared by `skeleton()`: one lower-case Latin letter per sound, the same for «Камри» and «Camry»
(«kamri»), for «Достык» and «Dostyk» («dostik»), and close for «Тойота» / «Toyota» («toiota») — pg_trgm then
compares skeletons, which also forgives typos. PostgreSQL computes the same skeleton with `translate()`
(`SKELETON_FROM` / `SKELETON_TO`, used by the trigram index of the migration `0002`); one character maps to one,
so both sides agree exactly."""

import re

# Cyrillic -> Latin, the usual Russian passport style (ГОСТ 52535.1) plus the Kazakh letters.
_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya",
    "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
}  # fmt: skip

# Latin -> Cyrillic: the longest spelling first («shch» before «sh» before «s»).
_TO_CYRILLIC = {
    "shch": "щ", "sch": "щ", "zh": "ж", "kh": "х", "ts": "ц", "ch": "ч", "sh": "ш", "yu": "ю", "ya": "я",
    "yo": "йо", "ye": "е", "ju": "ю", "ja": "я", "ay": "ай", "ey": "ей", "iy": "ий", "oy": "ой", "uy": "уй",
    "a": "а", "b": "б", "c": "к", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "х", "i": "и", "j": "дж",
    "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "q": "к", "r": "р", "s": "с", "t": "т",
    "u": "у", "v": "в", "w": "в", "x": "кс", "y": "ы", "z": "з",
}  # fmt: skip
_LATIN_TOKEN = re.compile("|".join(sorted(_TO_CYRILLIC, key=len, reverse=True)), re.IGNORECASE)

# The skeleton: every letter of both scripts, both cases, to one lower-case Latin letter; ъ and ь are dropped.
_SKELETON_PAIRS = (
    "аa бb вv гg дd еe ёe жz зz иi йi кk лl мm нn оo пp рr сs тt уu фf хh цs чk шs щs ыi эe юu яa "
    "әa ғg қk ңn өo ұu үu һh іi "
    "aa bb ck dd ee ff gg hh ii jj kk ll mm nn oo pp qk rr ss tt uu vv wv xx yi zz"
)
_pairs = _SKELETON_PAIRS.split()
_lower_from = "".join(pair[0] for pair in _pairs)
_lower_to = "".join(pair[1] for pair in _pairs)
SKELETON_DELETE = "ъьЪЬ"
SKELETON_FROM = _lower_from + _lower_from.upper() + SKELETON_DELETE
SKELETON_TO = _lower_to + _lower_to  # translate() drops the FROM characters past the end of TO
_SKELETON_TABLE = str.maketrans(_lower_from + _lower_from.upper(), _lower_to + _lower_to, SKELETON_DELETE)

_CYRILLIC = re.compile("[а-яёәғқңөұүһі]", re.IGNORECASE)
_LATIN = re.compile("[a-z]", re.IGNORECASE)


def has_cyrillic(text):
    return bool(_CYRILLIC.search(text))


def has_latin(text):
    return bool(_LATIN.search(text))


def _same_case(source, target):
    return target.capitalize() if source[:1].isupper() and target else target


def to_latin(text):
    """«Достык» -> «Dostyk», «Камри» -> «Kamri»; other characters are kept."""
    return "".join(_same_case(char, _TO_LATIN.get(char.lower(), char)) for char in text)


def to_cyrillic(text):
    """«Dostyk» -> «Достык», «Camry» -> «Камры»; other characters are kept."""
    return _LATIN_TOKEN.sub(lambda match: _same_case(match.group(), _TO_CYRILLIC[match.group().lower()]), text)


def skeleton(text):
    """One lower-case Latin letter per sound, the same for both scripts: «Камри», «Camry» -> «kamri»."""
    return text.translate(_SKELETON_TABLE)


def variants(query):
    """The query as typed, then in the other script (both others for a mixed one); no duplicates."""
    found = [query]
    if has_cyrillic(query):
        found.append(to_latin(query))
    if has_latin(query):
        found.append(to_cyrillic(query))
    return list(dict.fromkeys(variant for variant in found if variant.strip()))
