"""Where an election's files are in a repository: `nominations/<election>/election.yaml` and one
`nominations/<election>/<login>.md` per nominee. The one owner of that layout; light (no models), so that
the command line can use it without slowing `--help`."""

from __future__ import annotations

NOMINATIONS_ROOT = "nominations"  # the folder of a repository that holds one folder per election
