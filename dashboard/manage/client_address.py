"""Which address a request comes from, for the sign-in lockout and its log.

The TCP peer, unless the operator names reverse proxies in `DASHBOARD_TRUSTED_PROXIES`
(addresses or networks, comma-separated, e.g. `127.0.0.1,::1`): then a request from one of
them is read from its `X-Forwarded-For`, right to left, up to the first hop that is not one of
them. Without that setting the header is ignored, since any client can send one.

`normalise` is the one reading of an address text, for the peer, each forwarded hop and the
lockout's count (`lockout_key`): a port or brackets are dropped, and an IPv4 client seen
through IPv6 (mapped `::ffff:a.b.c.d`, or NAT64 `64:ff9b::a.b.c.d`) is that IPv4 client.
"""

from __future__ import annotations

import functools
import ipaddress
import logging
import os
from collections.abc import Sequence

TRUSTED_PROXIES_ENV = "DASHBOARD_TRUSTED_PROXIES"
UNKNOWN = "unknown"
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

_log = logging.getLogger(__name__)


@functools.lru_cache(maxsize=4)  # read on every run of /manage: warn about a typo once
def trusted_proxies(setting: str) -> tuple[Network, ...]:
    """The networks in a `DASHBOARD_TRUSTED_PROXIES` value; an entry that is not one is logged
    and left out, so a typo trusts less, never more."""
    networks = []
    for entry in (part.strip() for part in setting.split(",")):
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            _log.warning(
                "%s: ignored %r, which is not an address or network", TRUSTED_PROXIES_ENV, entry
            )
    return tuple(networks)


def resolve_client(
    peer: str | None, forwarded_for: Sequence[str], trusted: Sequence[Network]
) -> str:
    """The client's address: `peer` (None is this machine, as Streamlit reports loopback), or,
    when `peer` is a trusted proxy, the last X-Forwarded-For hop no trusted proxy added."""
    address = normalise(peer or "127.0.0.1")
    if address is None:
        return UNKNOWN
    hops = [hop.strip() for header in forwarded_for for hop in header.split(",") if hop.strip()]
    while _is_trusted(address, trusted) and hops:
        hop = normalise(hops.pop())
        if hop is None:  # a garbled header: stay with the last hop that was vouched for
            break
        address = hop
    return str(address)


def client_address() -> str:
    """The address of the client running this script."""
    # Here, not at the top: the lockout imports this module in processes without Streamlit.
    import streamlit as st

    peer = st.context.ip_address
    return resolve_client(
        peer if isinstance(peer, str) or peer is None else UNKNOWN,
        st.context.headers.get_all("X-Forwarded-For"),
        trusted_proxies(os.environ.get(TRUSTED_PROXIES_ENV, "")),
    )


# RFC 6052's well-known NAT64 prefix: the last 32 bits are the IPv4 client's address.
NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def normalise(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address in `text` ("a.b.c.d", "a.b.c.d:port", "v6", "[v6]", "[v6]:port"), with an
    IPv4 client reached over IPv6 as that IPv4 address; None if `text` is no address."""
    text = text.strip()
    if text.startswith("["):  # "[v6]" or "[v6]:port"
        text, bracket, rest = text[1:].partition("]")
        if not bracket or (rest and not (rest.startswith(":") and _is_port(rest[1:]))):
            return None
    elif text.count(":") == 1:  # "a.b.c.d:port"; a bare IPv6 address has two colons or more
        text, _, port = text.partition(":")
        if not _is_port(port):
            return None
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped:
            return address.ipv4_mapped
        if address in NAT64:
            return ipaddress.IPv4Address(int(address) & 0xFFFF_FFFF)
    return address


def lockout_key(text: str) -> str:
    """What the sign-in lockout counts for an address: one IPv4 address, or one IPv6 /64 (one
    host usually holds a whole /64); a text that is no address is counted as itself."""
    address = normalise(text)
    if address is None:
        return text
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _is_port(digits: str) -> bool:
    return digits.isascii() and digits.isdigit() and 0 < int(digits) < 65536


def _is_trusted(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address, trusted: Sequence[Network]
) -> bool:
    return any(address.version == net.version and address in net for net in trusted)
