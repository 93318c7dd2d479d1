"""`python -m pmkit` runs the command line."""

import sys

from pmkit.cli import main

sys.exit(main())
