"""Render one notice: its subject, text and HTML, from Jinja2 templates.

Waiver texts are versioned files ``waivers/<version>.txt.j2``. Each notice is a pair ``<name>.txt.j2`` (first line ``Subject: …``, then the text) and
``<name>.html.j2`` (extends ``_layout.html.j2``); every text ends with ``_footer.txt.j2``. A folder named in the config overrides any
file by name. StrictUndefined: a template that names a value the bot does not provide fails
loudly in tests instead of sending a hole to a customer. HTML is autoescaped; values people
sent us (a company name with Jinja syntax or markup in it) are data, never template code.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"


class TemplateError(Exception):
    """A template is missing or broken."""


ROLE_WORDS = {"client": "client", "old_partner": "current partner", "new_provider": "new provider",
              "staff": "staff", "stranger": "sender (not a party)"}


@dataclass(frozen=True)
class RenderedNotice:
    subject: str
    text: str
    html: str


class Renderer:
    def __init__(self, override_folder: str | Path | None = None) -> None:
        folders = [str(override_folder)] if override_folder else []
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([*folders, str(PACKAGE_TEMPLATES)]),
            undefined=jinja2.StrictUndefined,
            autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default=False),
            keep_trailing_newline=True,
            trim_blocks=False,
        )
        # Roles in plain words for the people reading: "the current partner", not "old_partner".
        self.env.filters["role_words"] = lambda role: ROLE_WORDS.get(str(role), str(role))

    def names(self) -> list[str]:
        """Every notice that has a text template (partials start with an underscore)."""
        found = {name[: -len(".txt.j2")] for name in self.env.list_templates(extensions=["j2"])
                 if name.endswith(".txt.j2") and not name.startswith("_") and "/" not in name}
        return sorted(found)

    def render(self, name: str, context: dict) -> RenderedNotice:
        try:
            text = self.env.get_template(f"{name}.txt.j2").render(context)
            html = self.env.get_template(f"{name}.html.j2").render(context)
        except jinja2.TemplateNotFound as exc:
            raise TemplateError(f"no template {exc.name!r} for notice {name!r}") from None
        except jinja2.UndefinedError as exc:
            raise TemplateError(f"template {name!r}: {exc.message}") from None
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(f"template {exc.name or name!r} line {exc.lineno}: {exc.message}") from None
        subject, body = _split_subject(name, text)
        return RenderedNotice(subject=subject, text=body + self._footer(context), html=html)

    def _footer(self, context: dict) -> str:
        """What every text notice ends with (``_footer.txt.j2``: the words of the mail a staff
        notice is about, quoted; the party's status link)."""
        try:
            footer = self.env.get_template("_footer.txt.j2").render(context)
        except jinja2.TemplateNotFound:
            return ""
        except (jinja2.UndefinedError, jinja2.TemplateSyntaxError) as exc:
            raise TemplateError(f"template _footer.txt.j2: {exc.message}") from None
        return "\n" + footer.strip("\n") + "\n" if footer.strip() else ""

    def render_waiver(self, version: str, context: dict) -> str:
        try:
            return self.env.get_template(f"waivers/{version}.txt.j2").render(context).strip() + "\n"
        except jinja2.TemplateNotFound:
            raise TemplateError(f"no waiver text for version {version!r} (expected waivers/{version}.txt.j2)") from None
        except (jinja2.UndefinedError, jinja2.TemplateSyntaxError) as exc:
            raise TemplateError(f"waiver text {version!r}: {exc.message}") from None


def _split_subject(name: str, text: str) -> tuple[str, str]:
    first, _, rest = text.partition("\n")
    if not first.startswith("Subject:"):
        raise TemplateError(f"template {name}.txt.j2 must start with a 'Subject: …' line")
    return " ".join(first[len("Subject:"):].split()), rest.lstrip("\n")
