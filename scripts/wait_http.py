"""Wait until a URL answers with any HTTP status (used by make run and the smoke test)."""

import sys
import time
import urllib.error
import urllib.request

url, timeout = sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 30
deadline = time.monotonic() + timeout
while time.monotonic() < deadline:
    try:
        urllib.request.urlopen(url, timeout=2)  # noqa: S310 - local address only
        sys.exit(0)
    except urllib.error.HTTPError:
        sys.exit(0)
    except OSError:
        time.sleep(0.2)
print(f"No answer from {url} within {timeout:.0f} s", file=sys.stderr)
sys.exit(1)
