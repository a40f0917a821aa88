"""Ballot files as the voting service exports them, and their tally. Pure: bytes and text in, totals out.

- `blt`: the BLT format (OpaVote's "Download Ballots", OpenSTV), counted as approval ballots;
- `starcsv`: star.vote's score-ballot CSV, tabulated as Bloc STAR by `blocstar` with `starvote`;
- `names`: the ballot's display names mapped to the merged nominations;
- `count`: everything together, with the cross-checks (seats, electors, the service's own totals).

File formats: docs/reference/results-files.md; the counting rules: docs/explanation/results.md.
"""
