"""The console's routes: parse the request, call the application function, render a template.

No workflow decision lives here (ARCHITECTURE.md): actions go through ``mailbot.desk``, which
hands them to ``decide`` as a mailed command would be. Every page is rendered on the server
with Jinja2 (autoescaped) under a strict Content-Security-Policy: no script runs on any page,
and inbound mail is shown as text only, never as HTML.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import jinja2
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import (
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from mailbot import desk, report, requests
from mailbot.app import App, build_calendar
from mailbot.domain.intake import LABELS
from mailbot.status_pages import PartyStatus, party_status
from mailbot.store.cases import get_case
from mailbot.store.models import Case, InboundMail, OutboundMail
from mailbot.store.uow import UnitOfWork
from mailbot.views import case_json, cases_json
from mailbot.web import queries
from mailbot.web.auth import RateLimit, SignIn, csrf_ok, new_csrf_token
from mailbot.web.health import health, metrics_text
from mailbot.web.plot import month_bars
from parsers.form import FIELDS
from replies import i18n

log = logging.getLogger("mailbot.web")

HERE = Path(__file__).parent
CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # The sign-in link is in a URL: it must never travel on in a Referer header.
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    # Nothing here is for search engines: a party's status page least of all.
    "X-Robots-Tag": "noindex, nofollow",
}
COMMANDS = ("complete", "cancel", "reopen", "override waiver", "override intake", "extend", "set", "merge", "note")
# Commands whose reason the console requires: they end or bypass a party's answer.
NEEDS_REASON = ("cancel", "override waiver", "override intake")


def utc_now() -> datetime:
    return datetime.now(UTC)


def _page(request: Request) -> int:
    """The ``page`` query parameter; a page that is no number is the first."""
    try:
        return int(request.query_params.get("page", "1"))
    except ValueError:
        return 1


class Console:
    """The web application; ``clock`` and ``wake_sender`` come from whoever serves it."""

    def __init__(self, app: App, clock: Callable[[], datetime] = utc_now,
                 wake_sender: Callable[[], None] | None = None,
                 watcher_connected: Callable[[], bool | None] | None = None) -> None:
        self.app = app
        self.clock = clock
        self.wake_sender = wake_sender or (lambda: None)
        self.watcher_connected = watcher_connected
        web = app.config.web
        self.tz = app.config.sla.timezone
        self.sign_in = SignIn(app, web.base_url, web.login_minutes, web.session_hours)
        self.per_address = RateLimit(3, 15 * 60)
        self.per_ip = RateLimit(20, 15 * 60)
        self.requests_per_address = RateLimit(3, 60 * 60)
        self.requests_per_ip = RateLimit(10, 60 * 60)
        self.env = self._environment(i18n.SOURCE)
        self._party_envs: dict[str, jinja2.Environment] = {}
        secret, _ = app.config.secret()
        session_key = hmac.new(secret, b"web-session", hashlib.sha256).hexdigest()
        self.asgi = Starlette(routes=self._routes(), middleware=[
            Middleware(SessionMiddleware, secret_key=session_key, session_cookie="mailbot_session",
                       max_age=web.session_hours * 3600, same_site="lax",
                       https_only=web.base_url.startswith("https://")),
        ])

    # -- plumbing ------------------------------------------------------------------------

    def _routes(self) -> list:
        staff = self._staff_page
        return [
            Route("/healthz", self.healthz), Route("/metrics", self.metrics),
            Route("/login", self.login_form, methods=["GET"]), Route("/login", self.login_post, methods=["POST"]),
            Route("/login/{token}", self.login_link), Route("/logout", self.logout, methods=["POST"]),
            Route("/request", self.request_form, methods=["GET"]),
            Route("/request", self.request_post, methods=["POST"]),
            Route("/request/confirm/{token}", self.request_confirm),
            Route("/status/{token}", self.status_page),
            Route("/", staff(self.needs_you)),
            Route("/cases", staff(self.cases)),
            Route("/cases/{ref}", staff(self.case)),
            Route("/cases/{ref}/evidence.zip", staff(self.evidence)),
            Route("/cases/{ref}/command", staff(self.command), methods=["POST"]),
            Route("/mail/in/{id:int}", staff(self.mail_in)),
            Route("/mail/in/{id:int}/accept", staff(self.accept), methods=["POST"]),
            Route("/mail/in/{id:int}/replay", staff(self.replay), methods=["POST"]),
            Route("/mail/out/{id:int}", staff(self.mail_out)),
            Route("/mail/out/{id:int}/retry", staff(self.retry), methods=["POST"]),
            Route("/outbox", staff(self.outbox)),
            Route("/quarantine", staff(self.quarantine)),
            Route("/report", staff(self.sla_report)),
            Route("/api/cases", staff(self.api_cases, api=True)),
            Route("/api/cases/{ref}", staff(self.api_case, api=True)),
            Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
        ]

    async def __call__(self, scope, receive, send) -> None:
        async def with_headers(message) -> None:
            if message["type"] == "http.response.start":
                headers = message.setdefault("headers", [])
                names = {name.lower() for name, _ in headers}
                for name, value in SECURITY_HEADERS.items():
                    if name.lower().encode() not in names:
                        headers.append((name.lower().encode(), value.encode()))
            await send(message)

        await self.asgi(scope, receive, with_headers if scope["type"] == "http" else send)

    def _csrf(self, request: Request) -> str:
        token = request.session.get("csrf")
        if not isinstance(token, str):
            token = request.session["csrf"] = new_csrf_token()
        return token

    def _environment(self, language: str) -> jinja2.Environment:
        """The templates, speaking ``language`` (the staff pages speak English; a party's page
        the party's language, from the notices' catalogs)."""
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")),
                                 autoescape=True, undefined=jinja2.StrictUndefined,
                                 extensions=["jinja2.ext.i18n"])
        env.policies["ext.i18n.trimmed"] = True  # (messages are looked up folded: replies/i18n.py)
        env.install_gettext_translations(i18n.translations(language), newstyle=True)
        env.filters["local"] = lambda instant: queries.local_time(instant, self.tz)
        env.filters["isodate"] = lambda value: datetime.fromisoformat(value) if value else None
        env.filters["business"] = report.business_time
        return env

    def _party_env(self, language: str) -> jinja2.Environment:
        if language not in self._party_envs:
            self._party_envs[language] = self._environment(language)
        return self._party_envs[language]

    def render(self, request: Request, name: str, code: int = 200, read_only: bool = False,
               language: str = i18n.SOURCE, **context) -> HTMLResponse:
        """``read_only``: a page with no form, which starts no session (a party's status page);
        ``language``: the party's, for its page."""
        env = self.env if language == i18n.SOURCE else self._party_env(language)
        template = env.get_template(name)
        html = template.render(csrf_token="" if read_only else self._csrf(request),
                               staff=request.scope.get("staff"),
                               flash=None if read_only else request.session.pop("flash", None),
                               path=request.url.path, timezone=self.tz, lang=language, **context)
        return HTMLResponse(html, status_code=code)

    def _staff_page(self, handler, api: bool = False):
        async def endpoint(request: Request) -> Response:
            staff = await run_in_threadpool(self.sign_in.staff, request.session.get("login"), self.clock())
            if staff is None:
                if api:
                    return JSONResponse({"error": "sign in first"}, status_code=401)
                return RedirectResponse("/login", status_code=303)
            if request.method == "POST":
                form = await request.form()
                if not csrf_ok(request.session.get("csrf"), form.get("csrf_token")):
                    return PlainTextResponse("This form has expired: reload the page and try again.", 403)
                request.state.form = form
            request.scope["staff"] = staff.email
            # (the pages read the database: in a worker thread, so the daemon's loop never waits)
            return await run_in_threadpool(handler, request)

        return endpoint

    def _done(self, request: Request, result: desk.ActionResult, back: str) -> Response:
        request.session["flash"] = {"ok": result.ok, "message": result.message, "notices": result.notices}
        if result.ok and result.notices:
            self.wake_sender()
        return RedirectResponse(back, status_code=303)

    # -- open to all ---------------------------------------------------------------------

    async def healthz(self, request: Request) -> Response:
        status, report = await run_in_threadpool(health, self.app.sessions, self.clock(), self.watcher_connected)
        return JSONResponse(report, status_code=status)

    async def metrics(self, request: Request) -> Response:
        body = await run_in_threadpool(metrics_text, self.app.sessions, self.clock, self.watcher_connected)
        return Response(body, media_type="text/plain; version=0.0.4; charset=utf-8")

    async def login_form(self, request: Request) -> Response:
        return self.render(request, "login.html.j2", sent=False, error="")

    async def login_post(self, request: Request) -> Response:
        form = await request.form()
        if not csrf_ok(request.session.get("csrf"), form.get("csrf_token")):
            return self.render(request, "login.html.j2", 403, sent=False,
                               error="This form has expired: try again.")
        email = str(form.get("email") or "").strip().lower()[:320]
        if "@" not in email:
            return self.render(request, "login.html.j2", 400, sent=False, error="Give your e-mail address.")
        ip = request.client.host if request.client else "?"
        if not self.per_ip.allow(ip) or not self.per_address.allow(email):
            return self.render(request, "login.html.j2", 429, sent=False,
                               error="Too many sign-in requests: wait a few minutes and try again.")
        if await run_in_threadpool(self.sign_in.mail_link, email, self.clock()):
            log.info("sign-in link mailed to %s", email)
            self.wake_sender()
        else:
            log.warning("sign-in asked for %s, who is not staff; nothing sent", email)
        # The same answer whether or not the address is staff: the page tells nobody who is.
        return self.render(request, "login.html.j2", sent=True, error="", minutes=self.sign_in.minutes)

    async def login_link(self, request: Request) -> Response:
        staff = await run_in_threadpool(self.sign_in.redeem, request.path_params["token"], self.clock())
        if staff is None:
            return self.render(request, "login.html.j2", 400, sent=False,
                               error="This sign-in link does not work (used, expired or cut short). "
                                     "Ask for a new one below.")
        request.session.clear()
        request.session["login"] = staff.login_id
        request.session["csrf"] = new_csrf_token()
        log.info("%s signed in to the console", staff.email)
        return RedirectResponse("/", status_code=303)

    async def logout(self, request: Request) -> Response:
        form = await request.form()
        if not csrf_ok(request.session.get("csrf"), form.get("csrf_token")):
            return PlainTextResponse("This form has expired: reload the page and try again.", 403)
        login = request.session.get("login")
        if isinstance(login, int):
            await run_in_threadpool(self.sign_in.sign_out, login, self.clock())
        request.session.clear()
        return RedirectResponse("/login", status_code=303)

    # -- the client's request form (Step 10) ------------------------------------------------

    def _request_page(self, request: Request, code: int = 200, values: dict | None = None,
                      errors: dict | None = None, sent: bool = False) -> HTMLResponse:
        fields = [("email", "Your e-mail address (the client's: we write to it)")] + \
            [(name, LABELS[name]) for name in FIELDS]
        return self.render(request, "request.html.j2", code, fields=fields, values=values or {},
                           errors=errors or {}, sent=sent, email=(values or {}).get("email", ""))

    async def request_form(self, request: Request) -> Response:
        return self._request_page(request)

    async def request_post(self, request: Request) -> Response:
        form = await request.form()
        values = {name: str(form.get(name) or "") for name in ("email", *FIELDS)}
        if not csrf_ok(request.session.get("csrf"), form.get("csrf_token")):
            return self._request_page(request, 403, values, {"email": "This form had expired: please send it again."})
        if str(form.get("website") or ""):
            # The field people do not see: a robot filled it in. It is told what a person is
            # told, and nothing is sent.
            log.warning("request form: honeypot filled in; nothing sent")
            return self._request_page(request, values=values, sent=True)
        checked, errors = requests.check(values, self.app.config.mailbox.address, self.app.config.is_staff)
        if errors:
            return self._request_page(request, 400, values, errors)
        email = values["email"].strip().lower()
        ip = request.client.host if request.client else "?"
        if not self.requests_per_ip.allow(ip) or not self.requests_per_address.allow(email):
            return self._request_page(request, 429, values, {"email": "Too many requests for now: please try again "
                                                                      "in an hour, or write to us by mail."})
        await run_in_threadpool(requests.mail_confirmation, self.app, email, checked,
                                self.app.config.web.base_url, self.clock())
        self.wake_sender()
        return self._request_page(request, values={"email": email}, sent=True)

    async def request_confirm(self, request: Request) -> Response:
        reference, sent = await run_in_threadpool(requests.confirm, self.app, request.path_params["token"],
                                                  self.clock())
        if reference is None:
            return self.render(request, "not_found.html.j2", 404, what="This link does not work (used, expired "
                                                                       "or cut short).")
        if sent:
            self.wake_sender()
        return self.render(request, "request_confirmed.html.j2", reference=reference)

    # -- each party's status page (Step 10) ----------------------------------------------

    def _party_status(self, token: str) -> PartyStatus | None:
        with UnitOfWork(self.app.sessions) as uow:
            return party_status(uow.session, self.app.notices, token, self.clock(),
                                self.app.config.web.status_days)

    async def status_page(self, request: Request) -> Response:
        page = await run_in_threadpool(self._party_status, request.path_params["token"])
        if page is None:
            # The same answer for every link that does not work: it tells nothing of why.
            return self.render(request, "not_found.html.j2", 404, read_only=True,
                               what="This link does not work. The mails we sent you carry the current one.")
        return self.render(request, "status.html.j2", read_only=True, language=page.language, page=page)

    # -- staff pages ---------------------------------------------------------------------

    def _read_reply(self, row: InboundMail) -> tuple[str, str]:
        try:
            reading = self.app.pipeline.reader.read(row.raw)
        except Exception as exc:  # shown as such: the queue must open whatever one mail holds
            return f"(the mail could not be read again: {type(exc).__name__})", ""
        why = reading.intent_reason or next((s.get("detail", "") for s in row.trace or []
                                             if s.get("step") == "decide"), "")
        return reading.reply.text, why

    def needs_you(self, request: Request) -> Response:
        with UnitOfWork(self.app.sessions) as uow:
            queue = queries.needs_you(uow.session, self.clock(), self._read_reply)
            return self.render(request, "needs_you.html.j2", q=queue)

    def cases(self, request: Request) -> Response:
        params = request.query_params
        status, q = params.get("status", ""), params.get("q", "")[:200]
        overdue = params.get("overdue") in ("1", "on", "true")
        page = _page(request)
        with UnitOfWork(self.app.sessions) as uow:
            result = queries.list_cases(uow.session, self.clock(), status, q, overdue, page)
            return self.render(request, "cases.html.j2", result=result, status=status, q=q, overdue=overdue,
                               statuses=queries.STATUSES)

    def case(self, request: Request) -> Response:
        ref = request.path_params["ref"].upper()
        with UnitOfWork(self.app.sessions) as uow:
            case = get_case(uow.session, ref)
            if case is None:
                return self.render(request, "not_found.html.j2", 404, what=f"There is no case {ref}.")
            data = case_json(uow.session, case)
            mails = queries.case_mails(uow.session, case)
            phone = next((p.phone for p in case.parties if p.role == "client" and p.active), "")
            return self.render(request, "case.html.j2", c=data, mails=mails, phone=phone,
                               commands=COMMANDS, needs_reason=NEEDS_REASON, now=self.clock())

    def command(self, request: Request) -> Response:
        ref = request.path_params["ref"].upper()
        form = request.state.form
        name = str(form.get("command") or "")
        if name not in COMMANDS:
            return self._done(request, desk.ActionResult(False, f"unknown action {name!r}"), f"/cases/{ref}")
        args = " ".join(str(form.get("args") or "").split())[:2000]
        reason = str(form.get("reason") or "").strip()[:2000]
        if name in NEEDS_REASON and not reason:
            return self._done(request, desk.ActionResult(False, f"#{name} needs a reason: it is kept on the timeline "
                                                                "and in the evidence"), f"/cases/{ref}")
        text = f"#{name} {args}".strip() if name != "note" else f"#note {args or reason}"
        result = desk.run_command(self.app, ref, request.scope["staff"], text, self.clock(), reason)
        return self._done(request, result, f"/cases/{ref}")

    def accept(self, request: Request) -> Response:
        form = request.state.form
        result = desk.accept_reply(self.app, request.path_params["id"], request.scope["staff"],
                                   str(form.get("intent") or ""), str(form.get("reason") or "")[:2000], self.clock())
        return self._done(request, result, "/")

    def replay(self, request: Request) -> Response:
        result = desk.replay_quarantined(self.app, request.path_params["id"], request.scope["staff"], self.clock())
        return self._done(request, result, "/quarantine")

    def retry(self, request: Request) -> Response:
        result = desk.retry_outbound(self.app, request.path_params["id"], request.scope["staff"], self.clock())
        if result.ok:
            self.wake_sender()
        return self._done(request, result, "/outbox")

    def evidence(self, request: Request) -> Response:
        from mailbot.errors import CommandError
        from mailbot.evidence import evidence_bundle

        ref = request.path_params["ref"].upper()
        with UnitOfWork(self.app.sessions) as uow:
            try:
                data = evidence_bundle(uow.session, ref, self.clock(), self.tz)
            except CommandError as exc:
                return self.render(request, "not_found.html.j2", 404, what=str(exc))
        return Response(data, media_type="application/zip",
                        headers={"Content-Disposition": f'attachment; filename="{ref}-evidence.zip"'})

    def mail_in(self, request: Request) -> Response:
        with UnitOfWork(self.app.sessions) as uow:
            row = uow.session.get(InboundMail, request.path_params["id"])
            if row is None:
                return self.render(request, "not_found.html.j2", 404, what="There is no such mail.")
            reference = uow.session.get(Case, row.case_id).reference if row.case_id else None
            try:
                message = self.app.pipeline.reader.read(row.raw).message
                body, headers = message.text, message.headers
            except Exception as exc:
                body, headers = f"(the mail could not be read: {type(exc).__name__})", {}
            if not row.raw:
                body = (f"(the raw bytes of this mail were removed by retention, [retention] raw_mail_days; "
                        f"its SHA-256 was {row.raw_sha256}: see the case's timeline)")
            shown = [(name, value) for name in ("from", "to", "cc", "date", "subject", "message-id",
                                                "authentication-results") for value in headers.get(name, [])]
            return self.render(request, "mail.html.j2", direction="in", row=row, reference=reference,
                               headers=shown, body=body, trace=json.dumps(row.trace or [], indent=1,
                                                                          ensure_ascii=False))

    def mail_out(self, request: Request) -> Response:
        with UnitOfWork(self.app.sessions) as uow:
            row = uow.session.get(OutboundMail, request.path_params["id"])
            if row is None:
                return self.render(request, "not_found.html.j2", 404, what="There is no such mail.")
            reference = uow.session.get(Case, row.case_id).reference if row.case_id else None
            headers = [("to", ", ".join(row.to)), ("subject", row.subject), ("message-id", row.message_id),
                       ("in-reply-to", row.in_reply_to or ""), ("reply-to", row.reply_to or "")]
            return self.render(request, "mail.html.j2", direction="out", row=row, reference=reference,
                               headers=headers, body=row.text, trace="")

    def outbox(self, request: Request) -> Response:
        status = request.query_params.get("status", "")
        page = _page(request)
        with UnitOfWork(self.app.sessions) as uow:
            result = queries.outbox_rows(uow.session, status, page)
            return self.render(request, "outbox.html.j2", result=result, status=status)

    def quarantine(self, request: Request) -> Response:
        with UnitOfWork(self.app.sessions) as uow:
            return self.render(request, "quarantine.html.j2", rows=queries.quarantine_rows(uow.session))

    def sla_report(self, request: Request) -> Response:
        """The figures of ``mailbot report`` (``mailbot.report``) for ``?from=&to=``, with a plot."""
        first, last = request.query_params.get("from", "")[:10], request.query_params.get("to", "")[:10]
        today = self.clock().astimezone(ZoneInfo(self.tz)).date()
        try:
            period = report.parse_period(first or None, last or None, today, self.tz)
        except ValueError as exc:
            return self.render(request, "report.html.j2", 400, r=None, plot=None, first=first, last=last,
                               error=str(exc).replace("--from", "From").replace("--to", "To"))
        with UnitOfWork(self.app.sessions) as uow:
            figures = report.sla_report(uow.session, build_calendar(self.app.config), period)
        return self.render(request, "report.html.j2", r=figures, plot=month_bars(figures.months),
                           first=period.first.isoformat(), last=period.last.isoformat(), error="")

    def api_cases(self, request: Request) -> Response:
        with UnitOfWork(self.app.sessions) as uow:
            return JSONResponse(cases_json(uow.session, request.query_params.get("all") in ("1", "true")))

    def api_case(self, request: Request) -> Response:
        with UnitOfWork(self.app.sessions) as uow:
            case = get_case(uow.session, request.path_params["ref"].upper())
            if case is None:
                return JSONResponse({"error": "no such case"}, status_code=404)
            return JSONResponse(case_json(uow.session, case))
