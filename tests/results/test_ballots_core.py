"""The ballot files' core: BLT approval tallies and star.vote CSV reading, hand-worked; name matching;
the service cross-check. Property: a BLT tally equals a direct count, whatever the order of the ballots
or of the candidates in the file."""

from __future__ import annotations

import csv
import io
import random
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.results.ballots import blt, names, service, starcsv
from bot.results.ballots.errors import BallotError

NAMES4 = '"Ada"\n"Bo"\n"Cy"\n"Dee"\n"Title"\n'


def totals(text: str) -> tuple[list[int], int]:
    parsed = blt.parse(text, "b.blt")
    return blt.approval_totals(parsed), parsed.ballots_cast


# Each case worked by hand: (why, file, votes of candidates 1..4, ballots cast).
BLT_CASES = [
    ("one ballot each", "4 2\n1 1 0\n1 2 0\n1 3 0\n1 4 0\n0\n" + NAMES4, [1, 1, 1, 1], 4),
    (
        "weights multiply every mark of their line",
        "4 2\n3 1 2 0\n2 2 3 4 0\n1 4 0\n0\n" + NAMES4,
        [3, 3 + 2, 2, 2 + 1],
        6,
    ),
    (
        "a withdrawn candidate's marks are not counted, the ballot still is",
        "4 2\n-2\n2 1 2 0\n1 2 0\n1 3 0\n0\n" + NAMES4,
        [2, 0, 1, 0],
        4,
    ),
    (
        "two withdrawn on one line",
        "4 2\n-2 -4\n1 1 2 3 4 0\n0\n" + NAMES4,
        [1, 0, 1, 0],
        1,
    ),
    (
        "blank ballots count as cast and give nobody a vote",
        "4 2\n5 0\n1 3 0\n2 0\n0\n" + NAMES4,
        [0, 0, 1, 0],
        8,
    ),
    ("no ballots at all", "4 2\n0\n" + NAMES4, [0, 0, 0, 0], 0),
    (
        "blank lines and spacing are ignored",
        "\n4   2\n\n 1  1 3 0 \n\n0\n\n" + NAMES4 + "\n",
        [1, 0, 1, 0],
        1,
    ),
    (
        "order on a ballot does not matter for approval",
        "4 2\n1 4 3 2 1 0\n1 1 2 3 4 0\n0\n" + NAMES4,
        [2, 2, 2, 2],
        2,
    ),
]


@pytest.mark.parametrize(("why", "text", "votes", "cast"), BLT_CASES, ids=[c[0] for c in BLT_CASES])
def test_blt_approval_tally(why: str, text: str, votes: list[int], cast: int) -> None:
    assert totals(text) == (votes, cast), why


def test_blt_names_title_and_seats() -> None:
    parsed = blt.parse('2 1\n1 1 0\n0\n"Ada Lovelace"\n"  Bo  "\n"PSF Board 2026"\n', "b.blt")
    assert parsed.names == ("Ada Lovelace", "Bo")
    assert parsed.name_lines == (4, 5)
    assert (parsed.title, parsed.seats, parsed.seats_line) == ("PSF Board 2026", 1, 1)


@pytest.mark.parametrize(
    "variant",
    [
        lambda t: t.replace("\n", "\r\n"),
        lambda t: "\ufeff" + t,
        lambda t: "\ufeff" + t.replace("\n", "\r\n"),
    ],
    ids=["crlf", "bom", "bom-crlf"],
)
def test_bom_and_crlf_count_exactly_like_the_plain_file(variant: object) -> None:
    from bot.config.loading import decode

    plain = BLT_CASES[1][1]
    changed = variant(plain)  # type: ignore[operator]
    text, problems = decode(changed.encode("utf-8"), "b.blt", 10_000_000)
    assert problems == [] and text is not None
    assert blt.parse(text, "b.blt") == blt.parse(plain, "b.blt")


def test_progress_is_reported_every_so_many_ballots() -> None:
    seen: list[int] = []
    text = "2 1\n" + "1 1 0\n" * 25 + "0\n" + '"A"\n"B"\n"T"\n'
    blt.parse(text, "b.blt", progress=seen.append, every=10)
    assert seen == [10, 20]


# -- BLT dialects: what OpenSTV (openstv/LoaderPlugins/BltBallotLoader.py) and Droop (droop/profile.py)
# read; docs/reference/results-files.md, "The ballot file" -----------------------------------------------


def test_a_doubled_quote_in_a_quoted_name_is_one_quote() -> None:
    parsed = blt.parse(
        '3 1\n1 1 0\n0\n"Ada ""Countess"" Lovelace"\n"Bo"""\n""""\n"Board ""2026"""\n', "b.blt"
    )
    assert parsed.names == ('Ada "Countess" Lovelace', 'Bo"', '"')
    assert parsed.title == 'Board "2026"'


@pytest.mark.parametrize(
    ("text", "names", "votes", "cast"),
    [
        (
            "# exported 2026-09-16\n4 2\n\n# ballots\n2 1 2 0 # two alike\n1 3 0\n0 # end\n"
            '"Ada" # one\n\n"Bo"\n# between names\n"Cy #3"\n"Dee"\n"Title # not a comment"\n# after\n',
            ("Ada", "Bo", "Cy #3", "Dee"),
            [2, 2, 1, 0],
            3,
        ),
        ("4 2\n1 1 - 3 0\n1 - 0\n0\n" + NAMES4, ("Ada", "Bo", "Cy", "Dee"), [1, 0, 1, 0], 2),
    ],
    ids=["comments-and-blank-lines-anywhere", "openstv-skipped-ranking-marks-nobody"],
)
def test_comments_blank_lines_and_skipped_rankings(
    text: str, names: tuple[str, ...], votes: list[int], cast: int
) -> None:
    parsed = blt.parse(text, "b.blt")
    assert parsed.names == names
    assert (blt.approval_totals(parsed), parsed.ballots_cast) == (votes, cast)


def test_a_hash_inside_a_word_is_not_a_comment() -> None:
    with pytest.raises(BallotError) as raised:
        blt.parse("2 1\n1 1#x 0\n0\n" + '"A"\n"B"\n"T"\n', "b.blt")
    assert str(raised.value).startswith(
        "b.blt:2: a candidate number must be a whole number"
    ) and "'1#x'" in str(raised.value)


def test_droop_withdrawn_option_reads_like_negative_numbers() -> None:
    openstv = blt.parse("4 2\n-2 -4\n1 1 2 3 4 0\n0\n" + NAMES4, "b.blt")
    droop = blt.parse("4 2\n[withdrawn 2 4]\n1 1 2 3 4 0\n0\n" + NAMES4, "b.blt")
    mixed = blt.parse("4 2\n[withdrawn 4]\n# then OpenSTV's form\n-2\n1 1 2 3 4 0\n0\n" + NAMES4, "b.blt")
    assert openstv.withdrawn == droop.withdrawn == mixed.withdrawn == frozenset({2, 4})
    assert blt.approval_totals(droop) == blt.approval_totals(mixed) == [1, 0, 1, 0]
    assert blt.parse("4 2\n[withdrawn]\n1 1 0\n0\n" + NAMES4, "b.blt").withdrawn == frozenset()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "4 2\n[tie 4 3 2 1]\n1 1 0\n0\n",
            "b.blt:2: `[tie …]` is not read here: it is Droop's tie-breaking order",
        ),
        ("4 2\n[droop meek]\n1 1 0\n0\n", "b.blt:2: `[droop …]` is not read here"),
        ("4 2\n[nick a b c d]\n1 a 0\n0\n", "b.blt:2: `[nick …]` is not read here"),
        ("4 2\n[undeclared 4]\n1 1 0\n0\n", "b.blt:2: `[undeclared …]` is not read here"),
        ("4 2\n[seats 2]\n1 1 0\n0\n", "b.blt:2: `[seats …]` is not an option of the BLT dialects"),
        ("4 2\n[withdrawn2]\n1 1 0\n0\n", "b.blt:2: `[withdrawn2 …]` is not an option of the BLT dialects"),
        ("4 2\n1 1 0\n[tie 1 2 3 4]\n0\n", "b.blt:3: `[tie …]` is not read here"),
        ("4 2\n1 1 0\n[withdrawn 2]\n0\n", "b.blt:3: Droop's `[withdrawn …]` goes before the first ballot"),
        ("4 2\n[withdrawn 2\n4]\n1 1 0\n0\n", "b.blt:2: Droop's `[withdrawn …]` must close with `]`"),
        (
            "4 2\n[withdrawn two]\n1 1 0\n0\n",
            "b.blt:2: a withdrawn candidate in `[withdrawn …]` must be a whole",
        ),
        ("4 2\n[withdrawn 2]\n-2\n1 1 0\n0\n", "b.blt:3: candidate 2 is withdrawn twice"),
        ("4 2\n(b1) 1 1 0\n0\n", "b.blt:2: '(b1)': ballot IDs `(…)` are not read"),
        ("4 2\n/* a\nb */\n1 1 0\n0\n", "b.blt:2: a `/* … */` comment (a Droop extension) is not read"),
        ("4 2\n1 1 2 0 /* c */\n0\n", "b.blt:2: a `/* … */` comment"),
        ("[tie 1 2]\n4 2\n1 1 0\n0\n", "b.blt:1: `[tie …]` is not read here"),
    ],
)
def test_other_dialect_features_are_refused_by_name_at_their_line(text: str, message: str) -> None:
    with pytest.raises(BallotError) as raised:
        blt.parse(text + NAMES4, "b.blt")
    assert str(raised.value).startswith(message), str(raised.value)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            '"Ada "Countess" Lovelace"',
            "expected a candidate's name in double quotes, found '\"Ada \"Countess",
        ),
        ("Ada Lovelace", "expected a candidate's name in double quotes, found 'Ada Lovelace'"),
    ],
)
def test_a_name_that_is_not_one_quoted_string_is_refused(line: str, message: str) -> None:
    with pytest.raises(BallotError) as raised:
        blt.parse(f'2 1\n1 1 0\n0\n{line}\n"Bo"\n"T"\n', "b.blt")
    text = str(raised.value)
    assert text.startswith(f"b.blt:4: {message}")
    assert ("a quote inside a name is written twice" in text) == line.startswith('"')


def test_marked_lists_every_candidate_some_ballot_marks() -> None:
    parsed = blt.parse("4 2\n-2\n1 1 2 0\n3 2 0\n1 0\n0\n" + NAMES4, "b.blt")
    assert parsed.marked() == frozenset({1, 2})  # a withdrawn candidate's marks too; 3 and 4 have none


# -- the property: the tally is a direct count, and order in the file changes nothing -----------------


def _blt(
    names_: list[str], ballots: list[tuple[int, list[int]]], withdrawn: list[int], droop: bool = False
) -> str:
    lines = [f"{len(names_)} 1"]
    if withdrawn:
        lines.append(
            f"[withdrawn {' '.join(map(str, withdrawn))}]" if droop else " ".join(f"-{n}" for n in withdrawn)
        )
    lines += [" ".join(str(x) for x in [weight, *marks, 0]) for weight, marks in ballots]
    lines.append("0")
    lines += [f'"{name}"' for name in names_]
    lines.append('"Property election"')
    return "\n".join(lines) + "\n"


def _annotated(text: str, rng: random.Random) -> str:
    """The same file with `#` comments after some lines and blank or comment lines between others."""
    out = []
    for line in text.split("\n"):
        if rng.random() < 0.2:
            out.append(rng.choice(["", "# a comment line", "   "]))
        out.append(line + (rng.choice(["  # a note", " #"]) if line and rng.random() < 0.2 else ""))
    return "\n".join(out)


ballot_sets = st.integers(min_value=1, max_value=8).flatmap(
    lambda n: st.tuples(
        st.just(n),
        st.lists(
            st.tuples(
                st.integers(min_value=1, max_value=50),
                st.lists(st.integers(min_value=1, max_value=n), unique=True, max_size=n),
            ),
            max_size=40,
        ),
        st.lists(st.integers(min_value=1, max_value=n), unique=True, max_size=n),
        st.randoms(use_true_random=False),
    )
)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(ballot_sets)
def test_blt_tally_is_a_direct_count_whatever_the_order(
    case: tuple[int, list[tuple[int, list[int]]], list[int], random.Random],
) -> None:
    n, ballots, withdrawn, rng = case
    names_ = [f"Candidate {i}" for i in range(1, n + 1)]
    direct: Counter[str] = Counter()
    for weight, marks in ballots:
        for mark in marks:
            if mark not in withdrawn:
                direct[names_[mark - 1]] += weight
    parsed = blt.parse(_blt(names_, ballots, withdrawn), "p.blt")
    tally = dict(zip(parsed.names, blt.approval_totals(parsed), strict=True))
    assert tally == {name: direct[name] for name in names_}
    assert parsed.ballots_cast == sum(w for w, _ in ballots)

    # The same ballots in another order, the candidates renumbered, the marks of a ballot shuffled.
    shuffled = list(ballots)
    rng.shuffle(shuffled)
    numbering = list(range(1, n + 1))
    rng.shuffle(numbering)  # old number i becomes numbering[i - 1]
    renamed = [""] * n
    for old, new in enumerate(numbering, 1):
        renamed[new - 1] = names_[old - 1]
    moved = []
    for weight, marks in shuffled:
        new_marks = [numbering[m - 1] for m in marks]
        rng.shuffle(new_marks)
        moved.append((weight, new_marks))
    again = blt.parse(_blt(renamed, moved, [numbering[w - 1] for w in withdrawn]), "q.blt")
    assert dict(zip(again.names, blt.approval_totals(again), strict=True)) == tally
    assert again.ballots_cast == parsed.ballots_cast

    # Comments, blank lines and Droop's `[withdrawn …]` change nothing either.
    dialect = blt.parse(_annotated(_blt(names_, ballots, withdrawn, droop=True), rng), "r.blt")
    assert dict(zip(dialect.names, blt.approval_totals(dialect), strict=True)) == tally
    assert (dialect.ballots_cast, dialect.withdrawn) == (parsed.ballots_cast, parsed.withdrawn)


# -- star.vote CSV -------------------------------------------------------------------------------------


def test_star_csv_reads_scores_and_counts_empty_cells_as_zero() -> None:
    text = "voterid,date,pollid,Ada,Bo,Cy\nv1,d,p,5,,3\nv2,d,p,0,4, 1 \n\n"
    parsed = starcsv.parse(text, "s.csv", 5)
    assert parsed.names == ("Ada", "Bo", "Cy")
    assert parsed.ballots == ((5, 0, 3), (0, 4, 1))
    assert parsed.lines == (2, 3)
    assert parsed.totals() == [5, 4, 4]
    assert parsed.ballots_cast == 2


def test_star_csv_with_bom_and_crlf_reads_the_same() -> None:
    from bot.config.loading import decode

    plain = "voterid,date,pollid,Ada,Bo\nv1,d,p,5,1\nv2,d,p,2,3\n"
    text, _ = decode(("\ufeff" + plain.replace("\n", "\r\n")).encode(), "s.csv", 10_000)
    assert text is not None
    assert starcsv.parse(text, "s.csv", 5) == starcsv.parse(plain, "s.csv", 5)


# star.vote's export writes the header HTML-escaped (starvote's test_elections: 2 of its 9 real exports).
ESCAPED = (
    'voterID,voteTime,pollID,"Norway - &quot;Queen of Kings&quot;","Beto O&#039;Rourke - D",'
    '"Portugal - &quot;Ai Cora&ccedil;&atilde;o&quot;","Croatia - &quot;Mama &Scaron;Č!&quot;",'
    '"Simon &amp; Garfunkel","Tom &amp;amp; Jerry"\n'
    'a1,"2023-05-14 12:52:42",p,5,4,3,2,1,0\n'
)


def test_star_vote_header_is_unescaped_once_as_star_vote_shows_the_names() -> None:
    parsed = starcsv.parse(ESCAPED, "s.csv", 5)
    assert parsed.escaped
    assert parsed.names == (
        'Norway - "Queen of Kings"',
        "Beto O'Rourke - D",
        'Portugal - "Ai Coração"',
        'Croatia - "Mama ŠČ!"',
        "Simon & Garfunkel",
        "Tom &amp; Jerry",  # a name that really contains `&amp;` is exported as `&amp;amp;`
    )
    assert parsed.ballots == ((5, 4, 3, 2, 1, 0),)


@pytest.mark.parametrize(
    ("header", "names"),
    [
        ("Beto O'Rourke,R&amp;D", ("Beto O'Rourke", "R&amp;D")),  # a raw apostrophe: star.vote writes &#039;
        ('"Norway - ""Kings""",R&amp;D', ('Norway - "Kings"', "R&amp;D")),  # a raw quote
        ("Ben & Jerry,R&amp;D", ("Ben & Jerry", "R&amp;D")),  # an ampersand that starts no entity
        ("R&amp;D,Q &foo; A", ("R&amp;D", "Q &foo; A")),  # &foo; is no HTML 4 entity
        ("R&amp;D,<b>", ("R&amp;D", "<b>")),
    ],
)
def test_a_header_that_was_not_escaped_is_read_as_written(header: str, names: tuple[str, str]) -> None:
    parsed = starcsv.parse(f"voterid,date,pollid,{header}\nv1,d,p,1,2\n", "s.csv", 5)
    assert not parsed.escaped
    assert parsed.names == names


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("O&#039;Rourke", "O'Rourke"),
        ("&lt;b&gt; &amp;amp; &quot;x&quot;", '<b> &amp; "x"'),
        ("&Scaron;&eacute;&euro;", "Šé€"),
        (
            "&#39; &#x27; &apos; &amp",
            "&#39; &#x27; &apos; &amp",
        ),  # not forms star.vote writes: left as they are
        ("no entity", "no entity"),
    ],
)
def test_unescape_undoes_what_star_vote_writes_and_nothing_else(written: str, shown: str) -> None:
    assert starcsv.unescape(written) == shown


# -- names to nominations --------------------------------------------------------------------------------

NOMINEES = [
    names.Nominee("ada", "Ada Lovelace"),
    names.Nominee("bo", "Bo Fixit"),
    names.Nominee("cy", "Cy Fan"),
]


def test_names_match_after_unicode_and_whitespace_normalisation() -> None:
    ballot = ["ADA  LOVELACE", "Bo\u00a0Fixit", "C\u200by Fan"]  # case, no-break space, zero-width space
    assert names.match(ballot, [1, 2, 3], NOMINEES, frozenset(), {}, "b.blt") == ["ada", "bo", "cy"]


def mapping(*entries: tuple[str, str]) -> dict[str, names.NameMapping]:
    """A names file: (name on the ballot, login), on lines 3, 4, ..."""
    return {
        names.normalise(name): names.NameMapping(name, login, line)
        for line, (name, login) in enumerate(entries, 3)
    }


def test_names_file_maps_the_rest() -> None:
    ballot = ["Dr. A. Lovelace", "Bo Fixit", "Cy Fan"]
    given = mapping(("Dr. A. Lovelace", "ada"))
    got = names.match(ballot, [1, 2, 3], NOMINEES, frozenset(), given, "b")
    assert got == ["ada", "bo", "cy"]
    assert names.used(ballot, got, given) == (names.Mapped("Dr. A. Lovelace", "ada"),)


def test_names_file_never_overrides_an_exact_match() -> None:
    """Each ballot name matches a nominee exactly; the names file swaps them. Refused, both lines at once."""
    given = mapping(("Ada Lovelace", "bo"), ("Bo Fixit", "ada"))
    with pytest.raises(BallotError) as raised:
        names.match(
            ["Ada Lovelace", "Bo Fixit", "Cy Fan"], [1, 2, 3], NOMINEES, frozenset(), given, "b", "n.yaml"
        )
    text = str(raised.value)
    assert text.startswith("b: 2 problems with the candidates' names:")
    assert (
        "n.yaml:3: maps 'Ada Lovelace' to bo (Bo Fixit), but 'Ada Lovelace' is the name on ada's nomination"
        in text
    )
    assert (
        "n.yaml:4: maps 'Bo Fixit' to ada (Ada Lovelace), but 'Bo Fixit' is the name on bo's nomination"
        in text
    )
    assert "not on the ballot" not in text  # the refused lines say all there is about ada and bo


def test_names_file_may_say_which_of_two_namesakes_a_ballot_name_is() -> None:
    namesakes = [*NOMINEES, names.Nominee("cy2", "cy  fan")]
    given = mapping(("Cy Fan", "cy2"), ("C. Fan", "cy"))
    got = names.match(
        ["Ada Lovelace", "Bo Fixit", "Cy Fan", "C. Fan"], [1, 2, 3, 4], namesakes, frozenset(), given, "b"
    )
    assert got == ["ada", "bo", "cy2", "cy"]


def test_every_name_problem_is_reported_at_once() -> None:
    """Issue 30, item 6: one run shows every mismatch, not one per run."""
    with pytest.raises(BallotError) as raised:
        names.match(
            ["Ada L.", "Bo Fixit", "Zed", "Bo  fixit"], [1, 2, 3, 4], NOMINEES, frozenset(), {}, "b.blt"
        )
    text = str(raised.value)
    assert text.startswith("b.blt: 4 problems with the candidates' names:\n")
    assert "  - b.blt:1: the candidate 'Ada L.' matches no merged nomination" in text
    assert "  - b.blt:3: the candidate 'Zed' matches no merged nomination" in text
    assert "  - b.blt:4: the candidates 'Bo Fixit' (line 2) and 'Bo  fixit' are both bo" in text
    assert "  - b.blt: the nominees Ada Lovelace (ada), Cy Fan (cy) are not on the ballot" in text
    assert text.endswith("the nominations are 'Ada Lovelace (ada)', 'Bo Fixit (bo)', 'Cy Fan (cy)'")


@pytest.mark.parametrize(
    ("ballot", "nominees", "withdrawn", "message"),
    [
        (
            ["Ada Lovelace", "Bo Fixit", "Zed"],
            NOMINEES,
            frozenset(),
            "b.blt:3: the candidate 'Zed' matches no",
        ),
        (
            ["Ada Lovelace", "Bo Fixit", "Cy Fan"],
            [*NOMINEES, names.Nominee("cy2", "cy  fan")],
            frozenset(),
            "'Cy Fan' is ambiguous: the nominations of cy, cy2",
        ),
        (["Ada Lovelace", "Bo Fixit"], NOMINEES, frozenset(), "Cy Fan (cy) is not on the ballot"),
        (["Ada Lovelace", "ada lovelace", "Cy Fan"], NOMINEES, frozenset(), "are both ada"),
    ],
)
def test_name_errors_list_both_sides(
    ballot: list[str], nominees: list[names.Nominee], withdrawn: frozenset[str], message: str
) -> None:
    with pytest.raises(BallotError) as raised:
        names.match(ballot, list(range(1, len(ballot) + 1)), nominees, withdrawn, {}, "b.blt")
    text = str(raised.value)
    assert message in text
    if "not on the ballot" in message or "matches no" in message:
        assert "The ballot file names" in text and "the nominations are" in text


def test_a_withdrawn_nominee_may_be_absent() -> None:
    got = names.match(["Ada Lovelace", "Bo Fixit"], [1, 2], NOMINEES, frozenset({"cy"}), {}, "b.blt")
    assert got == ["ada", "bo"]


# -- the service's own totals ----------------------------------------------------------------------------


def test_service_totals_equal_pass_and_differences_are_shown_side_by_side() -> None:
    given_ = service.parse("candidate,total\nAda,10\nbo,7\n", "s.csv")
    service.compare(given_, [("Ada", 10), ("Bo", 7)], frozenset(), "s.csv", "totals")
    wrong = service.parse("candidate,total\nAda,11\nBo,7\n", "s.csv")
    with pytest.raises(BallotError) as raised:
        service.compare(wrong, [("Ada", 10), ("Bo", 7)], frozenset(), "s.csv", "totals")
    text = str(raised.value)
    assert "candidate  ballots  service  difference" in text
    assert "Ada             10       11          -1" in text
    assert "Bo               7        7           =" in text


def test_service_totals_naming_one_candidate_twice_once_unescaped_are_refused() -> None:
    given = [
        service.ServiceTotal("A & B", 1, 2),
        service.ServiceTotal("A &amp; B", 1, 3),
    ]
    escaped = [service.ServiceTotal(starcsv.unescape(t.name), t.total, t.line) for t in given]
    with pytest.raises(BallotError) as raised:
        service.compare(escaped, [("A & B", 1)], frozenset(), "t.csv", "total scores")
    assert str(raised.value).startswith("t.csv:3: 'A & B' appears twice (first on line 2)")


# -- hostile input: the parsers answer with a BallotError (file:line), never another exception ---------

blt_alphabet = st.sampled_from([*'0123456789 -=\n"aZ\t.#[]()/*', "\xa0", "é", "\r"])


@settings(max_examples=400, deadline=None)
@given(st.text(blt_alphabet, max_size=200), st.text(max_size=40))
def test_blt_parser_never_crashes(body: str, tail: str) -> None:
    for text in (body, "3 2\n" + body, "3 2\n[withdrawn " + body, "3 2\n1 1 0\n0\n" + body + tail):
        try:
            parsed = blt.parse(text, "f.blt")
        except BallotError as error:
            assert str(error).startswith("f.blt")
            continue
        assert all(1 <= m <= len(parsed.names) for b_ in parsed.ballots for m in b_.marks)
        assert all(b_.weight >= 1 for b_ in parsed.ballots)


@settings(max_examples=400, deadline=None)
@given(st.text(st.sampled_from(list("0123456789,\"\n -x.&;#q'<")), max_size=200), st.integers(1, 10))
def test_star_csv_parser_never_crashes(body: str, max_score: int) -> None:
    for text in (body, "voterid,date,pollid,A,B\n" + body, "voterid,date,pollid,A&amp;," + body):
        try:
            parsed = starcsv.parse(text, "f.csv", max_score)
        except BallotError as error:
            assert str(error).startswith("f.csv")
            continue
        assert all(len(b_) == len(parsed.names) for b_ in parsed.ballots)
        assert all(0 <= s <= max_score for b_ in parsed.ballots for s in b_)
        if not parsed.escaped:  # a header that was not escaped keeps every `&` as written
            header = next(csv.reader(io.StringIO(text)))
            assert parsed.names == tuple(cell.strip() for cell in header[3:])
