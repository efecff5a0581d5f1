"""A unit of work: one session, one transaction, rolled back unless committed."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker


class UnitOfWork:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._factory = session_factory
        self.session: Session

    def __enter__(self) -> UnitOfWork:
        self.session = self._factory()
        return self

    def __exit__(self, *exc_info) -> None:
        # Anything not committed explicitly is undone: an exception half-way through a mail
        # leaves the database as it was before the mail.
        self.session.rollback()
        self.session.close()

    def commit(self) -> None:
        self.session.commit()
