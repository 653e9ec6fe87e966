"""Transliteration both ways and the skeleton both scripts share (search/translit.py); no database."""

import pytest

from search.translit import SKELETON_FROM, SKELETON_TO, skeleton, to_cyrillic, to_latin, variants


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [("Достык", "Dostyk"), ("Шымкент", "Shymkent"), ("Алматы", "Almaty"), ("Абай", "Abay"), ("Хендай", "Khenday")],
)
def test_transliteration_goes_both_ways(cyrillic, latin):
    assert to_latin(cyrillic) == latin
    assert to_cyrillic(latin) == cyrillic


def test_kazakh_letters_and_signs():
    assert to_latin("Қонаев көшесі") == "Konaev koshesi"
    assert to_latin("Подъезд, мышь") == "Podezd, mysh"
    assert to_cyrillic("Toyota") == "Тойота"
    assert to_cyrillic("Camry") == "Камры"  # the Russian stemmer reduces «Камры» and «Камри» alike


@pytest.mark.parametrize(
    ("one", "other"),
    [("Камри", "Camry"), ("Достык", "Dostyk"), ("Тойота", "TOYOTA"), ("Қонаев", "Konaev"), ("Шкода", "Skoda")],
)
def test_skeleton_is_the_same_for_both_scripts(one, other):
    assert skeleton(one) == skeleton(other)
    assert skeleton(one).isascii() and skeleton(one).islower()


def test_skeleton_tables_fit_postgresql_translate():
    # one character to one (the extra FROM characters, ъ and ь, are dropped by translate())
    assert len(SKELETON_FROM) == len(set(SKELETON_FROM))
    assert SKELETON_FROM[len(SKELETON_TO) :] == "ъьЪЬ"
    assert skeleton("Подъезд") == "podezd"


def test_variants_add_the_other_script_once():
    assert variants("Камри") == ["Камри", "Kamri"]
    assert variants("Dostyk") == ["Dostyk", "Достык"]
    assert variants("Toyota Камри") == ["Toyota Камри", "Toyota Kamri", "Тойота Камри"]
    assert variants("2024") == ["2024"]
