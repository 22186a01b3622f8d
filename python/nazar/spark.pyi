from typing import Any

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql.types import StructType

from . import FlagResult, Lexicon, Tagger

MATCH_TYPE: StructType
FLAG_SCHEMA: StructType

def tag_schema(prefix: str = "") -> StructType:
    """The columns ``tag_comments`` adds: lang, label, score, contradiction,
    matches (array of MATCH_TYPE)."""

def tag_comments(
    df: DataFrame,
    text_col: str = "text",
    lexicon: Lexicon | None = None,
    *,
    lang: str | None = None,
    tagger: Tagger | None = None,
    prefix: str = "",
) -> DataFrame:
    """``df`` with the tagging columns added (mapInArrow; the tagger is built
    once per Python worker)."""

class SparkFlagResult(FlagResult):
    """A FlagResult whose ``frame`` is a Spark DataFrame (FLAG_SCHEMA)."""

    frame: DataFrame
    def __init__(self, report: Any, spark: SparkSession, all: bool) -> None: ...

def flag_products(
    comments_df: DataFrame,
    sales_df: Any = None,
    *,
    fdr: float = 0.05,
    all: bool = False,
    tagger: Tagger | None = None,
    lang: str | None = None,
) -> SparkFlagResult:
    """The flagging job on Spark; equal to ``nazar.flag_products`` on the
    same data."""
