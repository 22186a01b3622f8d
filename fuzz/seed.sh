#!/usr/bin/env bash
# Seeds the fuzz corpora (fuzz/corpus/<target>/, not committed) from the
# bundled fixtures: single lines for the normalizer and the tagger, the
# default lexicons, and the heads of the real CSV files. Small on purpose:
# libFuzzer grows the corpus itself.
set -euo pipefail
cd "$(dirname "$0")/.."
c=fuzz/corpus
mkdir -p "$c"/{normalize,tag,lexicon,tag_csv,flag_csv}

# One file per line of the golden and seed texts (the first 150 lines each).
n=0
for f in fixtures/golden/{fa,en,pt}.txt fixtures/comments/seed_like.txt; do
    while IFS= read -r line; do
        n=$((n + 1))
        printf '%s' "$line" >"$c/normalize/line$n"
        printf '%s' "$line" >"$c/tag/line$n"
    done < <(head -n 150 "$f")
done

cp core/lexicons/*.toml "$c/lexicon/"

head -n 40 fixtures/comments/seed_like.csv >"$c/tag_csv/seed_like.csv"
head -n 40 fixtures/olist/comments.csv >"$c/tag_csv/olist.csv"
head -n 40 fixtures/amazon/comments.csv >"$c/tag_csv/amazon.csv"

# flag_csv: a comments file, then a NUL byte and a sales file.
head -n 60 fixtures/amazon/comments.csv >"$c/flag_csv/amazon.csv"
{ head -n 60 fixtures/olist/comments.csv; printf '\0'; head -n 60 fixtures/olist/sales.csv; } \
    >"$c/flag_csv/olist.csv"

# Inputs that once broke a target start its corpus too.
for t in normalize lexicon tag tag_csv flag_csv; do
    if [ -d "fixtures/regressions/$t" ]; then
        cp fixtures/regressions/"$t"/* "$c/$t/" 2>/dev/null || true
    fi
done
echo "seeded $(find "$c" -type f | wc -l) files under $c"
