"""Business calendar, deadlines and nudge plans (pure), and the thin APScheduler wiring (Step 4)."""
