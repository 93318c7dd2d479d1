"""Microsoft Project XML (MSPDI): read a vendor's plan, write one back.

>>> from pmkit.mspdi import read_mspdi, write_mspdi
>>> plan = read_mspdi("vendor.xml")
>>> len(plan.tasks)
40
>>> write_mspdi(plan, "back-to-vendor.xml")
PosixPath('back-to-vendor.xml')
"""

from pmkit.mspdi.reader import read_mspdi
from pmkit.mspdi.structure import check_structure
from pmkit.mspdi.writer import write_mspdi

__all__ = ["check_structure", "read_mspdi", "write_mspdi"]
