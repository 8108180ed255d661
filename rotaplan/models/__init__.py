"""The roster: plain dataclasses, loaders, validation and derived facts. No solver code."""

from rotaplan.models.roster import (
    Appraisal,
    AppraisalResult,
    Borrowing,
    Cadre,
    Education,
    Gender,
    HistoryEntry,
    Kind,
    Leader,
    Level,
    Post,
    Relation,
    Roster,
    Unit,
)
from rotaplan.models.validate import build_roster, load_roster

__all__ = [
    "Appraisal",
    "AppraisalResult",
    "Borrowing",
    "Cadre",
    "Education",
    "Gender",
    "HistoryEntry",
    "Kind",
    "Leader",
    "Level",
    "Post",
    "Relation",
    "Roster",
    "Unit",
    "build_roster",
    "load_roster",
]
