import logging
import re

_QUERY = re.compile(r"\?\S*")


class StripQueryStringFilter(logging.Filter):
    """Drop query strings from log lines: they may carry names or identity numbers from searches."""

    def filter(self, record):
        if isinstance(record.msg, str):
            record.msg = _QUERY.sub("?…", record.msg)
        if record.args:
            record.args = tuple(_QUERY.sub("?…", a) if isinstance(a, str) else a for a in record.args)
        return True
