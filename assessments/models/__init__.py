from .banks import BankVersion, Item, QuestionBank, Scale, TwinPair
from .campaigns import Answer, Assignment, Campaign
from .erasures import Erasure
from .exports import ExportJob
from .messages import Message
from .outcomes import Criterion, CriterionVersion, OutcomeRecord
from .reviews import AccessRecord, Contest, ReviewDecision
from .scoring import NormGroup, Result, ScoringRun, ScoringSpec
from .snapshots import UnitSnapshot
from .summaries import ResultSummary

__all__ = [
    "AccessRecord",
    "Answer",
    "Assignment",
    "BankVersion",
    "Campaign",
    "Contest",
    "Criterion",
    "CriterionVersion",
    "Erasure",
    "ExportJob",
    "Item",
    "Message",
    "NormGroup",
    "OutcomeRecord",
    "QuestionBank",
    "Result",
    "ResultSummary",
    "ReviewDecision",
    "Scale",
    "ScoringRun",
    "ScoringSpec",
    "TwinPair",
    "UnitSnapshot",
]
