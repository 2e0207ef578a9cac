"""The confusables table the username rules read, against the package it was derived from."""

from adapters.usernames import _prototypes, looks
from scripts.prototypes import TABLE, derive, lines


def test_the_table_is_what_the_installed_confusable_homoglyphs_gives():
    assert TABLE.read_text(encoding="ascii") == lines(derive()), "run python -m scripts.prototypes"


def test_the_table_read_back_is_the_derived_one():
    assert _prototypes() == derive()


def test_lookalikes_in_other_scripts_and_multi_character_prototypes_look_alike():
    assert looks("\u0430lice") == looks("alice")  # Cyrillic a
    assert looks("rn") == looks("m")
    assert looks("bob") != looks("alice")
