"""Usernames in any script: RFC 8265's PRECIS profiles (`precis-i18n`) say what is allowed and how names
compare, Unicode TR39's confusable data (`confusable-homoglyphs`) what they look like (docs/security.md)."""

import unicodedata
from functools import cache
from importlib.resources import files

from confusable_homoglyphs import categories
from precis_i18n import get_profile

from domain.errors import InvalidField, Problem
from domain.model import Username

LONGEST = 32
"""Characters (code points) of the key; one is enough: 张 is a name."""
ASCII_ALLOWED = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
"""PRECIS allows every printable ASCII character; meet keeps to these, so a name is safe in a URL, a log
line and a shell. Beyond ASCII, PRECIS allows only letters, digits and combining marks."""
# Unicode TR39's "highly restrictive" level: one script, or Han with the scripts written alongside it.
SCRIPT_MIXES = (
    frozenset({"LATIN", "HAN", "HIRAGANA", "KATAKANA"}),
    frozenset({"LATIN", "HAN", "BOPOMOFO"}),
    frozenset({"LATIN", "HAN", "HANGUL"}),
)
ANY_SCRIPT = frozenset({"COMMON", "INHERITED"})
LONGEST_TYPED = 4 * LONGEST
"""What is read at all: PRECIS costs time in proportion, and a name is judged before any login limit."""
MOST_MARKS = 4
"""Combining marks on one letter: more stack into a smear that hides what is under it (TR39 5.4)."""
DOTTED = frozenset("i\u0131j\u0237")  # i, dotless i, j, dotless j
DOT_ABOVE = "\u0307"


class PrecisUsernameRules:
    """UsernameCasePreserved for how a name shows, UsernameCaseMapped for its key, `looks` for what it
    looks like; refused: what PRECIS disallows (spaces, controls, invisible characters, symbols,
    compatibility forms, a right-to-left name breaking the Bidi Rule), ASCII other than letters, digits, `_`,
    `.` and `-`, more than 32 characters, and scripts mixed beyond TR39's highly restrictive level."""

    def __init__(self) -> None:
        self._shown = get_profile("UsernameCasePreserved")
        self._compared = get_profile("UsernameCaseMapped")

    def read(self, typed: str) -> Username | InvalidField:
        if len(typed) > LONGEST_TYPED:
            return InvalidField("username", Problem.USERNAME_FORMAT)
        try:
            value, key = self._shown.enforce(typed), self._compared.enforce(typed)
        except UnicodeError:  # precis-i18n refuses with UnicodeEncodeError, naming the rule broken
            return InvalidField("username", Problem.USERNAME_FORMAT)
        if len(key) > LONGEST or any(c.isascii() and c not in ASCII_ALLOWED for c in key) or _hidden_marks(value):
            return InvalidField("username", Problem.USERNAME_FORMAT)
        if not _one_script(key):
            return InvalidField("username", Problem.USERNAME_MIXED_SCRIPTS)
        return Username(value, key, looks(value))


def looks(shown: str) -> str:
    """What a name looks like, as Username.skeleton: the TR39 skeleton of the name as it shows, lower-cased and
    skeletoned again. A key's skeleton alone would miss that a capital I looks like a small l (aIice, alice)."""
    return skeleton(skeleton(shown).lower())


def _hidden_marks(name: str) -> bool:
    """TR39 5.4's marks that a reader cannot see: one with no letter under it, one repeated, more than
    MOST_MARKS on a letter, or a dot above a letter that has its own (a dotless i with a dot, beside i)."""
    run, previous = 0, ""
    for c in unicodedata.normalize("NFD", name):
        if not unicodedata.category(c).startswith("M"):
            run, previous = 0, c
            continue
        run += 1
        if not previous or c == previous or run > MOST_MARKS or (c == DOT_ABOVE and previous in DOTTED):
            return True
        previous = c
    return False


def _one_script(name: str) -> bool:
    scripts = {categories.alias(c) for c in name} - ANY_SCRIPT
    return len(scripts) <= 1 or any(scripts <= mix for mix in SCRIPT_MIXES)


def skeleton(text: str) -> str:
    """TR39's skeleton: NFD, each character replaced by its prototype, NFD again."""
    prototypes = _prototypes()
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFD", "".join(prototypes.get(c, c) for c in decomposed))


@cache
def _prototypes() -> dict[str, str]:
    """Each confusable character's prototype, from Unicode's confusables.txt as confusable-homoglyphs ships it,
    derived ahead of time by scripts/prototypes.py: deriving it here lifted peak memory by about 4 MB."""
    prototypes = {}
    for line in files("adapters").joinpath("prototypes.txt").read_text(encoding="ascii").splitlines():
        if not line.startswith("#"):
            name, prototype = line.split("\t")
            prototypes[chr(int(name, 16))] = "".join(chr(int(code, 16)) for code in prototype.split())
    return prototypes
