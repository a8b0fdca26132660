"""Keep personal data out of logs: request lines are logged without their query string."""

import logging
import re

_QUERY = re.compile(r"\?[^ \"]*")


class StripQueryStrings(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and "?" in record.msg:
            record.msg = _QUERY.sub("?…", record.msg)
        if record.args and isinstance(record.args, tuple):
            record.args = tuple(
                _QUERY.sub("?…", arg) if isinstance(arg, str) else arg for arg in record.args
            )
        return True
