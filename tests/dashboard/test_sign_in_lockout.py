"""The editor sign-in lockout's rules, on a clock the tests move by hand, in a state file of
each test's own."""

from __future__ import annotations

import logging
import multiprocessing
import re
import stat
import threading
from pathlib import Path

import pytest

from dashboard.manage.sign_in_lockout import STATE_FILE_ENV, LockoutRules, SignInLockout, Wait

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
def state_file(tmp_path: Path) -> Path:
    return tmp_path / "sign-in-lockout.sqlite3"


@pytest.fixture
def lockout(clock: Clock, state_file: Path) -> SignInLockout:
    return SignInLockout(clock=clock, path=state_file)


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
    clock, state_file, failures, seconds
):
    # A server-wide limit above 20, so that only the address's own count is seen here.
    lockout = SignInLockout(LockoutRules(server_failures=100), clock, path=state_file)
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


def test_at_most_so_many_addresses_are_kept_and_the_least_recent_go_first(clock, state_file):
    lockout = SignInLockout(
        LockoutRules(addresses_kept=3, server_failures=100), clock, path=state_file
    )
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
        attempts_kept=10_000,
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
    start, all_comparing = threading.Barrier(16), threading.Barrier(16)

    def wrong_password_slowly_compared() -> bool:
        compared.append(1)
        # Each comparison waits for all sixteen guesses to be comparing at once, which they
        # are unless checking and counting are one step under a lock. With the lock, the first
        # wait gives up (the barrier breaks, so the next ones return at once) and the rules
        # allow three comparisons.
        _wait_for_all_comparing(all_comparing)
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


@pytest.mark.parametrize(
    "forms",
    [
        ["203.0.113.5", "::ffff:203.0.113.5", "64:ff9b::cb00:7105"],  # IPv4, mapped, NAT64
        ["2001:db8:1:2::1", "[2001:db8:1:2::abcd]", "[2001:db8:1:2:ffff::9]:443"],
    ],
)
def test_every_form_of_one_client_address_shares_its_count(lockout, forms):
    for form in forms:
        fail(lockout, form)

    assert all(lockout.wait(form) == Wait(30, "address") for form in forms)


def test_ipv4_clients_behind_nat64_or_mapped_are_counted_apart(lockout):
    fail(lockout, "64:ff9b::cb00:7105", 3)  # 203.0.113.5 through a NAT64 translator
    fail(lockout, "::ffff:203.0.113.6", 3)

    assert lockout.wait("64:ff9b::c633:6407") is None  # 198.51.100.7, same translator
    assert lockout.wait("::ffff:198.51.100.7") is None
    assert lockout.wait("198.51.100.7") is None


def test_processes_of_one_host_share_the_counts_through_the_state_file(clock, state_file):
    one, other = (SignInLockout(clock=clock, path=state_file) for _ in range(2))

    fail(one, "203.0.113.5", 2)
    result = other.sign_in("203.0.113.5", WRONG)  # the third failure, on another process

    assert result.wait == Wait(30, "address")
    assert one.sign_in("203.0.113.5", RIGHT).refused_unchecked
    for n in range(7):  # ten failures in all, spread over both
        fail(one if n % 2 else other, f"198.51.100.{n}")
    assert one.wait("192.0.2.1") == other.wait("192.0.2.1") == Wait(60, "server")


def _wait_for_all_comparing(all_comparing) -> None:
    """Hold a comparison open until every guess is comparing; give up after a second (the
    lock under test keeps the others out), which breaks the barrier for the rest."""
    try:
        all_comparing.wait(timeout=1)
    except threading.BrokenBarrierError:
        pass


def _guess_from_a_process(state_file: Path, start, all_comparing, compared) -> None:
    """Four threads of one server process, each guessing once when all sixteen are ready."""
    lockout = SignInLockout(path=state_file)

    def wrong_password_slowly_compared() -> bool:
        with compared.get_lock():
            compared.value += 1
        _wait_for_all_comparing(all_comparing)  # as in the one-process test above
        return False

    def guess() -> None:
        start.wait()
        lockout.sign_in("203.0.113.5", wrong_password_slowly_compared)

    threads = [threading.Thread(target=guess) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def test_parallel_guesses_from_several_processes_get_no_more_comparisons_than_one(state_file):
    context = multiprocessing.get_context("spawn")
    start, all_comparing = context.Barrier(16), context.Barrier(16)
    compared = context.Value("i", 0)
    processes = [
        context.Process(
            target=_guess_from_a_process, args=(state_file, start, all_comparing, compared)
        )
        for _ in range(4)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join()

    assert [p.exitcode for p in processes] == [0] * 4
    assert compared.value == 3
    assert SignInLockout(path=state_file).wait("203.0.113.5") == Wait(30, "address")


def test_the_state_file_is_the_owners_only_and_the_env_var_moves_it(tmp_path, monkeypatch):
    monkeypatch.setenv(STATE_FILE_ENV, str(tmp_path / "state" / "lockout.sqlite3"))
    lockout = SignInLockout()

    fail(lockout, "203.0.113.5")

    state = tmp_path / "state" / "lockout.sqlite3"
    assert stat.S_IMODE(state.stat().st_mode) == 0o600
    assert lockout.attempts()[0][1:3] == ("203.0.113.5", "wrong password, failure 1")


def test_the_shared_log_keeps_every_failed_and_refused_attempt_up_to_its_bound(clock, state_file):
    lockout = SignInLockout(LockoutRules(attempts_kept=4), clock, path=state_file)
    fail(lockout, "203.0.113.5", 3)
    lockout.sign_in("203.0.113.5", RIGHT)
    lockout.sign_in("198.51.100.7", RIGHT)  # a success is not logged
    fail(lockout, "198.51.100.8")

    assert [(address, outcome) for _, address, outcome, _ in lockout.attempts()] == [
        ("203.0.113.5", "wrong password, failure 2"),
        ("203.0.113.5", "wrong password, failure 3"),
        ("203.0.113.5", "refused unchecked, address locked out"),
        ("198.51.100.8", "wrong password, failure 1"),
    ]
