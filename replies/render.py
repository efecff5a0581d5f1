"""Render one notice: its subject, text and HTML, from Jinja2 templates.

Waiver texts are versioned files ``waivers/<version>.txt.j2`` (``waivers/<version>.<lang>.txt.j2``
in another language; English where there is none). Each notice is a pair ``<name>.txt.j2`` (first
line ``Subject: …``, then the text) and ``<name>.html.j2`` (extends ``_layout.html.j2``); every text
ends with ``_footer.txt.j2``. A folder named in the config overrides any file by name. The words of
the notices a party reads are gettext messages (``{% trans %}``, see ``replies/i18n.py``): each
language renders through its own environment, English exactly as written. StrictUndefined: a
template that names a value the bot does not provide fails loudly in tests instead of sending a hole to a customer. HTML is autoescaped; values people
sent us (a company name with Jinja syntax or markup in it) are data, never template code.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from replies import i18n

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"


class TemplateError(Exception):
    """A template is missing or broken."""


ROLE_WORDS = {"client": i18n.Np_("role", "client"), "old_partner": i18n.Np_("role", "current partner"),
              "new_provider": i18n.Np_("role", "new provider"), "staff": i18n.Np_("role", "staff"),
              "stranger": i18n.Np_("role", "sender (not a party)")}
# The words a status, a milestone or its state stand for (English: the values themselves).
WORDS = {
    "status": [i18n.Np_("status", "intake"), i18n.Np_("status", "waiting"), i18n.Np_("status", "disputed"),
               i18n.Np_("status", "transferring"), i18n.Np_("status", "completed"),
               i18n.Np_("status", "cancelled")],
    "milestone": [i18n.Np_("milestone", "intake"), i18n.Np_("milestone", "waiver"),
                  i18n.Np_("milestone", "acceptance"), i18n.Np_("milestone", "transfer"),
                  i18n.Np_("milestone", "followup")],
    "state": [i18n.Np_("state", "pending"), i18n.Np_("state", "done"), i18n.Np_("state", "skipped"),
              i18n.Np_("state", "overridden")],
}


@dataclass(frozen=True)
class RenderedNotice:
    subject: str
    text: str
    html: str


class Renderer:
    def __init__(self, override_folder: str | Path | None = None) -> None:
        folders = [str(override_folder)] if override_folder else []
        self.loader = jinja2.FileSystemLoader([*folders, str(PACKAGE_TEMPLATES)])
        self._environments: dict[str, jinja2.Environment] = {}
        self.env = self.environment(i18n.SOURCE)

    def environment(self, language: str) -> jinja2.Environment:
        """The environment that writes ``language`` (one each: translations are installed
        per environment, so two languages never share one mid-render)."""
        env = self._environments.get(language)
        if env is None:
            env = jinja2.Environment(
                loader=self.loader,
                undefined=jinja2.StrictUndefined,
                autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default=False),
                keep_trailing_newline=True,
                trim_blocks=False,
                extensions=["jinja2.ext.i18n"],
            )
            env.newstyle_gettext = True  # (the functions format their variables, escaped in HTML)
            env.globals.update(i18n.jinja_functions(language))
            # Roles in plain words for the people reading: "the current partner", not "old_partner".
            env.filters["role_words"] = lambda role, language=language: i18n.text(
                language, ROLE_WORDS[str(role)], "role") if str(role) in ROLE_WORDS else str(role)
            for kind, words in WORDS.items():  # ("completed" | status_words)
                env.filters[f"{kind}_words"] = lambda value, kind=kind, words=words, language=language: i18n.text(
                    language, str(value), kind) if str(value) in words else str(value)
            # A value set in bold inside a translated sentence (HTML): the words stay one message.
            env.filters["strong"] = lambda value: Markup("<strong>%s</strong>") % value
            self._environments[language] = env
        return env

    def languages(self) -> tuple[str, ...]:
        """English and every language with a catalog."""
        return i18n.languages()

    def messages(self) -> list[tuple[str | None, str]]:
        """(context, message) of every message the notices use: the templates' as loaded (an
        override folder included) and the words the code gives them (from the catalog template)."""
        found = set(i18n.code_messages())
        for name in self.env.list_templates(extensions=["j2"]):
            source = self.env.loader.get_source(self.env, name)[0]
            for _, function, message in self.env.extract_translations(source):
                if isinstance(message, str):
                    found.add((None, message))
                elif function == "pgettext" and len(message) == 2:
                    found.add((message[0], message[1]))
        return sorted(found, key=lambda item: (item[0] or "", item[1]))

    def names(self) -> list[str]:
        """Every notice that has a text template (partials start with an underscore)."""
        found = {name[: -len(".txt.j2")] for name in self.env.list_templates(extensions=["j2"])
                 if name.endswith(".txt.j2") and not name.startswith("_") and "/" not in name}
        return sorted(found)

    def render(self, name: str, context: dict, language: str = i18n.SOURCE) -> RenderedNotice:
        env = self.environment(language)
        context = {**context, "language": language}
        try:
            text = env.get_template(f"{name}.txt.j2").render(context)
            html = env.get_template(f"{name}.html.j2").render(context)
        except jinja2.TemplateNotFound as exc:
            raise TemplateError(f"no template {exc.name!r} for notice {name!r}") from None
        except jinja2.UndefinedError as exc:
            raise TemplateError(f"template {name!r}: {exc.message}") from None
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(f"template {exc.name or name!r} line {exc.lineno}: {exc.message}") from None
        subject, body = _split_subject(name, text)
        return RenderedNotice(subject=subject, text=body + self._footer(env, context), html=html)

    def _footer(self, env: jinja2.Environment, context: dict) -> str:
        """What every text notice ends with (``_footer.txt.j2``: the words of the mail a staff
        notice is about, quoted; the party's status link)."""
        try:
            footer = env.get_template("_footer.txt.j2").render(context)
        except jinja2.TemplateNotFound:
            return ""
        except (jinja2.UndefinedError, jinja2.TemplateSyntaxError) as exc:
            raise TemplateError(f"template _footer.txt.j2: {exc.message}") from None
        return "\n" + footer.strip("\n") + "\n" if footer.strip() else ""

    def render_waiver(self, version: str, context: dict, language: str = i18n.SOURCE) -> str:
        """The waiver text of ``version`` in ``language`` (English where that has none)."""
        return self.render_waiver_in(version, context, language)[0]

    def render_waiver_in(self, version: str, context: dict, language: str = i18n.SOURCE) -> tuple[str, str]:
        """(the waiver text, the language it is in): ``waivers/<version>.<lang>.txt.j2``, else
        the English ``waivers/<version>.txt.j2``."""
        language = self.waiver_language(version, language)
        name = f"waivers/{version}.txt.j2" if language == i18n.SOURCE else f"waivers/{version}.{language}.txt.j2"
        try:
            return self.env.get_template(name).render(context).strip() + "\n", language
        except jinja2.TemplateNotFound:
            raise TemplateError(f"no waiver text for version {version!r} (expected waivers/{version}.txt.j2)") from None
        except (jinja2.UndefinedError, jinja2.TemplateSyntaxError) as exc:
            raise TemplateError(f"waiver text {version!r}: {exc.message}") from None

    def waiver_language(self, version: str, language: str) -> str:
        """``language`` when the waiver has a text in it, else English."""
        if language != i18n.SOURCE:
            try:
                self.env.get_template(f"waivers/{version}.{language}.txt.j2")
                return language
            except jinja2.TemplateNotFound:
                pass
        return i18n.SOURCE


def _split_subject(name: str, text: str) -> tuple[str, str]:
    first, _, rest = text.partition("\n")
    if not first.startswith("Subject:"):
        raise TemplateError(f"template {name}.txt.j2 must start with a 'Subject: …' line")
    return " ".join(first[len("Subject:"):].split()), rest.lstrip("\n")
