"""The brief: claims aligned across outlets, a cited extractive summary, and its renderings."""

from newsprism.brief.build import BriefBuilder
from newsprism.brief.render import brief_to_markdown
from newsprism.brief.serialize import brief_from_dict, brief_to_dict
from newsprism.brief.summary import SummaryOptions

__all__ = ["BriefBuilder", "SummaryOptions", "brief_from_dict", "brief_to_dict", "brief_to_markdown"]
