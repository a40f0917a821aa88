"""Every finding code the bot can report, with its severity and the text a person reads.

One place for the words: rules pick a code and fill in the blanks; the nominee guide
(`nominations/README.md`) documents each code, and a test checks that both stay in step.
Messages say what is wrong and how to fix it; the guide link is added by the renderers.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.text.findings import Finding, Severity

GUIDE = "nominations/README.md"


@dataclass(frozen=True, slots=True)
class Entry:
    """A code's severity and words. `given`: other words for when a value is given (a suggestion, the
    allowed values), so that every value sits in the words where it belongs, a code span included."""

    severity: Severity
    template: str
    given: tuple[tuple[str, str], ...] = ()

    def template_for(self, params: dict[str, object]) -> str:
        return next((t for key, t in self.given if params.get(key)), self.template)


E, W, N = Severity.error, Severity.warning, Severity.notice

CATALOGUE: dict[str, Entry] = {
    # ---- the file itself -------------------------------------------------------------------------
    "FILE001": Entry(E, "the file is not valid UTF-8 (byte {offset}); save it as UTF-8"),
    "FILE002": Entry(E, "the file is {size} bytes; the limit is {limit} bytes — shorten the statement"),
    "FILE003": Entry(E, "the file contains a NUL byte; save it as plain UTF-8 text"),
    "FILE004": Entry(E, "cannot read the file: {reason}"),
    # ---- YAML (front matter and election.yaml) -----------------------------------------------------
    "YAML001": Entry(E, "YAML syntax error: {problem} — check indentation and quoting near this line"),
    "YAML002": Entry(E, "YAML anchors and aliases (`&`, `*`) are not allowed; write each value out in full"),
    "YAML003": Entry(E, "YAML tags (`{tag}`) are not allowed; remove the tag and write a plain value"),
    "YAML004": Entry(E, "`{key}` appears twice (first on line {first_line}); keep one of them"),
    "YAML005": Entry(E, "{what}; the top level must be `key: value` lines (see {guide})"),
    "YAML006": Entry(E, "the YAML is nested deeper than {limit} levels; flatten it"),
    "YAML007": Entry(E, "the YAML is too large ({what}); keep it short"),
    "YAML008": Entry(E, "mapping keys must be plain text, not {what}"),
    # ---- nomination front matter and statement ---------------------------------------------------
    "NOM001": Entry(
        E, "the file must start with a front matter block: a line `---`, the fields, then `---` (see {guide})"
    ),
    "NOM002": Entry(
        E, "the front matter opened on line 1 is never closed; add a line `---` after the fields"
    ),
    "NOM003": Entry(
        E,
        "unknown field `{field}`; remove it or fix its name (see {guide})",
        (
            (
                "close",
                "unknown field `{field}` (did you mean `{close}`?); fix its name or remove it (see {guide})",
            ),
        ),
    ),
    "NOM004": Entry(E, "required field `{field}` is missing; add it (see {guide})"),
    "NOM005": Entry(
        E, "`{field}`: {problem}", (("expected", "`{field}`: `{value}` is not one of {expected}"),)
    ),
    "NOM006": Entry(
        E,
        "the file name `{filename}` does not match `github: {login}`, so the bot cannot tell whom it "
        "nominates: name the file `{expected}` or correct the `github` field; the nominee's account, "
        "membership, consent and other nominations are checked once the two agree",
    ),
    "NOM007": Entry(
        E,
        "`{field}: {value}` is not a valid GitHub login (letters, digits and single hyphens, at most 39 "
        "characters, no leading or trailing hyphen)",
    ),
    "NOM008": Entry(E, "`{key}: {value}`{known}; eligible classes: {eligible}.{check}"),
    "NOM009": Entry(
        E, "`{key}: {value}` no longer exists: it became `{became}`{history}; write `{key}: {became}`"
    ),
    "NOM010": Entry(
        E,
        "`affiliations` is empty; list your employer and other relevant roles (see nominations/TEMPLATE.md)",
    ),
    "NOM011": Entry(E, "the statement is missing; write it below the closing `---` of the front matter"),
    "NOM012": Entry(
        E, "the statement still contains the template's placeholder text; replace it with your own"
    ),
    "NOM013": Entry(E, "the statement has {words}; the limit is {limit} words — shorten it"),
    "NOM014": Entry(W, "the statement has only {words}; voters expect at least {minimum} words"),
    "NOM015": Entry(
        E,
        "`{field}` contains an invisible or control character ({char}); retype the text without it",
    ),
    "NOM016": Entry(E, "link `{url}` is not https://; only https links are allowed"),
    "NOM017": Entry(E, "`nominated_by` names the nominee; leave it out for a self-nomination"),
    "NOM018": Entry(
        E,
        "missing attestation `{attestation}` (“{text}”): if the nominee can say that, add "
        "`{attestation}: true` under `attestations`",
    ),
    "NOM019": Entry(E, "attestation `{attestation}` is not `true`; the election requires it — {text}"),
    "NOM020": Entry(E, "`{login}` cannot stand in this election: {reason}. Questions: `{contact}`"),
    "NOM021": Entry(E, "`{field}` still holds the template's placeholder `{value}`; put in your own"),
    "NOM025": Entry(
        W,
        "attestation `{attestation}` is not one that {election} asks for (it asks for {asked}), so it "
        "means nothing here; remove it (it is probably left from a template for another election)",
    ),
    "NOM026": Entry(
        N,
        "{count} more `{code}` findings like the ones above (lines {first} to {last}) are not listed one "
        "by one; correct every one of them",
    ),
    "NOM022": Entry(E, "`nominated_by` {found}, but this pull request was opened by `{author}`: {fix}"),
    # ---- location and window -----------------------------------------------------------------------
    "LOC001": Entry(
        E,
        "a nomination must be a file `nominations/<election>/<github-login>.md`; `{file}` is not (see {guide})",
    ),
    "LOC002": Entry(
        E, "`{election}` is not a known election (known: {known}); move the file into one of them"
    ),
    "LOC003": Entry(
        E, "`{login}` is already nominated in this election by `{first}`; one file per nominee — remove one"
    ),
    "WIN001": Entry(
        E, "nominations for {election} open at {start}; this nomination was made at {at}, before they opened"
    ),
    "WIN002": Entry(
        E,
        "nominations for {election} closed at {end}; this nomination was made at {at}, at or after the cut-off. "
        "Write to `{contact}` if you believe this is wrong",
    ),
    "WIN004": Entry(
        N,
        "nominations for {election} open at {start}; the file is checked now, and the pull request can be "
        "opened from then on",
    ),
    "WIN003": Entry(
        Severity.warning,
        "this pull request was opened at {opened}, before nominations for {election} closed at {end}, but "
        "the bot has no record of it proposing this nomination before then (its first record is {at}: a "
        "run of the check was cancelled or never happened, or the pull request proposed something else); "
        "the election admins decide whether it was made in time (`/accept-late`)",
    ),
    # ---- membership ------------------------------------------------------------------------------------
    "MEM001": Entry(E, "`{login}` is not in the {directory}; {check}write to `{contact}`"),
    "MEM002": Entry(
        E,
        "the roster lists `{login}` as a {actual} member, which cannot stand (eligible: {eligible}); "
        "write to `{contact}` if this is wrong",
    ),
    "MEM003": Entry(W, "{membership} of `{login}` was not verified ({reason}); an admin will verify it"),
    "MEM004": Entry(
        W, "`{key}: {declared}` but the {directory} says {actual}; correct the field to `{actual}`"
    ),
    # ---- conflicts of interest (a notice for voters) -------------------------------------------------
    "COI001": Entry(
        N,
        "{count} candidates are tied to {entity} (also: {others}); {rules} at most {members} {ties} "
        "one entity — voters are told, and the rule is applied when the votes are counted. Nothing to fix",
    ),
    "COI002": Entry(
        W,
        "`{field}` mixes scripts ({scripts}): `{value}`; a name that mixes scripts can imitate another "
        "organisation's. The cap on members tied to one entity counts it as the organisation it looks like; write it in one "
        "script if you can — admins, check which entity this is",
    ),
    # ---- election.yaml -------------------------------------------------------------------------------
    "ELC001": Entry(
        E,
        "`{field}`: time `{value}` has no UTC offset; write it as e.g. `2026-07-28T14:00:00Z`, or set "
        "the election's `timezone` to write local times",
    ),
    "ELC002": Entry(
        E,
        "unknown key `{field}`; remove it or fix its name",
        (("close", "unknown key `{field}` (did you mean `{close}`?); fix its name or remove it"),),
    ),
    "ELC003": Entry(
        E, "`{field}`: {problem}", (("expected", "`{field}`: `{value}` is not one of {expected}"),)
    ),
    "ELC004": Entry(E, "{problem}"),
    "ELC005": Entry(E, "`id: {value}` must equal the folder name `{folder}`"),
    "ELC006": Entry(E, "required key `{field}` is missing"),
    "ELC007": Entry(
        E,
        "`timezone: {value}` is not an IANA time zone; write a name such as `Europe/Berlin`, "
        "`America/New_York` or `UTC`",
    ),
    "ELC008": Entry(
        E,
        "`{value}` does not exist in {zone}: the clocks skip it when summer time starts; write the "
        "instant you mean with its offset, `{first}` or `{second}`",
    ),
    "ELC009": Entry(
        E,
        "`{value}` happens twice in {zone}: the clocks pass it again when summer time ends; write the "
        "instant you mean with its offset, `{first}` (the first) or `{second}` (the second)",
    ),
    "ELC010": Entry(
        E,
        "`{value}`: {zone} is at {offset} on that date, not at the offset written; write `{same_clock}` "
        "(the same clock time), `{same_instant}` (the same instant), or leave the offset out",
    ),
    # ---- the pull request as a whole (`election-bot pr`) ---------------------------------------------
    "PR001": Entry(
        E,
        "`{file}` ({status}) is not part of a nomination: a nomination pull request may only add or change "
        "one file `nominations/<election>/<github-login>.md` — split your PR and propose this change in a "
        "separate pull request",
    ),
    "PR002": Entry(
        E,
        "this pull request adds or changes no nomination file; add `nominations/<election>/<github-login>.md` "
        "(copy nominations/TEMPLATE.md, see {guide})",
    ),
    "PR003": Entry(
        E,
        "this pull request adds or changes {count} nomination files ({files}); one pull request per "
        "nomination — split your PR",
    ),
    "PR004": Entry(
        E, "`{file}` is a {kind}, not a regular file; commit the nomination as an ordinary text file"
    ),
    "PR005": Entry(E, "`{file}` is not in the pull request's head commit {sha}; push it again"),
    "PR006": Entry(E, "GitHub has no account `{login}`; `github` must be the nominee's own GitHub login"),
    "PR007": Entry(
        E, "`{login}` is a GitHub {kind} account, not a person's; nominate a person's own account"
    ),
    "PR008": Entry(
        E,
        "`{login}` is already nominated for {election} in pull request #{number}; one nomination per "
        "person: continue there (the nominee can consent on it), or ask the admins (`{contact}`) to close "
        "#{number} and then comment `/recheck` here",
    ),
    "PR009": Entry(
        E,
        "`{login}` already has a nomination for {election}, `{existing}`; to change it, edit that file "
        "instead of adding `{file}`",
    ),
    "PR011": Entry(
        E,
        "this pull request's head commit is also the head of #{number}, opened earlier; check runs belong "
        "to commits, not pull requests, so the `nomination` check on that commit is #{number}'s. Push a "
        "commit of your own to this branch (or close this pull request)",
    ),
    "PR012": Entry(
        E,
        "this pull request asks to merge into `{base}`, not into the default branch `{default}`: only a "
        "nomination merged into `{default}` counts. Retarget it (Edit, next to the title, then choose "
        "`{default}` as the base branch); the check then judges the nomination, membership included",
    ),
    "PR013": Entry(
        E,
        "`{login}` opened their own nomination in pull request #{number}; this one has neither their "
        "consent nor a valid file, so it is set aside: close it (or `{login}` consents here and closes "
        "#{number})",
    ),
    "PR010": Entry(
        Severity.notice,
        "this nomination was made outside the nomination window; admin `{by}` accepted it at {at}",
    ),
}


def make(code: str, path: str, line: int | None, /, **params: object) -> Finding:
    """Build a finding from the catalogue; unknown codes are programming errors."""
    entry = CATALOGUE[code]
    values = {"guide": GUIDE, **params}
    template = entry.template_for(values)
    text = template.format(**values)
    filled = tuple((key, str(value)) for key, value in values.items())
    return Finding(
        code=code,
        severity=entry.severity,
        path=path,
        line=line,
        message=text,
        template=template,
        params=filled,
    )
