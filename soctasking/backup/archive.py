"""The backup archive: one tar holding the database, the uploaded files and a manifest.

Members (docs/backup.md):

``database.sqlite3`` or ``database.pgdump``
    the database, as an SQLite file or a ``pg_dump --format=custom`` dump;
``files/...``
    every regular file under ``MEDIA_ROOT``, at its path below it;
``manifest.json``
    written last: when the backup was taken, the database engine, the newest
    migration applied of each app, the rows in each table, and the size and
    SHA-256 of every other member.

An archive is read in one streaming pass, so it may also be compressed
(``gzip backup.tar``): each member is hashed (and, for a restore, unpacked
into a staging folder) as it goes by, and compared with the manifest at the
end. Nothing outside the staging folder is touched while reading.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import lzma
import os
import re
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import IO, Any

FORMAT = "soctasking.backup"
VERSION = 1
MANIFEST = "manifest.json"
FILES = "files"
DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
CHUNK_BYTES = 1024 * 1024
#: Problems listed before the rest are only counted.
PROBLEMS_SHOWN = 20

_SHA256_RE = re.compile(r"^[0-9a-f]{64}$")


class ArchiveInvalidError(Exception):
    """The archive cannot be restored; each problem is one line an operator can act on."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        shown = problems[:PROBLEMS_SHOWN]
        if len(problems) > PROBLEMS_SHOWN:
            shown.append(f"... and {len(problems) - PROBLEMS_SHOWN} more")
        super().__init__("\n".join(shown))


@dataclass(frozen=True)
class Member:
    sha256: str
    size: int


@dataclass(frozen=True)
class Manifest:
    created: datetime
    engine: str
    #: The newest migration applied of each app, by name.
    migrations: dict[str, str]
    #: Rows in each table when the backup was taken.
    tables: dict[str, int]
    #: Every member but the manifest itself.
    members: dict[str, Member]

    @property
    def database_member(self) -> str:
        return DATABASE_MEMBERS[self.engine]

    @property
    def engine_name(self) -> str:
        return ENGINE_NAMES[self.engine]

    @property
    def file_count(self) -> int:
        return sum(1 for name in self.members if name.startswith(f"{FILES}/"))

    @property
    def row_count(self) -> int:
        return sum(self.tables.values())

    def to_json(self) -> bytes:
        document = {
            "format": FORMAT,
            "version": VERSION,
            "created": self.created.isoformat(),
            "engine": self.engine,
            "migrations": dict(sorted(self.migrations.items())),
            "tables": dict(sorted(self.tables.items())),
            "members": {
                name: {"sha256": member.sha256, "bytes": member.size}
                for name, member in sorted(self.members.items())
            },
        }
        return json.dumps(document, indent=2).encode() + b"\n"

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest:
        """The manifest, or ``ArchiveInvalidError`` naming each field that is wrong."""
        try:
            document = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ArchiveInvalidError([f"{MANIFEST} is not JSON: {error}"]) from None
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise ArchiveInvalidError([f"{MANIFEST} is not the manifest of a soctasking backup"])
        if document.get("version") != VERSION:
            raise ArchiveInvalidError(
                [
                    f"{MANIFEST}: format version {document.get('version')!r} is not one this "
                    f"version of soctasking reads (it reads version {VERSION})"
                ]
            )
        problems: list[str] = []
        created = _created(document.get("created"), problems)
        engine = document.get("engine")
        if engine not in DATABASE_MEMBERS:
            problems.append(f"{MANIFEST}: engine {engine!r} is not sqlite or postgresql")
        migrations = _mapping(document, "migrations", str, problems)
        tables = _mapping(document, "tables", int, problems)
        members = _members(document.get("members"), problems)
        if engine in DATABASE_MEMBERS and DATABASE_MEMBERS[engine] not in members:
            problems.append(f"{MANIFEST}: lists no {DATABASE_MEMBERS[engine]}")
        if problems or created is None:
            raise ArchiveInvalidError(problems)
        return cls(
            created=created,
            engine=str(engine),
            migrations=migrations,
            tables=tables,
            members=members,
        )


def _created(value: object, problems: list[str]) -> datetime | None:
    if isinstance(value, str):
        try:
            created = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            if created.tzinfo is not None:
                return created
    problems.append(f"{MANIFEST}: created {value!r} is not a date and time with its offset")
    return None


def _mapping(
    document: dict[str, Any], key: str, kind: type[str] | type[int], problems: list[str]
) -> dict[str, Any]:
    value = document.get(key)
    if not isinstance(value, dict) or not all(
        isinstance(name, str) and type(item) is kind for name, item in value.items()
    ):
        problems.append(f"{MANIFEST}: {key} is not an object of {kind.__name__} values")
        return {}
    return dict(value)


def _members(value: object, problems: list[str]) -> dict[str, Member]:
    if not isinstance(value, dict):
        problems.append(f"{MANIFEST}: members is not an object")
        return {}
    members: dict[str, Member] = {}
    for name, entry in value.items():
        if (
            isinstance(entry, dict)
            and isinstance(entry.get("sha256"), str)
            and _SHA256_RE.match(entry["sha256"])
            and type(entry.get("bytes")) is int
            and entry["bytes"] >= 0
        ):
            members[name] = Member(sha256=entry["sha256"], size=entry["bytes"])
        else:
            problems.append(f"{MANIFEST}: member {name!r} has no valid sha256 and bytes")
    return members


class _HashingReader:
    """Reads from a file, hashing what passes; tarfile copies a member's bytes through it."""

    def __init__(self, source: IO[bytes]) -> None:
        self.source = source
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.source.read(size)
        self.digest.update(data)
        return data


class _HashingWriter:
    """The archive file, hashed as tarfile writes it, so it need not be read back."""

    def __init__(self, target: IO[bytes]) -> None:
        self.target = target
        self.digest = hashlib.sha256()
        self.position = 0

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        self.position += len(data)
        return self.target.write(data)

    def tell(self) -> int:
        return self.position


@dataclass(frozen=True)
class ArchiveWritten:
    path: Path
    sha256: str
    size: int
    manifest: Manifest


def _regular_files(root: Path) -> Iterator[tuple[str, Path]]:
    """Every regular file below ``root`` as (archive member name, path), in a stable order.

    Symbolic links are not followed: what an upload folder links to is not
    the service's to copy.
    """
    if not root.is_dir():
        return
    for directory, subdirectories, names in os.walk(root):
        subdirectories.sort()
        for name in sorted(names):
            path = Path(directory, name)
            if path.is_symlink() or not path.is_file():
                continue
            relative = path.relative_to(root).as_posix()
            yield f"{FILES}/{relative}", path


def archive_write(
    *,
    destination: Path,
    created: datetime,
    engine: str,
    database: Path,
    files_root: Path,
    migrations: dict[str, str],
    tables: dict[str, int],
) -> ArchiveWritten:
    """Write the archive beside ``destination``, then rename it into place.

    A half-written archive never carries the final name: a backup that fails
    (a full disk, say) leaves no file that looks like a backup.
    """
    # mkstemp creates the file readable by its owner only: an archive holds
    # everything the service holds.
    descriptor, partial_name = tempfile.mkstemp(
        dir=destination.parent, prefix=f".{destination.name}.", suffix=".part"
    )
    partial = Path(partial_name)
    try:
        with os.fdopen(descriptor, "wb") as raw:
            writer = _HashingWriter(raw)
            # The writer has no read or seek: writing a tar never calls them.
            with tarfile.open(  # type: ignore[call-overload]
                fileobj=writer, mode="w", format=tarfile.PAX_FORMAT
            ) as tar:
                database_member = _add_file(tar, DATABASE_MEMBERS[engine], database)
                if database_member is None:
                    raise FileNotFoundError(database)
                members = {DATABASE_MEMBERS[engine]: database_member}
                for name, path in _regular_files(files_root):
                    added = _add_file(tar, name, path)
                    if added is not None:
                        members[name] = added
                manifest = Manifest(
                    created=created,
                    engine=engine,
                    migrations=migrations,
                    tables=tables,
                    members=members,
                )
                _add_bytes(tar, MANIFEST, manifest.to_json(), created=created)
            raw.flush()
            os.fsync(raw.fileno())
            size = writer.tell()
        os.replace(partial, destination)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return ArchiveWritten(
        path=destination, sha256=writer.digest.hexdigest(), size=size, manifest=manifest
    )


def _add_file(tar: tarfile.TarFile, name: str, path: Path) -> Member | None:
    """Add one file as it is now; ``None`` when it was deleted after it was listed."""
    try:
        source = path.open("rb")
    except FileNotFoundError:
        return None
    with source:
        status = os.fstat(source.fileno())
        info = tarfile.TarInfo(name)
        info.size = status.st_size
        info.mtime = int(status.st_mtime)
        info.mode = 0o600
        reader = _HashingReader(source)
        # tarfile copies exactly ``info.size`` bytes, so the digest is of what
        # the archive holds even if the file grows meanwhile.
        tar.addfile(info, reader)
    return Member(sha256=reader.digest.hexdigest(), size=info.size)


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes, *, created: datetime) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(created.timestamp())
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


def _member_problem(name: str) -> str | None:
    """Why a member may not be in an archive, or ``None`` when its name is one we write."""
    if name in DATABASE_MEMBERS.values() or name == MANIFEST:
        return None
    path = PurePosixPath(name)
    if (
        path.is_absolute()
        or len(path.parts) < 2
        or path.parts[0] != FILES
        or any(part in {"", ".", ".."} for part in name.split("/"))
        or "\0" in name
    ):
        return f"member {name!r} is not a name a backup holds (database, {FILES}/..., {MANIFEST})"
    return None


@dataclass
class _Scanned:
    """What one pass over an archive found, before it is compared with the manifest."""

    members: dict[str, Member] = field(default_factory=dict)
    manifest: bytes | None = None
    problems: list[str] = field(default_factory=list)


def archive_read(*, source: Path, unpack_to: Path | None = None) -> Manifest:
    """The archive's manifest once every member has matched it; ``ArchiveInvalidError`` otherwise.

    With ``unpack_to``, each member is also written below that folder (the
    database member at its own name, ``files/...`` at theirs); nothing else
    is written anywhere.
    """
    if not source.exists():
        raise ArchiveInvalidError([f"no such file {str(source)!r}"])
    if source.is_dir():
        raise ArchiveInvalidError([f"{str(source)!r} is a folder, not a backup archive"])
    try:
        with tarfile.open(source, mode="r|*") as tar:
            scanned = _scan(tar, unpack_to)
    except tarfile.TarError as error:
        # Only opening raises it here: _scan turns what reading raises into
        # ArchiveInvalidError itself.
        raise ArchiveInvalidError(
            [f"{str(source)!r} is not a backup archive (not a tar file: {error})"]
        ) from None
    if scanned.manifest is None:
        raise ArchiveInvalidError(
            [*scanned.problems, f"no {MANIFEST}: this is not a soctasking backup"]
        )
    manifest = Manifest.from_json(scanned.manifest)
    problems = [*scanned.problems, *_compared(manifest, scanned.members)]
    if problems:
        raise ArchiveInvalidError(problems)
    return manifest


def _scan(tar: tarfile.TarFile, unpack_to: Path | None) -> _Scanned:
    scanned = _Scanned()
    try:
        for info in tar:
            if info.name in scanned.members or (
                info.name == MANIFEST and scanned.manifest is not None
            ):
                scanned.problems.append(f"member {info.name!r} appears more than once")
                continue
            problem = (
                _member_problem(info.name)
                if info.isreg()
                else f"member {info.name!r} is not a regular file"
            )
            stream = tar.extractfile(info) if problem is None else None
            if stream is None:
                scanned.problems.append(problem or f"member {info.name!r} has no data")
            elif info.name == MANIFEST:
                scanned.manifest = stream.read()
            else:
                scanned.members[info.name] = _read_member(stream, info.name, unpack_to)
    except (tarfile.TarError, EOFError, gzip.BadGzipFile, zlib.error, lzma.LZMAError) as error:
        raise ArchiveInvalidError([f"the archive is truncated or damaged: {error}"]) from None
    return scanned


def _compared(manifest: Manifest, found: dict[str, Member]) -> list[str]:
    problems: list[str] = []
    for name, expected in manifest.members.items():
        member = found.get(name)
        if member is None:
            problems.append(f"member {name!r}, listed in the manifest, is missing")
        elif member.size != expected.size:
            problems.append(
                f"member {name!r} holds {member.size} bytes; the manifest says "
                f"{expected.size}: the archive is damaged or was altered"
            )
        elif member.sha256 != expected.sha256:
            problems.append(
                f"member {name!r} does not match its SHA-256 in the manifest: "
                "the archive is damaged or was altered"
            )
    problems.extend(
        f"member {name!r} is not listed in the manifest"
        for name in sorted(found.keys() - manifest.members.keys())
    )
    return problems


def _read_member(stream: IO[bytes], name: str, unpack_to: Path | None) -> Member:
    digest = hashlib.sha256()
    size = 0
    target: IO[bytes] | None = None
    if unpack_to is not None:
        path = unpack_to.joinpath(*PurePosixPath(name).parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        target = path.open("wb")
    try:
        while chunk := stream.read(CHUNK_BYTES):
            digest.update(chunk)
            size += len(chunk)
            if target is not None:
                target.write(chunk)
    finally:
        if target is not None:
            target.close()
    return Member(sha256=digest.hexdigest(), size=size)
