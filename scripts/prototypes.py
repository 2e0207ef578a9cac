"""Writes adapters/prototypes.txt, the confusable prototypes the username rules read, from confusable-homoglyphs.

A development tool, run when that package is upgraded: `python -m scripts.prototypes`. Deriving the table
at run time read the package's 900 KB confusables.json, which lifted a process's peak memory by about 4 MB;
the table itself is 6,000 lines. tests/unit/test_usernames.py fails when the file and the package disagree.
"""

import json
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path

TABLE = Path(__file__).resolve().parent.parent / "adapters" / "prototypes.txt"
LRM = "\u200e"  # confusables.json wraps right-to-left entries in it


def derive() -> dict[str, str]:
    """Each confusable character's prototype. confusables.json lists, under each character of confusables.txt,
    the characters on its other side: under a prototype its confusables, under a confusable its one prototype.
    A confusable is one character and never a prototype, so an entry of several characters, or of a character
    with several entries, is a prototype; where two single characters name only each other, either may be,
    and the smaller stands for both, which keeps the same names alike."""
    text = files("confusable_homoglyphs").joinpath("confusables.json").read_text(encoding="utf-8")
    entries = json.loads(text, object_hook=lambda o: o["c"] if o.keys() == {"c", "n"} else o)
    listed = {name.replace(LRM, ""): [other.replace(LRM, "") for other in others] for name, others in entries.items()}
    prototypes: dict[str, str] = {}
    for name, others in listed.items():
        if len(name) != 1 or len(others) != 1:
            continue
        other = others[0]
        if len(other) > 1 or len(listed.get(other, ())) > 1 or other < name:
            prototypes[name] = other
    return prototypes


def lines(prototypes: dict[str, str]) -> str:
    """One line per confusable, `hex<TAB>hex hex...`, code points rather than the characters themselves: many
    are invisible, or reorder the text around them."""
    head = "# confusable\tprototype, as code points; written by scripts/prototypes.py from confusable-homoglyphs "
    head += f"{version('confusable-homoglyphs')}. Do not edit.\n"
    body = "".join(
        f"{ord(name):04X}\t{' '.join(f'{ord(c):04X}' for c in prototype)}\n"
        for name, prototype in sorted(prototypes.items())
    )
    return head + body


def main() -> None:
    table = derive()
    TABLE.write_text(lines(table), encoding="ascii")
    print(f"{TABLE}: {len(table)} prototypes")


if __name__ == "__main__":
    main()
