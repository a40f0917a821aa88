"""Pydantic models for the data that lives in the repository: election configs and nominations.

The models are the single source of the JSON Schemas in `schemas/` (see `bot/config/schemas.py`). They
validate shape and types; rules that need context (file name, the election, the clock, membership) live in
`bot/nominations/rules/` and return findings instead of raising.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from pydantic import (
    AfterValidator,
    AliasChoices,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictBool,
    StrictFloat,
    StrictInt,
    StringConstraints,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from bot.config.colours import accent_problem
from bot.config.entity_names import AliasError, resolve_aliases
from bot.config.zones import TimeRefusedError, localise, zone_named
from bot.github.values import same_login
from bot.text import textguard
from bot.text.catalogue import CATALOGUE

# GitHub logins: 1-39 characters, alphanumerics and single hyphens, no leading or trailing hyphen.
LOGIN_PATTERN = r"^[A-Za-z0-9](?:-?[A-Za-z0-9])*$"
LOGIN_RE = re.compile(LOGIN_PATTERN, re.ASCII)
ELECTION_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,38}[a-z0-9]$"

Login = Annotated[str, StringConstraints(pattern=LOGIN_PATTERN, max_length=39)]


def is_login(text: str) -> bool:
    """GitHub's login grammar, ASCII only: `\u212aate` (KELVIN SIGN) is not a login, although `.lower()`
    makes it `kate`."""
    return len(text) <= 39 and LOGIN_RE.fullmatch(text) is not None


def same_valid_login(a: str, b: str) -> bool:
    """Two logins, both in the ASCII grammar, name the same account (`bot.github.values.same_login`)."""
    return is_login(a) and is_login(b) and same_login(a, b)


def is_file_of(file_name: str, login: str) -> bool:
    """The one "is this the nominee's file" predicate, used by the PR check and by every reader of the
    merged files: `<login>.md`, its stem in the login grammar and the same login as `login`."""
    stem, dot, suffix = file_name.rpartition(".")
    return bool(dot) and suffix == "md" and same_valid_login(stem, login)


def _visible(text: str) -> str:
    """A name, an organisation, a title must show something: not only spaces, marks or invisible
    characters (a blank name on the candidate list, a blank employer that the cap would not count), and
    no character that hides inside it (`bot.text.textguard`: one predicate for every short field)."""
    if not any(unicodedata.category(c)[0] in "LNPS" and not textguard.is_hidden(c) for c in text):
        raise ValueError("is blank: it has only spaces or invisible characters; write it out")
    hidden = textguard.hidden_character(text)
    if hidden is not None:
        raise PydanticCustomError(
            "hidden_character",
            "contains an invisible or control character ({char}); retype the text without it",
            {"char": hidden},
        )
    return text


ShortText = Annotated[str, StringConstraints(min_length=1, max_length=200), AfterValidator(_visible)]
# A repository path to an image: names of letters, digits, '.', '_' and '-' that never start with a dot
# (so never `..`), joined by '/'.
MARK_PATTERN = r"^[A-Za-z0-9_][A-Za-z0-9._-]*(?:/[A-Za-z0-9_][A-Za-z0-9._-]*)*\.(?:svg|png)$"
HttpsUrl = Annotated[str, StringConstraints(pattern=r"^https://[^\s/$.?#][^\s]*$", max_length=500)]


# A time in election.yaml: with an offset (`Z`, `+02:00`), or a wall-clock time when the election names a
# `timezone`. The model only ever holds aware instants: the election resolves wall-clock times in its zone
# before the fields are validated (bot/config/zones.py), so the schema describes what people may write.
ConfigTime = Annotated[
    AwareDatetime,
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|z|[+-]\d{2}:\d{2})?$",
            "description": "ISO 8601: with `Z` or an offset, or as local wall-clock time when the "
            "election sets `timezone`.",
        }
    ),
]


class Strict(BaseModel):
    """Unknown keys are errors everywhere: a typo must never be silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


# --------------------------------------------------------------------------------------------------
# Nominations
# --------------------------------------------------------------------------------------------------


# A membership class, as the community names it (`fellow`, `member`, ...): lower case, for the front matter.
MembershipClass = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]{0,39}$")]


class Relationship(StrEnum):
    """How a nominee is tied to an organisation. The election config says which of these count toward
    the cap on members tied to one entity (`conflict_of_interest.counted_relationships`)."""

    employer = "employer"  # paid employment, any workforce classification
    contractor = "contractor"  # paid for current work as a contractor or consultant
    officer = "officer"  # an officer role (CEO, CTO, treasurer, ...): decision-making power
    director = "director"  # a seat on a board of directors or governing board: decision-making power
    owner = "owner"  # an ownership stake of 25 % or more
    investor = "investor"  # an ownership stake below 25 %
    maintainer = "maintainer"  # maintains a project (unpaid, or paid by someone else listed separately)
    member = "member"  # member of a team, working group, community or association
    advisor = "advisor"  # unpaid advisory role
    other = "other"  # anything else relevant; say what in `role`


class Affiliation(Strict):
    organization: ShortText = Field(description="The organisation, company, project or community.")
    relationship: Relationship = Field(description="How you are tied to it; see nominations/README.md.")
    role: ShortText | None = Field(default=None, description="Your role or title, e.g. 'Staff Engineer'.")


class Nomination(Strict):
    """The YAML front matter of `nominations/<election>/<login>.md`."""

    name: ShortText = Field(description="The nominee's name as it should appear to voters.")
    github: Login = Field(description="The nominee's GitHub login; the file name must match it.")
    membership: MembershipClass = Field(
        validation_alias=AliasChoices("membership", "psf_membership"),
        description="The nominee's membership class as the community names it (`psf_membership` is "
        "accepted as the same field, the name one community's elections use).",
    )
    affiliations: list[Affiliation] = Field(
        min_length=1, max_length=30, description="Employer and every other relevant affiliation."
    )
    nominated_by: Login | None = Field(
        default=None, description="GitHub login of the person who nominated you, if not yourself."
    )
    links: list[HttpsUrl] = Field(default_factory=list, max_length=10, description="https:// links only.")
    attestations: dict[Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,49}$")], StrictBool] = (
        Field(
            default_factory=dict,
            description="Eligibility statements the election requires, each set to true (see election.yaml).",
        )
    )


# --------------------------------------------------------------------------------------------------
# Elections
# --------------------------------------------------------------------------------------------------


class PhaseKind(StrEnum):
    """What a phase means to the bot. `nominations`, `candidates` and `voting` happen in that order and
    never overlap; `affirmation` (voters affirm their intention to vote) must end before voting starts;
    `other` is free."""

    nominations = "nominations"
    candidates = "candidates"
    affirmation = "affirmation"
    voting = "voting"
    other = "other"


class Phase(Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]{0,39}$")] = Field(
        description="Stable identifier, used in issue markers; never change it once the phase started."
    )
    kind: PhaseKind = Field(
        description="What the phase means: `nominations`, `candidates` and `voting` (in that order, never "
        "overlapping), `affirmation` (voters affirm they will vote; ends by the start of voting), `other`."
    )
    title: ShortText = Field(description="The phase's name in announcements and on the site, e.g. 'Voting'.")
    start: ConfigTime = Field(
        description="Inclusive start: ISO 8601 with `Z` or an offset, or wall-clock time in `timezone`."
    )
    end: ConfigTime = Field(description="Exclusive end: at this instant the phase is closed.")
    announce: StrictBool = Field(
        default=True, description="Open an announcement issue when the phase starts and close it at its end."
    )
    description: Annotated[str, StringConstraints(max_length=2000)] = Field(
        default="", description="What people should do in this phase; shown in the announcement issue."
    )


class Cohort(Strict):
    """A group of seats elected together for one term; the elected fill the cohorts in rank order."""

    id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9-]{1,20}$")] = Field(
        description="The cohort's name in the results, e.g. A."
    )
    seats: StrictInt = Field(ge=1, le=100, description="How many of the seats this cohort fills.")
    term_years: StrictInt = Field(ge=1, le=10, description="The term of its members, in years.")


class GoverningRules(Strict):
    """The document the election follows: a charter, bylaws, a PEP."""

    name: ShortText = Field(description="As readers know it, e.g. 'the project charter' or 'the bylaws'.")
    url: HttpsUrl | None = Field(default=None, description="Where to read it.")


class RetiredClass(Strict):
    """A membership class that no longer exists; a nominee who writes it is told what to write instead."""

    became: MembershipClass = Field(description="The class it became; a nominee is told to write this one.")
    note: ShortText | None = Field(
        default=None, description="One sentence of history, e.g. 'merged into Contributing in 2024'."
    )


class MembershipModel(Strict):
    """How the community's membership is called and checked. A plain member list needs nothing here:
    the classes default to those in `eligible_membership` (e.g. `[member]`)."""

    name: ShortText = Field(
        default="membership", description="What people call it, e.g. 'project membership'."
    )
    classes: list[MembershipClass] = Field(
        default_factory=list,
        description="Every class a member can hold (eligible or not); default: `eligible_membership`.",
    )
    retired: dict[Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]{0,39}$")], RetiredClass] = (
        Field(default_factory=dict, description="Classes that no longer exist, and what they became.")
    )
    directory: ShortText = Field(
        default="member list",
        description="What the roster or membership service is, e.g. 'voting-member roster'.",
    )
    check_url: HttpsUrl | None = Field(
        default=None,
        description="Where members can check their own status, e.g. https://example.org/members.",
    )


class Community(Strict):
    """The organisation that elects, in the words its members use. Every message of the bot is neutral
    and fills these in; nothing about one community is written in the code."""

    name: ShortText | None = Field(
        default=None,
        description="The organisation that elects, e.g. 'Example Project'; null: texts say none.",
    )
    body: ShortText = Field(
        default="council", description="What is elected, as in '<body> members': 'council', 'board'."
    )
    rules: GoverningRules | None = Field(default=None, description="The election's rules.")
    membership: MembershipModel = Field(
        default_factory=lambda: MembershipModel(),
        description="How membership is called and checked; nothing for a plain member list.",
    )
    mark: Annotated[str, StringConstraints(max_length=200)] | None = Field(
        default=None,
        json_schema_extra={"pattern": MARK_PATTERN},
        description="The community's name mark on the public site: an .svg or .png file in the repository, "
        "by its path from the repository's top (e.g. `site/mark.svg`), copied into the site and shown at "
        "the top of every page with the community's name as its text; at most 200 kB, an SVG without "
        "scripts, event handlers or outside references.",
    )
    accent: str | None = Field(
        default=None,
        description="The public site's accent colour as #rrggbb (the call to action, the header's rule): "
        "refused unless it has a contrast of at least 4.5:1 against the white page (WCAG 2.2 AA).",
    )

    @field_validator("mark")
    @classmethod
    def _mark_path(cls, path: str | None) -> str | None:
        if path is not None and not re.match(MARK_PATTERN, path):
            raise ValueError(
                f"{path!r} is not a path to an image in the repository: write it from the repository's "
                "top, e.g. site/mark.svg (names of letters, digits, '.', '_' and '-', not starting with a "
                "dot; no '/' in front, no '..'), ending in .svg or .png"
            )
        return path

    @field_validator("accent")
    @classmethod
    def _readable_accent(cls, colour: str | None) -> str | None:
        if colour is not None:
            problem = accent_problem(colour)
            if problem is not None:
                raise ValueError(problem)
        return colour

    @property
    def rules_name(self) -> str:
        """`PEP 772`, or `the election's rules` when the config names none."""
        return self.rules.name if self.rules is not None else "the election's rules"


class Admin(Strict):
    """An election admin named in the config, besides those with write access to the repository."""

    login: Login = Field(
        description="Their GitHub login, compared without regard to case unless `id` pins it."
    )
    id: StrictInt | None = Field(default=None, ge=1, description="Numeric GitHub id; pins the account.")


class IneligibleAccount(Strict):
    """An account that may not stand in this election (a nomination of it is refused, and so is its file)."""

    login: Login = Field(description="The account's GitHub login.")
    id: StrictInt | None = Field(default=None, ge=1, description="Numeric GitHub id; pins the account.")
    reason: ShortText = Field(
        description="Shown to the nominee, e.g. 'staff of the foundation may not serve'."
    )


class Attestation(Strict):
    """A statement every nominee must make: `<id>: true` under `attestations` in their file."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,49}$")] = Field(
        description="The key nominees write under `attestations`, e.g. code_of_conduct."
    )
    text: Annotated[str, StringConstraints(min_length=1, max_length=500)] = Field(
        description="What the nominee states by writing `true`; shown in the template and the guide."
    )


class SittingMember(Strict):
    """A council member who keeps sitting through a partial election; counts toward the employer cap."""

    login: Login = Field(description="The member's GitHub login.")
    name: ShortText = Field(description="The member's name, as the results show it.")
    cohort: str = Field(description="The cohort they sit in.")
    affiliations: list[Affiliation] = Field(
        default_factory=list, description="Their affiliations, counted toward the cap like a candidate's."
    )


UNLIMITED = 1_000_000  # a cap no council reaches: what "no limit" means to the counting


# A share of the body as charters write it: `1/3`, `1/2` (a fraction, so that a third of six is two).
Share = Annotated[str, StringConstraints(pattern=r"^[1-9][0-9]{0,2}/[1-9][0-9]{0,2}$")]


class ConflictOfInterest(Strict):
    cap: StrictInt | None = Field(
        default=2,
        ge=1,
        le=100,
        description="Most members of the elected body tied to one entity; null: the rules set no limit.",
    )
    share: Share | None = Field(
        default=None,
        description="Instead of `cap`: the largest share of the body tied to one entity, as a fraction "
        "such as 1/3; the limit is that share of the body's size (the seats elected plus the sitting "
        "members listed), rounded down, and never below 1.",
    )
    counted_relationships: list[Relationship] = Field(
        default_factory=lambda: [
            Relationship.employer,
            Relationship.contractor,
            Relationship.officer,
            Relationship.director,
            Relationship.owner,
        ],
        description="The relationships that tie a member to an entity for the cap; every text names these "
        "(by default employers, contractors, officers, directors and owners).",
    )
    entity_aliases: dict[ShortText, ShortText] = Field(
        default_factory=dict, description="Admin-kept map of other names to one entity, e.g. MSFT: Microsoft."
    )
    sitting_members: list[SittingMember] = Field(
        default_factory=list,
        description="Members who keep sitting through a partial election; they count toward the cap.",
    )

    # The body's size (seats elected plus sitting members), set by the election that holds this policy:
    # a share of the body becomes a number of members only there.
    _body: int | None = PrivateAttr(default=None)

    @field_validator("share")
    @classmethod
    def _proper_share(cls, value: str | None) -> str | None:
        if value is not None:
            part, whole = (int(x) for x in value.split("/"))
            if part > whole:
                raise ValueError(f"{value} is more than the whole body; write a fraction such as 1/3")
        return value

    @model_validator(mode="after")
    def _one_limit(self) -> ConflictOfInterest:
        if self.share is not None and "cap" in self.model_fields_set:
            raise ValueError(
                "give either `cap` (a number of members) or `share` (a fraction of the body), not both"
            )
        return self

    @property
    def limited(self) -> bool:
        """The rules set a limit (a number or a share)."""
        return self.share is not None or self.cap is not None

    @property
    def limit(self) -> int:
        """The cap as the counting applies it (no limit: one no council reaches); a share is taken of the
        body's size that the election set."""
        if self.share is not None:
            if self._body is None:
                raise ValueError("a share cap needs the body's size: read it from an Election")
            part, whole = (int(x) for x in self.share.split("/"))
            return max(1, self._body * part // whole)
        return UNLIMITED if self.cap is None else self.cap

    @property
    def body_size(self) -> int | None:
        """The body's size the share is taken of (None outside an election)."""
        return self._body


class StatementLimits(Strict):
    min_words: StrictInt = Field(
        default=50, ge=0, le=100_000, description="Fewer words in the statement is a warning (NOM014)."
    )
    max_words: StrictInt = Field(default=1500, ge=1, le=100_000, description="More words is an error.")
    max_file_bytes: StrictInt = Field(
        default=65536, ge=1024, le=1048576, description="The largest nomination file, in bytes (FILE002)."
    )


# The League of Entropy's drand chains, as each one's `/info` gives them (https://api.drand.sh/<hash>/info):
# chain hash -> (name, genesis_time in Unix seconds, period in seconds). Sources: drand's HTTP API reference
# (https://drand.love/developer/http-api/) for `default`; the quicknet launch post
# (https://drand.love/blog/2023/10/16/quicknet-is-live/) for `quicknet`. A config naming one of these
# chains must give the same facts: a typo in the genesis or the period would pin another round.
LEAGUE_OF_ENTROPY_CHAINS: dict[str, tuple[str, int, int]] = {
    "8990e7a9aaed2ffed73dbd7092123d6f289930540d7651336225dc172e51b2ce": ("default", 1595431050, 30),
    "52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971": ("quicknet", 1692803367, 3),
}
QUICKNET = "52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971"

_DRAW_SOURCE_FORMS = (
    "name one value: `drand: {chain: quicknet, chain_hash: " + QUICKNET + ", genesis_time: 1692803367, "
    "period: 3}` (the bot takes the beacon's first round at or after `available_after` and refuses any "
    "other), or `identifier:` naming the one published value (a lottery's date and draw number) with "
    "`pattern` for its one spelling; see docs/explanation/results.md, *The random draw*"
)


class DrandBeacon(Strict):
    """A drand randomness beacon chain, with the facts its `/info` publishes. Round r is emitted at
    genesis_time + (r - 1) × period (drand's `TimeOfRound`), so `available_after` names exactly one round."""

    chain: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")] = Field(
        description="The chain's name (drand's beaconID), e.g. quicknet; shown in the published draw."
    )
    chain_hash: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] = Field(
        description="The chain hash, `hash` in the chain's /info: 64 lower-case hexadecimal digits."
    )
    genesis_time: StrictInt = Field(
        ge=1, description="When round 1 was emitted, in Unix seconds: `genesis_time` in the chain's /info."
    )
    period: StrictInt = Field(
        ge=1, le=86400, description="Seconds between rounds: `period` in the chain's /info."
    )
    relay: HttpsUrl = Field(
        default="https://api.drand.sh",
        description="A drand HTTP relay where anyone can read the round (<relay>/<chain_hash>/public/<round>).",
    )

    @model_validator(mode="after")
    def _known_chain_facts(self) -> DrandBeacon:
        known = LEAGUE_OF_ENTROPY_CHAINS.get(self.chain_hash)
        if known is not None and known != (self.chain, self.genesis_time, self.period):
            name, genesis, period = known
            raise ValueError(
                f"the drand chain {self.chain_hash[:12]}… is the League of Entropy's {name}: chain: {name}, "
                f"genesis_time: {genesis}, period: {period} (its /info); election.yaml says chain: "
                f"{self.chain}, genesis_time: {self.genesis_time}, period: {self.period}"
            )
        return self

    def round_url(self, number: int) -> str:
        return f"{self.relay.rstrip('/')}/{self.chain_hash}/public/{number}"


class DrawSource(Strict):
    """A public value, unknowable in advance, that seeds a verifiable random draw (RFC 3797). It names ONE
    value: a drand beacon's round fixed by `available_after`, or an identified published value (a lottery
    draw). A form that many values fit would let whoever runs the draw try them until one suits them."""

    available_after: ConfigTime = Field(
        description="When the value is published: for drand, the source is the first round at or after it. "
        "No earlier than the end of voting."
    )
    drand: DrandBeacon | None = Field(
        default=None, description="A drand beacon chain; the value is `round <N> <randomness in hex>`."
    )
    identifier: Annotated[str, StringConstraints(min_length=1, max_length=300)] | None = Field(
        default=None,
        description="Which one published value this is, e.g. 'the EuroMillions draw no. 1868 of Friday "
        "2026-09-18'; recorded before voting closes and shown with the draw. With `pattern`.",
    )
    pattern: Annotated[str, StringConstraints(min_length=3, max_length=300)] | None = Field(
        default=None,
        description=(
            "With `identifier`: the exact form its value must take, a regular expression (Python `re`, ASCII) "
            "anchored with ^ and $. `draw` and `results` refuse any other spelling: whoever types the value "
            "must not be able to pick among spellings that each give a different order."
        ),
    )
    description: Annotated[str, StringConstraints(max_length=500)] = Field(
        default="", description="How to read and write the value; shown when it is missing."
    )

    @field_validator("pattern")
    @classmethod
    def _pattern_is_exact(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not (value.startswith("^") and value.endswith("$")) or value.endswith("\\$"):
            raise ValueError("a draw pattern must start with ^ and end with $ (it describes the whole value)")
        if not value.isascii():
            raise ValueError("a draw pattern must be ASCII")
        try:
            compiled = re.compile(value, re.ASCII)
        except re.error as error:
            raise ValueError(f"the draw pattern is not a regular expression: {error}") from None
        if compiled.fullmatch(""):
            raise ValueError("a draw pattern must not accept an empty value")
        return value

    @model_validator(mode="after")
    def _one_value(self) -> DrawSource:
        if self.drand is None and self.identifier is None:
            what = "only a `pattern`, which many values fit" if self.pattern else "no value"
            raise ValueError(
                f"this draw source gives {what}: whoever runs the draw could try them until one gives the "
                f"order they like. A draw source must {_DRAW_SOURCE_FORMS}"
            )
        if self.drand is not None and self.identifier is not None:
            raise ValueError(
                "a draw source is either `drand` or `identifier`, not both; make them two sources"
            )
        if self.drand is not None and self.pattern is not None:
            raise ValueError(
                "a drand source has one form, `round <N> <randomness>`, fixed by the bot: remove `pattern`"
            )
        if self.identifier is not None:
            if self.pattern is None:
                raise ValueError("an `identifier` source needs `pattern`: the one spelling of its value")
            if "drand" in self.identifier.casefold():
                raise ValueError(
                    "for a drand beacon use `drand:` with its chain, not `identifier`: the bot then derives "
                    "the one round and refuses any other"
                )
        return self


class Withdrawal(Strict):
    """A nominee who withdrew after their nomination was merged, as recorded by the admins. The count
    leaves them out (their marks on any ballot are not counted) and the announcement names them."""

    login: Login = Field(description="The nominee's GitHub login.")
    note: Annotated[str, StringConstraints(max_length=500)] = Field(
        default="", description="Shown in the announcement, e.g. 'withdrew by email on 2026-09-02'."
    )


class Voting(Strict):
    """How the ballots are counted (`election-bot results --ballots`, docs/explanation/results.md)."""

    method: Literal["approval", "bloc-star"] = Field(
        default="approval",
        description="approval: one vote per candidate marked (BLT ballots); "
        "bloc-star: Bloc STAR on score ballots (star.vote CSV), tabulated with starvote.",
    )
    max_score: StrictInt = Field(
        default=5, ge=1, le=10, description="bloc-star only: the highest score a ballot may give."
    )
    electors: StrictInt | None = Field(
        default=None,
        ge=1,
        description="The electors (those who affirmed their intention to vote, where the election asks that), recorded once the "
        "affirmation closed; `results --ballots` and the site use it for the quorum unless --electors is given.",
    )
    withdrawn: list[Withdrawal] = Field(
        default_factory=list, description="Nominees who withdrew; they are not counted."
    )


class Election(Strict):
    """`nominations/<election-id>/election.yaml`."""

    id: Annotated[str, StringConstraints(pattern=ELECTION_ID_PATTERN)] = Field(
        description="Must equal the folder name."
    )
    title: ShortText = Field(description="The election's name, in every announcement and on the site.")
    scope: Literal["whole-council", "partial"] = Field(
        description="whole-council: every seat is elected; partial: some cohorts keep sitting."
    )
    seats: StrictInt = Field(ge=1, le=100, description="Seats to fill: the cohorts' seats added up.")
    cohorts: list[Cohort] = Field(min_length=1, description="Filled in rank order: first cohort first.")
    eligible_membership: list[MembershipClass] = Field(
        min_length=1, description="The membership classes that may stand, e.g. [member]."
    )
    community: Community = Field(
        default_factory=lambda: Community(),
        description="Who runs the election and by which rules: the words every message uses.",
    )
    contact: Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")] = Field(
        description="The admins' e-mail address, given to nominees and voters in every text."
    )
    admins: list[Admin] = Field(
        default_factory=list,
        description="Election admins besides those with write access to the repository (their commands count).",
    )
    timezone: str | None = Field(
        default=None,
        max_length=64,
        description="IANA time zone, e.g. Europe/Berlin: times without an offset are wall-clock times "
        "there, and every message shows that local time next to UTC. Without it every time needs an "
        "offset and messages show UTC.",
    )
    timezone_note: str | None = Field(
        default=None,
        max_length=200,
        description="One sentence about times shown in announcements; the default names the zone.",
    )
    site: HttpsUrl | None = Field(
        default=None,
        description="The public site's address (`election-bot site`), e.g. https://example-org.github.io/elections/: "
        "announcements link to the election's page there, which shows every time in the reader's own time "
        "zone and offers the timeline as a calendar file (.ics).",
    )
    phases: list[Phase] = Field(
        min_length=1,
        description="The timeline, in the order the phases start; exactly one `nominations` and one `voting`.",
    )
    statement: StatementLimits = Field(
        default_factory=StatementLimits, description="Limits on the nominee's statement and file."
    )
    required_attestations: list[Attestation] = Field(
        default_factory=list, description="Statements every nominee must make in their file."
    )
    ineligible: list[IneligibleAccount] = Field(
        default_factory=list, description="Accounts that may not stand, each with the reason shown to them."
    )
    conflict_of_interest: ConflictOfInterest = Field(
        default_factory=ConflictOfInterest,
        description="The cap on members tied to one entity, and what counts as a tie.",
    )
    quorum: Annotated[StrictFloat, Field(gt=0, le=1)] | None = Field(
        default=0.5,
        description="Share of electors who must cast a ballot for anyone to be elected, e.g. 0.5; `null`: "
        "the rules set no quorum, and the results never speak of one.",
    )
    draw: list[DrawSource] = Field(default_factory=list, description="Public seed values for tie draws.")
    # `voting` in election.yaml; `Election.voting` is the voting phase, so the attribute is `counting`.
    counting: Voting = Field(
        default_factory=Voting, alias="voting", description="How the ballots are counted."
    )

    @model_validator(mode="before")
    @classmethod
    def _wall_clock(cls, data: Any) -> Any:
        """Resolve wall-clock times in the election's zone, refusing those that mean no or two instants
        and offsets the zone does not have on that date (bot/config/zones.py)."""
        return _resolve_times(data)

    @property
    def site_page(self) -> str | None:
        """The election's page on the public site, when the election names its site."""
        return f"{self.site.rstrip('/')}/{self.id}/" if self.site else None

    @property
    def zone(self) -> ZoneInfo | None:
        """The election's zone, or None: messages then show UTC only."""

        return zone_named(self.timezone) if self.timezone is not None else None

    @property
    def time_note(self) -> str:
        """The sentence about times that announcements and calendars show."""
        if self.timezone_note is not None:
            return self.timezone_note
        if self.timezone is None:
            return "All times are UTC."
        return f"Times are shown in {self.timezone} local time, with UTC beside them."

    @field_validator("quorum", mode="before")
    @classmethod
    def _no_zero_quorum(cls, value: Any) -> Any:
        """0 would be a quorum that no ballot is needed to meet: say how to write "no quorum"."""
        if type(value) in (int, float) and value == 0:
            raise ValueError(
                "a quorum of 0 is met without a single ballot; write `quorum: null` if your rules set no quorum"
            )
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, name: str | None) -> str | None:

        if name is not None:
            try:
                zone_named(name)
            except TimeRefusedError as refused:
                raise _time_error("timezone", refused) from None
        return name

    @field_validator("phases")
    @classmethod
    def _unique_phase_ids(cls, phases: list[Phase]) -> list[Phase]:
        seen: set[str] = set()
        for phase in phases:
            if phase.id in seen:
                raise ValueError(f"phase id {phase.id!r} appears twice; phase ids must be unique")
            seen.add(phase.id)
        return phases

    @model_validator(mode="after")
    def _consistent(self) -> Election:
        coi = self.conflict_of_interest
        coi._body = self.seats + len(coi.sitting_members)
        problem = _consistency_problem(self)
        if problem is not None:
            where, message = problem
            # The location travels in the error's context so the loader can point at the right line.
            raise PydanticCustomError("election_consistency", message, {"where": where})
        return self

    @property
    def membership_classes(self) -> tuple[str, ...]:
        """Every class a member can hold: the community's list, else the eligible ones."""
        return tuple(self.community.membership.classes or self.eligible_membership)

    def phase_of_kind(self, kind: PhaseKind) -> Phase:
        return next(p for p in self.phases if p.kind is kind)

    @property
    def nominations(self) -> Phase:
        return self.phase_of_kind(PhaseKind.nominations)

    @property
    def voting(self) -> Phase:
        return self.phase_of_kind(PhaseKind.voting)

    @property
    def undescribed(self) -> tuple[Phase, ...]:
        """The phases that ask voters to act (affirmation, voting) but have no `description`: nothing then
        tells a voter how (where to affirm, who sends the ballot). `validate` warns of each; the site
        falls back to a sentence that sends them to the contact."""
        return tuple(
            p
            for p in self.phases
            if p.kind in (PhaseKind.affirmation, PhaseKind.voting) and not p.description.strip()
        )

    def phase(self, phase_id: str) -> Phase | None:
        return next((p for p in self.phases if p.id == phase_id), None)

    def is_admin_login(self, login: str, user_id: int | None) -> bool:
        """Configured admins: matched by numeric id when the config pins one, else by login."""
        for admin in self.admins:
            if admin.id is not None:
                if user_id is not None and admin.id == user_id:
                    return True
            elif same_login(admin.login, login):
                return True
        return False


def _resolve_times(data: Any) -> Any:
    if not isinstance(data, dict) or not isinstance(data.get("timezone"), str):
        return data  # no zone: every time needs its offset, and the fields say so

    try:
        zone = zone_named(data["timezone"])
    except TimeRefusedError as refused:
        raise _time_error("timezone", refused) from None
    resolved = dict(data)
    for key, fields in (("phases", ("start", "end")), ("draw", ("available_after",))):
        items = data.get(key)
        if not isinstance(items, list):
            continue
        out: list[Any] = []
        for position, item in enumerate(items):
            if isinstance(item, dict):
                item = dict(item)
                for name in fields:
                    value = item.get(name)
                    if isinstance(value, str) and _has_clock(value):
                        try:
                            item[name] = localise(value, zone)
                        except TimeRefusedError as refused:
                            raise _time_error(f"{key}.{position}.{name}", refused) from None
                        except ValueError:
                            pass  # not ISO 8601: the field's own validation says so
            out.append(item)
        resolved[key] = out
    return resolved


def _has_clock(text: str) -> bool:
    """A date with a time of day (a bare date stays refused: which hour would it be?)."""
    return len(text.strip()) > len("2026-07-28")


def _time_error(where: str, refused: Any) -> PydanticCustomError:

    problem = refused.problem
    message = CATALOGUE[problem.code].template.format(**problem.params)
    # Braces in a message would be read as placeholders by pydantic; the values are in the context.
    return PydanticCustomError(
        "election_time",
        message.replace("{", "(").replace("}", ")"),
        {"where": where, "code": problem.code, "params": problem.params},
    )


_SEQUENTIAL = [PhaseKind.nominations, PhaseKind.candidates, PhaseKind.voting]


def _consistency_problem(election: Election) -> tuple[str, str] | None:
    """The first way the election does not hang together: (dotted location, message), or None."""
    total = sum(c.seats for c in election.cohorts)
    if total != election.seats:
        return (
            "seats",
            f"the cohorts' seats add up to {total} but `seats` is {election.seats}; make them equal",
        )
    index = {p.id: i for i, p in enumerate(election.phases)}
    for phase in election.phases:
        if phase.end <= phase.start:
            return (
                f"phases.{index[phase.id]}.end",
                f"phase {phase.id!r} ends before it starts; move `end` later",
            )
    for kind in (PhaseKind.nominations, PhaseKind.voting):
        count = sum(1 for p in election.phases if p.kind is kind)
        if count != 1:
            return "phases", f"an election needs exactly one phase of kind {kind.value!r} (found {count})"
    ordered = sorted(
        (p for p in election.phases if p.kind in _SEQUENTIAL), key=lambda p: _SEQUENTIAL.index(p.kind)
    )
    for earlier, later in itertools.pairwise(ordered):
        if later.start < earlier.end:
            return (
                f"phases.{index[later.id]}.start",
                f"phase {later.id!r} starts before phase {earlier.id!r} ends; "
                f"{earlier.kind.value} must be over before {later.kind.value} begins",
            )
    voting = election.phase_of_kind(PhaseKind.voting)
    for phase in election.phases:
        if phase.kind is PhaseKind.affirmation and phase.end > voting.start:
            return (
                f"phases.{index[phase.id]}.end",
                f"phase {phase.id!r} (affirmation) must end by the time voting starts",
            )
    for position, source in enumerate(election.draw):
        if source.available_after < voting.end:
            return (
                f"draw.{position}.available_after",
                "a draw value must be published no earlier than the end of voting, so that nobody knows it "
                "while ballots are cast; move `available_after` to or after the voting phase's `end`",
            )
    model = election.community.membership
    known = election.membership_classes
    for klass in election.eligible_membership:
        if klass not in known:
            return (
                "eligible_membership",
                f"`{klass}` is not one of `community.membership.classes` ({', '.join(known)}); add it there",
            )
    for old, retired in model.retired.items():
        if old in known:
            return (
                f"community.membership.retired.{old}",
                f"`{old}` is retired but also listed as a class; keep it in one place",
            )
        if retired.became not in known:
            return (
                f"community.membership.retired.{old}.became",
                f"`{retired.became}` is not a membership class ({', '.join(known)})",
            )
    coi = election.conflict_of_interest
    if election.scope == "whole-council" and coi.sitting_members:
        return (
            "conflict_of_interest.sitting_members",
            "a whole-council election has no sitting members; remove them or set `scope: partial`",
        )

    try:
        resolve_aliases(coi.entity_aliases)
    except AliasError as error:
        return "conflict_of_interest.entity_aliases", str(error)
    for position, (before, after) in enumerate(
        zip(election.phases, election.phases[1:], strict=False), start=1
    ):
        if after.start < before.start:
            return f"phases.{position}", "list the phases in the order they start"
    return None


def utc(dt: datetime) -> datetime:
    """Every time the bot shows or compares is UTC; naive datetimes never get this far."""
    if dt.tzinfo is None:
        raise ValueError("naive datetime")
    return dt.astimezone(UTC)
