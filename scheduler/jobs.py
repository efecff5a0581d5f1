"""APScheduler 3 wiring (thin): a minutely sweep, the daily staff digest, and once-a-day jobs.

The case database is the source of truth: APScheduler only runs a few recurring jobs from memory,
never a job per case (a restart loses nothing, the sweep finds what is due). The job bodies
are blocking callables handed in by the daemon; they run in worker threads so the event loop
keeps sending mail.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _in_thread(job: Callable[[], object]):
    async def run() -> None:
        await asyncio.to_thread(job)
    return run


def build_scheduler(sweep: Callable[[], object], digest: Callable[[], object], timezone: str,
                    digest_at: time, work_days: tuple[str, ...], sweep_seconds: int = 60) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(timezone=timezone)
    # No overlap (max_instances=1) and no catch-up storm (coalesce): a late run fires once.
    # The first sweep runs at once: after a restart, what fell due while down fires now.
    scheduler.add_job(_in_thread(sweep), IntervalTrigger(seconds=sweep_seconds), id="sweep",
                      max_instances=1, coalesce=True, misfire_grace_time=None,
                      next_run_time=datetime.now(UTC))
    days = ",".join(d[:3].lower() for d in work_days if d[:3].lower() in DAYS)
    scheduler.add_job(_in_thread(digest), CronTrigger(day_of_week=days, hour=digest_at.hour, minute=digest_at.minute,
                                                      timezone=timezone),
                      id="digest", max_instances=1, coalesce=True, misfire_grace_time=3600)
    return scheduler


def add_daily_job(scheduler: AsyncIOScheduler, job: Callable[[], object], job_id: str,
                  first_after: timedelta = timedelta(minutes=5), check_every: timedelta = timedelta(hours=1)) -> None:
    """A job that does its work once a day: it runs ``first_after`` the start and then every
    ``check_every``, and the job body itself claims the day (in the database), so a daemon that
    restarts at the hour a cron trigger would pick never misses a day, and never does it twice."""
    scheduler.add_job(_in_thread(job), IntervalTrigger(seconds=int(check_every.total_seconds())), id=job_id,
                      max_instances=1, coalesce=True, misfire_grace_time=None,
                      next_run_time=datetime.now(UTC) + first_after)
