"""Restore drill: back up a small Samhandling database, restore it to a point in time, and prove it works.

Runs end to end on the local PostgreSQL binaries, in throwaway clusters under a temporary directory:
  1. a primary cluster with continuous WAL archiving (archive_command), the production roles
     (deploy/postgresql/roles.sql and grants.sql), migrations as the owner, data written by the web role
     (demo data and audit events) and an audit anchor in a file outside the database;
  2. a base backup with pg_basebackup (tar, compressed), as the nightly job takes it;
  3. more writes after the backup: marker A, then the recovery target time, then marker B;
  4. the primary is stopped (the "disaster");
  5. a fresh cluster is restored from the base backup plus the archived WAL to the target time
     (point-in-time recovery), and checked: marker A present and marker B absent,
     `makemigrations --check`, `migrate --check`, `audit_verify` against the stored anchor, the web role
     still refused TRUNCATE and UPDATE on the audit log, then granian and the worker start and /healthz
     answers 200.
Prints the measured times (RTO: from the start of the restore until /healthz answers) and, with --json,
one JSON object on the last line. Exit status 0 only if every check passed.

Usage: python scripts/restore_drill.py [--small] [--json] [--keep]
"""

import argparse
import datetime
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GRANIAN = str(ROOT / ".venv" / "bin" / "granian")


class DrillFailed(Exception):
    pass


def bindir() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    if not found:
        raise DrillFailed("No PostgreSQL server binaries (install the postgresql package).")
    return found[-1].parent


def as_pg(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    """PostgreSQL refuses to run as root: run its tools as the postgres user when we are root."""
    if os.geteuid() == 0:
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kwargs)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Drill:
    def __init__(self, work: Path, *, small: bool = False):
        self.work = work
        self.small = small
        self.bin = bindir()
        self.archive = work / "wal-archive"
        self.backup = work / "base-backup"
        self.anchor_file = work / "anchors" / "audit-anchors.jsonl"
        self.timings: dict[str, float] = {}
        self.clusters: list[tuple[Path, int]] = []
        self.processes: list[subprocess.Popen] = []

    # -- helpers ---------------------------------------------------------------------------
    def timed(self, name: str, started: float) -> None:
        self.timings[name] = round(time.monotonic() - started, 2)

    def start_cluster(self, data: Path, port: int) -> None:
        as_pg(
            [
                str(self.bin / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(data.parent / f"{data.name}.log"),
                "-w",
                "-t",
                "120",
                "-o",
                f"-p {port} -k {self.work} -c listen_addresses=127.0.0.1",
                "start",
            ]
        )
        self.clusters.append((data, port))

    def stop_cluster(self, data: Path, mode: str = "fast") -> None:
        as_pg([str(self.bin / "pg_ctl"), "-D", str(data), "-m", mode, "-w", "stop"])
        self.clusters = [c for c in self.clusters if c[0] != data]

    def psql(self, port: int, sql: str, *, user: str = "postgres", db: str = "samhandling", variables=()) -> str:
        cmd = [
            str(self.bin / "psql"),
            "-X",
            "-q",
            "-t",
            "-A",
            "-v",
            "ON_ERROR_STOP=1",
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-U",
            user,
            "-d",
            db,
        ]
        for name, value in variables:
            cmd += ["-v", f"{name}={value}"]
        return subprocess.run(cmd, input=sql, check=True, capture_output=True, text=True).stdout.strip()

    def env(self, port: int, role: str) -> dict[str, str]:
        return {
            **os.environ,
            "DATABASE_URL": f"postgres://{role}@127.0.0.1:{port}/samhandling",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "AUDIT_ANCHOR_FILE": str(self.anchor_file),
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(self.work / "mail"),
        }

    def manage(self, port: int, role: str, *args: str) -> str:
        result = subprocess.run(
            [PY, "manage.py", *args], cwd=ROOT, env=self.env(port, role), capture_output=True, text=True
        )
        if result.returncode != 0:
            raise DrillFailed(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    # -- the drill -------------------------------------------------------------------------
    def primary(self) -> tuple[Path, int]:
        for d in (self.archive, self.backup):
            d.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.work, "postgres")
            for d in (self.archive, self.backup):
                shutil.chown(d, "postgres")
        data, port = self.work / "primary", free_port()
        as_pg([str(self.bin / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "--locale=C.UTF-8"])
        # The archiving part of postgresql.conf that docs/backup-and-restore.md prescribes.
        with open(data / "postgresql.auto.conf", "a") as conf:
            conf.write(
                "wal_level = replica\narchive_mode = on\narchive_timeout = 60\n"
                f"archive_command = 'test ! -f {self.archive}/%f && cp %p {self.archive}/%f'\n"
            )
        self.start_cluster(data, port)
        self.psql(
            port,
            (ROOT / "deploy/postgresql/roles.sql").read_text(),
            db="postgres",
            variables=[("owner_password", "drill-owner"), ("web_password", "drill-web")],
        )
        started = time.monotonic()
        self.manage(port, "samhandling_owner", "migrate", "--noinput", "-v0")
        self.timed("migrate_seconds", started)
        self.psql(port, (ROOT / "deploy/postgresql/grants.sql").read_text(), user="samhandling_owner")
        if self.small:
            # The test suite's size: a few rows of audit log, enough for the chain and its anchor.
            self.manage(
                port,
                "samhandling_web",
                "shell",
                "-c",
                "from samhandling.audit.services import record\n"
                "for i in range(20): record(actor=None, verb='drill.data', target=('drill', str(i)))",
            )
        else:
            started = time.monotonic()
            self.manage(port, "samhandling_web", "demo_data")
            self.timed("demo_data_seconds", started)
        self.write_marker(port, "before-backup")
        self.manage(port, "samhandling_web", "audit_anchor")
        return data, port

    def write_marker(self, port: int, name: str) -> None:
        code = (
            "from samhandling.audit.services import record; "
            f"record(actor=None, verb='drill.marker', target=('drill', '{name}'), purpose='återläsningsövning')"
        )
        self.manage(port, "samhandling_web", "shell", "-c", code)

    def base_backup(self, port: int) -> None:
        started = time.monotonic()
        as_pg(
            [
                str(self.bin / "pg_basebackup"),
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                "postgres",
                "-D",
                str(self.backup),
                "-Ft",
                "-z",
                "-X",
                "stream",
                "--checkpoint=fast",
                "--label=nightly",
            ]
        )
        self.timed("base_backup_seconds", started)
        self.timings["base_backup_mb"] = round(sum(f.stat().st_size for f in self.backup.iterdir()) / 1e6, 1)

    def after_backup(self, port: int) -> str:
        self.write_marker(port, "A")
        time.sleep(1.5)
        target = self.psql(port, "SELECT now()")
        time.sleep(1.5)
        self.write_marker(port, "B")
        # What archive_timeout does within a minute in production: close the segment and archive it.
        before = self.psql(port, "SELECT coalesce(last_archived_wal, '') FROM pg_stat_archiver")
        started = time.monotonic()
        self.psql(port, "SELECT pg_switch_wal()")
        while self.psql(port, "SELECT coalesce(last_archived_wal, '') FROM pg_stat_archiver") == before:
            if time.monotonic() - started > 60:
                raise DrillFailed("WAL was not archived within 60 s")
            time.sleep(0.1)
        self.timed("archive_lag_seconds", started)
        return target

    def restore(self, target: str) -> int:
        started = time.monotonic()
        data, port = self.work / "restored", free_port()
        data.mkdir(mode=0o700)
        wal = data / "pg_wal"
        if os.geteuid() == 0:
            shutil.chown(data, "postgres")
        as_pg(["tar", "-xzf", str(self.backup / "base.tar.gz"), "-C", str(data)])
        wal.mkdir(exist_ok=True)
        as_pg(["tar", "-xzf", str(self.backup / "pg_wal.tar.gz"), "-C", str(wal)])
        with open(data / "postgresql.auto.conf", "a") as conf:
            conf.write(
                "archive_mode = off\n"
                f"restore_command = 'cp {self.archive}/%f %p'\n"
                f"recovery_target_time = '{target}'\nrecovery_target_action = 'promote'\n"
            )
        (data / "recovery.signal").touch()
        if os.geteuid() == 0:
            subprocess.run(["chown", "-R", "postgres", str(data)], check=True)
        self.timed("restore_files_seconds", started)
        self.start_cluster(data, port)
        while self.psql(port, "SELECT pg_is_in_recovery()", db="postgres") == "t":
            if time.monotonic() - started > 300:
                raise DrillFailed("recovery did not finish within 300 s")
            time.sleep(0.2)
        self.timed("recovered_seconds", started)
        self.restore_started = started
        return port

    def check(self, port: int) -> None:
        markers = self.psql(
            port, "SELECT string_agg(target_id, ',' ORDER BY id) FROM audit_auditevent WHERE verb = 'drill.marker'"
        )
        if markers != "before-backup,A":
            raise DrillFailed(f"point-in-time recovery gave markers {markers!r}, expected 'before-backup,A'")
        self.manage(port, "samhandling_owner", "makemigrations", "--check", "--dry-run")
        self.manage(port, "samhandling_owner", "migrate", "--check")
        verified = self.manage(port, "samhandling_web", "audit_verify")
        if "Kontrollerad mot lagrat ankare" not in verified:
            raise DrillFailed(f"audit_verify did not check the stored anchor:\n{verified}")
        for sql in (
            "TRUNCATE audit_auditevent",
            "UPDATE audit_auditevent SET purpose = 'x'",
            "DELETE FROM audit_auditevent",
            "CREATE TABLE drill_ddl (id int)",
        ):
            try:
                self.psql(port, sql, user="samhandling_web")
            except subprocess.CalledProcessError as exc:
                if "permission denied" not in exc.stderr:
                    raise DrillFailed(f"{sql!r} as the web role failed otherwise: {exc.stderr}") from exc
            else:
                raise DrillFailed(f"the web role was allowed to run {sql!r}")

    def serve(self, port: int) -> None:
        http_port = free_port()
        env = self.env(port, "samhandling_web")
        log = open(self.work / "app.log", "w")  # noqa: SIM115 - closed with the processes
        self.processes.append(
            subprocess.Popen([PY, "manage.py", "worker"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        )
        self.processes.append(
            subprocess.Popen(
                [
                    GRANIAN,
                    "--interface",
                    "wsgi",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(http_port),
                    "--workers",
                    "1",
                    "--log-level",
                    "warning",
                    "config.wsgi:application",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
        deadline = time.monotonic() + 120
        last = ""
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{http_port}/healthz", timeout=5) as response:
                    if response.status == 200:
                        self.timed("rto_seconds", self.restore_started)
                        return
            except OSError as exc:
                last = str(exc)
            time.sleep(0.25)
        raise DrillFailed(f"/healthz did not answer 200 within 120 s ({last}); see {self.work / 'app.log'}")

    def cleanup(self) -> None:
        for proc in self.processes:
            proc.terminate()
        for proc in self.processes:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
        for data, _port in list(self.clusters):
            try:
                self.stop_cluster(data, "immediate")
            except subprocess.CalledProcessError:
                pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print the result as JSON on the last line")
    parser.add_argument("--small", action="store_true", help="a few audit rows instead of the demo data (CI)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="samhandling-drill-"))
    drill = Drill(work, small=args.small)
    result = {"date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"), "ok": False}
    try:
        started = time.monotonic()
        primary, port = drill.primary()
        drill.base_backup(port)
        target = drill.after_backup(port)
        drill.stop_cluster(primary, "immediate")  # the disaster
        restored = drill.restore(target)
        drill.check(restored)
        drill.serve(restored)
        drill.timed("drill_seconds", started)
        result["ok"] = True
    except (DrillFailed, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", "") or ""
        result["error"] = f"{exc} {detail}".strip()
    finally:
        drill.cleanup()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    result.update(drill.timings)
    for key, value in result.items():
        print(f"{key}: {value}")
    if args.json:
        print(json.dumps(result))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
