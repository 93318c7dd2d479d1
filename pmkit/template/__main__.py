"""`python -m pmkit.template [FOLDER]` regenerates templates/plan-template.xlsx and
templates/sample-plan.xlsx."""

from pmkit.template.regenerate import main

raise SystemExit(main())
