"""``mkdocs build`` with the checker's errors ignored: what the site would publish if check let everything through.

The checker is the first line of defence; the sanitiser, the escaping and the
publication rules for files are the second. Run as a script with mkdocs'
arguments (``python tests/unchecked_build.py build --strict -f mkdocs.yml``),
it drops every ERROR from the plugin's repository load, so that a test can
show that what the checker refuses would still reach the site harmless.
"""

from __future__ import annotations

import sys

import generator.mkdocs_plugin
from generator.problems import ERROR

_load_repository = generator.mkdocs_plugin.load_repository


def _load_ignoring_errors(*args, **kwargs):
    repo = _load_repository(*args, **kwargs)
    repo.problems = [p for p in repo.problems if p.severity != ERROR]
    return repo


if __name__ == "__main__":
    generator.mkdocs_plugin.load_repository = _load_ignoring_errors
    from mkdocs.__main__ import cli

    sys.argv[0] = "mkdocs"
    cli()
