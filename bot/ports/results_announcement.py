"""The results announcement on GitHub (`results --post`): its own issue, posted as the bot, that names every
phase issue, and one comment on the voting phase's issue pointing to it; an admin's token comments the
announcement on the voting phase's issue instead. Only what the same account wrote is edited.
"""

from __future__ import annotations

from bot.errors import UsageError
from bot.github.port import MAX_BODY_CHARS, GitHubPort
from bot.github.values import is_bot
from bot.phases import issue_numbers
from bot.ports.announcements import observe_issues
from bot.results.outcome import ResultsReport
from bot.results.text import as_markdown, issue_title, results_link, titled
from bot.text import labels as vocab
from bot.text.markers import marker


def results_marker(election_id: str) -> str:
    """The hidden marker the results announcement is found again by."""
    return marker(vocab.MarkerKind.RESULTS, election=election_id)


def post_results(gh: GitHubPort, report: ResultsReport) -> tuple[str, str]:
    """Publish the announcement; returns where (a URL) and what was done (posted, updated, unchanged).

    Posting as the bot (the results workflow's token), the results get an issue of their own, labelled
    and marked like the phase issues, which names every phase issue (so GitHub links each of them to it),
    and the voting phase's issue gets one comment pointing to it, for its subscribers. An admin's token
    cannot speak for the bot: it comments the announcement on the voting phase's issue instead.

    Only what the same account wrote is edited; a results marker on anyone else's issue or comment is
    never trusted, so it is neither edited nor taken as "already posted"."""
    election = report.election
    numbers = issue_numbers(observe_issues(gh), election.id)  # the bot's phase issues (one request)
    voting = numbers.get(election.voting.id)
    if voting is None:
        raise UsageError(
            f"the announcement issue of the voting phase `{election.voting.id}` was not found (label "
            f"{vocab.BOT.name}, opened by {gh.bot_login}); nothing was posted"
        )
    own_marker = results_marker(election.id)
    me = gh.acting_login()
    if not is_bot(me, gh.bot_login):
        # A comment has no title of its own: a heading says what it is.
        return _comment_once(gh, voting, f"{titled(report, '##')}\n{own_marker}\n", own_marker, me)
    announcements = [(p.title, numbers[p.id]) for p in election.phases if p.id in numbers]
    body = _postable(f"{as_markdown(report, announcements)}\n{own_marker}\n")
    issue = gh.find_bot_issue(own_marker, vocab.BOT.name)
    if issue is None:
        issue = gh.create_issue(issue_title(election), body, [vocab.BOT.name], marker=own_marker)
        done = "posted"
    elif issue.body != body:
        issue = gh.edit_issue(issue.number, body=body)
        done = "updated"
    else:
        done = "unchanged"
    link = marker(vocab.MarkerKind.RESULTS_LINK, election=election.id)
    _comment_once(gh, voting, f"{results_link(issue.number)}\n\n{link}\n", link, me)
    return issue.html_url, done


def _postable(body: str) -> str:
    """The body, if GitHub takes a body that long."""
    if len(body) > MAX_BODY_CHARS:
        raise UsageError(
            f"the announcement is {len(body)} characters, over GitHub's {MAX_BODY_CHARS}; not posted"
        )
    return body


def _comment_once(gh: GitHubPort, number: int, body: str, own_marker: str, me: str) -> tuple[str, str]:
    """Comment `body` on the issue, or edit this account's earlier comment carrying the marker."""
    body = _postable(body)
    earlier = [
        c for c in gh.list_issue_comments(number) if c.author.is_bot_author(me) and own_marker in c.body
    ]
    if earlier:
        latest = max(earlier, key=lambda c: c.id)
        if latest.body == body:
            return latest.html_url, "unchanged"
        return gh.edit_issue_comment(latest.id, body).html_url, "updated"
    return gh.create_issue_comment(number, body, marker=own_marker).html_url, "posted"
