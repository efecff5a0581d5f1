"""Notices: Jinja2 templates and rendering one notice into a ready message (arrives in Step 2)."""
