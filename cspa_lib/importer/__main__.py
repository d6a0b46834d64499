"""`python -m cspa_lib.importer import|add ...` (same as `cspa bulletin ...`)."""

import sys

from .cli import main

sys.exit(main())
