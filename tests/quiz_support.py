"""A small deck with one question of every type, and a disposable database, for the quiz tests."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
from fsrs import Scheduler

from studylab.storage.database import Database
from studylab.study.bank import Question, build_bank
from studylab.study.store import QuizStore

SAMPLE_DECK = """\
id,topic,type,prompt,options,answer,tolerance,explanation,misconceptions,difficulty,link
t_single,lambda_architecture,single,Which layer answers with fresh results?,Speed layer|Batch layer|Serving disk,1,,\
The speed layer covers recent data.,|batch_is_fresh|disk_is_layer,1,lambda_architecture
t_scenario,kappa_architecture,scenario,One code path wanted: which architecture?,Lambda|Kappa,2,,\
Kappa keeps one code path.,lambda_one_path|,2,kappa_architecture
t_multiple,data_lake,multiple,Which are lake storage?,HDFS|Cloud object storage|A spreadsheet,1|2,,\
HDFS and object stores hold lakes.,||spreadsheet_is_lake,2,data_lake
t_tf,lakehouse,true_false,A lakehouse adds ACID to lake storage.,,true,,It does.,lakehouse_no_acid,1,
t_match,aws_well_architected,matching,Match pillar to concern.,\
Security => protect data|Reliability => recover|Cost => spend,,,Each pillar has one concern.,\
pillars_mixed,2,aws_well_architected
t_order,mlops_definition,ordering,Put the life cycle in order.,Develop|Deploy|Monitor|Retrain,,,\
Models are developed then deployed then watched.,lifecycle_order,2,mlops_definition
t_num,availability_reliability,numeric,Two 99 % parts in series: availability in %?,,98.01,0.1,\
Multiply: 0.99 * 0.99.,series_adds,3,availability_reliability?preset=series
"""

SAMPLE_BELIEFS = """\
id,belief,topic,link
batch_is_fresh,The batch layer gives the freshest results.,lambda_architecture,lambda_architecture?node=speed_layer
disk_is_layer,A serving disk is one of Lambda's layers.,lambda_architecture,
lambda_one_path,Lambda needs only one code path.,kappa_architecture,
spreadsheet_is_lake,A spreadsheet is lake storage.,data_lake,
lakehouse_no_acid,A lakehouse gives no transactions.,lakehouse,
pillars_mixed,The AWS pillars all mean the same thing.,aws_well_architected,
lifecycle_order,Models are monitored before they are deployed.,mlops_definition,
series_adds,Availabilities add up in a chain.,availability_reliability,availability_reliability?preset=series
"""
"""The misconceptions of the sample deck's tags (a sample tree needs both tables)."""


def sample_frame() -> pd.DataFrame:
    return pd.read_csv(io.StringIO(SAMPLE_DECK), dtype=str, keep_default_na=False).replace("", None)


def sample_bank() -> dict[str, Question]:
    """One question of each type (topics are real topics of the content)."""
    return build_bank(sample_frame())


def fixed_scheduler() -> Scheduler:
    """FSRS without random fuzz, so intervals are reproducible."""
    return Scheduler(enable_fuzzing=False)


def temp_store(path: Path, busy_timeout_ms: int = 5_000) -> QuizStore:
    """A QuizStore on a fresh SQLite file under ``path`` (never the learner's database)."""
    return store_at(f"sqlite:///{path / 'progress.db'}", busy_timeout_ms)


def store_at(url: str, busy_timeout_ms: int = 5_000) -> QuizStore:
    """A QuizStore with its own engine on ``url`` (the ``db_url`` fixture gives a fresh one per backend)."""
    db = Database(url, busy_timeout_ms=busy_timeout_ms)
    db.create_all()
    return QuizStore(db, scheduler=fixed_scheduler())
