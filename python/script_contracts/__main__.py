"""`python -m script_contracts ...` is the `script-contracts` command."""
import sys

from . import main

sys.exit(main())
