"""The rule catalogue. Importing this package registers every rule."""

from design.rules import access, redundancy, structure  # noqa: F401  (registration side effects)
from design.rules.registry import RULES, Hit, Rule, rule

__all__ = ["RULES", "Hit", "Rule", "rule"]
