"""One JSON object per log line, for log collectors (``LOG_FORMAT=json``, production's default).

Imported by the logging configuration, before the apps are ready: nothing from Django's models.
"""

from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

FIELDS = ["levelname", "name", "message"]
RENAMED = {"levelname": "level", "name": "logger", "exc_info": "exception"}


class JsonFormatter(BaseJsonFormatter):
    """time, level, logger, message; method, path and status for request logs; any exception
    as a field of the same line (its newlines escaped by JSON)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("rename_fields", RENAMED)
        kwargs.setdefault("timestamp", "time")
        super().__init__(FIELDS, *args, **kwargs)

    def add_fields(self, log_data, record, message_dict):
        super().add_fields(log_data, record, message_dict)
        # django.request and django.security pass the request (an object) and the status.
        request = log_data.pop("request", None)
        if hasattr(request, "method") and hasattr(request, "path"):
            log_data["method"] = request.method
            log_data["path"] = request.path
        status = log_data.pop("status_code", None)
        if status is not None:
            log_data["status"] = status

    def process_log_record(self, log_data):
        # The time first, as a reader expects it.
        return {"time": log_data.pop("time", None), **log_data}
