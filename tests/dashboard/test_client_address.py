"""Which address a sign-in comes from: X-Forwarded-For counts only behind a named proxy."""

from __future__ import annotations

import pytest

from dashboard.manage.client_address import UNKNOWN, resolve_client, trusted_proxies

LOCAL_PROXY = trusted_proxies("127.0.0.1, ::1")


@pytest.mark.parametrize(
    ("peer", "forwarded_for", "trusted", "client"),
    [
        # No proxy configured: the header is the client's own claim, and ignored.
        ("203.0.113.5", ["198.51.100.7"], (), "203.0.113.5"),
        (None, ["198.51.100.7"], (), "127.0.0.1"),  # Streamlit reports loopback as None
        # Behind the named proxy: the hop it added.
        (None, ["198.51.100.7"], LOCAL_PROXY, "198.51.100.7"),
        ("::1", ["198.51.100.7"], LOCAL_PROXY, "198.51.100.7"),
        # A client's forged hops sit left of the proxy's: only the rightmost counts.
        (None, ["10.9.9.9, 1.2.3.4, 198.51.100.7"], LOCAL_PROXY, "198.51.100.7"),
        (None, ["10.9.9.9", "198.51.100.7"], LOCAL_PROXY, "198.51.100.7"),
        # Chains of trusted proxies are walked through.
        (None, ["198.51.100.7, 10.0.0.2"], trusted_proxies("127.0.0.1,10.0.0.0/8"), "198.51.100.7"),
        # A request straight from elsewhere cannot claim to be proxied.
        ("203.0.113.5", ["198.51.100.7"], LOCAL_PROXY, "203.0.113.5"),
        # The proxy sent no header, or a garbled hop: the last address vouched for.
        (None, [], LOCAL_PROXY, "127.0.0.1"),
        (None, ["not-an-address"], LOCAL_PROXY, "127.0.0.1"),
        ("::ffff:203.0.113.5", [], (), "203.0.113.5"),  # IPv4 over IPv6 is the IPv4 client
        ("not-an-address", [], (), UNKNOWN),
    ],
)
def test_the_client_address_is_the_peer_or_the_hop_a_trusted_proxy_added(
    peer, forwarded_for, trusted, client
):
    assert resolve_client(peer, forwarded_for, trusted) == client


def test_a_setting_entry_that_is_no_address_is_left_out_so_a_typo_trusts_nothing_more(caplog):
    assert [str(n) for n in trusted_proxies("127.0.0.1, localhost, 10.0.0.0/8,")] == [
        "127.0.0.1/32",
        "10.0.0.0/8",
    ]
    assert "ignored 'localhost'" in caplog.text


@pytest.mark.parametrize(
    ("forwarded_hop", "client"),
    [
        ("198.51.100.7", "198.51.100.7"),
        ("198.51.100.7:52814", "198.51.100.7"),  # some proxies add the client's port
        ("2001:db8::7", "2001:db8::7"),
        ("[2001:db8::7]", "2001:db8::7"),
        ("[2001:db8::7]:52814", "2001:db8::7"),
        ("::ffff:198.51.100.7", "198.51.100.7"),  # IPv4 over an IPv6 socket
        ("[::ffff:198.51.100.7]:52814", "198.51.100.7"),
        ("64:ff9b::c633:6407", "198.51.100.7"),  # NAT64: an IPv4 client behind a translator
    ],
)
def test_every_form_of_one_forwarded_address_is_that_address(forwarded_hop, client):
    assert resolve_client(None, [forwarded_hop], LOCAL_PROXY) == client
