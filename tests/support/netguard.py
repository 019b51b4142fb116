"""Block every network connection except to this machine's loopback interface.

Imported by ``sitecustomize.py`` in this folder, so any Python process started with this folder
on PYTHONPATH (the Jupyter kernels the notebook tests start, for example) runs offline, and by
``tests/conftest.py`` for the test process itself. Jupyter kernels talk to their client over
loopback, which stays allowed.
"""

from __future__ import annotations

import ipaddress
import socket

_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


class NetworkBlockedError(OSError):
    """Raised when code under test tries to reach a host other than loopback."""


def _is_loopback(host: object) -> bool:
    if host is None:
        return True  # getaddrinfo(None, port) resolves to the local wildcard or loopback address
    if isinstance(host, bytes):
        host = host.decode("ascii", errors="replace")
    host = str(host).strip("[]").split("%")[0]
    if host.lower() in _LOCAL_NAMES or host == "":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # any other host name would need DNS, which means the network


def _check_address(family: int, address: object) -> None:
    if family not in (socket.AF_INET, socket.AF_INET6):
        return  # Unix domain sockets and the like never leave the machine
    host = address[0] if isinstance(address, tuple) else address
    if not _is_loopback(host):
        raise NetworkBlockedError(f"network access is blocked in the course tests: tried to connect to {address!r}")


_original_connect = socket.socket.connect
_original_connect_ex = socket.socket.connect_ex
_original_getaddrinfo = socket.getaddrinfo


def _guarded_connect(self: socket.socket, address: object) -> None:
    _check_address(self.family, address)
    return _original_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: object) -> int:
    _check_address(self.family, address)
    return _original_connect_ex(self, address)


def _guarded_getaddrinfo(host, *args, **kwargs):
    if not _is_loopback(host):
        raise NetworkBlockedError(f"network access is blocked in the course tests: tried to resolve {host!r}")
    return _original_getaddrinfo(host, *args, **kwargs)


def install() -> None:
    """Patch the socket module so that only loopback connections succeed."""
    socket.socket.connect = _guarded_connect
    socket.socket.connect_ex = _guarded_connect_ex
    socket.getaddrinfo = _guarded_getaddrinfo
