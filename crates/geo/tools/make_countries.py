#!/usr/bin/env python3
"""Regenerate data/countries/countries.tsv from GeoNames countryInfo.txt and
the hand-written French names and demonyms in countries_hand.txt.

usage: python3 crates/geo/tools/make_countries.py ../shared/gazetteer/countryInfo.txt > data/countries/countries.tsv
"""
import os, sys

here = os.path.dirname(os.path.abspath(__file__))
hand = {}
for line in open(os.path.join(here, "countries_hand.txt"), encoding="utf-8"):
    line = line.rstrip("\n")
    if not line or line.startswith("#"):
        continue
    f = line.split(";")
    assert len(f) == 8, line
    hand[f[0]] = f

def plural(w):
    if not w:
        return ""
    if w.endswith(("s", "x", "z")):
        return w
    return w + "s"

cols = ["iso2", "iso3", "name_en", "name_fr", "demonym_en", "demonym_fr_m", "demonym_fr_f",
        "demonym_fr_mpl", "demonym_fr_fpl", "capital_en", "capital_fr", "aliases_en", "aliases_fr", "neighbours"]
print("\t".join(cols))
seen = set()
for line in open(sys.argv[1], encoding="utf-8"):
    if line.startswith("#"):
        continue
    f = line.rstrip("\n").split("\t")
    iso2, iso3, name, cap = f[0], f[1], f[4].strip(), f[5].strip()
    if iso2 == "ISO" or len(iso2) != 2:
        continue
    h = hand.get(iso2)
    if h is None:
        sys.exit("no hand row for " + iso2)
    seen.add(iso2)
    _, name_fr, dem_en, m, fem, cap_fr, al_en, al_fr = h
    neighbours = "|".join(x for x in (f[17] if len(f) > 17 else "").split(",") if x)
    row = [iso2, iso3, name, name_fr, dem_en, m, fem, plural(m), plural(fem), cap,
           cap_fr or cap, al_en, al_fr, neighbours]
    print("\t".join(row))
missing = set(hand) - seen
if missing:
    sys.exit("hand rows without GeoNames row: %s" % sorted(missing))
