"""Fetch only public addresses: the guard a server needs when anyone may ask it to fetch a URL (SSRF).

Checking a URL's host before the request is not enough: a redirect can lead to ``http://127.0.0.1/``, and a
name can resolve to a public address when checked and to a private one when connected (DNS rebinding). So
the check sits where connections are made: :class:`PublicOnlyBackend` resolves the host itself, refuses
if *any* of its addresses is not public, and connects to an address it checked. Every connection goes
through it: the first request, each redirect, robots.txt.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable

import httpcore
import httpx


class BlockedAddressError(Exception):
    """A host resolves to an address that is not public (loopback, private, link-local, ...)."""

    def __init__(self, host: str, address: str, kind: str) -> None:
        shown = f"{host} is" if host == address else f"{host} resolves to {address},"
        super().__init__(f"refused: {shown} a {kind} address (only public addresses are fetched)")


def address_kind(address: str) -> str | None:
    """None for a public unicast address, else what it is: "loopback", "private", "link-local", ..."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for kind, flag in (
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("unspecified", ip.is_unspecified),
        ("multicast", ip.is_multicast),
        ("private", ip.is_private),
        ("reserved", ip.is_reserved),
    ):
        if flag:
            return kind
    return None if ip.is_global else "non-public"


class PublicOnlyBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend, connecting only after every address of the host proved public."""

    def __init__(self) -> None:
        self._backend = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            found = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as error:
            raise httpcore.ConnectError(f"cannot resolve {host}: {error.strerror}") from None
        addresses = list(dict.fromkeys(str(info[4][0]) for info in found))
        for address in addresses:
            if kind := address_kind(address):
                raise BlockedAddressError(host, address, kind)
        return await self._backend.connect_tcp(addresses[0], port, timeout, local_address, socket_options)

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise BlockedAddressError(path, path, "local socket")

    async def sleep(self, seconds: float) -> None:
        await self._backend.sleep(seconds)


def public_only_transport(limits: httpx.Limits) -> httpx.AsyncHTTPTransport:
    """An httpx transport whose connections go through :class:`PublicOnlyBackend`.

    Environment proxies are not used: through a proxy the guard would see the proxy's address, not the
    target's. httpx has no public hook for the network backend, so the pool is replaced after construction.
    """
    transport = httpx.AsyncHTTPTransport(limits=limits, trust_env=False)
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=transport._pool._ssl_context,
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=PublicOnlyBackend(),
    )
    return transport
