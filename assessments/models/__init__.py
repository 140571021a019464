from .banks import BankVersion, Item, QuestionBank, Scale, TwinPair
from .campaigns import Answer, Assignment, Campaign
from .messages import Message
from .scoring import NormGroup, Result, ScoringRun, ScoringSpec

__all__ = [
    "Answer",
    "Assignment",
    "BankVersion",
    "Campaign",
    "Item",
    "Message",
    "NormGroup",
    "QuestionBank",
    "Result",
    "Scale",
    "ScoringRun",
    "ScoringSpec",
    "TwinPair",
]
