"""The VBA behind the plan buttons, as `pmkit excel` writes it beside a prepared workbook.

This text is the one definition: `pip install` ships Python packages, not the
repository's `macros/` folder, so `macros/PmkitButtons.bas` is written from it
(`python -m addin.vba`, which `tests/addin/test_addin_excel_command.py` asks for when the
file is stale). Written with Windows line endings (`write_buttons_bas`).
"""

from __future__ import annotations

import sys
from pathlib import Path

from pmkit import WriteRefusedError

__all__ = ["BUTTONS_BAS", "BUTTONS_FILE", "write_buttons_bas"]

BUTTONS_FILE = "PmkitButtons.bas"

BUTTONS_BAS = """\
Attribute VB_Name = "PmkitButtons"
' pmkit plan buttons for Excel (Windows and Mac), through xlwings' RunPython.
'
' Needs: Python with pmkit installed (pip install ".[excel]" in its folder), and the xlwings add-in
' (run `xlwings addin install` once in a terminal).
' Install: Alt+F11 (Mac: Tools > Macro > Visual Basic Editor) > File > Import File...
'          > choose this file. Save the workbook as .xlsm (macro-enabled).
' Then run the macro PmkitAddButtons once (Alt+F8): it puts the four buttons on the
' active sheet. Each button writes pmkit's output sheets into this workbook, exactly
' as `pmkit report` writes them into a file.
'
' (Saved with Windows line endings: the VBA editor misreads a module without them.)
'
' The calls go through Application.Run "xlwings.xlam!RunPython", so the workbook
' needs no VBA reference to the xlwings add-in; if your add-in has another file name,
' change XLWINGS_ADDIN below.

Option Explicit

Private Const XLWINGS_ADDIN As String = "xlwings.xlam"

Private Sub PmkitRun(ByVal pythonCode As String)
    On Error GoTo NoAddin
    Application.Run "'" & XLWINGS_ADDIN & "'!RunPython", pythonCode
    Exit Sub
NoAddin:
    MsgBox "pmkit needs the xlwings add-in. In a terminal run:" & vbNewLine & vbNewLine & _
           "    pip install "".[excel]""  (in the pmkit folder)" & vbNewLine & _
           "    xlwings addin install" & vbNewLine & vbNewLine & _
           "then restart Excel. (" & Err.Description & ")", vbExclamation, "pmkit"
End Sub

' Check the plan; every problem is listed on the Flags sheet, linked to its cell.
Public Sub PmkitValidatePlan()
    PmkitRun "import addin.buttons; addin.buttons.validate_plan()"
End Sub

' Schedule the plan: the Schedule, Flags and Gantt sheets.
Public Sub PmkitBuildSchedule()
    PmkitRun "import addin.buttons; addin.buttons.build_schedule()"
End Sub

' Freeze today's forecast as the baseline (asks before replacing an existing one).
Public Sub PmkitSetBaseline()
    PmkitRun "import addin.buttons; addin.buttons.set_baseline()"
End Sub

' Rewrite every output sheet: Summary, Schedule, Flags and Gantt.
Public Sub PmkitRefreshReport()
    PmkitRun "import addin.buttons; addin.buttons.refresh_report()"
End Sub

' Put the four buttons at the top right of the active sheet (run once).
Public Sub PmkitAddButtons()
    Dim captions As Variant, macros As Variant, i As Integer
    Dim leftPos As Double, topPos As Double
    Dim button As Object
    captions = Array("Validate plan", "Build schedule", "Set baseline", "Refresh report")
    macros = Array("PmkitValidatePlan", "PmkitBuildSchedule", _
                   "PmkitSetBaseline", "PmkitRefreshReport")
    leftPos = ActiveSheet.Cells(1, 4).Left
    topPos = ActiveSheet.Cells(1, 4).Top + 2
    For i = 0 To 3
        Set button = ActiveSheet.Buttons.Add(leftPos + i * 110, topPos, 104, 24)
        button.Caption = captions(i)
        button.OnAction = macros(i)
        button.Name = "pmkit " & captions(i)
    Next i
End Sub
"""


def _buttons_bytes() -> bytes:
    return BUTTONS_BAS.replace("\n", "\r\n").encode("ascii")


def check_buttons_bas(folder: Path, *, force: bool = False) -> None:
    """Refuse (`WriteRefusedError`) when `folder` holds a `PmkitButtons.bas` that is not
    pmkit's own text (the owner may have edited it), unless `force`: asked before anything
    is written."""
    path = folder / BUTTONS_FILE
    if force or not path.is_file():
        return
    if path.read_bytes() != _buttons_bytes():
        raise WriteRefusedError(
            f"{path} already exists and is not the text pmkit writes (edited?); nothing was "
            "written. Move it away, or add --force to replace it"
        )


def write_buttons_bas(folder: Path, *, force: bool = False) -> Path:
    """Write `PmkitButtons.bas` into `folder` with CRLF line endings; return its path.
    An existing file that differs is replaced only with `force` (`check_buttons_bas`)."""
    check_buttons_bas(folder, force=force)
    path = folder / BUTTONS_FILE
    path.write_bytes(_buttons_bytes())
    return path


def main(argv: list[str] | None = None) -> int:
    """`python -m addin.vba [FOLDER]`: write the repository's `macros/PmkitButtons.bas`
    again from this text (FOLDER: default the `macros/` folder beside `addin/`)."""
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else Path(__file__).resolve().parents[1] / "macros"
    print(f"Wrote {write_buttons_bas(folder, force=True)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
