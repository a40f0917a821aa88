"""The fictional election every benchmark runs against (one definition, shared)."""

ELECTION_ID = "bench-2026"
ELECTION = """\
id: bench-2026
title: Benchmark election (fictional)
scope: whole-council
seats: 5
cohorts: [{id: A, seats: 2, term_years: 2}, {id: B, seats: 3, term_years: 1}]
eligible_membership: [supporting, contributing, fellow]
contact: elections@example.org
phases:
  - {id: nominations, kind: nominations, title: Nominations, start: "2026-07-28T14:00:00Z", end: "2026-08-11T14:00:00Z"}
  - {id: affirmation, kind: affirmation, title: Voter affirmation, start: "2026-07-28T14:00:00Z", end: "2026-08-25T14:00:00Z"}
  - {id: candidates, kind: candidates, title: Candidates, start: "2026-08-13T14:00:00Z", end: "2026-09-01T14:00:00Z"}
  - {id: voting, kind: voting, title: Voting, start: "2026-09-01T14:00:00Z", end: "2026-09-15T14:00:00Z"}
statement: {min_words: 5, max_words: 1500}
"""
NOMINATION = """\
---
name: Nominee {i}
github: {login}
psf_membership: fellow
affiliations:
  - organization: Example Corp {i}
    relationship: employer
    role: Engineer
---
I maintain packaging tools and would serve on the council with care; statement number {i}.
"""
