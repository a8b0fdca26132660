"""Storing an AnalysisResult in the database without pickle.

A pickle read back from the database would run whatever code it names, so a database
compromise would become code execution. Instead the result's dataclass tree is written as a
JSON manifest plus its numpy arrays in one compressed ``.npz`` blob, read back with
``allow_pickle=False``, and only the analysis's own dataclasses (listed below) are rebuilt.
"""

import dataclasses
import io
import json
from typing import Any

import numpy as np

from opbouw.analysis.opinion import (
    AnalysisResult,
    AnalysisState,
    Consensus,
    ConsensusStatement,
    GroupRepness,
    GroupSummary,
    GroupVotes,
    KSmoother,
    RepresentativeStatement,
    VoteCounts,
)
from opbouw.analysis.opinion.carry import Clustering
from opbouw.analysis.opinion.incremental import KSmootherState, PolisState

FORMAT = 1
_MANIFEST = "__manifest__"
_CLASSES: dict[str, type[Any]] = {
    cls.__name__: cls
    for cls in (
        AnalysisResult,
        AnalysisState,
        Clustering,
        Consensus,
        ConsensusStatement,
        GroupRepness,
        GroupSummary,
        GroupVotes,
        KSmoother,
        KSmootherState,
        PolisState,
        RepresentativeStatement,
        VoteCounts,
    )
}


class SnapshotFormatError(ValueError):
    """The stored blob is not a result this code can read (an older format, or damaged)."""


def encode_result(result: AnalysisResult) -> bytes:
    return _encode(result)


def encode_state(state: AnalysisState) -> bytes:
    """Only the state the next update carries over (small: no per-statement statistics)."""
    return _encode(state)


def decode_result(blob: bytes | memoryview) -> AnalysisResult:
    result = _decode(blob)
    if not isinstance(result, AnalysisResult):
        raise SnapshotFormatError("the stored root is not an AnalysisResult")
    return result


def decode_state(blob: bytes | memoryview) -> AnalysisState:
    state = _decode(blob)
    if not isinstance(state, AnalysisState):
        raise SnapshotFormatError("the stored root is not an AnalysisState")
    return state


def _encode(root: object) -> bytes:
    arrays: dict[str, np.ndarray] = {}

    def encode(value: Any) -> Any:
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            name = type(value).__name__
            if name not in _CLASSES:
                raise TypeError(f"cannot store a {name}")
            return {
                "__class__": name,
                "fields": {
                    f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)
                },
            }
        if isinstance(value, np.ndarray):
            key = f"a{len(arrays)}"
            arrays[key] = value
            return {"__array__": key}
        if isinstance(value, tuple | list):
            return {"__tuple__": [encode(item) for item in value]}
        if isinstance(value, np.generic):
            return value.item()
        if value is None or isinstance(value, bool | int | float | str):
            return value
        raise TypeError(f"cannot store a {type(value).__name__}")

    manifest = {"format": FORMAT, "root": encode(root)}
    buffer = io.BytesIO()
    encoded = json.dumps(manifest).encode()
    members: dict[str, Any] = {_MANIFEST: np.frombuffer(encoded, dtype=np.uint8), **arrays}
    np.savez_compressed(buffer, **members)
    return buffer.getvalue()


def _decode(blob: bytes | memoryview) -> object:
    try:
        with np.load(io.BytesIO(bytes(blob)), allow_pickle=False) as archive:
            manifest = json.loads(archive[_MANIFEST].tobytes().decode())
            arrays = {name: archive[name] for name in archive.files if name != _MANIFEST}
        if manifest.get("format") != FORMAT:
            raise SnapshotFormatError(f"snapshot format {manifest.get('format')!r}")

        def decode(value: Any) -> Any:
            if isinstance(value, dict):
                if "__array__" in value:
                    return arrays[value["__array__"]]
                if "__tuple__" in value:
                    return tuple(decode(item) for item in value["__tuple__"])
                cls = _CLASSES[value["__class__"]]
                return cls(**{name: decode(item) for name, item in value["fields"].items()})
            return value

        result = decode(manifest["root"])
    except SnapshotFormatError:
        raise
    except (OSError, ValueError, KeyError, TypeError) as error:
        # A field added or renamed in the analysis makes old snapshots unreadable: the
        # caller then starts cold, which is correct, only slower.
        raise SnapshotFormatError(str(error)) from error
    return result
