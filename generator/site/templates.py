"""The Jinja environment of every generated page fragment: autoescaped, templates overridable by the theme.

Templates live in ``generator/templates/``; a theme can replace any of them
by putting a file of the same name in ``<theme custom_dir>/disclosure/``.
Views (:mod:`.views`) give the templates plain data, never markup.
"""

from __future__ import annotations

import functools
from pathlib import Path

import jinja2
import markupsafe

from ..rules import VALIDITY_CLASS

PACKAGE_TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


@functools.cache
def environment(overrides: tuple[str, ...] = ()) -> jinja2.Environment:
    """One environment per set of override folders (searched first, in order)."""
    loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(p)) for p in overrides]
                                 + [jinja2.FileSystemLoader(str(PACKAGE_TEMPLATES))])
    env = jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined, auto_reload=False)
    env.globals["validity_class"] = VALIDITY_CLASS
    return env


def render(name: str, overrides: tuple[str, ...] = (), **data) -> str:
    """A template's output. Another template embeds it only when it is passed as :func:`fragment`."""
    return environment(overrides).get_template(name).render(**data)


def fragment(html: str) -> markupsafe.Markup:
    """HTML made by a template (or the package's own stylesheet), to be embedded in another template unescaped."""
    return markupsafe.Markup(html)
