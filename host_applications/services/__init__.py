"""Rules for host candidatures: the call's window, submission, moderation, scoring, retention.

Views, signal receivers, the admin, management commands and the demo call these functions;
none of them decides anything about a candidature on its own. One module per concept, each
importing only those below it (the layers contract in pyproject.toml); the public API is
re-exported here, where callers look for it.
"""

from .attachments import (
    ORPHAN_GRACE,
    atomic_with_files,
    attachment_storage,
    download_name,
    orphan_files,
    record_file_access,
    remove_file,
    sweep_orphan_files,
)
from .base import AlreadyDecided, DecisionRefused, SelectionRefused, localized_call, source_call
from .dashboard import awaiting, counts_by_status
from .history import Timeline, TimelineStep, applicant_timeline, task_outcomes
from .moderation import (
    decline_application,
    is_final_task,
    lock_for_decision,
    lock_task_state,
    record_changes_requested,
    record_task_started,
    select_application,
    selection_problem,
)
from .moderation_end import (
    EndChoice,
    can_end_moderation,
    can_resubmit,
    end_moderation,
    record_workflow_cancelled,
)
from .retention import (
    PERSONAL_FIELDS,
    edition_end,
    purge_application,
    purge_personal_data,
    purgeable,
)
from .reviews import (
    can_score,
    criteria_for,
    juror_progress,
    others_scores_visible,
    save_review,
    visible_reviews,
    weighted_score,
    with_scores,
    with_viewer,
)
from .selection_changes import (
    can_change_selection,
    replace_selection,
    replacements_for,
    undo_selection,
)
from .submission import (
    APPLICANT_FIELDS,
    LINK_RESEND_INTERVAL,
    AlreadyReceived,
    can_edit,
    can_withdraw,
    find_duplicate,
    resend_link,
    resubmit_application,
    submit_application,
    withdraw_application,
    within_rate_limit,
)
from .tokens import edit_url, find_by_token, private_token, status_url, token_of
from .window import CallClosed, CallWindow, call_window, current_call, has_host

__all__ = [
    "APPLICANT_FIELDS",
    "LINK_RESEND_INTERVAL",
    "ORPHAN_GRACE",
    "PERSONAL_FIELDS",
    "AlreadyDecided",
    "AlreadyReceived",
    "CallClosed",
    "CallWindow",
    "DecisionRefused",
    "EndChoice",
    "SelectionRefused",
    "Timeline",
    "TimelineStep",
    "applicant_timeline",
    "atomic_with_files",
    "attachment_storage",
    "awaiting",
    "call_window",
    "can_change_selection",
    "can_edit",
    "can_end_moderation",
    "can_resubmit",
    "can_score",
    "can_withdraw",
    "counts_by_status",
    "criteria_for",
    "current_call",
    "decline_application",
    "download_name",
    "edit_url",
    "edition_end",
    "end_moderation",
    "find_by_token",
    "find_duplicate",
    "has_host",
    "is_final_task",
    "juror_progress",
    "localized_call",
    "lock_for_decision",
    "lock_task_state",
    "orphan_files",
    "others_scores_visible",
    "private_token",
    "purge_application",
    "purge_personal_data",
    "purgeable",
    "record_changes_requested",
    "record_file_access",
    "record_task_started",
    "record_workflow_cancelled",
    "remove_file",
    "replace_selection",
    "replacements_for",
    "resend_link",
    "resubmit_application",
    "save_review",
    "select_application",
    "selection_problem",
    "source_call",
    "status_url",
    "submit_application",
    "sweep_orphan_files",
    "task_outcomes",
    "token_of",
    "undo_selection",
    "visible_reviews",
    "weighted_score",
    "with_scores",
    "with_viewer",
    "withdraw_application",
    "within_rate_limit",
]
