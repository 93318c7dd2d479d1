"""The engine core: the plan model, the calendar, the scheduler and every measure of a plan.

Standard library only (a test checks each module), so the same code runs in CPython, in
the nightly job and in Pyodide inside Excel (xlwings Lite). Nothing here reads or writes
a file: the edges (`pmkit.reading`, `pmkit.outputs`, `pmkit.report`, `pmkit.template`,
`pmkit.mspdi`) turn workbooks into a `Plan` and an `Analysis` into sheets.

    model, schema, issues, errors    what a plan is, and what can be wrong with it
    workdays                         the working-day calendar
    network, task_network, scheduling    the critical-path passes
    validation, variance, scope, flags, health, status    the measures
    results, analysis                `analyze(plan) -> Analysis`, the one entry point
    nightly_state, overnight         what changed since the nightly job's last run
"""
