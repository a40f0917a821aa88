"""GitHub's values and the port; `bot.github.gateway` is the only PyGithub importer."""
