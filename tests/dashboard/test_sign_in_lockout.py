"""The editor sign-in lockout's rules, on a clock the tests move by hand."""

from __future__ import annotations

import logging
import re
import threading
import time

import pytest

from dashboard.manage.sign_in_lockout import LockoutRules, SignInLockout, Wait

RIGHT, WRONG = (lambda: True), (lambda: False)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def lockout(clock: Clock) -> SignInLockout:
    return SignInLockout(clock=clock)


def fail(lockout: SignInLockout, address: str, times: int = 1) -> None:
    for _ in range(times):
        assert not lockout.sign_in(address, WRONG).signed_in


def fail_after_each_lockout(lockout: SignInLockout, clock: Clock, address: str, times: int):
    """A patient guesser: each guess as soon as the previous lockout has ended."""
    for _ in range(times):
        if wait := lockout.wait(address):
            clock.now += wait.seconds
        result = lockout.sign_in(address, WRONG)
        assert not result.signed_in and not result.refused_unchecked


@pytest.mark.parametrize(
    ("failures", "seconds"),
    [(1, None), (2, None), (3, 30), (4, 60), (5, 120), (7, 480), (8, 900), (20, 900)],
)
def test_an_address_is_locked_out_from_its_third_failure_doubling_up_to_15_minutes(
    clock, failures, seconds
):
    # A server-wide limit above 20, so that only the address's own count is seen here.
    lockout = SignInLockout(LockoutRules(server_failures=100), clock)
    fail_after_each_lockout(lockout, clock, "203.0.113.5", failures)

    expected = Wait(seconds, "address") if seconds else None
    assert lockout.wait("203.0.113.5") == expected


def test_a_locked_out_address_is_refused_without_its_password_being_compared(lockout):
    fail(lockout, "203.0.113.5", 3)
    compared = []

    result = lockout.sign_in("203.0.113.5", lambda: compared.append(1) or True)

    assert not result.signed_in and result.refused_unchecked
    assert compared == []
    assert result.wait == Wait(30, "address")


def test_the_lockout_ends_after_its_time_and_the_right_password_then_signs_in(lockout, clock):
    fail(lockout, "203.0.113.5", 3)
    clock.now += 20
    assert lockout.wait("203.0.113.5") == Wait(10, "address")

    clock.now += 10

    assert lockout.wait("203.0.113.5") is None
    assert lockout.sign_in("203.0.113.5", RIGHT).signed_in


def test_a_successful_sign_in_clears_the_address_count(lockout):
    fail(lockout, "203.0.113.5", 2)
    assert lockout.sign_in("203.0.113.5", RIGHT).signed_in

    fail(lockout, "203.0.113.5", 2)

    assert lockout.wait("203.0.113.5") is None


def test_other_addresses_are_not_locked_by_one_address_failures(lockout):
    fail(lockout, "203.0.113.5", 5)

    assert lockout.wait("198.51.100.7") is None
    assert lockout.sign_in("198.51.100.7", RIGHT).signed_in


def test_ten_failures_in_a_minute_from_any_addresses_lock_every_address(lockout, clock):
    for n in range(10):
        clock.now += 5 if n else 0  # the tenth 45 s after the first
        fail(lockout, f"198.51.100.{n}")

    assert lockout.wait("203.0.113.99") == Wait(15, "server")
    assert lockout.sign_in("203.0.113.99", RIGHT).refused_unchecked

    clock.now += 15  # a minute after the first failure
    assert lockout.wait("203.0.113.99") is None


def test_failures_spread_wider_than_the_window_never_lock_the_server(lockout, clock):
    for n in range(30):
        result = lockout.sign_in(f"198.51.100.{n}", WRONG)
        # After every failure, not only the last: a lock that engages and lapses in between
        # would otherwise go unseen.
        assert result.wait is None and not result.refused_unchecked, (n, result)
        assert lockout.wait("203.0.113.99") is None, n
        clock.now += 6.7  # ten failures span 60.3 s: fewer than ten in any minute


def test_ten_failures_just_inside_the_window_lock_the_server_after_the_tenth(lockout, clock):
    for n in range(9):
        fail(lockout, f"198.51.100.{n}")
        assert lockout.wait("203.0.113.99") is None, n
        clock.now += 6.6

    result = lockout.sign_in("198.51.100.9", WRONG)  # 59.4 s after the first

    assert result.wait == Wait(1, "server")
    assert lockout.wait("203.0.113.99") == Wait(1, "server")


def test_an_address_is_forgotten_a_day_after_its_last_failure(lockout, clock):
    fail_after_each_lockout(lockout, clock, "203.0.113.5", 8)  # locked out for 15 minutes
    clock.now += 24 * 60 * 60

    fail(lockout, "203.0.113.5", 2)

    assert lockout.wait("203.0.113.5") is None  # counting from one again: two failures


def test_at_most_so_many_addresses_are_kept_and_the_least_recent_go_first(clock):
    lockout = SignInLockout(LockoutRules(addresses_kept=3, server_failures=100), clock)
    fail(lockout, "192.0.2.1")
    fail(lockout, "192.0.2.2", 2)
    fail(lockout, "192.0.2.1")  # now the most recent, with two failures like the others
    fail(lockout, "192.0.2.3", 2)
    fail(lockout, "192.0.2.4", 2)  # a fourth address: the least recent, .2, is forgotten

    third_failures = {n: lockout.sign_in(f"192.0.2.{n}", WRONG) for n in (1, 3, 4, 2)}

    locked = [n for n, result in third_failures.items() if result.wait]
    assert locked == [1, 3, 4]  # .2 was counted from one again


def test_the_default_rules_are_the_ones_the_readme_states():
    assert LockoutRules() == LockoutRules(
        failures_before_lockout=3,
        first_lockout_seconds=30,
        longest_lockout_seconds=900,
        server_failures=10,
        server_window_seconds=60,
        addresses_kept=10_000,
        forget_after_seconds=86_400,
    )


def test_the_addresses_of_one_ipv6_64_share_a_count(lockout):
    fail(lockout, "2001:db8:1:2::1")
    fail(lockout, "2001:db8:1:2::abcd")
    fail(lockout, "2001:db8:1:2:ffff::9")

    assert lockout.wait("2001:db8:1:2::77") == Wait(30, "address")
    assert lockout.wait("2001:db8:1:3::1") is None


def test_every_failed_and_refused_attempt_is_logged_with_its_time_and_address(lockout, caplog):
    caplog.set_level(logging.WARNING, logger="dashboard.manage.sign_in_lockout")

    fail(lockout, "203.0.113.5", 3)
    lockout.sign_in("203.0.113.5", RIGHT)
    lockout.sign_in("198.51.100.7", RIGHT)  # a success is not a failure

    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 4
    time = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00"
    for n, line in enumerate(lines[:3], start=1):
        assert re.fullmatch(
            rf"editor sign-in failed at {time} from 203\.0\.113\.5: wrong password, "
            rf"failure {n} from this address(; locked out for 30 s \(address\))?",
            line,
        ), line
    assert lines[2].endswith("locked out for 30 s (address)")
    assert re.fullmatch(
        rf"editor sign-in refused unchecked at {time} from 203\.0\.113\.5: "
        r"locked out for 30 s \(address\)",
        lines[3],
    ), lines[3]


def test_parallel_guesses_from_one_address_get_no_more_comparisons_than_the_rules_allow(
    lockout,
):
    compared = []
    start = threading.Barrier(16)

    def wrong_password_slowly_compared() -> bool:
        compared.append(1)
        # Releases the GIL mid-comparison: unless checking and counting are one step under a
        # lock, the other threads get in here before the first failure is counted.
        time.sleep(0.05)
        return False

    def guess() -> None:
        start.wait()
        lockout.sign_in("203.0.113.5", wrong_password_slowly_compared)

    threads = [threading.Thread(target=guess) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(compared) == 3
    assert lockout.wait("203.0.113.5") == Wait(30, "address")
