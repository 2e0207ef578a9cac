from dataclasses import replace
from datetime import UTC, datetime, timedelta

from domain.model import SessionPolicy

NOW = datetime(2026, 1, 1, tzinfo=UTC)
POLICY = SessionPolicy(idle=timedelta(minutes=30), absolute=timedelta(hours=8))


def test_a_session_starts_with_a_random_id_and_ends_after_the_idle_time():
    session = POLICY.start("u1", NOW)

    assert (session.user_id, session.created_at, session.last_seen) == ("u1", NOW, NOW)
    assert session.expires_at == NOW + timedelta(minutes=30)
    assert len(session.id) >= 43 and session.id != POLICY.start("u1", NOW).id


def test_a_request_within_a_minute_stores_nothing():
    session = POLICY.start("u1", NOW)

    assert POLICY.renew(session, NOW + timedelta(seconds=59)) is session


def test_a_later_request_keeps_it_alive_for_the_idle_time_again():
    session = POLICY.start("u1", NOW)

    renewed = POLICY.renew(session, NOW + timedelta(minutes=20))

    assert (renewed.last_seen, renewed.expires_at) == (NOW + timedelta(minutes=20), NOW + timedelta(minutes=50))
    assert renewed.id == session.id


def test_renewing_never_passes_the_absolute_limit():
    session = POLICY.start("u1", NOW)
    late = NOW + timedelta(hours=7, minutes=50)

    busy = replace(session, last_seen=late - timedelta(minutes=20), expires_at=late + timedelta(minutes=10))

    assert POLICY.renew(busy, late).expires_at == NOW + timedelta(hours=8)


def test_an_ended_session_is_none():
    session = POLICY.start("u1", NOW)

    assert POLICY.renew(session, NOW + timedelta(minutes=30)) is None
