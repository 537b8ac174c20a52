"""The engines that turn the rendered Markdown pages into the site's HTML, besides the default.

MkDocs with Material is the default engine (generator/engines/mkdocs.py, generator/verbs/site.py);
`python -m generator site --engine zensical` builds the same pages with Zensical (zensical.py).
docs/engines.md says what each supports and how they differ.
"""
