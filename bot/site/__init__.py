"""The elections' public web site, pure: statements made safe (`statement`), an SVG chart (`chart`), the
pages (`pages`) from the facts the `site` command gathers (`model`)."""
