"""Threads and processes that cannot open a network connection, so SPARQL engines cannot federate.

Oxigraph and rdflib both run ``SERVICE`` by themselves (they carry HTTP clients). The read-only
check in :mod:`graph.sparql` refuses such queries on their parse, and as a second wall the engine
runs where the kernel refuses Internet sockets: a seccomp filter (Linux, x86-64 and arm64) makes
``socket(AF_INET|AF_INET6, ...)`` fail with EACCES. It applies to the calling thread and to every
thread and process it starts afterwards; local pipes and Unix sockets keep working. Elsewhere the
filter cannot be installed and :func:`forbid_network` says so by returning False.
"""

from __future__ import annotations

import ctypes
import platform
import struct
import sys
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
_RET_ALLOW = 0x7FFF0000
_RET_EACCES = 0x00050000 | 13  # SECCOMP_RET_ERRNO | EACCES
_AF_INET, _AF_INET6 = 2, 10
# machine -> (AUDIT_ARCH_* of the kernel's seccomp_data, number of the socket() system call)
_ARCHES = {"x86_64": (0xC000003E, 41), "amd64": (0xC000003E, 41),
           "aarch64": (0xC00000B7, 198), "arm64": (0xC00000B7, 198)}


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def _filter(arch: int, socket_nr: int) -> bytes:
    """The BPF program: socket() of an Internet family fails, every other system call is allowed."""

    def op(code: int, jt: int, jf: int, k: int) -> bytes:
        return struct.pack("HBBI", code, jt, jf, k)

    load, jeq, ret = 0x20, 0x15, 0x06  # BPF_LD|W|ABS, BPF_JMP|JEQ|K, BPF_RET|K
    return b"".join([
        op(load, 0, 0, 4),            # 0: seccomp_data.arch
        op(jeq, 0, 5, arch),          # 1: another ABI -> allow (7)
        op(load, 0, 0, 0),            # 2: seccomp_data.nr
        op(jeq, 0, 3, socket_nr),     # 3: not socket() -> allow (7)
        op(load, 0, 0, 16),           # 4: args[0], the address family
        op(jeq, 2, 0, _AF_INET),      # 5: -> refuse (8)
        op(jeq, 1, 0, _AF_INET6),     # 6: -> refuse (8)
        op(ret, 0, 0, _RET_ALLOW),    # 7
        op(ret, 0, 0, _RET_EACCES),   # 8
    ])


def forbid_network() -> bool:
    """Forbid Internet sockets to the calling thread and everything it starts later; False if unsupported."""
    arch = _ARCHES.get(platform.machine().lower())
    if not sys.platform.startswith("linux") or arch is None:
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return False
    code = _filter(*arch)
    buffer = ctypes.create_string_buffer(code, len(code))
    program = _Program(len(code) // 8, ctypes.addressof(buffer))
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    return libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(program), 0, 0) == 0


def walled() -> bool:
    """Whether the calling thread is refused Internet sockets (creating one connects nowhere)."""
    import socket

    try:
        socket.socket(socket.AF_INET, socket.SOCK_STREAM).close()
    except PermissionError:
        return True
    return False


def call_without_network(fn: Callable[..., T], *args: object) -> T:
    """``fn(*args)`` in a fresh thread that cannot open Internet sockets; its result or its exception.

    The filter dies with that thread, so the caller's own connections are untouched."""
    outcome: list = []

    def body() -> None:
        forbid_network()  # where unsupported, the read-only check is the only wall
        try:
            outcome.append((True, fn(*args)))
        except BaseException as exc:  # noqa: BLE001 - handed back to the caller's thread
            outcome.append((False, exc))

    thread = threading.Thread(target=body, name="no-network", daemon=True)
    thread.start()
    thread.join()
    ok, value = outcome[0]
    if ok:
        return value
    raise value
