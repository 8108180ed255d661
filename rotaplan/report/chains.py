"""Move chains: who fills whose post. A cadre who takes a post points at the cadre who held it
before (or at the post, when it was vacant). Each post has one holder before and one after,
so every connected piece of this graph is either a chain ending in a vacant post or a ring
(a swap); both are found with networkx and drawn one per row."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

import networkx as nx

from rotaplan.report.labels import label


@dataclass(frozen=True)
class Mover:
    """One cadre who changes post, as the chain needs it."""

    cadre_id: str
    name: str
    from_post: str | None  # None: was not placed
    from_label: str  # "办公室 科员"
    to_post: str
    to_label: str


@dataclass
class Chain:
    no: int
    ring: bool
    movers: list[Mover]  # in reading order: each takes the post of the next
    vacancy: str = ""  # label of the vacant post a chain ends in (empty for a ring)
    vacated: str = ""  # label of the post left vacant at the head ("" if newly placed / ring)
    members: set[str] = field(default_factory=set)


def move_chains(movers: list[Mover], holder_before: dict[str, str]) -> list[Chain]:
    """Chains and rings of ``movers`` (in their order), numbered from 1.

    ``holder_before``: post_id -> cadre_id of the holder before the plan.
    """
    by_id = {m.cadre_id: m for m in movers}
    graph = nx.DiGraph()
    for mover in movers:
        graph.add_node(mover.cadre_id)
        before = holder_before.get(mover.to_post)
        if before is not None and before in by_id and before != mover.cadre_id:
            graph.add_edge(mover.cadre_id, before)
    order = {m.cadre_id: i for i, m in enumerate(movers)}
    pieces = sorted(
        (sorted(c, key=order.__getitem__) for c in nx.weakly_connected_components(graph)),
        key=lambda c: order[c[0]],
    )
    taken = {m.to_post for m in movers}
    chains = []
    for number, piece in enumerate(pieces, start=1):
        sub = graph.subgraph(piece)
        heads = [n for n in piece if sub.in_degree(n) == 0]
        ring = not heads
        node = heads[0] if heads else piece[0]
        path = [node]
        while True:
            successors = list(sub.successors(node))
            if not successors or successors[0] == path[0]:
                break
            node = successors[0]
            path.append(node)
        chain_movers = [by_id[c] for c in path]
        head, tail = chain_movers[0], chain_movers[-1]
        chains.append(
            Chain(
                no=number,
                ring=ring,
                movers=chain_movers,
                vacancy="" if ring else tail.to_label,
                vacated=(
                    head.from_label
                    if not ring and head.from_post and head.from_post not in taken
                    else ""
                ),
                members=set(path),
            )
        )
    return chains


def chain_text(chain: Chain, lang: str) -> list[str]:
    """One sentence per mover: ``A takes B's post (办公室 科员)``."""
    zh = lang == "zh"
    lines = []
    for index, mover in enumerate(chain.movers):
        if index + 1 < len(chain.movers) or chain.ring:
            other = chain.movers[(index + 1) % len(chain.movers)]
            lines.append(
                f"{mover.name} 接任 {other.name} 原岗位({mover.to_label})"
                if zh
                else f"{mover.name} takes {other.name}'s post ({mover.to_label})"
            )
        else:
            lines.append(
                f"{mover.name} 到空缺岗位({mover.to_label})"
                if zh
                else f"{mover.name} takes the vacant post {mover.to_label}"
            )
    return lines


# --- drawing ----------------------------------------------------------------------------------
WIDTH = 7.3  # inches: the text width of an A4 page with the packet's margins
LABEL = 0.5  # inches at the left for the chain number
PER_LINE = 5  # boxes per line; longer chains snake back on the next line
LINE = 0.78  # inches between lines
BOX_TEXT = 7.5  # pt
INK = "#1f2933"
RING = "#b42318"
MUTED = "#667085"


def _lines(chain: Chain) -> int:
    boxes = len(chain.movers) + (0 if chain.ring else 1)
    return -(-boxes // PER_LINE)


def draw_chain(chain: Chain, lang: str) -> str:
    """One chain as an SVG at the page's text width (glyphs drawn as paths, so it prints the
    same without the font); long chains snake back on the next line."""
    import matplotlib
    from matplotlib.figure import Figure

    from rotaplan.report.fonts import cjk_family

    height = _lines(chain) * LINE + 0.1
    with matplotlib.rc_context(
        {"font.family": cjk_family(), "svg.fonttype": "path", "svg.hashsalt": "rotaplan"}
    ):
        figure = Figure(figsize=(WIDTH, height))
        ax = figure.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, WIDTH)
        ax.set_ylim(-height, 0)
        ax.axis("off")
        _draw_chain(ax, chain, 0.05, lang)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    return _own_ids(svg[svg.index("<svg") :], f"chain{chain.no}-")


def _own_ids(svg: str, prefix: str) -> str:
    """Prefix the SVG's ids and references to them: several graphs share one HTML page."""
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', svg)
    svg = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}{m.group(1)}"', svg)
    return re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}{m.group(1)})", svg)


def _draw_chain(ax, chain: Chain, top: float, lang: str) -> None:
    column = (WIDTH - LABEL) / PER_LINE
    colour = RING if chain.ring else INK

    def where(i: int) -> tuple[float, float]:
        line, col = divmod(i, PER_LINE)
        if line % 2:
            col = PER_LINE - 1 - col
        return LABEL + (col + 0.5) * column, -(top + (line + 0.5) * LINE)

    tag = f"{label('chain', lang)}{chain.no}" if lang == "zh" else f"#{chain.no}"
    if chain.ring:
        tag += "\n" + ("互换" if lang == "zh" else "swap")
    ax.text(
        0.06,
        where(0)[1],
        tag,
        fontsize=8,
        color=RING if chain.ring else MUTED,
        va="center",
        ha="left",
        fontweight="bold",
        linespacing=1.3,
    )
    boxes = []
    for i, mover in enumerate(chain.movers):
        unit, _, title = mover.from_label.partition(" ")
        text = (
            f"{mover.name}\n{unit}\n{title}"
            if mover.from_post
            else (f"{mover.name}\n{label('not_placed', lang)}")
        )
        boxes.append(_box(ax, where(i), text, "#fff4f2" if chain.ring else "#eef3fa", colour))
    if not chain.ring:
        unit, _, title = chain.vacancy.partition(" ")
        boxes.append(
            _box(
                ax,
                where(len(chain.movers)),
                f"{label('vacant_post', lang)}\n{unit}\n{title}",
                "white",
                MUTED,
                dashed=True,
            )
        )
    if chain.vacated:
        x, y = where(0)
        ax.text(
            x,
            y + LINE * 0.43,
            label("vacated_note", lang),
            fontsize=6.5,
            color=MUTED,
            ha="center",
            va="bottom",
        )
    links = [(boxes[i], boxes[i + 1], "arc3,rad=0") for i in range(len(boxes) - 1)]
    if chain.ring:
        if len(boxes) == 2:
            links = [(boxes[0], boxes[1], "arc3,rad=-0.3"), (boxes[1], boxes[0], "arc3,rad=-0.3")]
        else:
            links.append((boxes[-1], boxes[0], "arc3,rad=0.25"))
    for source, target, style in links:
        ax.annotate(
            "",
            xy=target.get_position(),
            xytext=source.get_position(),
            arrowprops={
                "arrowstyle": "-|>,head_length=0.45,head_width=0.22",
                "color": colour,
                "linewidth": 0.9,
                "connectionstyle": style,
                "patchA": source.get_bbox_patch(),
                "patchB": target.get_bbox_patch(),
                "shrinkA": 1.5,
                "shrinkB": 1.5,
            },
        )


def _box(ax, xy: tuple[float, float], text: str, face: str, edge: str, dashed: bool = False):
    return ax.text(
        *xy,
        text,
        fontsize=BOX_TEXT,
        ha="center",
        va="center",
        color=MUTED if dashed else INK,
        linespacing=1.3,
        bbox={
            "boxstyle": "round,pad=0.4",
            "facecolor": face,
            "edgecolor": edge,
            "linestyle": (0, (3, 2)) if dashed else "-",
            "linewidth": 0.8,
        },
    )
