"""The Python daemon of a Spark executor (``spark.python.daemon.module``), which forks the workers that
run tasks: it imports the executor code and loads the static model once, before forking, so every
worker starts with them instead of spending seconds importing newsprism and loading the model itself.
"""

import contextlib
import sys

from pyspark import daemon

from newsprism.batch import worker

# The daemon's standard output carries its port to Spark, so nothing else may print there. A model that
# cannot be loaded is left for the first task to report, with its traceback, instead of a daemon that
# never starts. The model is only loaded, never run: a tokenizer that has started threads must not fork.
with contextlib.redirect_stdout(sys.stderr), contextlib.suppress(Exception):
    _model = worker.models().static_embedder.model
    _name = worker.models().event_embedder.name

if __name__ == "__main__":
    daemon.manager()
