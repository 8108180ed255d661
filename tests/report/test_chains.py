"""Move chains worked out by hand on a few movers."""

from __future__ import annotations

from rotaplan.report.chains import Mover, chain_text, draw_chain, move_chains


def mover(cadre: str, from_post: str | None, to_post: str) -> Mover:
    return Mover(
        cadre,
        cadre.lower(),
        from_post,
        f"unit {from_post}" if from_post else "",
        to_post,
        f"unit {to_post}",
    )


def test_a_chain_ends_in_the_vacant_post_and_a_swap_is_a_ring():
    # A takes B's post P2, B takes the vacant post P9: one chain A → B → (P9), A's P1 left
    # vacant. C and D swap P3 and P4: a ring. E, new, takes F's post; F takes G's; G takes
    # E? no: G takes the vacant P8.
    movers = [
        mover("A", "P1", "P2"),
        mover("B", "P2", "P9"),
        mover("C", "P3", "P4"),
        mover("D", "P4", "P3"),
        mover("E", None, "P6"),
        mover("F", "P6", "P7"),
        mover("G", "P7", "P8"),
    ]
    holders = {"P1": "A", "P2": "B", "P3": "C", "P4": "D", "P6": "F", "P7": "G"}
    chains = move_chains(movers, holders)
    assert [(c.no, c.ring, [m.cadre_id for m in c.movers]) for c in chains] == [
        (1, False, ["A", "B"]),
        (2, True, ["C", "D"]),
        (3, False, ["E", "F", "G"]),
    ]
    first, ring, third = chains
    assert (first.vacancy, first.vacated) == ("unit P9", "unit P1")
    assert (ring.vacancy, ring.vacated) == ("", "")
    assert (third.vacancy, third.vacated) == ("unit P8", "")  # E was not placed
    assert chain_text(first, "en") == [
        "a takes b's post (unit P2)",
        "b takes the vacant post unit P9",
    ]
    assert chain_text(ring, "zh") == ["c 接任 d 原岗位(unit P4)", "d 接任 c 原岗位(unit P3)"]


def test_a_three_way_ring_in_any_order():
    movers = [mover("X", "P1", "P2"), mover("Z", "P3", "P1"), mover("Y", "P2", "P3")]
    (ring,) = move_chains(movers, {"P1": "X", "P2": "Y", "P3": "Z"})
    assert ring.ring and [m.cadre_id for m in ring.movers] == ["X", "Y", "Z"]


def test_a_long_chain_is_drawn_as_an_svg_with_its_labels():
    movers = [mover(f"C{i}", f"P{i}", f"P{i + 1}") for i in range(9)]
    holders = {f"P{i}": f"C{i}" for i in range(9)}
    (chain,) = move_chains(movers, holders)
    svg = draw_chain(chain, "zh")
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert "c8" in svg  # glyphs are paths; matplotlib keeps the text as a comment


def test_markup_in_a_name_stays_text_in_the_svg():
    movers = [
        Mover("A", "<script>alert(1)</script>-->", "P1", "u <b>", "P2", "v"),
        Mover("B", "b", "P2", "w", "P3", "z"),
    ]
    (chain,) = move_chains(movers, {"P1": "A", "P2": "B"})
    svg = draw_chain(chain, "zh")
    assert "<script" not in svg and "<b>" not in svg and "-->" not in svg.replace(" -->", "")
