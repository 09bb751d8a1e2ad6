"""Per-installation secret keys kept in files under the state dir (used when settings give none).

`load_or_create(path)` returns the key in `path`, creating it once with random bytes. Creation is
atomic and exclusive: the bytes are written and fsynced in a private temporary file, which is then
hard-linked to `path` (link fails if `path` exists, like O_EXCL, but a reader can never see a
half-written file). Two processes starting together (the app and a worker) both end up reading the
one file that won.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

KEY_BYTES = 32


class KeyFileError(RuntimeError):
    """The key file exists but is not a key (wrong length): refuse rather than silently replace it,
    which would invalidate everything signed with it and split processes onto different keys."""


def load_or_create(path: Path, size: int = KEY_BYTES) -> bytes:
    try:
        return _read(path, size)
    except FileNotFoundError:
        pass
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mode 0600
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(secrets.token_bytes(size))
            out.flush()
            os.fsync(out.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another process won the race: use its key
    finally:
        os.unlink(tmp)
    return _read(path, size)


def _read(path: Path, size: int) -> bytes:
    key = path.read_bytes()
    if len(key) != size:
        raise KeyFileError(
            f"{path} holds {len(key)} bytes, not a {size}-byte key; "
            f"delete it to generate a new one (links signed with it stop working)"
        )
    return key
