import re

from domain.factors import RECOVERY_ALPHABET, new_recovery_codes, recovery_digest


def test_a_set_is_ten_distinct_codes_of_two_halves_from_an_unambiguous_alphabet():
    codes = new_recovery_codes()

    assert len(codes) == len(set(codes)) == 10
    assert all(re.fullmatch(rf"[{RECOVERY_ALPHABET}]{{5}}-[{RECOVERY_ALPHABET}]{{5}}", code) for code in codes)
    assert not set("01ilo") & set(RECOVERY_ALPHABET)
    assert set(codes).isdisjoint(new_recovery_codes())


def test_a_code_typed_in_capitals_with_spaces_or_without_its_dash_is_the_same_code():
    digest = recovery_digest("abcde-fghjk")

    assert recovery_digest("ABCDE FGHJK") == recovery_digest(" abcdefghjk ") == digest
    assert recovery_digest("abcde-fghjm") != digest
    assert len(digest) == 64 and "abcde" not in digest
