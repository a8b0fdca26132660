"""Seeded synthetic inputs for the network benchmarks: a community graph and profiles."""

from __future__ import annotations

import numpy as np

from opbouw.analysis.matching import AreaPlace, Profile


def community_graph(
    nodes: int, ties: int, *, seed: int = 0, inside: float = 0.8
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A planted-partition (stochastic block) graph with communities of 20-400 nodes.

    Each tie picks a random first node; with probability `inside` the second node is from
    the same community, otherwise from anywhere. Exactly `ties` distinct pairs (a < b).
    Returns (a, b, weight, planted community per node); weights are 1-5 (contacts).
    """
    rng = np.random.default_rng(seed)
    sizes: list[int] = []
    while sum(sizes) < nodes:
        sizes.append(int(rng.integers(20, 400)))
    sizes[-1] -= sum(sizes) - nodes
    size = np.array(sizes)
    community = np.repeat(np.arange(size.size), size)
    start = np.concatenate(([0], np.cumsum(size)[:-1]))
    keys = np.zeros(0, dtype=np.int64)
    while keys.size < ties:
        draw = int((ties - keys.size) * 1.2) + 1000
        a = rng.integers(0, nodes, size=draw)
        c = community[a]
        same = rng.random(draw) < inside
        b = np.where(
            same,
            start[c] + (rng.random(draw) * size[c]).astype(np.int64),
            rng.integers(0, nodes, size=draw),
        )
        ok = a != b
        low, high = np.minimum(a[ok], b[ok]), np.maximum(a[ok], b[ok])
        keys = np.unique(np.concatenate((keys, low * nodes + high)))
    keys = rng.permutation(keys)[:ties]
    keys.sort()
    weight = rng.integers(1, 6, size=ties).astype(np.float64)
    return keys // nodes, keys % nodes, weight, community


# Activities people give, want or are interested in; some compounds on purpose.
_ACTIVITIES = """
fietsles fietsen taalles taalcafe nederlands oefenen koken samen eten bakken tuinieren
moestuin wandelen hardlopen voetbal zwemmen schaken kaarten bingo breien naaien haken
computerles telefoon uitleg formulieren invullen administratie belastingaangifte
boodschappen doen klussen schilderen behangen verhuizen vervoer autorijden oppassen
huiswerkbegeleiding voorlezen muziek gitaarles pianoles zingen koor dansen yoga fitness
fotografie schilderles tekenen knutselen repaircafe fietsreparatie kapper koffie
gezelschap bezoek wandelmaatje buddy mantelzorg ouderen kinderen jongeren hondenuitlaten
vrijwilligerswerk buurthuis opruimen zwerfafval groen bloemen vogels natuur geschiedenis
lezen boekenclub film spelletjes sjoelen biljarten darten jeu de boules kookcursus
naailes taalmaatje sollicitatie cv schrijven rekenen budget geldzaken energie besparen
"""
ACTIVITIES = _ACTIVITIES.split()
LANGUAGES = ["ar", "tr", "pl", "ti", "en", "de", "ku", "so", "fa", "uk"]


def _centres(rng: np.random.Generator, areas: int) -> np.ndarray:
    return np.column_stack((52.22 + rng.normal(0, 0.02, areas), 6.89 + rng.normal(0, 0.03, areas)))


NEIGHBOURS = 4


def area_places(*, seed: int = 0, areas: int = 100) -> dict[int, AreaPlace]:
    """Where the buurten of `profiles(seed=seed, areas=areas)` lie: their centres, each
    bordering its NEIGHBOURS nearest (and whoever has it among theirs), like a map of
    buurten in which each has four to eight neighbours."""
    centres = _centres(np.random.default_rng(seed), areas)  # the same draws as profiles()
    scale = np.cos(np.radians(52.22))
    flat = np.column_stack((centres[:, 0], centres[:, 1] * scale))
    distance = np.linalg.norm(flat[:, None, :] - flat[None, :, :], axis=2)
    np.fill_diagonal(distance, np.inf)
    nearest = np.argsort(distance, axis=1)[:, :NEIGHBOURS]
    neighbours: dict[int, set[int]] = {area: set() for area in range(areas)}
    for area, others in enumerate(nearest.tolist()):
        for other in others:
            neighbours[area].add(other)
            neighbours[other].add(area)
    return {
        area: AreaPlace(
            (float(centres[area, 0]), float(centres[area, 1])), frozenset(neighbours[area])
        )
        for area in range(areas)
    }


def profiles(people: int, *, seed: int = 0, areas: int = 100, points: bool = True) -> list[Profile]:
    """People in `areas` buurten around Enschede, with Zipf-distributed activities (a few are
    very common), 0-3 gifts, 0-3 wishes, 1-4 interests, sometimes a short free text. With
    `points`, each has a point of their own near their buurt's centre; without, only their
    buurt (as the app matches: see `area_places`)."""
    rng = np.random.default_rng(seed)
    vocabulary = np.array(ACTIVITIES)
    popularity = 1.0 / np.arange(1, vocabulary.size + 1) ** 0.9
    popularity /= popularity.sum()
    centres = _centres(rng, areas)
    area = rng.integers(0, areas, size=people)
    jitter = rng.normal(0, 0.004, size=(people, 2))
    counts = rng.integers(0, 4, size=(people, 3))
    counts[:, 2] += 1
    result = []
    for i in range(people):
        picks = rng.choice(vocabulary.size, size=int(counts[i].sum()), p=popularity)
        words = vocabulary[picks].tolist()
        g, w = int(counts[i, 0]), int(counts[i, 1])
        spoken = ["nl"]
        if rng.random() < 0.3:
            spoken.append(LANGUAGES[int(rng.integers(0, len(LANGUAGES)))])
        text = ""
        if rng.random() < 0.2:
            text = f"Ik hou van {words[-1]} en {vocabulary[rng.integers(0, vocabulary.size)]}"
        result.append(
            Profile(
                id=i + 1,
                gifts=words[:g],
                wishes=[f"wil graag {word}" for word in words[g : g + w]],
                interests=words[g + w :],
                languages=spoken,
                area=int(area[i]),
                point=(
                    (
                        float(centres[area[i], 0] + jitter[i, 0]),
                        float(centres[area[i], 1] + jitter[i, 1]),
                    )
                    if points
                    else None
                ),
                text=text,
            )
        )
    return result
