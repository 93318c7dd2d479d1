"""The Excel add-in: `PM_` cell functions and plan buttons over the pmkit engine (xlwings).

Modules: `functions` (the xlwings cell functions), `answers` (what they compute, without
xlwings), `inputs` (what Excel sends → pmkit types), `cache`, `errors` (exceptions →
cell messages), `tables` (task ids as Excel looks them up), `buttons` and `xlwings_workbook` (the
plan buttons), `cli` and `dashboard` (`pmkit excel`), `vba` (the buttons' VBA), `lite`
(the xlwings Lite bundle). Importing the package imports
nothing else, so its standard-library modules also run in Pyodide.
"""
