"""The embedded demo: a whole transfer over real IMAP and SMTP (pymap + aiosmtpd on loopback)."""

import io

from mailbot.demo.run import run_demo


def test_the_demo_completes_a_transfer():
    out = io.StringIO()
    assert run_demo(out=out, timeout=60) == 0, out.getvalue()
    text = out.getvalue()
    for event in ("opened", "intake_complete", "waiver_signed", "provider_accepted", "transfer_started", "completed"):
        assert event in text
    assert "XFER-" in text and "completed" in text.split("The case")[1]
