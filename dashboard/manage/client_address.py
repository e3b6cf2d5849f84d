"""Which address a request comes from, for the sign-in lockout and its log.

The TCP peer, unless the operator names reverse proxies in `DASHBOARD_TRUSTED_PROXIES`
(addresses or networks, comma-separated, e.g. `127.0.0.1,::1`): then a request from one of
them is read from its `X-Forwarded-For`, right to left, up to the first hop that is not one of
them. Without that setting the header is ignored, since any client can send one.
"""

from __future__ import annotations

import functools
import ipaddress
import logging
import os
from collections.abc import Sequence

import streamlit as st

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
    address = _parse(peer or "127.0.0.1")
    if address is None:
        return UNKNOWN
    hops = [hop.strip() for header in forwarded_for for hop in header.split(",") if hop.strip()]
    while _is_trusted(address, trusted) and hops:
        hop = _parse(hops.pop())
        if hop is None:  # a garbled header: stay with the last hop that was vouched for
            break
        address = hop
    return str(address)


def client_address() -> str:
    """The address of the client running this script."""
    peer = st.context.ip_address
    return resolve_client(
        peer if isinstance(peer, str) or peer is None else UNKNOWN,
        st.context.headers.get_all("X-Forwarded-For"),
        trusted_proxies(os.environ.get(TRUSTED_PROXIES_ENV, "")),
    )


def _parse(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    # An IPv4 client reached over IPv6 is the same client.
    return getattr(address, "ipv4_mapped", None) or address


def _is_trusted(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address, trusted: Sequence[Network]
) -> bool:
    return any(address.version == net.version and address in net for net in trusted)
