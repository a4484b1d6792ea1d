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


# Attributes every LogRecord has; anything else was passed with extra={...} and goes into the line.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "taskName"}


_SAFE_MESSAGES = {"OperationalError", "InterfaceError", "ConnectionRefusedError", "TimeoutError", "SMTPConnectError"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, event, and the fields passed in `extra`.

    An exception is written as its class and the frames (file, line, function) only: exception
    messages of database errors carry the values that were written (identity numbers, free text),
    so no message text reaches the log. The reference number leads from the user to the line.
    """

    def format(self, record):
        import json
        import traceback
        from datetime import UTC, datetime

        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": _QUERY.sub("?…", record.getMessage()),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                line[key] = value if isinstance(value, (str, int, float, bool, type(None))) else str(value)
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            line["error_class"] = f"{type(exc).__module__}.{type(exc).__qualname__}"
            if type(exc).__name__ in _SAFE_MESSAGES:
                # Connection errors say where and why (refused, timed out), never what was written.
                line["error"] = str(exc).splitlines()[0][:300] if str(exc) else ""
            frames = traceback.extract_tb(exc.__traceback__)[-8:]
            line["stack"] = [f"{'/'.join(f.filename.split('/')[-3:])}:{f.lineno} {f.name}" for f in frames]
        return json.dumps(line, ensure_ascii=False)
