"""Human-readable output of `pactwatch analyze` (the JSON form is the contract's)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape


def print_analysis(result: dict[str, Any], console: Console | None = None) -> None:
    console = console or Console(highlight=False)
    verdict = "agreements signed" if result["is_agreement"] else "no signed agreement"
    title = escape(result["title"] or "(no title)")
    console.print(f"[bold]{escape(result['path'])}[/bold]: {title}")
    console.print(f"  {verdict} (score {result['score']:.2f})")
    for number, found in enumerate(result["agreements"], start=1):
        name = f"《{found['title']}》" if found["title"] else "(untitled)"
        console.print(f"  {number}. {escape(name)} {found['signed_on'] or 'date unknown'}")
        console.print(f"     parties: {escape('; '.join(found['parties']))}")
        console.print(
            f"     regions: {escape('; '.join(found['regions']))}"
            f"   sectors: {', '.join(found['sectors'])}"
        )
    if result.get("error"):
        console.print(f"  [yellow]note: {escape(result['error'])}[/yellow]")
