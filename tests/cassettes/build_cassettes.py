"""Build the gateway's VCR cassettes from GitHub's own published response examples. Deterministic.

    uv run python tests/cassettes/build_cassettes.py     # rewrites tests/cassettes/*.yaml and targets.json

The response bodies are the examples (`components.examples`) of GitHub's REST API description, read
from the repository's one copy of it, `tests/fakehub/contract/data/api.github.com.subset.json` (npm
`@octokit/openapi` 23.0.2, `generated/api.github.com.json`; MIT, Copyright (c) 2020 Octokit
contributors; provenance and licence next to it in tests/fakehub/contract/data/). The only departures are listed
in `REPAIRS` below and in the interactions that say so (404 bodies, which the description gives no
example for, use GitHub's standard error shape).

Each cassette mirrors one test in `tests/github/test_vcr.py`, request for request, against the
repository `octocat/Hello-World` and the numbers the examples themselves carry (pull request 1347, its
head sha, comment 1, check run 4, user octocat with id 1). `targets.json` records those values; a
maintainer who re-records against a scratch repository (see tests/github/conftest.py) replaces both.
"""

from __future__ import annotations

import argparse
import base64
import copy
import json
import sys
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vcr.serializers import yamlserializer

HERE = Path(__file__).resolve().parent
SPEC = HERE.parent / "fakehub" / "contract" / "data" / "api.github.com.subset.json"
TARGETS = HERE / "targets.json"
API = "https://api.github.com"

# What the tests ask for when they replay these cassettes (tests/github/test_vcr.py reads targets.json).
EXAMPLE_TARGETS: dict[str, Any] = {
    "source": "github-examples",
    "repo": "octocat/Hello-World",
    "pull": 1347,
    "file": "README.md",
    "file_symlink": "link-to-readme",
    "other_symlink": "bin/some-symlink",
    "submodule": "test/qunit",
    "directory": "lib",
    "missing": "no-such-file.md",
    "label": "bug",
    "new_label": "election-bot-vcr",
    "bot_login": "octocat",
}

NOT_FOUND = {"message": "Not Found", "documentation_url": "https://docs.github.com/rest"}
HEAD_SHA = "6dcb09b5b57875f334f61aebed695e2e4193db5e"  # head.sha of the pull-request example
MARKER_USER_MISSING = "no-such-user-election-bot"


def _repair_readme(example: dict[str, Any]) -> dict[str, Any]:
    """GitHub's README.md example is internally inconsistent: its base64 holds literal backslash-n
    sequences and its `size` (5362) is not the length of what it encodes. The gateway rightly refuses it
    (see test_get_file_refuses_githubs_inconsistent_example, which replays it verbatim); the scenario
    cassettes use a copy with the literal sequences removed and `size` set to the decoded length."""
    fixed = copy.deepcopy(example)
    content = fixed["content"].replace("\\n", "")
    decoded = base64.b64decode(content, validate=True)
    fixed["content"] = "\n".join(content[i : i + 60] for i in range(0, len(content), 60)) + "\n"
    fixed["size"] = len(decoded)
    return fixed


REPAIRS = {"content-file-response-if-content-is-a-file": _repair_readme}


@dataclass
class Cassette:
    name: str
    interactions: list[dict[str, Any]] = field(default_factory=list)

    def add(
        self,
        method: str,
        path: str,
        body: Any,
        *,
        status: int = 200,
        query: dict[str, str] | None = None,
    ) -> None:
        uri = API + path
        if query:
            uri += "?" + urllib.parse.urlencode(query)
        reason = {200: "OK", 201: "Created", 404: "Not Found"}[status]
        self.interactions.append(
            {
                "request": {"body": None, "headers": {}, "method": method, "uri": uri},
                "response": {
                    "status": {"code": status, "message": reason},
                    "headers": {"Content-Type": ["application/json; charset=utf-8"]},
                    "body": {"string": json.dumps(body, ensure_ascii=False)},
                },
            }
        )

    def write(self, out: Path) -> Path:
        path = out / f"{self.name}.yaml"
        path.write_text(yamlserializer.serialize({"interactions": self.interactions, "version": 1}))
        return path


def load_examples() -> dict[str, Any]:
    spec = json.loads(SPEC.read_text(encoding="utf-8"))
    return {name: example["value"] for name, example in spec["components"]["examples"].items()}


def build(out: Path = HERE) -> list[Path]:
    ex = load_examples()
    fixed = {name: REPAIRS[name](value) if name in REPAIRS else value for name, value in ex.items()}
    t = EXAMPLE_TARGETS
    repo = f"/repos/{t['repo']}"
    pull = t["pull"]
    page = {"per_page": "100"}
    ref = {"ref": HEAD_SHA}

    def contents(path: str) -> str:
        return f"{repo}/contents/{urllib.parse.quote(path, safe='/')}"

    cassettes: list[Cassette] = []

    c = Cassette("test_pull_request_reads")
    c.add("GET", f"{repo}/pulls", ex["pull-request-simple-items"], query={"state": "open", **page})
    c.add("GET", f"{repo}/pulls/{pull}", ex["pull-request"])
    c.add("GET", f"{repo}/pulls/{pull}/files", ex["diff-entry-items"], query=page)
    c.add("GET", f"{repo}/pulls/{pull}/reviews", ex["pull-request-review-items"], query=page)
    cassettes.append(c)

    c = Cassette("test_contents")
    readme = fixed["content-file-response-if-content-is-a-file"]
    c.add("GET", f"{repo}/pulls/{pull}", ex["pull-request"])
    c.add("GET", contents(t["file"]), readme, query=ref)
    # A symlink to a regular file: GitHub answers with the target's object (path README.md).
    c.add("GET", contents(t["file_symlink"]), readme, query=ref)
    c.add("GET", contents(t["other_symlink"]), ex["content-file-response-if-content-is-a-symlink"], query=ref)
    c.add("GET", contents(t["submodule"]), ex["content-file-response-if-content-is-a-submodule"], query=ref)
    c.add("GET", contents(t["missing"]), NOT_FOUND, status=404, query=ref)
    c.add("GET", contents(t["directory"]), ex["content-file-response-if-content-is-a-directory"], query=ref)
    c.add("GET", contents(t["file"]), readme, query=ref)  # again, with a max_bytes it exceeds
    cassettes.append(c)

    c = Cassette("test_get_file_refuses_githubs_inconsistent_example")
    c.add("GET", contents("README.md"), ex["content-file-response-if-content-is-a-file"], query=ref)
    cassettes.append(c)

    c = Cassette("test_people")
    user = ex["public-user-default-response"]
    c.add("GET", f"{repo}/pulls/{pull}", ex["pull-request"])
    c.add("GET", "/users/octocat", user)
    # GET /user/{account_id} is not in the subset; it returns the same public-user schema.
    c.add("GET", "/user/1", user)
    c.add(
        "GET",
        f"{repo}/collaborators/octocat/permission",
        ex["repository-collaborator-permission-response-if-user-has-admin-permissions"],
    )
    c.add("GET", f"/users/{MARKER_USER_MISSING}", NOT_FOUND, status=404)
    c.add("GET", f"{repo}/collaborators/{MARKER_USER_MISSING}/permission", NOT_FOUND, status=404)
    cassettes.append(c)

    c = Cassette("test_comments")
    c.add("POST", f"{repo}/issues/{pull}/comments", ex["issue-comment"], status=201)
    c.add("PATCH", f"{repo}/issues/comments/1", ex["issue-comment"])
    c.add("GET", f"{repo}/issues/{pull}/comments", ex["issue-comment-items"], query=page)
    cassettes.append(c)

    c = Cassette("test_labels")
    c.add("GET", f"{repo}/labels", ex["label-items"], query=page)
    c.add("GET", f"{repo}/labels", ex["label-items"], query=page)  # ensure_labels lists first
    c.add("POST", f"{repo}/labels", ex["label"], status=201)  # creates only the missing one
    c.add("POST", f"{repo}/issues/{pull}/labels", ex["label-items"])
    c.add("DELETE", f"{repo}/issues/{pull}/labels/{t['label']}", ex["label-items-2"])
    c.add("DELETE", f"{repo}/issues/{pull}/labels/phase%2Fnot-there", NOT_FOUND, status=404)
    cassettes.append(c)

    c = Cassette("test_check_run")
    c.add("GET", f"{repo}/pulls/{pull}", ex["pull-request"])
    c.add("POST", f"{repo}/check-runs", ex["check-run-example-of-completed-conclusion"], status=201)
    c.add("PATCH", f"{repo}/check-runs/4", ex["check-run"])  # annotations 51-60
    c.add("PATCH", f"{repo}/check-runs/4", ex["check-run"])  # update_check_run
    cassettes.append(c)

    c = Cassette("test_issues")
    labelled = {"labels": t["label"], "state": "all", **page}
    c.add("GET", f"{repo}/issues", ex["issue-items"], query=labelled)
    c.add("POST", f"{repo}/issues", ex["issue"], status=201)
    c.add("GET", f"{repo}/issues/1347", ex["issue"])
    c.add("PATCH", f"{repo}/issues/1347", ex["issue"])
    c.add("GET", f"{repo}/issues", ex["issue-items"], query=labelled)  # find_bot_issue
    cassettes.append(c)

    (out / TARGETS.name).write_text(json.dumps(EXAMPLE_TARGETS, indent=2) + "\n", encoding="utf-8")
    return [cassette.write(out) for cassette in cassettes]


def main(argv: list[str]) -> int:
    argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None).parse_args(argv)
    for path in build():
        print(f"wrote {path.relative_to(HERE.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
