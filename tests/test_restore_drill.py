"""The restore drill (scripts/restore_drill.py) runs in the test suite, so that backup and restore cannot rot.

It needs the PostgreSQL server binaries (initdb, pg_basebackup) and fails, not skips, without them.
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_a_backup_restores_to_a_point_in_time_and_the_app_starts_on_it():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "restore_drill.py"), "--small", "--json"],
        capture_output=True,
        text=True,
        timeout=1200,
        cwd=ROOT,
    )
    assert result.stdout.strip(), result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["ok"], outcome.get("error")
    assert result.returncode == 0
    # Each stage reported a measurement: the drill really backed up, archived, recovered and served.
    for key in ("base_backup_seconds", "archive_lag_seconds", "recovered_seconds", "rto_seconds"):
        assert outcome[key] > 0
