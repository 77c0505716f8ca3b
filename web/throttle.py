"""Sign-in throttling: too many failed sign-ins for one user name, or from one address, lock that name
(or address) out for a while, before any password is checked. An address gets more tries than a name,
since an office may sign in from behind one address. Kept in memory: a restart forgives."""
from __future__ import annotations

import threading
import time
from collections import deque

IP_FACTOR = 4


class SignInThrottle:
    def __init__(self, max_failures: int, window: float, lockout: float, clock=time.monotonic):
        self.max_failures, self.window, self.lockout = max_failures, window, lockout
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._locked_until: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait_seconds(self, name: str, address: str | None) -> float:
        """0 when a sign-in may be tried now, else how long the lockout still runs."""
        now = self._clock()
        with self._lock:
            return max([self._locked_until.get(k, 0.0) - now for k in self._keys(name, address)] + [0.0])

    def failed(self, name: str, address: str | None) -> bool:
        """Count a failure; True when it locked the name or the address."""
        now = self._clock()
        locked = False
        with self._lock:
            for key, limit in zip(self._keys(name, address), (self.max_failures, self.max_failures * IP_FACTOR)):
                times = self._failures.setdefault(key, deque())
                times.append(now)
                while times and times[0] <= now - self.window:
                    times.popleft()
                if len(times) >= limit:
                    self._locked_until[key] = now + self.lockout
                    times.clear()
                    locked = True
        return locked

    def succeeded(self, name: str) -> None:
        """A right password clears the name's failures (not the address's: one good account must not
        reset the count of guesses at others)."""
        with self._lock:
            self._failures.pop(self._name_key(name), None)

    @staticmethod
    def _name_key(name: str) -> str:
        return "u:" + name.strip().lower()

    def _keys(self, name: str, address: str | None) -> list[str]:
        return [self._name_key(name), "a:" + (address or "?")]
