"""The caller workflows of an elections repository: thin files that hold the triggers and the permissions
and call election-bot's reusable workflows, pinned to one commit.

One owner for their text: `election-bot init` writes them for an adopter (pinned to a release's commit
SHA, so Dependabot can bump them), and this repository's own `.github/workflows/` holds exactly the same
files calling its reusable workflows at the running commit (`$/`); a test keeps the two identical.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bot.github.values import Workflow

REVIEW_RELAY_NAME = "Nomination review relay"  # the check's workflow_run trigger names it exactly

# The schedules, each in a workflow of its own (a "timer"): in a public repository GitHub disables a
# scheduled workflow after 60 days without activity, and a disabled workflow runs on no trigger at all.
# With the schedule apart, Phases and Site keep their `push` and `workflow_dispatch` triggers whatever
# happens to a timer. Offset minutes, never :00 (GitHub's documented peak, when scheduled runs are late or
# dropped), and never the same minutes for the two timers.
PHASES_CRON = "4,14,24,34,44,54 * * * *"
SITE_CRON = "7,17,27,37,47,57 * * * *"
WORKFLOWS_DIR = ".github/workflows"
PHASES_TIMER = "phases-timer.yml"
SITE_TIMER = "site-timer.yml"
# The environment that holds the membership secrets (the reusable check's `environment` input's default) and
# the secrets' names: the roster, or the membership service's address and token.
ENVIRONMENT = "election-bot"
ROSTER_SECRET_NAME = "ELECTION_BOT_ROSTER_CSV"  # noqa: S105 - a secret's name, not its value
SERVICE_SECRET_NAMES = ("ELECTION_BOT_MEMBERSHIP_URL", "ELECTION_BOT_MEMBERSHIP_TOKEN")
# The read-only fine-grained token the Doctor workflow uses when an admin stores one in the environment:
# without it, the job's GITHUB_TOKEN cannot read the settings only an admin sees.
DOCTOR_TOKEN_SECRET = "ELECTION_BOT_DOCTOR_TOKEN"  # noqa: S105 - a secret's name, not its value
CHECK_CALLER = "nomination-check.yml"
DOCTOR_CALLER = "doctor.yml"
# Every workflow file `init` writes (the callers and the timers), by file name.
BOT_WORKFLOWS = (
    DOCTOR_CALLER,
    CHECK_CALLER,
    "nomination-review.yml",
    "phases.yml",
    PHASES_TIMER,
    "results.yml",
    "site.yml",
    SITE_TIMER,
)

_REPOSITORY = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")
_SHA = re.compile(r"^[0-9a-f]{40}$")
_TAG = re.compile(r"^v\d+\.\d+\.\d+$")
_BRANCH = re.compile(r"^[A-Za-z0-9._/-]{1,100}$")


@dataclass(frozen=True, slots=True)
class Pin:
    """Which reusable workflows the callers call: this repository's own at the running commit (`SELF`),
    or `repository` at `ref` (a 40-hex commit SHA, or a release tag), with the release in a comment."""

    repository: str | None = None
    ref: str | None = None
    version: str | None = None

    def __post_init__(self) -> None:
        if self.repository is None:
            return
        if not _REPOSITORY.match(self.repository):
            raise ValueError(f"not a GitHub repository (OWNER/NAME): {self.repository!r}")
        if not (self.ref and (_SHA.match(self.ref) or _TAG.match(self.ref))):
            raise ValueError(
                f"pin the workflows to a 40-hex commit SHA or a release tag vX.Y.Z, not {self.ref!r}"
            )

    @property
    def by_sha(self) -> bool:
        return self.repository is None or bool(self.ref and _SHA.match(self.ref))

    @property
    def pip_source(self) -> str | None:
        """What pip (and `pipx run --spec`) installs this pinned election-bot from: its repository at the
        pinned commit or tag (pip's VCS form `git+https://…@ref`); None for `SELF`."""
        if self.repository is None:
            return None
        return f"git+https://github.com/{self.repository}@{self.ref}"

    def uses(self, workflow: str) -> str:
        if self.repository is None:
            return f"$/.github/workflows/{workflow}"
        comment = f" # v{self.version}" if self.version else (f" # {self.ref}" if not self.by_sha else "")
        return f"{self.repository}/.github/workflows/{workflow}@{self.ref}{comment}"


SELF = Pin()

_SUPPRESS = "# zizmor: ignore[dangerous-triggers] --"


def _header(title: str, lines: list[str], pin: Pin, workflow: str) -> str:
    where = (
        f"this repository's {workflow}, at the same commit"
        if pin.repository is None
        else f"{pin.repository}'s {workflow}, pinned to one commit (Dependabot can bump it)"
    )
    text = [f"# {title}: calls {where}.", "#", *(f"# {line}" if line else "#" for line in lines)]
    text += [
        "#",
        "# Written by `election-bot init`; docs/explanation/workflows.md in election-bot explains every line.",
    ]
    return "\n".join(text) + "\n"


def nomination_check(pin: Pin) -> str:
    return _header(
        "Nomination check",
        [
            "One report comment, one check run and triage labels on every pull request. This file only holds",
            "the triggers: pull_request_target, issue_comment and workflow_run run it from the default branch",
            "with the base repository's token, even for pull requests from forks, and the called workflow",
            "never checks out, installs or runs anything from the pull request.",
        ],
        pin,
        "reusable-nomination-check.yml",
    ) + (
        "name: Nomination check\n"
        "\n"
        "on:\n"
        f"  pull_request_target:  {_SUPPRESS} never checks out the PR; see docs/explanation/workflows.md\n"
        "    types: [opened, synchronize, reopened, edited, ready_for_review]\n"
        f"  issue_comment:  {_SUPPRESS} never checks out the PR; see docs/explanation/workflows.md\n"
        "    types: [created]\n"
        f"  workflow_run:  {_SUPPRESS} reads nothing the relay wrote; see docs/explanation/workflows.md\n"
        f"    workflows: [{REVIEW_RELAY_NAME}]\n"
        "    types: [completed]\n"
        "  workflow_dispatch:  # people with write access may check a pull request again by hand\n"
        "    inputs:\n"
        "      pr:\n"
        "        description: The pull request number to check again\n"
        "        type: string\n"
        "        required: true\n"
        "\n"
        "permissions: {}\n"
        "\n"
        "jobs:\n"
        "  check:\n"
        "    name: Nomination check\n"
        "    permissions:\n"
        "      contents: read        # check out the default branch; read the pull request's files through the API\n"
        "      pull-requests: write  # the report comment and triage labels (issue endpoints on a pull request)\n"
        "      checks: write         # the check run and its line annotations\n"
        "      actions: read         # notice a disabled timer (GitHub stops a schedule after 60 quiet days)\n"
        f"    uses: {pin.uses('reusable-nomination-check.yml')}\n"
    )


def review_relay() -> str:
    return (
        "# Nomination review relay: turns a review on a nomination pull request into a privileged re-check.\n"
        "#\n"
        "# A review from a fork's pull request runs with a read-only GITHUB_TOKEN and no secrets (and, for a pull\n"
        "# request from a fork, with this file as the pull request has it), so this workflow cannot post the check\n"
        "# itself. It does nothing but finish; its completion triggers the `workflow_run` path of\n"
        "# nomination-check.yml, which runs the default branch's code with the base repository's token and\n"
        "# re-checks the pull request from GitHub's own state. See docs/explanation/workflows.md.\n"
        "#\n"
        "# Nothing here reads the pull request or the review: a fork may replace this file, and nothing\n"
        "# downstream trusts anything it does.\n"
        f"name: {REVIEW_RELAY_NAME}\n"
        "\n"
        "on:\n"
        "  pull_request_review:\n"
        "    types: [submitted, dismissed]\n"
        "\n"
        "permissions: {}\n"
        "\n"
        "concurrency:\n"
        "  group: nomination-review-${{ github.event.pull_request.number }}\n"
        "  cancel-in-progress: false\n"
        "\n"
        "jobs:\n"
        "  relay:\n"
        "    name: Relay the review to the nomination check\n"
        "    runs-on: ubuntu-24.04\n"
        "    timeout-minutes: 2\n"
        "    permissions: {}\n"
        "    steps:\n"
        "      - name: Record the review\n"
        '        run: echo "A review was submitted or dismissed; the nomination check re-runs with the base '
        "repository's token.\"\n"
    )


# A timer calls the same reusable workflow as the workflow it times, so the job (its permissions above all)
# is written once, here, for both.
def _phases_job(pin: Pin, issues_note: str) -> str:
    return (
        "jobs:\n"
        "  phases:\n"
        "    name: Phases\n"
        "    permissions:\n"
        "      contents: read       # check out the default branch: election configs and merged nominations\n"
        f"      issues: write        # the announcement issues{issues_note}\n"
        "      pull-requests: write # at the cut-off: label the nomination pull requests still open\n"
        f"    uses: {pin.uses('reusable-phases.yml')}\n"
    )


def _site_job(pin: Pin) -> str:
    return (
        "jobs:\n"
        "  site:\n"
        "    name: Site\n"
        "    permissions:\n"
        "      contents: read  # build: check out the default branch\n"
        "      issues: read    # build: link each phase to its announcement issue\n"
        "      pages: write    # deploy: publish the uploaded site (GitHub's deploy-pages action alone)\n"
        "      id-token: write # deploy: the OIDC token GitHub Pages asks for (GitHub's deploy-pages action alone)\n"
        f"    uses: {pin.uses('reusable-site.yml')}\n"
    )


def phases(pin: Pin, branch: str) -> str:
    return _header(
        "Phases",
        [
            "Opens, updates and closes one announcement issue per election phase: on every push to the default",
            "branch that changes nominations/ (a merged nomination updates the candidate list at once), and by",
            "hand, optionally as a dry run with read-only permissions. The ten-minute schedule is phases-timer.yml:",
            "GitHub disables a scheduled workflow after 60 quiet days, and this file must never be disabled.",
        ],
        pin,
        "reusable-phases.yml",
    ) + (
        "name: Phases\n"
        "\n"
        "on:\n"
        "  push:\n"
        f"    branches: [{branch}]\n"
        '    paths: ["nominations/**"]\n'
        "  workflow_dispatch:\n"
        "    inputs:\n"
        "      dry_run:\n"
        "        description: Only show what the reconciler would do; change nothing on GitHub\n"
        "        type: boolean\n"
        "        default: false\n"
        "\n"
        "permissions: {}\n"
        "\n"
        + _phases_job(pin, " (a dry run asks for read only)")
        + ("    with:\n      dry-run: ${{ github.event_name == 'workflow_dispatch' && inputs.dry_run }}\n")
    )


def results(pin: Pin) -> str:
    return _header(
        "Results",
        [
            "Counts an election from the files committed in results/<election>/ and posts the announcement as",
            "the bot, in an issue of its own (edited in place when run again) linked from the voting issue. By",
            "hand only (Actions → Results → Run workflow), after the counts and any tie resolutions were merged.",
        ],
        pin,
        "reusable-results.yml",
    ) + (
        "name: Results\n"
        "\n"
        "on:\n"
        "  workflow_dispatch:\n"
        "    inputs:\n"
        "      election:\n"
        "        description: The election id (its folder under nominations/)\n"
        "        type: string\n"
        "        required: true\n"
        "\n"
        "permissions: {}\n"
        "\n"
        "jobs:\n"
        "  results:\n"
        "    name: Results\n"
        "    permissions:\n"
        "      contents: read # check out the default branch\n"
        "      issues: write  # the results issue, and the comment linking it on the voting issue\n"
        f"    uses: {pin.uses('reusable-results.yml')}\n"
        "    with:\n"
        "      election: ${{ inputs.election }}\n"
    )


def site(pin: Pin, branch: str) -> str:
    return _header(
        "Site",
        [
            "Builds the elections' public web site from the default branch and publishes it with GitHub Pages:",
            "on every push that changes nominations/ or results/, and by hand; site-timer.yml rebuilds it on a",
            "schedule (the site shows which phase is open and counts down to its end). Enable Pages once:",
            'Settings → Pages → Source: "GitHub Actions".',
        ],
        pin,
        "reusable-site.yml",
    ) + (
        "name: Site\n"
        "\n"
        "on:\n"
        "  push:\n"
        f"    branches: [{branch}]\n"
        '    paths: ["nominations/**", "results/**"]\n'
        "  workflow_dispatch:\n"
        "\n"
        "permissions: {}\n"
        "\n" + _site_job(pin)
    )


def doctor(pin: Pin) -> str:
    return _header(
        "Doctor",
        [
            "A read-only readiness check of this repository before an election (`election-bot doctor`), by hand",
            "only (Actions → Doctor → Run workflow); its lines land in the job summary, and the run fails unless",
            f"everything is ready. With the environment secret {DOCTOR_TOKEN_SECRET} (a read-only fine-grained",
            "token) it sees the settings only an admin sees; without it those items say 'could not check'.",
        ],
        pin,
        "reusable-doctor.yml",
    ) + (
        "name: Doctor\n"
        "\n"
        "on:\n"
        "  workflow_dispatch:\n"
        "\n"
        "permissions: {}\n"
        "\n"
        "jobs:\n"
        "  doctor:\n"
        "    name: Doctor\n"
        "    permissions:\n"
        "      contents: read # check out the default branch; read the workflow files\n"
        "      actions: read  # the workflows' states; the environment and its branch policy\n"
        "      issues: read   # the labels\n"
        "      pages: read    # the Pages site, when an election names one\n"
        f"    uses: {pin.uses('reusable-doctor.yml')}\n"
    )


def _timer_lines(runs: str, other: str) -> list[str]:
    return [
        f"{runs}. Only the schedule lives here: in a public repository",
        "GitHub disables a scheduled workflow after 60 days without activity, and a disabled workflow runs",
        f"on no trigger at all, so {other} (push, by hand) must not hold it. While this timer is disabled",
        "the nomination check says so; enable it again (Actions → this workflow → Enable workflow) and its",
        "next run catches up. Minutes off the hour: GitHub runs scheduled workflows late, or drops them, at :00.",
    ]


def phases_timer(pin: Pin) -> str:
    return _header(
        "Phases timer",
        _timer_lines("Runs the phases reconciler every ten minutes", "phases.yml"),
        pin,
        "reusable-phases.yml",
    ) + (
        "name: Phases timer\n"
        "\n"
        "on:\n"
        "  schedule:\n"
        f'    - cron: "{PHASES_CRON}"\n'
        "\n"
        "permissions: {}\n"
        "\n" + _phases_job(pin, "")
    )


def site_timer(pin: Pin) -> str:
    return _header(
        "Site timer",
        _timer_lines("Rebuilds and publishes the site every ten minutes", "site.yml"),
        pin,
        "reusable-site.yml",
    ) + (
        "name: Site timer\n"
        "\n"
        "on:\n"
        "  schedule:\n"
        f'    - cron: "{SITE_CRON}"\n'
        "\n"
        "permissions: {}\n"
        "\n" + _site_job(pin)
    )


def caller_workflows(pin: Pin, branch: str = "main") -> dict[str, str]:
    """Every caller workflow, by its path in the elections repository."""
    if not _BRANCH.match(branch):
        raise ValueError(f"not a branch name: {branch!r}")
    folder = WORKFLOWS_DIR
    return {
        f"{folder}/{DOCTOR_CALLER}": doctor(pin),
        f"{folder}/{CHECK_CALLER}": nomination_check(pin),
        f"{folder}/nomination-review.yml": review_relay(),
        f"{folder}/phases.yml": phases(pin, branch),
        f"{folder}/{PHASES_TIMER}": phases_timer(pin),
        f"{folder}/results.yml": results(pin),
        f"{folder}/site.yml": site(pin, branch),
        f"{folder}/{SITE_TIMER}": site_timer(pin),
    }


_WHY_STOPPED = {
    "disabled_inactivity": "GitHub disabled it after 60 days without activity in the repository",
    "disabled_manually": "someone disabled it",
    "disabled_fork": "GitHub keeps a fork's workflows disabled until someone enables them",
}


def stopped(workflows: Iterable[Workflow]) -> list[Workflow]:
    """The bot's workflows (the files `init` writes) that GitHub will not run, by file name."""
    return sorted((w for w in workflows if w.file in BOT_WORKFLOWS and not w.active), key=lambda w: w.file)


def stopped_notice(workflow: Workflow, code: Callable[[str], str]) -> str:
    """One sentence for the admins: which workflow does not run, why, and the exact fix (`code` formats a
    name or command for the text's format, e.g. a Markdown code span)."""
    name, path = code(workflow.name), code(workflow.path)
    if workflow.state == "deleted":
        return (
            f"The workflow {name} ({path}) is gone from the default branch, so it never runs: restore the "
            f"file (`election-bot init` writes it)."
        )
    why = _WHY_STOPPED.get(workflow.state, f"its state is {code(workflow.state)}")
    return (
        f"The workflow {name} ({path}) does not run: {why}. Enable it (Actions → {name} → Enable "
        f"workflow, or {code('gh workflow enable ' + workflow.file)}); its next run catches up on every "
        "phase it missed."
    )


def dependabot_yml() -> str:
    """Dependabot keeps the callers' pins current: a new election-bot release comes as a pull request that
    moves the commit SHA and its `# vX.Y.Z` comment together."""
    return "\n".join(
        [
            "# Written by `election-bot init`: Dependabot proposes each new election-bot release (and of any other",
            "# action you use) as a pull request that moves the pinned commit and its `# vX.Y.Z` comment.",
            "version: 2",
            "updates:",
            "  - package-ecosystem: github-actions",
            '    directory: "/"',
            "    schedule:",
            "      interval: weekly",
            "",
        ]
    )


def choose_pin(
    release: str, installed_commit: Callable[[], str | None], repository: str | None, bot_ref: str | None
) -> tuple[Pin | None, str]:
    """The caller workflows' pin and what to tell the admin: `bot_ref`, else the commit this release was
    installed from (PEP 610, asked only for a release), else this release's tag; none for a development
    build (whose commit is not a release anyone can pin) or when the bot's own repository is not known
    (neither the package metadata nor `--bot-repository` says it). A bad `bot_ref` is a ValueError."""
    is_release = re.fullmatch(r"\d+\.\d+\.\d+", release) is not None
    if repository is None:
        return None, (
            "this election-bot's package metadata names no repository of its own, so no workflows were "
            "written: run init again with --bot-repository OWNER/NAME (where its reusable workflows are)"
        )
    commit = installed_commit() if is_release else None
    ref = bot_ref or commit or (f"v{release}" if is_release else None)
    if ref is None:
        return None, (
            f"this election-bot ({release}) is not a release, so no workflows were written: run init again "
            "with --bot-ref <commit SHA> of the election-bot release to pin them to"
        )
    pin = Pin(repository, ref, release if is_release else None)
    if pin.by_sha:
        return pin, f"commit the workflows in .github/workflows/ (pinned to {repository}@{ref[:12]})"
    return pin, (
        f"the workflows are pinned to the tag {ref}: replace it with that tag's commit SHA "
        f"(git ls-remote https://github.com/{repository} refs/tags/{ref}) before committing them"
    )
