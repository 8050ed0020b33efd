#!/bin/sh
# make-expected.sh — writes the golden set's expected output with Pandoc's citeproc.
#
# The golden set checks brief's citation styling against the reference implementation
# (issue 16, point 4). Inputs, all in this folder:
#   references.json   the references in CSL-JSON, as Zotero exports them (the source of truth)
#   references.bib    the same references in BibLaTeX
#   citations.md      the in-text citation cases, one fenced div per case
#   ../../src/bibliography/styles/*.csl   the built-in CSL styles (see their README.md)
#   golden.lua        the Pandoc filter that writes one JSON file per style
# Output, committed so that CI needs no pandoc:
#   expected/STYLE.json   {"generator", "style", "bibliography": [{"id", "text", "html"}] in
#                         the style's order, "citations": [{"case", "items", "text", "html"}]}
# tests/it/golden.rs compares brief's rendering with these files.
#
# It then renders references.bib the same way and prints each entry whose text differs
# from the CSL-JSON rendering: these are what BibLaTeX cannot carry as Pandoc reads it
# (see README.md, "The BibLaTeX copy").
#
# Usage: sh tests/golden/make-expected.sh [OUTDIR]   (from anywhere)
#   PANDOC=/path/to/pandoc picks the binary (default: pandoc on PATH); the committed files say
#   which version made them in "generator". OUTDIR (default: expected) lets another version's
#   output be written beside the committed one, to compare.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
pandoc=${PANDOC:-pandoc}
out=${1:-expected}
command -v "$pandoc" >/dev/null 2>&1 || { echo "make-expected.sh: $pandoc not found (apt-get install pandoc, or set PANDOC)" >&2; exit 1; }
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

render() { # render STYLE BIBLIOGRAPHY OUT
    "$pandoc" --citeproc --bibliography "$2" --csl "../../src/bibliography/styles/$1.csl" \
        -M golden-out="$3" -M golden-style="$1" --lua-filter golden.lua \
        -t html -o /dev/null citations.md
}

for style in chicago-author-date apa; do
    render "$style" references.json "$out/$style.json"
    render "$style" references.bib "$tmp/$style-bib.json"
    # One "id<TAB>text" line per entry from each input, then the lines that differ.
    sed -n 's/^    {"id": "\([^"]*\)", "text": "\(.*\)", "html": .*/\1	\2/p' "$out/$style.json" | sort > "$tmp/json.txt"
    sed -n 's/^    {"id": "\([^"]*\)", "text": "\(.*\)", "html": .*/\1	\2/p' "$tmp/$style-bib.json" | sort > "$tmp/bib.txt"
    count=$(wc -l < "$tmp/json.txt")
    differing=$(comm -23 "$tmp/json.txt" "$tmp/bib.txt" | wc -l)
    echo "$style: $count entries written to $out/$style.json; $differing render differently from references.bib:"
    comm -23 "$tmp/json.txt" "$tmp/bib.txt" | sed 's/^/  json: /'
    comm -13 "$tmp/json.txt" "$tmp/bib.txt" | sed 's/^/  bib:  /'
done
