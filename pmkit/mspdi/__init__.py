"""Microsoft Project XML (MSPDI): read a vendor's plan, write one back.

>>> from pmkit.mspdi import read_mspdi, write_mspdi
>>> plan = read_mspdi("vendor.xml")          # doctest: +SKIP
>>> write_mspdi(plan, "back-to-vendor.xml")  # doctest: +SKIP
"""

from pmkit.mspdi.reader import read_mspdi
from pmkit.mspdi.structure import check_structure
from pmkit.mspdi.writer import write_mspdi

__all__ = ["check_structure", "read_mspdi", "write_mspdi"]
