"""`python -m bot` is the same as the `election-bot` console script."""

import sys

from bot.cli import main

sys.exit(main())
