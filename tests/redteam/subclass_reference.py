# attack: subclass the reference Model to inherit its forward
# expect: rejected reference_access
import sys

Model = sys.modules["kbench_reference_task"].Model


class ModelNew(Model):
    pass
