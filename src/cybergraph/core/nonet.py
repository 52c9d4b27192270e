"""The second wall: a process that cannot open a socket, so nothing it runs can reach the network.

Queries and validations run in worker processes. Before a worker touches untrusted input it calls
`forbid_network()`, which installs a seccomp filter (Linux, x86_64 and aarch64): every `socket()` and
`socketpair()` call then fails with EACCES, and `io_uring_setup()` (which could open sockets without the
`socket` system call) with ENOSYS. The filter cannot be removed by the process, is inherited by any
thread or child it starts, and needs no privileges (it sets `no_new_privs` first). pyoxigraph's SERVICE
client, rdflib's URL loaders and a DNS lookup all need a socket, so a detection bug in the query check
(the first wall) still cannot send a request.

Pipes, files and the worker's already-open descriptors keep working: that is how a worker reads its
store and sends back its answer.

Where the filter cannot be installed (another operating system or architecture, or a kernel without
seccomp), `forbid_network()` raises NetworkWallUnavailable; the caller decides (the query runner then
refuses to run untrusted queries without `--allow-service`, and says why).
"""

from __future__ import annotations

import ctypes
import errno
import os
import struct
import sys

# BPF instruction classes and fields (linux/filter.h).
_LD_W_ABS = 0x20  # BPF_LD | BPF_W | BPF_ABS
_JEQ_K = 0x15  # BPF_JMP | BPF_JEQ | BPF_K
_JGE_K = 0x35  # BPF_JMP | BPF_JGE | BPF_K
_RET_K = 0x06  # BPF_RET | BPF_K

# seccomp (linux/seccomp.h).
_RET_ALLOW = 0x7FFF0000
_RET_ERRNO = 0x00050000
_RET_KILL_PROCESS = 0x80000000
_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2

# Offsets in struct seccomp_data: int nr; __u32 arch; __u64 instruction_pointer; __u64 args[6].
_NR = 0
_ARCH = 4

_X32_SYSCALL_BIT = 0x40000000

# Per architecture: the audit arch value, and the numbers of socket, socketpair and io_uring_setup.
_ARCHES = {
    "x86_64": (0xC000003E, 41, 53, 425),
    "aarch64": (0xC00000B7, 198, 199, 425),
}
# The number of the seccomp system call (Linux 3.17), which alone can install a filter on every thread.
_SECCOMP = {"x86_64": 317, "aarch64": 277}
_SECCOMP_SET_MODE_FILTER = 1
_SECCOMP_FILTER_FLAG_TSYNC = 1


def _machine() -> str:
    # os.uname() where it exists (platform, which says the same, costs a millisecond to import).
    if hasattr(os, "uname"):
        return os.uname().machine
    import platform

    return platform.machine()


class NetworkWallUnavailable(OSError):
    """The seccomp filter that keeps a worker off the network cannot be installed here."""


def _program(arch: int, socket: int, socketpair: int, io_uring_setup: int) -> bytes:
    def ins(code: int, jt: int, jf: int, k: int) -> bytes:
        return struct.pack("=HBBI", code, jt, jf, k)

    deny = _RET_ERRNO | errno.EACCES
    nosys = _RET_ERRNO | errno.ENOSYS
    return b"".join(
        [
            ins(_LD_W_ABS, 0, 0, _ARCH),
            # Another ABI (i386 through int 0x80) has other numbers: kill rather than guess.
            ins(_JEQ_K, 1, 0, arch),
            ins(_RET_K, 0, 0, _RET_KILL_PROCESS),
            ins(_LD_W_ABS, 0, 0, _NR),
            # The x32 ABI shares the arch value and adds this bit to every number.
            ins(_JGE_K, 0, 1, _X32_SYSCALL_BIT),
            ins(_RET_K, 0, 0, deny),
            ins(_JEQ_K, 0, 1, socket),
            ins(_RET_K, 0, 0, deny),
            ins(_JEQ_K, 0, 1, socketpair),
            ins(_RET_K, 0, 0, deny),
            ins(_JEQ_K, 0, 1, io_uring_setup),
            ins(_RET_K, 0, 0, nosys),
            ins(_RET_K, 0, 0, _RET_ALLOW),
        ]
    )


_installed = False


def forbid_network(*, all_threads: bool = False) -> None:
    """Make this process (and every thread and child it starts) unable to open a socket. Irreversible.

    The filter holds for the calling thread and the threads it starts later; with `all_threads`, for
    every thread the process already runs too (the seccomp call's TSYNC: a worker that opened its store
    on a thread meanwhile, whose threads the store started). Raises NetworkWallUnavailable where the
    filter cannot be installed (or, with `all_threads`, not on every thread).
    """
    global _installed
    if _installed:
        return
    machine = _machine()
    if sys.platform != "linux" or machine not in _ARCHES:
        raise NetworkWallUnavailable(
            f"seccomp filters are supported here on Linux x86_64 and aarch64, not {sys.platform} {machine}"
        )
    code = _program(*_ARCHES[machine])
    filters = ctypes.create_string_buffer(code, len(code))

    class _Program(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    program = _Program(len(code) // 8, ctypes.cast(filters, ctypes.c_void_p))
    libc = ctypes.CDLL(None, use_errno=True)
    prctl = libc.prctl
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    prctl.restype = ctypes.c_int
    if prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise NetworkWallUnavailable(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")
    if all_threads:
        syscall = libc.syscall
        syscall.argtypes = [ctypes.c_long, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_void_p]
        syscall.restype = ctypes.c_long
        # 0 when every thread has the filter; else -1 (errno says why) or the id of a thread it failed on.
        found = syscall(
            _SECCOMP[machine], _SECCOMP_SET_MODE_FILTER, _SECCOMP_FILTER_FLAG_TSYNC, ctypes.addressof(program)
        )
        if found != 0:
            raise NetworkWallUnavailable(
                ctypes.get_errno(), f"seccomp(SECCOMP_SET_MODE_FILTER, TSYNC) gave {found}"
            )
    elif prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.addressof(program), 0, 0) != 0:
        raise NetworkWallUnavailable(ctypes.get_errno(), "prctl(PR_SET_SECCOMP) failed")
    _installed = True


def available() -> bool:
    """Whether `forbid_network()` can work on this machine (checked without installing anything)."""
    return sys.platform == "linux" and _machine() in _ARCHES
