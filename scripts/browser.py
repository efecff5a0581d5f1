"""Debian's Chromium for the console's real-browser tests, driven by Playwright.

    python scripts/browser.py install      # apt-get install chromium when missing (root, Debian)

``playwright install`` downloads its own browser builds from outside the package registries,
which a clean machine may not reach; Debian's ``chromium`` package works with Playwright when it
is launched by its path (the team's notes on running a real browser here).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

PACKAGES = ["chromium", "chromium-driver"]
CANDIDATES = ("/usr/bin/chromium", "/usr/lib/chromium/chromium", "/usr/bin/chromium-browser")


class Unavailable(Exception):
    """The browser cannot be installed or run here; the message says why."""


def executable() -> str | None:
    found = os.environ.get("MAILBOT_CHROMIUM") or shutil.which("chromium")
    if found:
        return found
    return next((path for path in CANDIDATES if Path(path).exists()), None)


def ensure_installed() -> str:
    """The path of a Chromium binary, installing Debian's package when missing."""
    path = executable()
    if path:
        return path
    if os.geteuid() != 0:
        raise Unavailable("chromium is not installed and installing it needs root")
    if not shutil.which("apt-get"):
        raise Unavailable("chromium is not installed and this is not a Debian system (no apt-get)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"],
                    ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *PACKAGES]):
        result = subprocess.run(command, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            raise Unavailable(f"{' '.join(command)} failed: {result.stderr.strip()[-500:]}")
    path = executable()
    if not path:
        raise Unavailable("apt-get finished but no chromium binary was found")
    return path


def launch(playwright):
    """A headless Chromium from Debian's package, through Playwright."""
    path = ensure_installed()
    # --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
    return playwright.chromium.launch(executable_path=path, headless=True,
                                      args=["--no-sandbox", "--disable-dev-shm-usage"])


if __name__ == "__main__":
    if sys.argv[1:] != ["install"]:
        sys.exit(__doc__)
    try:
        print(ensure_installed())
    except Unavailable as exc:
        sys.exit(f"browser: {exc}")
