"""The batch job: the pipeline over a corpus too big for one machine, on Apache Spark (``docs/spark.md``).

The executors run the library's own stages (readers, ``clean_document``, ``FeatureExtractor``, MinHash
signatures, ``find_rewrites``, ``BriefBuilder``); the driver runs the one serial stage, ``StoryClusterer``,
over features streamed in arrival order. Nothing here is a second implementation of a stage.
"""
