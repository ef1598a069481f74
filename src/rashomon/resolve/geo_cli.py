"""``rashomon gazetteer ...``: build and query the offline gazetteer.

Click command objects only; the top-level CLI adds :data:`gazetteer_group` to
its root group.
"""

from __future__ import annotations

from pathlib import Path

import click

from rashomon.resolve.gazetteer import (
    build_from_geonames_dump,
    build_from_packages,
    default_gazetteer_path,
    open_gazetteer,
)


@click.group("gazetteer")
def gazetteer_group() -> None:
    """Build or query the offline GeoNames gazetteer."""


@click.command("build")
@click.option(
    "--geonames",
    "geonames_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Folder with GeoNames dumps (allCountries.txt or XX.txt, admin1CodesASCII.txt, "
    "optional alternateNamesV2.txt). Without it, build from the installed packages.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="SQLite file to write (default: the cache path the pipeline reads, "
    "$RASHOMON_CACHE/gazetteer-<version>.sqlite).",
)
def build_cmd(geonames_dir: Path | None, out: Path | None) -> None:
    """Build the gazetteer index (replaces the file atomically)."""
    target = out or default_gazetteer_path()
    if geonames_dir is not None:
        build_from_geonames_dump(geonames_dir, target)
    else:
        build_from_packages(target)
    click.echo(f"gazetteer written to {target}")


@click.command("lookup")
@click.argument("name")
@click.option("--db", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Gazetteer file (default: the cached one, built when missing).")
@click.option("--limit", type=int, default=10, show_default=True, help="Candidates to show.")
def lookup_cmd(name: str, db: Path | None, limit: int) -> None:
    """Show the places NAME may refer to, best-known first."""
    gaz = open_gazetteer(db)
    try:
        for c in gaz.candidates(name, limit=limit):
            p = c.place
            click.echo(
                f"{p.geonameid}\t{p.name}\t{p.admin1_name or ''}\t{p.country}\t{p.feature_code}\t"
                f"{p.population}\t{p.lat:.4f},{p.lon:.4f}\t{c.via}"
            )
    finally:
        gaz.close()


gazetteer_group.add_command(build_cmd)
gazetteer_group.add_command(lookup_cmd)
