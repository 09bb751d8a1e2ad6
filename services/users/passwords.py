"""Password hashing: argon2id (argon2-cffi's PasswordHasher).

Parameters: 32 MiB, 2 passes, 1 lane. Above OWASP's minimum (19 MiB, t=2, p=1); measured on the
2-core dev machine under load: a verify takes ~75 ms median (19 MiB/t=2 ~35 ms, 64 MiB/t=2 ~160 ms,
64 MiB/t=3 ~245 ms). One worker thus checks ~13 logins per second per core, which bounds both a
password-guessing burst and the cost of a login. The parameters live in the hash itself, so raising
them later is safe: `needs_rehash` is checked on every successful log-in and the hash is replaced.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

TIME_COST = 2
MEMORY_COST_KIB = 32 * 1024
PARALLELISM = 1


@dataclass
class Passwords:
    """The `hasher` dependency of the users handlers."""

    time_cost: int = TIME_COST
    memory_cost_kib: int = MEMORY_COST_KIB
    parallelism: int = PARALLELISM
    _hasher: PasswordHasher = field(init=False, repr=False)
    _dummy: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._hasher = PasswordHasher(
            time_cost=self.time_cost, memory_cost=self.memory_cost_kib, parallelism=self.parallelism
        )
        # Verified against when the e-mail is unknown, so that answer costs what a real check costs.
        self._dummy = self._hasher.hash(secrets.token_urlsafe(24))

    @property
    def parameters(self) -> dict[str, int | str]:
        return {
            "algorithm": "argon2id",
            "time_cost": self.time_cost,
            "memory_cost_kib": self.memory_cost_kib,
            "parallelism": self.parallelism,
        }

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, password_hash: str | None, password: str) -> bool:
        if not password_hash:
            return self.dummy_verify(password)
        try:
            return self._hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def dummy_verify(self, password: str) -> bool:
        """Spend the time of a real verify; always False."""
        try:
            self._hasher.verify(self._dummy, password)
        except VerificationError:
            pass
        return False

    def needs_rehash(self, password_hash: str) -> bool:
        return self._hasher.check_needs_rehash(password_hash)
