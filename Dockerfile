# transfer@ mailbot: the daemon in a container (README, "Container").
#
# Linted with hadolint by the test suite (tests/unit/test_container.py); no image is built in
# CI. Two stages: the first installs the bot into its own virtual environment (every
# dependency comes as a binary wheel: no compiler, no libpq headers), the second copies that
# environment onto a clean slim base and runs it as an unprivileged user.

FROM python:3.12-slim-bookworm AS build

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1

# The bot installs as an application into a venv of its own: two of its packages (parsers,
# scheduler) share their names with unrelated packages on PyPI.
RUN python -m venv /opt/mailbot

WORKDIR /src
COPY pyproject.toml README.md ./
COPY mailbot ./mailbot
COPY parsers ./parsers
COPY replies ./replies
COPY scheduler ./scheduler
RUN /opt/mailbot/bin/pip install --no-cache-dir /src


FROM python:3.12-slim-bookworm

ENV PATH=/opt/mailbot/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    MAILBOT_CONFIG=/etc/mailbot/mailbot.toml \
    MAILBOT_HEALTHZ=http://127.0.0.1:8025/healthz

# A system user without a login shell; its home holds the SQLite database when that is used.
RUN groupadd --system --gid 10001 mailbot \
    && useradd --system --uid 10001 --gid mailbot --home-dir /var/lib/mailbot --create-home \
       --shell /usr/sbin/nologin mailbot

COPY --from=build /opt/mailbot /opt/mailbot

# (numeric: a runtime that checks for a non-root user cannot resolve names from the image)
USER 10001:10001
WORKDIR /var/lib/mailbot
VOLUME ["/var/lib/mailbot"]
EXPOSE 8025

# /healthz of the web console: 200 when the database, the IMAP watcher and the outbox are well,
# 503 otherwise (urlopen raises on it, so the check fails). It needs [web] listen in the
# config (container/mailbot.toml listens on 0.0.0.0:8025); MAILBOT_HEALTHZ follows another port.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(os.environ['MAILBOT_HEALTHZ'], timeout=8)"]

# `docker run IMAGE` runs the daemon; `docker run IMAGE db upgrade` (or any command) runs that.
ENTRYPOINT ["mailbot"]
CMD ["run"]
