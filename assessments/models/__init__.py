from .banks import BankVersion, Item, QuestionBank, Scale, TwinPair
from .campaigns import Answer, Assignment, Campaign
from .exports import ExportJob
from .messages import Message
from .reviews import AccessRecord, Contest, ReviewDecision
from .scoring import NormGroup, Result, ScoringRun, ScoringSpec

__all__ = [
    "AccessRecord",
    "Answer",
    "Assignment",
    "BankVersion",
    "Campaign",
    "Contest",
    "ExportJob",
    "Item",
    "Message",
    "NormGroup",
    "QuestionBank",
    "Result",
    "ReviewDecision",
    "Scale",
    "ScoringRun",
    "ScoringSpec",
    "TwinPair",
]
