# SYNTAX TEST "source.python" "Script Contracts: container paths in string literals"

import os

INPUT = "/opt/ml/processing/input/data"
#        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ string.other.path.container.script-contracts
#       ^ string.quoted.single.python punctuation.definition.string.begin.python
#                                     ^ string.quoted.single.python punctuation.definition.string.end.python
#                                     ^ - string.other.path.container.script-contracts
MODEL = '/opt/ml/model'
#        ^^^^^^^^^^^^^ string.other.path.container.script-contracts
ROOT = "/opt/ml"
#       ^^^^^^^ string.other.path.container.script-contracts
out = os.path.join("/opt/ml/processing/output", "part.csv")
#                   ^^^^^^^^^^^^^^^^^^^^^^^^^ string.other.path.container.script-contracts
#                                                ^^^^^^^^ - string.other.path.container.script-contracts
local = "/tmp/opt/ml/data"
#        ^^^^^^^^^^^^^^^^ - string.other.path.container.script-contracts
f = f"/opt/ml/processing/{name}/x"
#     ^^^^^^^^^^^^^^^^^^^ string.other.path.container.script-contracts
#                        ^ - string.other.path.container.script-contracts
# "/opt/ml/in/a/comment"
#   ^^^^^^^^^^^^^^^^^^^ - string.other.path.container.script-contracts
def f():
    """Reads /opt/ml/processing/input/data (a docstring)."""
#            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ - string.other.path.container.script-contracts
    return "/opt/ml/input/config/hyperparameters.json"
#           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ string.other.path.container.script-contracts
