import pytest


@pytest.fixture(autouse=True)
def _anchor_file(settings, tmp_path):
    """Each test keeps its anchors in a file of its own."""
    settings.AUDIT_ANCHOR_FILE = str(tmp_path / "anchors" / "audit-anchors.jsonl")
