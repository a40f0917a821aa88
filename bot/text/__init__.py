"""Words the bot writes: the finding catalogue, Markdown, markers, labels, wording, text guards."""
