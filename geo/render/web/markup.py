"""The one way to build HTML: Jinja2 templates (geo/render/web/templates/) with autoescape on.

Every value that reaches a tooltip, legend, label, the briefing panel or an export header goes through a template
macro, so it is escaped whether it comes from the data, a URL or a translation; only the fixed tags of the
templates are markup. `escape` is the same escaping for a bare text value (a map label).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader
from markupsafe import escape as _escape

TEMPLATES = Path(__file__).resolve().parent / "templates"


@lru_cache(maxsize=1)
def _env() -> Environment:
    # auto_reload off: the templates ship with the code (a changed template needs a restart, like a changed module),
    # and a map rerun renders a thousand popup lines, each of which would otherwise stat the template file.
    return Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True, lstrip_blocks=True, auto_reload=False
    )


def render(template: str, macro: str, *args: object, **kwargs: object) -> str:
    """The HTML of one macro of a template file, e.g. render("map.html", "tip", title, lines)."""
    return str(getattr(_env().get_template(template).module, macro)(*args, **kwargs))


def escape(value: object) -> str:
    return str(_escape(str(value)))
