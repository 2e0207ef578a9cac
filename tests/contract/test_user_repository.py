"""The UserRepository contract: every adapter of the port passes the same tests."""

import asyncio
from dataclasses import replace
from datetime import UTC, datetime

from domain.model import Email, PasswordHash, Profile, User, new_user_id
from domain.results import EmailTaken, UsernameLookalike, UsernameTaken
from tests import names
from tests.names import username


def a_user(username: str = "Alice", email: str = "Alice@Example.com") -> User:
    return User(
        id=new_user_id(),
        username=names.username(username),
        email=Email(email),
        password_hash=PasswordHash("$2b$04$" + "x" * 53),
        created_at=datetime(2026, 5, 1, 12, 30, 45, 123000, tzinfo=UTC),  # what a Clock gives: milliseconds
        profile=Profile(job="engineer", github="alice"),
    )


async def test_a_user_added_is_found_by_id_username_and_email(users):
    alice = a_user()
    assert await users.add(alice) is None

    assert await users.get(alice.id) == alice
    assert await users.by_username(username("Alice")) == alice
    assert await users.by_email(Email("Alice@Example.com")) == alice


async def test_lookups_ignore_case(users):
    alice = a_user()
    await users.add(alice)

    assert await users.by_username(username("aLICE")) == alice
    assert await users.by_email(Email("alice@example.com")) == alice


async def test_a_missing_user_is_none(users):
    await users.add(a_user())

    assert await users.get(new_user_id()) is None
    assert await users.by_username(username("bob")) is None
    assert await users.by_email(Email("bob@example.com")) is None


async def test_a_taken_username_stores_nothing(users):
    await users.add(a_user())
    bob = a_user(username="ALICE", email="bob@example.com")

    assert await users.add(bob) == UsernameTaken()
    assert await users.get(bob.id) is None
    assert await users.by_email(Email("bob@example.com")) is None


async def test_a_taken_email_stores_nothing(users):
    await users.add(a_user())
    bob = a_user(username="bob", email="ALICE@example.COM")

    assert await users.add(bob) == EmailTaken()
    assert await users.get(bob.id) is None
    assert await users.by_username(username("bob")) is None


async def test_when_both_are_taken_one_is_named_and_nothing_is_stored(users):
    await users.add(a_user())
    twin = a_user(username="ALICE", email="alice@EXAMPLE.com")

    assert await users.add(twin) in (UsernameTaken(), EmailTaken())
    assert await users.get(twin.id) is None


async def test_concurrent_adds_of_one_username_store_exactly_one(users):
    candidates = [a_user(username="alice", email=f"alice{n}@example.com") for n in range(50)]

    results = await asyncio.gather(*(users.add(user) for user in candidates))

    assert results.count(None) == 1
    assert results.count(UsernameTaken()) == 49
    winner = candidates[results.index(None)]
    assert await users.by_username(username("alice")) == winner


async def test_update_replaces_the_password_hash_and_profile(users):
    alice = a_user()
    await users.add(alice)
    changed = replace(
        alice, password_hash=PasswordHash("$2b$04$" + "y" * 53), profile=Profile(site="https://a.example")
    )

    await users.update(changed)

    assert await users.get(alice.id) == changed
    assert await users.by_username(username("alice")) == changed


async def test_update_of_a_missing_user_stores_nothing(users):
    ghost = a_user()

    await users.update(ghost)

    assert await users.get(ghost.id) is None
    assert await users.add(ghost) is None


async def test_profile_fields_survive_the_round_trip(users):
    alice = replace(
        a_user(),
        profile=Profile("https://img.example/a.png", "https://a.example", "engineer", "你好", "alice", "多行\n文字"),
    )
    await users.add(alice)

    assert (await users.get(alice.id)).profile == alice.profile


async def test_all_lists_every_user_oldest_first(users):
    assert await users.all() == []
    older = replace(a_user("bob", "bob@example.com"), created_at=datetime(2025, 1, 1, tzinfo=UTC))
    await users.add(a_user())
    await users.add(older)

    assert [user.username.value for user in await users.all()] == ["bob", "Alice"]


async def test_a_lookalike_of_a_stored_name_stores_nothing(users):
    await users.add(a_user("cop", "cop@example.com"))
    lookalike = a_user("\u0441\u043e\u0440", "sor@example.com")  # Cyrillic es, o and er

    assert await users.add(lookalike) == UsernameLookalike()
    assert await users.get(lookalike.id) is None
    assert await users.by_email(Email("sor@example.com")) is None


async def test_one_name_in_another_spelling_is_taken_not_a_lookalike(users):
    await users.add(a_user("alice", "alice@example.com"))

    assert await users.add(a_user("\uff41\uff4c\uff49\uff43\uff45", "bob@example.com")) == UsernameTaken()  # full-width


async def test_concurrent_adds_of_lookalikes_store_exactly_one(users):
    names = ["cop", "\u0441\u043e\u0440"] * 20  # Latin and Cyrillic
    candidates = [a_user(name, f"cop{n}@example.com") for n, name in enumerate(names)]

    results = await asyncio.gather(*(users.add(user) for user in candidates))

    assert results.count(None) == 1
    winner = candidates[results.index(None)].username.value
    assert results.count(UsernameTaken()) == names.count(winner) - 1
    assert results.count(UsernameLookalike()) == len(names) - names.count(winner)


async def test_a_unicode_name_survives_the_round_trip_and_is_found_by_its_key(users):
    zhang = a_user("张三", "zhang@example.com")
    await users.add(zhang)

    assert await users.by_username(username("张三")) == zhang
    assert await users.get(zhang.id) == zhang


async def test_verification_and_language_survive_the_round_trip(users):
    alice = replace(a_user(), email_verified=True, language="zh_CN")
    await users.add(alice)

    assert await users.get(alice.id) == alice
    assert (await users.get(alice.id)).language == "zh_CN"


async def test_mark_verified_marks_only_while_the_address_is_the_one_named(users):
    alice = a_user()
    await users.add(alice)

    assert await users.mark_verified(alice.id, Email("old@example.com")) is False
    assert (await users.get(alice.id)).email_verified is False
    assert await users.mark_verified(alice.id, Email("ALICE@example.COM")) is True
    assert await users.get(alice.id) == replace(alice, email_verified=True)


async def test_set_two_step_changes_only_the_mark(users):
    alice = a_user()
    await users.add(alice)

    await users.set_two_step(alice.id, True)
    assert await users.get(alice.id) == replace(alice, two_step=True)
    await users.update(replace(alice, profile=replace(alice.profile, job="poet")))
    assert (await users.get(alice.id)).two_step is True, "an update with a stale copy kept the mark"
    await users.set_two_step(alice.id, False)
    assert (await users.get(alice.id)).two_step is False
    await users.set_two_step(new_user_id(), True)


async def test_mark_verified_of_a_missing_user_is_false(users):
    assert await users.mark_verified(new_user_id(), Email("alice@example.com")) is False


async def test_update_keeps_the_language_and_the_verification(users):
    alice = a_user()
    await users.add(alice)

    await users.update(replace(alice, language="zh_CN", email_verified=True, profile=Profile(job="pilot")))

    assert await users.get(alice.id) == replace(alice, profile=Profile(job="pilot"))


async def test_set_language_changes_only_the_language(users):
    alice = a_user()
    await users.add(alice)
    await users.update(replace(alice, password_hash=PasswordHash("$2b$04$" + "y" * 53)))

    await users.set_language(alice.id, "zh_CN")
    await users.set_language(new_user_id(), "zh_CN")  # nobody's: harmless

    assert await users.get(alice.id) == replace(
        alice, password_hash=PasswordHash("$2b$04$" + "y" * 53), language="zh_CN"
    )


async def test_a_deleted_user_is_gone_and_its_name_and_email_are_free(users):
    alice, bob = a_user(), a_user("bob", "bob@example.com")
    await users.add(alice)
    await users.add(bob)

    await users.delete(alice.id)
    await users.delete(new_user_id())  # nobody's: harmless

    assert await users.get(alice.id) is None
    assert await users.by_username(username("Alice")) is None
    assert await users.by_email(Email("alice@example.com")) is None
    assert await users.all() == [bob]
    again = a_user("Alice", "ALICE@example.com")
    assert await users.add(again) is None
    assert await users.add(a_user("a1ice", "a1ice@example.com")) == UsernameLookalike()


async def test_change_email_moves_the_user_to_the_new_address_verified(users):
    alice = a_user()
    await users.add(alice)

    assert await users.change_email(alice.id, Email("alice@example.com"), Email("Alice@New.example")) is True

    moved = replace(alice, email=Email("Alice@New.example"), email_verified=True)
    assert await users.get(alice.id) == moved
    assert await users.by_email(Email("alice@new.example")) == moved
    assert await users.by_email(Email("alice@example.com")) is None
    assert await users.add(a_user("bob", "ALICE@example.com")) is None, "the old address is free"


async def test_change_email_only_while_the_old_address_is_the_users(users):
    alice = a_user()
    await users.add(alice)

    assert await users.change_email(alice.id, Email("before@example.com"), Email("new@example.com")) is False
    assert await users.change_email(new_user_id(), Email("alice@example.com"), Email("new@example.com")) is False
    assert await users.get(alice.id) == alice


async def test_change_email_to_another_users_address_is_taken_and_changes_nothing(users):
    alice, bob = a_user(), a_user("bob", "bob@example.com")
    await users.add(alice)
    await users.add(bob)

    assert await users.change_email(alice.id, alice.email, Email("BOB@example.com")) == EmailTaken()
    assert await users.get(alice.id) == alice
    assert await users.by_email(Email("bob@example.com")) == bob


async def test_two_users_changing_to_one_address_at_once_make_one_winner(users):
    alice, bob = a_user(), a_user("bob", "bob@example.com")
    await users.add(alice)
    await users.add(bob)
    new = Email("shared@example.com")

    results = await asyncio.gather(
        users.change_email(alice.id, alice.email, new), users.change_email(bob.id, bob.email, new)
    )

    assert sorted(results, key=str) == sorted([True, EmailTaken()], key=str)
    assert (await users.by_email(new)).id in (alice.id, bob.id)
