"""One nomination pull request as GitHub and the checkout show it, read for the check (`election-bot pr`):
the files of exactly the head it judges, the comments it reads, the nominee's account, the file at another
commit, an earlier open nomination of the same person, the membership answer, the election and the merged
candidates' entities. Each read is one request or none; what they mean is decided in `bot.nominations`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from bot import nominations as prcheck
from bot.config.loading import HARD_MAX_BYTES
from bot.config.models import Election, same_valid_login
from bot.errors import UsageError
from bot.github.port import ChangedFile, Comment, GitHubPort, GitHubUnavailable, PullRequest, Review, User
from bot.github.values import is_bot
from bot.nominations import FileSelection, ReportState, record
from bot.nominations.comments import ListedComment, listed
from bot.nominations.event import EventFacts
from bot.nominations.membership import MembershipAnswer, MembershipState
from bot.nominations.shared_entities import EntityIndex
from bot.ports.checkout import ElectionRegistry, read_merged
from bot.ports.directory import MembershipDirectory
from bot.text import finding_formats as render_findings

log = logging.getLogger(__name__)

# Comments are read as the first page (the bot's report is posted when the pull request opens) and the
# newest page: a flood of comments cannot spend the budget, and the ones between are not acted on.
COMMENT_PAGES = 2


def pinned_files(gh: GitHubPort, ours: PullRequest) -> tuple[PullRequest, list[ChangedFile]]:
    """The file list of exactly the head this run judges. The head and the list come from two
    requests; a push between them gives a list of a newer commit (each entry's `contents_url` names
    the commit it was made for). Then the pull request is read again, once; a head still moving is
    GitHub's state changing under the run: nothing is decided (exit 3), the push's own run follows."""
    changed = gh.list_pull_files(ours.number)
    if all(f.ref in (None, ours.head_sha) for f in changed):
        return ours, changed
    again = gh.get_pull(ours.number)
    changed = gh.list_pull_files(ours.number)
    if again.state == "open" and all(f.ref in (None, again.head_sha) for f in changed):
        return again, changed
    raise GitHubUnavailable(
        f"the pull request's head moved while it was being read (#{ours.number}); its next run checks it",
        operation="list_pull_files",
    )


def read_comments(gh: GitHubPort, event: EventFacts) -> list[ListedComment]:
    """The comments this run reads (the first and the newest page), with this event's own comment as it
    was created when GitHub does not list it yet; a deleted one is left out."""
    bot = gh.bot_login
    comments = [listed(c, bot) for c in gh.list_issue_comments(event.number, pages=COMMENT_PAGES)]
    own_event = event.comment
    if (
        own_event is not None
        and event.action == "created"
        and all(c.comment.id != own_event.id for c in comments)
    ):
        # Not listed yet: the event's own copy, as it was created.
        comments.append(ListedComment(own_event, False, is_bot(own_event.author.login, bot)))
    if own_event is not None and event.action == "deleted":
        comments = [c for c in comments if c.comment.id != own_event.id]
    return comments


def resolve_nominee(
    gh: GitHubPort, login: str, pull: PullRequest, people: Sequence[Comment], state: ReportState, blob: str
) -> tuple[User | None, list[Review]]:
    """The nominee's account, learnt as cheaply as possible: the PR's author, someone who commented,
    someone who reviewed, else one `get_user`. Consent is then matched by numeric id. The reviews are
    read unless a `/consent` already on the record is bound to the file as it is now."""
    if same_valid_login(login, pull.author.login):
        return pull.author, []
    nominee = prcheck.identify(login, (c.author for c in people))
    reviews: list[Review] = []
    bound = {c.ref for c in state.consents if c.via == "comment" and c.blob == blob}
    if nominee is None or not any(c.id in bound for c in prcheck.consent_comments(people, nominee)):
        reviews = gh.list_reviews(pull.number)
        nominee = nominee or prcheck.identify(login, (r.author for r in reviews))
    if nominee is None:
        nominee = gh.get_user(login)
    return nominee, reviews


def blob_reader(gh: GitHubPort, chosen: ChangedFile) -> Callable[[str], str]:
    """The nomination file's blob at another commit, read once when the record does not know it ("" when
    it is not a regular file there)."""

    def read(commit: str) -> str:
        found = gh.get_file(chosen.filename, commit, HARD_MAX_BYTES)
        if found is None or found.kind != "file" or found.content is None:
            return ""
        return record.blob_sha(found.content)

    return read


def membership(directory: MembershipDirectory, nominee: User | None) -> MembershipAnswer:
    if nominee is None:
        return MembershipAnswer(MembershipState.unverified, reason="the GitHub account does not exist")
    try:
        return directory.lookup(nominee.login, nominee.id)
    except Exception as error:  # a directory must never break the check: fail closed
        log.warning("membership lookup failed: %s", type(error).__name__)
        return MembershipAnswer(MembershipState.unverified, reason="the membership directory failed")


def open_duplicate(
    gh: GitHubPort, open_pulls: Sequence[PullRequest], ours: PullRequest, election_id: str, login: str
) -> int | None:
    """An earlier open PR nominating the same person: found by its `nominee:` label in the one list of
    open PRs, then confirmed from its files (a label alone proves nothing: anyone with triage rights
    can add one)."""
    label = prcheck.nominee_label(login)
    rivals = sorted(
        (p for p in open_pulls if p.number != ours.number and any(lb.casefold() == label for lb in p.labels)),
        key=lambda p: (p.created_at, p.number),
    )
    for rival in rivals:
        if not prcheck.earlier(rival, ours):
            continue
        if any(prcheck.is_nomination_of(f, election_id, login) for f in gh.list_pull_files(rival.number)):
            return rival.number
    return None


def merged_entities(registry: ElectionRegistry, election: Election | None) -> EntityIndex | None:
    """The merged candidates' entities, from the checkout of the default branch (no request)."""
    if election is None:
        return None
    merged, _ = read_merged(registry.root / election.id, election)
    candidates = ((m.nomination.github, m.nomination.affiliations) for m in merged)
    return EntityIndex.build(candidates, election.conflict_of_interest)


def election_for(registry: ElectionRegistry, selection: FileSelection) -> Election | None:
    if not selection.election_id:
        return None
    loaded = registry.get(selection.election_id)
    if loaded is None:
        return None
    if loaded.election is None:
        problems = render_findings.as_text(loaded.findings)
        raise UsageError(f"the configuration of election {selection.election_id} is invalid:\n{problems}")
    return loaded.election
