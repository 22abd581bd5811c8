"""Generator of the embedded example study "Musterstadt" (fictional data).

Usage::

    python surveys/example/generate.py                  # writes data/*, study.yaml, README.md
    python surveys/example/generate.py --print-planted  # PLANTED as computed from the data
    python surveys/example/generate.py --calibrate      # development aid: search the latent shifts

Standalone (standard library + numpy, no kosieval import) and deterministic: one seed
(``SEED = 20260301``) with an independent numpy stream per purpose (``rng_for``), fixed dates,
uuid5 GUIDs, zip entries *stored* (not deflated, so no zlib version can change the bytes)
with a fixed timestamp. Every run writes the same bytes. The script exits with code 1 when
the data it generated no longer match the ``PLANTED`` literal below (then run
``--print-planted`` and paste the result over ``PLANTED``).

The study
---------
Musterstadt (a fictional city) ran a KoSI-Lab test phase from 2026-03-01 to 2026-09-30 in
its district Nordstadt; the fictional "Institut für angewandte Sozialforschung
Beispielhausen" did the accompanying research. All persons, answers, interviews and events
are invented. Files written (paths relative to this folder):

- ``data/teilnehmende_T0.csv``, ``data/teilnehmende_T1.csv``: participant survey, LimeSurvey
  "Export responses" (answer codes, question codes as headings): UTF-8 with BOM, comma,
  every field double-quoted, LF, an empty line at the end; list answers as ``A1``..``A5``,
  skipped questions as empty strings, incomplete responses with an empty ``submitdate``.
- ``data/team_T1.csv`` (+ ``variables_team_T1.csv``, ``values_team_T1.csv``): team survey,
  SoSci Survey "CSV" download: UTF-16 LE with BOM, TAB, CRLF, strings quoted, numbers not,
  no line break after the last record; -9 = nicht beantwortet, -1 = weiß nicht.
- ``data/interviews.qdpx``: 14 coded interviews, REFI-QDA project (``project.qde`` +
  ``sources/<guid>.txt``, UTF-8 without BOM, LF; offsets in code points, end exclusive);
  valid against the REFI-QDA ``Project.xsd``.
- ``data/aktivitaeten.csv``: activity log as saved by German Excel ("CSV
  (Trennzeichen-getrennt)"): cp1252, semicolon, CRLF, decimal comma, dd.mm.yyyy.
- ``study.yaml`` (valid ``StudyConfig``) and ``README.md``.

How the survey answers are made
-------------------------------
Every person has six correlated latent traits (``LATENT_R``), N(0, 1) at T0. An item is
``y = loading * z + sqrt(1 - loading**2) * e``, cut at fixed thresholds plus an item
difficulty into its codes (1..4, 1..5, or 0..10 for trust). it3 (team: psy1, psy3, psy5) is
reversed after cutting, so its raw codes correlate negatively with it1/it2. At T1,
``z1 = 0.6 * z0 + 0.8 * e + shift``. The shifts (``LATENT_SHIFT``, ``TEAM_SHIFT_VERWALTUNG``)
were found with ``--calibrate`` (bisection on the realised effect in the exported data) so
that, with this seed, the realised effects equal the planted ones to about 0.01; for the
scales without planted change the small shift only cancels this seed's sampling noise.

Planted effects (planted -> realised on the exported files; rules in ``PLANTED["rules"]``)
----------------------------------------------------------------------------------------
- Change T0 -> T1, 100 paired respondents (d_z of the scale mean):
  self_efficacy 0.40 -> 0.401; sense_of_community 0.30 -> 0.302;
  political_efficacy_internal 0.20 -> 0.205; trust_local_institutions 0 -> 0.001;
  political_efficacy_external 0 -> -0.002; interpersonal_trust 0 -> -0.003.
- Team survey: partnership_synergy of Verwaltung lower than Zivilgesellschaft, Cohen's d
  (pooled SD, Zivilgesellschaft minus Verwaltung) 0.80 -> 0.797 (n = 11 vs 9). No other
  group difference is planted; the other team scales show chance differences (|d| <= 0.40).
- Reliability: Cronbach's alpha .76-.85 (participant scales, both waves), .79-.88 (team).
- Reverse keying: raw it3 correlates -0.51 with it1 and it2 (T0).
- Actor groups among complete T0 respondents: Zivilgesellschaft 70, Verwaltung 31,
  Wissenschaft 19, Politik 16, Wirtschaft 14 (1 without answer).
- Interviews: both coders code all 14 interviews. Of 158 coding units (a span and a code
  slot), 119 agree (75 %; coder B's boundaries shifted by 1-2 words on 99 selections),
  13 only coder A (B misses them), 13 only coder B (B adds them), 13 with a different code.
  Zusammenarbeit codes (Augenhöhe, Kommunikation) and Geld are most frequent in
  Zivilgesellschaft interviews; Hierarchie and Zeit/Personal recur in Verwaltung interviews.

Sample structure (not errors, but what an importer must handle)
---------------------------------------------------------------
- T0: 161 rows = 151 persons complete + 1 duplicate submission + 9 incomplete (2 of them
  left page 1 before entering a CODE: empty CODE, empty lastpage, interviewtime 0).
- T1: 119 rows = 115 complete + 4 incomplete. Of the 115 complete: 100 have a complete T0
  response with the same CODE, 8 are new, 4 had only an incomplete T0 response, 3 typed
  their self-generated CODE differently at T1 (GP14H0 -> GP13H0, WE09P3 -> WE08P3,
  EF14G3 -> EF15G3), so an exact match finds 100 pairs.
- Team: 44 rows = 2 researcher test runs (MODE orgtest, the first two rows) + 41 finished
  + 1 unfinished (FINISHED 0, pages 3-4 empty). Politik has 4 finished cases (below the
  minimum cell size 5).
- Item non-response about 2-4 % (ti3 about 12 %; VE02 is only shown to volunteers, and 10 %
  of them leave it blank); team items have -9, shared_decision_making items also -1.
- Comments: teilnehmende_T0.csv line 34 (an e-mail address), line 98
  (``<script>alert(1)</script>``); teilnehmende_T1.csv line 13 (starts with
  ``=HYPERLINK(``), line 30 (a line break inside the field, so the record spans lines 30-31),
  line 63 (double quotes). Interviews 07, 10 and 14 have consent_quote = false.
- Activity log: the Politik cell is empty on lines 4 and 15 (nobody came; "Teilnehmende
  gesamt" confirms 0); line 7 has a quoted field containing semicolons; cp1252-only
  characters (€, „ “, –).

Planted data errors (line = physical file line, header = line 1; column = 1-based)
---------------------------------------------------------------------------------
1. ``data/teilnehmende_T0.csv`` line 112 (id 123, CODE NA03S7), column 18 ``SE[SQ003]``
   (se3) = "7"; valid codes 1..4.
2. ``data/teilnehmende_T0.csv`` lines 42 and 61 (ids 46 and 68): CODE KI29E5 submitted twice,
   both complete; the second differs on SE[SQ003], PE[SQ002] and IT[SQ001] and comments
   that it was filled in twice.
3. ``data/teilnehmende_T1.csv`` line 6 (id 6, CODE DI08E2), column 45 ``VE02`` (ve2) = "500"
   hours per month; valid 0..200.
4. ``data/team_T1.csv`` line 30 (CASE 36, Wirtschaft), column 12 ``PS01_04`` (syn4) = 6;
   valid 1..5.
"""

# The interview transcripts, the event list, the README template and the PLANTED literal are
# prose/data whose lines are kept unwrapped on purpose.
# ruff: noqa: E501

from __future__ import annotations

import datetime as dt
import hashlib
import io
import math
import re
import string
import sys
import uuid
import zipfile
import zlib
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np

PLANTED: dict = {
    'seed': 20260301,
    'rules': "Realised values: complete responses only (non-empty submitdate / FINISHED=1, MODE interview); out-of-range codes, blanks, -9 and -1 are missing; reverse-keyed items recoded (min+max-x); scale score = mean of the valid items if at least min_valid (as in surveys/instruments/*.yaml) are valid; T0 duplicate CODE: first submission (lower id) kept; pairs = exact CODE match; d_z = mean(T1-T0)/SD(T1-T0); Cohen's d with pooled SD; alpha listwise.",
    'participants': {
        't0_rows': 161,
        't0_complete_rows': 152,
        't0_incomplete_rows': 9,
        't0_incomplete_without_code': 2,
        't0_complete_unique': 151,
        't1_rows': 119,
        't1_complete_rows': 115,
        't1_incomplete_rows': 4,
        'pairs': 100,
        't1_complete_new': 8,
        't1_complete_t0_incomplete': 4,
        't1_complete_code_typo': [
            {'t0': 'GP14H0', 't1': 'GP13H0'},
            {'t0': 'WE09P3', 't1': 'WE08P3'},
            {'t0': 'EF14G3', 't1': 'EF15G3'},
        ],
        'actor_group_t0_complete': {
            'Verwaltung': 31,
            'Politik': 16,
            'Wirtschaft': 14,
            'Wissenschaft': 19,
            'Zivilgesellschaft': 70,
        },
        'actor_group_t0_missing': 1,
    },
    'change': {
        'self_efficacy': {
            'planted_d_z': 0.4,
            'latent_shift': 0.469,
            'realised_d_z': 0.401,
            'realised_d_z_keep_last_duplicate': 0.406,
            'n_pairs': 100,
            'mean_t0': 2.965,
            'mean_t1': 3.184,
            'mean_diff': 0.22,
        },
        'political_efficacy_internal': {
            'planted_d_z': 0.2,
            'latent_shift': 0.296,
            'realised_d_z': 0.205,
            'realised_d_z_keep_last_duplicate': 0.209,
            'n_pairs': 100,
            'mean_t0': 2.995,
            'mean_t1': 3.163,
            'mean_diff': 0.168,
        },
        'political_efficacy_external': {
            'planted_d_z': 0.0,
            'latent_shift': 0.077,
            'realised_d_z': -0.002,
            'realised_d_z_keep_last_duplicate': -0.002,
            'n_pairs': 100,
            'mean_t0': 3.258,
            'mean_t1': 3.257,
            'mean_diff': -0.002,
        },
        'interpersonal_trust': {
            'planted_d_z': 0.0,
            'latent_shift': 0.071,
            'realised_d_z': -0.003,
            'realised_d_z_keep_last_duplicate': -0.0,
            'n_pairs': 100,
            'mean_t0': 2.7,
            'mean_t1': 2.697,
            'mean_diff': -0.003,
        },
        'trust_local_institutions': {
            'planted_d_z': 0.0,
            'latent_shift': 0.135,
            'realised_d_z': 0.001,
            'realised_d_z_keep_last_duplicate': 0.001,
            'n_pairs': 100,
            'mean_t0': 5.472,
            'mean_t1': 5.474,
            'mean_diff': 0.002,
        },
        'sense_of_community': {
            'planted_d_z': 0.3,
            'latent_shift': 0.289,
            'realised_d_z': 0.302,
            'realised_d_z_keep_last_duplicate': 0.302,
            'n_pairs': 100,
            'mean_t0': 3.068,
            'mean_t1': 3.299,
            'mean_diff': 0.231,
        },
    },
    'reliability': {
        'self_efficacy': {'alpha_t0': 0.808, 'n_t0': 118, 'alpha_t1': 0.818, 'n_t1': 92},
        'political_efficacy_internal': {'alpha_t0': 0.78, 'n_t0': 136, 'alpha_t1': 0.761, 'n_t1': 103},
        'political_efficacy_external': {'alpha_t0': 0.81, 'n_t0': 141, 'alpha_t1': 0.761, 'n_t1': 100},
        'interpersonal_trust': {'alpha_t0': 0.763, 'n_t0': 143, 'alpha_t1': 0.796, 'n_t1': 104},
        'trust_local_institutions': {'alpha_t0': 0.844, 'n_t0': 121, 'alpha_t1': 0.828, 'n_t1': 87},
        'sense_of_community': {'alpha_t0': 0.849, 'n_t0': 122, 'alpha_t1': 0.83, 'n_t1': 94},
        'partnership_synergy': {'alpha_t1': 0.866, 'n_t1': 36},
        'psychological_safety': {'alpha_t1': 0.876, 'n_t1': 32},
        'shared_decision_making': {'alpha_t1': 0.846, 'n_t1': 26},
        'satisfaction': {'alpha_t1': 0.794, 'n_t1': 38},
    },
    'reverse_keyed': {
        'it3': {'r_raw_it1_it3_t0': -0.507, 'r_raw_it2_it3_t0': -0.512, 'n': 143},
        'team': ['psy1', 'psy3', 'psy5'],
    },
    'team': {
        'rows': 44,
        'test_runs': 2,
        'finished': 41,
        'unfinished': 1,
        'finished_by_group': {
            'Verwaltung': 9,
            'Politik': 4,
            'Wirtschaft': 8,
            'Wissenschaft': 9,
            'Zivilgesellschaft': 11,
        },
        'small_group': 'Politik',
        'partnership_synergy': {
            'planted_d': 0.8,
            'latent_shift_verwaltung': -0.752,
            'realised_d': 0.797,
            'mean_verwaltung': 3.015,
            'mean_zivilgesellschaft': 3.58,
            'n_verwaltung': 9,
            'n_zivilgesellschaft': 11,
            'direction': 'Verwaltung lower than Zivilgesellschaft',
        },
        'other_scales_d_zivil_minus_verwaltung': {
            'psychological_safety': -0.161,
            'shared_decision_making': 0.323,
            'satisfaction': -0.402,
        },
    },
    'interviews': {
        'n': 14,
        'by_group': {
            'Verwaltung': 3,
            'Politik': 2,
            'Wirtschaft': 2,
            'Wissenschaft': 2,
            'Zivilgesellschaft': 5,
        },
        'no_consent': ['Interview 07', 'Interview 10', 'Interview 14'],
        'chars': {
            'Interview 01': 2997,
            'Interview 02': 2646,
            'Interview 03': 2611,
            'Interview 04': 2570,
            'Interview 05': 2372,
            'Interview 06': 2428,
            'Interview 07': 2376,
            'Interview 08': 2302,
            'Interview 09': 2362,
            'Interview 10': 2160,
            'Interview 11': 2284,
            'Interview 12': 2373,
            'Interview 13': 2476,
            'Interview 14': 2171,
        },
        'codes': 11,
        'categories': 4,
        'agreement': {
            'units': 158,
            'agree': 119,
            'a_only': 13,
            'b_only': 13,
            'different_code': 13,
            'a_codings': 145,
            'b_codings': 145,
            'a_selections': 141,
            'b_selections': 142,
            'b_boundaries_shifted': 99,
            'percent_agreement_units': 0.753,
        },
        'codings_coder_a_by_group': {
            'Verwaltung': {
                'Zeit': 4,
                'Augenhöhe': 3,
                'Hierarchie': 4,
                'Kommunikation': 4,
                'Personal': 3,
                'Geld': 2,
                'Veränderung in der Verwaltung': 3,
                'Lernen': 3,
                'Voraussetzungen': 3,
                'Hürden': 4,
                'Netzwerke': 1,
            },
            'Politik': {
                'Augenhöhe': 2,
                'Hierarchie': 2,
                'Kommunikation': 2,
                'Geld': 3,
                'Personal': 1,
                'Veränderung in der Verwaltung': 2,
                'Lernen': 2,
                'Voraussetzungen': 2,
                'Hürden': 2,
            },
            'Wirtschaft': {
                'Augenhöhe': 2,
                'Kommunikation': 3,
                'Hierarchie': 2,
                'Zeit': 1,
                'Personal': 2,
                'Geld': 2,
                'Netzwerke': 2,
                'Voraussetzungen': 3,
                'Hürden': 2,
                'Veränderung in der Verwaltung': 1,
            },
            'Wissenschaft': {
                'Augenhöhe': 2,
                'Hierarchie': 2,
                'Kommunikation': 1,
                'Personal': 3,
                'Zeit': 2,
                'Lernen': 2,
                'Veränderung in der Verwaltung': 2,
                'Voraussetzungen': 3,
                'Hürden': 3,
                'Geld': 1,
            },
            'Zivilgesellschaft': {
                'Augenhöhe': 8,
                'Hierarchie': 5,
                'Geld': 6,
                'Zeit': 5,
                'Netzwerke': 5,
                'Lernen': 5,
                'Voraussetzungen': 5,
                'Hürden': 5,
                'Kommunikation': 6,
                'Personal': 1,
                'Veränderung in der Verwaltung': 1,
            },
        },
    },
    'activities': {
        'events': 20,
        'first': '2026-03-05',
        'last': '2026-09-29',
        'attendance_total': 585,
        'attendance_by_group': {
            'Verwaltung': 142,
            'Politik': 32,
            'Wirtschaft': 71,
            'Wissenschaft': 63,
            'Zivilgesellschaft': 277,
        },
        'blank_cells': [
            {'line': 4, 'column': 'Politik', 'meaning': 0},
            {'line': 15, 'column': 'Politik', 'meaning': 0},
        ],
        'quoted_field_line': 7,
    },
    'errors': [
        {
            'file': 'data/teilnehmende_T0.csv',
            'kind': 'out_of_range',
            'line': 112,
            'record': 111,
            'id': '123',
            'CODE': 'NA03S7',
            'column': 'SE[SQ003]',
            'column_number': 18,
            'item': 'se3',
            'value': '7',
            'valid': '1..4',
        },
        {
            'file': 'data/teilnehmende_T0.csv',
            'kind': 'duplicate_respondent',
            'CODE': 'KI29E5',
            'lines': [42, 61],
            'records': [41, 60],
            'ids': ['46', '68'],
            'column': 'CODE',
            'column_number': 11,
            'differing_columns': ['SE[SQ003]', 'PE[SQ002]', 'IT[SQ001]'],
            'note': 'both complete; the second submission (later id) differs on a few items',
        },
        {
            'file': 'data/teilnehmende_T1.csv',
            'kind': 'out_of_range',
            'line': 6,
            'record': 5,
            'id': '6',
            'CODE': 'DI08E2',
            'column': 'VE02',
            'column_number': 45,
            'item': 've2',
            'value': '500',
            'valid': '0..200',
        },
        {
            'file': 'data/team_T1.csv',
            'kind': 'out_of_range',
            'line': 30,
            'record': 29,
            'CASE': 36,
            'column': 'PS01_04',
            'column_number': 12,
            'item': 'syn4',
            'value': '6',
            'valid': '1..5',
        },
    ],
    'special_comments': [
        {
            'file': 'data/teilnehmende_T0.csv',
            'kind': 'email',
            'line': 34,
            'id': '37',
            'value': 'Bei Rückfragen gerne an m.muster@example.org schreiben.',
        },
        {
            'file': 'data/teilnehmende_T0.csv',
            'kind': 'html',
            'line': 98,
            'id': '107',
            'value': '<script>alert(1)</script> Test, ob das Formular sicher ist.',
        },
        {
            'file': 'data/teilnehmende_T1.csv',
            'kind': 'formula',
            'line': 13,
            'id': '13',
            'value': '=HYPERLINK("https://kosi-lab.musterstadt.example/ergebnisse";"Ergebnisse ansehen")',
        },
        {
            'file': 'data/teilnehmende_T1.csv',
            'kind': 'line_break',
            'line': 30,
            'id': '30',
            'value': 'Was gut war: die Stadtteilspaziergänge.\nWas gefehlt hat: mehr Zeit für die Umsetzung.',
        },
        {
            'file': 'data/teilnehmende_T1.csv',
            'kind': 'quotes',
            'line': 63,
            'id': '64',
            'value': 'Das Motto "auf Augenhöhe" hat für mich gestimmt, meistens jedenfalls.',
        },
    ],
}


# ---------------------------------------------------------------------------------------
# Interview transcripts (synthetic, written for this example; no real persons).
#
# Markup inside answers: [[SPEC: text]] marks a coded span. SPEC is a comma-separated list
# of code keys, each optionally prefixed:
#   KEY        both coders code the span with KEY (coder B's boundaries shifted slightly)
#   -KEY       only coder A (coder B misses it)
#   +KEY       only coder B (coder B adds it)
#   KEY>KEY2   coder A uses KEY, coder B uses KEY2 (disagreement on the code)
# ---------------------------------------------------------------------------------------

INTERVIEWS = [
    {
        "no": 1, "actor_group": "Verwaltung", "consent": True, "date": "2026-10-06", "minutes": 42,
        "role": "Sachgebietsleitung im Amt für Stadtentwicklung",
        "turns": [
            ("I", "Wie sind Sie zum KoSI-Lab gekommen, und welche Rolle hatten Sie dort?"),
            ("B", "Ich leite im Amt für Stadtentwicklung ein Sachgebiet, und unser Amt war von Anfang an als Mitorganisator gesetzt. Ich habe also nicht freiwillig „ja“ gesagt, sondern es wurde mir übertragen. [[-ZEIT: Das klingt negativer, als es ist, aber es bedeutete, dass ich das Lab zusätzlich zu meinen normalen Aufgaben gemacht habe.]] Im Lab war ich so etwas wie die Brücke ins Rathaus."),
            ("I", "Wie haben Sie die Zusammenarbeit zwischen den Beteiligten erlebt?"),
            ("B", "Ehrlich gesagt war das am Anfang ungewohnt. [[AUG: In den Workshops saß ich am selben Tisch wie die Leute vom Nachbarschaftsverein, und niemand hat gefragt, wer welche Besoldungsstufe hat. Das war wirklich Zusammenarbeit auf Augenhöhe, jedenfalls in den Sitzungen selbst.]] [[HIE: Sobald es aber um Entscheidungen ging, die Geld kosten, musste ich sagen: Das muss ich erst mit meiner Amtsleitung abstimmen. Da haben die anderen schon gemerkt, dass ich nicht frei entscheiden kann.]]"),
            ("I", "Und wie lief die Kommunikation, innerhalb des Labs und nach außen?"),
            ("B", "[[KOM: Innerhalb des Labs gut, wir hatten eine gemeinsame Messenger-Gruppe und nach jeder Sitzung ein kurzes Protokoll. Schwieriger war die Kommunikation zurück in die Verwaltung. Meine Kolleginnen und Kollegen in anderen Ämtern wussten oft gar nicht, was wir da machen.]] Das hat sich erst geändert, als der Oberbürgermeister das Lab in einer Dienstbesprechung erwähnt hat."),
            ("I", "Welche Rolle haben Zeit, Geld und Personal gespielt?"),
            ("B", "[[ZEIT,PERS: Eine große. Ich hatte offiziell zehn Prozent meiner Arbeitszeit für das Lab, tatsächlich war es in manchen Wochen die Hälfte. Eine Vertretung gab es nicht.]] [[GELD: Das Budget für Mikroprojekte war dagegen gut gelöst, weil es außerhalb des normalen Haushaltsverfahrens vergeben werden konnte.]] Das hat uns viele Diskussionen erspart."),
            ("I", "Was hat sich durch das Lab verändert, für Sie persönlich oder in Ihrem Amt?"),
            ("B", "[[VERW: Wir haben im Amt angefangen, Beteiligung früher einzuplanen, also bevor ein Konzept fertig ist, und nicht erst, wenn alles schon entschieden ist.]] [[LERN: Persönlich habe ich gelernt, Unsicherheit auszuhalten. Im Lab weiß man am Anfang nicht, was herauskommt, und das ist für jemanden aus der Verwaltung erst einmal schwer.]]"),
            ("I", "Was würden Sie einer anderen Stadt raten, die ein solches Lab aufbauen möchte?"),
            ("B", "[[VOR: Unbedingt einen klaren Auftrag von der Verwaltungsspitze holen, schriftlich, mit Stundenkontingent. Ohne das hängt alles an einzelnen engagierten Personen.]] [[HUER>VOR: Und man sollte früh klären, wer am Ende die Ergebnisse umsetzt, sonst versandet viel.]]"),
            ("I", "Möchten Sie noch etwas ergänzen?"),
            ("B", "Nur, dass ich es trotz allem wieder machen würde. [[+NETZ: Ich kenne jetzt Leute in der Stadtgesellschaft, die ich vorher nie getroffen hätte.]] Das allein war die Mühe wert."),
        ],
    },
    {
        "no": 2, "actor_group": "Zivilgesellschaft", "consent": True, "date": "2026-10-07", "minutes": 51,
        "role": "ehrenamtlicher Vorstand eines Nachbarschaftsvereins",
        "turns": [
            ("I", "Erzählen Sie doch zu Beginn, wie Sie zum KoSI-Lab gekommen sind."),
            ("B", "Über die Auftaktveranstaltung im März. Ich bin im Vorstand unseres Nachbarschaftsvereins in der Nordstadt, alles ehrenamtlich. Eine Bekannte aus dem Quartiersmanagement hat mich angesprochen, und ich dachte: Schauen wir mal, ob die Stadt diesmal wirklich zuhören will. [[+KOM: Die Einladung kam allerdings sehr kurzfristig, nur eine Woche vorher.]]"),
            ("I", "Und, wollte sie zuhören?"),
            ("B", "[[AUG: Ja, das hat mich überrascht. Im Lab galt die Regel, dass jede Idee erst einmal gleich viel zählt, egal ob sie von der Amtsleiterin kommt oder von einer Rentnerin aus unserem Haus. Die Moderation hat darauf auch wirklich geachtet.]] [[AUG>KOM: Man hat sich geduzt, das hat viel ausgemacht.]]"),
            ("I", "Gab es Momente, in denen Hierarchien trotzdem spürbar wurden?"),
            ("B", "[[HIE: Bei der Frage, welche Projekte umgesetzt werden. Da lag die letzte Entscheidung doch wieder bei der Stadt, und wir haben erst hinterher erfahren, warum unser Vorschlag mit dem Gemeinschaftsraum nicht genommen wurde.]] Das hat einige bei uns im Verein geärgert, und zwei sind danach nicht mehr gekommen."),
            ("I", "Welche Rolle haben Zeit, Geld und Personal gespielt?"),
            ("B", "[[GELD: Für uns als Verein ist Geld immer das Thema. Dass es ein eigenes Budget für kleine Projekte gab, bis zu fünftausend Euro pro Projekt, und dass man dafür keinen zwanzigseitigen Antrag schreiben musste, das war ein echter Fortschritt.]] [[ZEIT: Die Sitzungen waren aber oft am Nachmittag, um drei oder vier Uhr. Wer arbeitet, kann da nicht. Wir Ehrenamtlichen sind dann abends noch einmal zusammengekommen, um alles nachzubereiten.]]"),
            ("I", "Was hat sich durch das Lab verändert?"),
            ("B", "[[NETZ: Wir haben jetzt einen direkten Draht ins Amt für Stadtentwicklung. Wenn etwas ist, rufe ich Frau K. an, und sie weiß, wer wir sind.]] [[LERN: Und wir haben gelernt, wie Verwaltung tickt, warum manche Dinge so lange dauern. Das macht einen geduldiger, ehrlich gesagt.]]"),
            ("I", "Was würden Sie einer anderen Stadt mitgeben?"),
            ("B", "[[-VOR: Die Vereine von Anfang an mit ins Boot holen und ihnen auch eine Aufwandsentschädigung zahlen.]] [[HUER: Sonst sitzen am Ende nur die Leute am Tisch, die dafür bezahlt werden, und die Zivilgesellschaft ist nur Kulisse.]] Das wäre schade, denn das Wissen über das Viertel haben die Leute, die dort wohnen."),
            ("I", "Gibt es noch etwas, das Ihnen wichtig ist?"),
            ("B", "Dass es weitergeht. Sieben Monate sind kurz, und wir haben gerade erst angefangen, einander zu vertrauen."),
        ],
    },
    {
        "no": 3, "actor_group": "Wirtschaft", "consent": True, "date": "2026-10-08", "minutes": 36,
        "role": "Inhaberin eines Cafés, Mitglied der Werbegemeinschaft Innenstadt",
        "turns": [
            ("I", "Wie sind Sie zum KoSI-Lab gekommen?"),
            ("B", "Über die Werbegemeinschaft Innenstadt. Ich betreibe ein Café am Marktplatz, und wir hatten schon länger das Gefühl, dass bei Stadtentwicklung immer über uns Gewerbetreibende geredet wird, aber selten mit uns. Als die Einladung kam, habe ich mich gemeldet, auch wenn ich skeptisch war, ob sich das für einen kleinen Betrieb lohnt."),
            ("I", "Wie haben Sie die Zusammenarbeit erlebt?"),
            ("B", "[[AUG: Erstaunlich offen. Ich hatte erwartet, dass die Verwaltung uns fertige Pläne präsentiert, aber wir haben wirklich gemeinsam an einer leeren Wand angefangen.]] [[KOM>AUG: Was mir gefallen hat: Es gab wenig Fachsprache, und wenn doch, hat jemand nachgefragt.]] [[HIE: Nur bei der Politik war es anders. Wenn ein Stadtrat dabei war, hat sich die Stimmung verändert, dann wurde vorsichtiger geredet.]]"),
            ("I", "Welche Rolle haben Zeit, Geld und Personal für Sie gespielt?"),
            ("B", "[[ZEIT: Für mich vor allem Zeit. Jede Stunde im Lab ist eine Stunde, in der ich nicht im Laden stehe, und die Sitzungen lagen oft mitten am Tag.]] [[PERS: Ich musste dafür Aushilfen einplanen, und das hat niemand bezahlt.]] [[-GELD: Eine kleine Aufwandsentschädigung für Selbstständige wäre fair gewesen.]]"),
            ("I", "Wie lief die Kommunikation nach außen, also in die Stadt hinein?"),
            ("B", "[[KOM: Die Ergebnisse hätten besser kommuniziert werden müssen. Meine Kundschaft hat mich gefragt, was aus dem Lab geworden ist, und ich konnte nur auf die Website verweisen, die monatelang nicht aktualisiert wurde.]] Da war die Werbegemeinschaft ehrlich gesagt schneller, wir haben im Schaufenster einen Aushang gemacht."),
            ("I", "Was hat sich durch das Lab verändert?"),
            ("B", "[[NETZ: Ich kenne jetzt die Leute vom Quartiersmanagement und vom Jugendzentrum, und wir planen zusammen ein Straßenfest im nächsten Sommer. Das wäre ohne das Lab nicht passiert.]] [[+LERN: Ich habe auch gelernt, dass die Verwaltung nicht einfach langsam ist, sondern an viele Regeln gebunden.]]"),
            ("I", "Was würden Sie einer anderen Stadt raten?"),
            ("B", "[[VOR: Die lokale Wirtschaft früh einbinden, aber zu Zeiten, die für Selbstständige machbar sind, also abends oder am Wochenende.]] [[HUER: Und nicht unterschätzen, dass viele Betriebe gerade ums Überleben kämpfen. Wer jeden Tag zwölf Stunden arbeitet, hat für Beteiligung keinen Kopf.]]"),
            ("I", "Möchten Sie noch etwas ergänzen?"),
            ("B", "Der Kaffee für die Sitzungen kam übrigens von uns. Das war meine kleine Investition in das Lab, und ich würde sie wieder machen."),
        ],
    },
    {
        "no": 4, "actor_group": "Politik", "consent": True, "date": "2026-10-09", "minutes": 33,
        "role": "Mitglied des Stadtrats, Ausschuss für Soziales und Quartiersentwicklung",
        "turns": [
            ("I", "Welche Rolle hatten Sie im KoSI-Lab?"),
            ("B", "Ich sitze seit sechs Jahren im Stadtrat und bin im Ausschuss für Soziales und Quartiersentwicklung. Das Lab geht ja auf einen Ratsbeschluss zurück, und ich hatte mich damals dafür eingesetzt. Im Lab selbst war ich eher Gast, ich war bei vielleicht der Hälfte der Sitzungen."),
            ("I", "Wie haben Sie die Zusammenarbeit erlebt?"),
            ("B", "[[AUG: Ich fand es wohltuend, einmal nicht in der Rolle der Entscheiderin zu sein. Im Lab war ich eine Stimme unter vielen, und das war auch richtig so.]] [[HIE: Gleichzeitig habe ich gemerkt, dass manche Teilnehmende mir gegenüber sehr zurückhaltend waren. Eine Stadträtin ist eben für viele doch „die Politik“, da hilft auch das Du nicht.]]"),
            ("I", "Wie war die Kommunikation zwischen dem Lab und dem Stadtrat?"),
            ("B", "[[KOM: Da sehe ich die größte Baustelle. Die Ergebnisse kamen als zwanzigseitiges Papier in den Ausschuss, ohne Zusammenfassung, und das liest niemand vollständig. Wir hätten eine Form gebraucht, die in eine Sitzungsvorlage passt.]] [[+VERW: Die Verwaltung hat die Vorlage dann immerhin gemeinsam mit dem Lab geschrieben, das war neu.]]"),
            ("I", "Welche Rolle haben Geld und Personal gespielt?"),
            ("B", "[[GELD: Das Budget war für ein Pilotprojekt angemessen. Die Frage ist, was danach kommt. Im Doppelhaushalt ist bisher nichts für eine Fortführung vorgesehen, und darüber wird es noch Diskussionen geben.]] [[-PERS: Ohne eine feste Stelle für die Koordination wird es nicht gehen.]]"),
            ("I", "Was hat sich durch das Lab verändert?"),
            ("B", "[[VERW: In der Verwaltung hat sich eine kleine Gruppe gebildet, die anders arbeiten will, offener, ausprobierend. Ob das bleibt, hängt davon ab, ob die Amtsleitungen das mittragen.]] [[LERN: Für mich persönlich: Ich verstehe besser, warum Menschen in der Nordstadt sich von der Politik nicht gesehen fühlen.]]"),
            ("I", "Was sollte eine andere Stadt beachten?"),
            ("B", "[[VOR: Einen politischen Beschluss, fraktionsübergreifend, damit das Lab nicht zum Projekt einer einzelnen Fraktion wird.]] [[HUER: Und man muss aushalten, dass nicht jede Idee aus dem Lab umgesetzt wird. Wenn das nicht vorher klar gesagt wird, gibt es Enttäuschungen, die der Beteiligung insgesamt schaden.]]"),
            ("I", "Gibt es noch etwas, das Sie ergänzen möchten?"),
            ("B", "Ich hoffe, dass der Rat die Ergebnisse ernst nimmt. Ich werde jedenfalls einen Antrag auf Fortführung stellen, und ich hoffe auf Unterstützung aus den anderen Fraktionen."),
        ],
    },
    {
        "no": 5, "actor_group": "Zivilgesellschaft", "consent": True, "date": "2026-10-12", "minutes": 39,
        "role": "Mitglied einer Jugendinitiative",
        "turns": [
            ("I", "Magst du kurz erzählen, wie du zum Lab gekommen bist?"),
            ("B", "Ich bin bei der Jugendinitiative „Platz da!“ aktiv, wir setzen uns für mehr Freiräume für Jugendliche in der Stadt ein. Ich war von Anfang an dabei, bei fast allen Lab-Sitzungen, und habe auch beim Stadtteilspaziergang mitgemacht."),
            ("I", "Wie hast du die Zusammenarbeit erlebt?"),
            ("B", "[[AUG: Am Anfang dachte ich, da sitzen wir Jugendlichen nur als Feigenblatt. Aber wir durften die zweite Lab-Sitzung selbst moderieren, und da hat sich das gedreht.]] [[AUG>HIE: Die Erwachsenen haben uns wirklich zugehört, auch die aus dem Rathaus.]] [[KOM: Was nicht gut lief: Vieles lief über E-Mail, und wer checkt schon E-Mails. Wir haben dann eine eigene Gruppe aufgemacht, und ab da lief es.]]"),
            ("I", "Gab es Situationen, in denen Hierarchien spürbar wurden?"),
            ("B", "[[HIE: Einmal, als es um den Bolzplatz ging, hieß es plötzlich: Das entscheidet das Grünflächenamt, nicht das Lab. Da war die Augenhöhe schnell vorbei.]] Aber das war eher die Ausnahme, und die Koordinatorin hat es danach offen angesprochen."),
            ("I", "Welche Rolle haben Zeit und Geld gespielt?"),
            ("B", "[[ZEIT: Zeit war für uns kein so großes Problem, Sitzungen am späten Nachmittag passen gut zur Schule.]] [[GELD: Aber Geld: Wir haben für unseren Graffiti-Workshop zweitausend Euro aus dem Topf für Mikroprojekte bekommen, und es hat zwei Monate gedauert, bis das Geld da war. Wir mussten das Material vorstrecken, das war für uns echt viel.]]"),
            ("I", "Was hat sich für dich verändert?"),
            ("B", "[[LERN: Ich habe gelernt, wie man einen Förderantrag schreibt und wie man vor Leuten aus der Verwaltung spricht, ohne nervös zu werden.]] [[NETZ: Und wir kennen jetzt den Jugendhilfeausschuss, also nicht nur vom Namen, sondern die Leute.]]"),
            ("I", "Was würdest du einer anderen Stadt raten?"),
            ("B", "[[VOR: Jugendliche nicht nur einladen, sondern ihnen echte Verantwortung geben, zum Beispiel eine Sitzung oder ein eigenes Budget.]] [[-HUER: Und die Bürokratie klein halten. Schon ein zweiseitiges Formular schreckt viele ab.]]"),
            ("I", "Möchtest du noch etwas sagen?"),
            ("B", "[[+NETZ: Vielleicht noch: Wir wollen im nächsten Jahr mit dem Nachbarschaftsverein zusammen etwas machen. Die kannten wir vorher gar nicht.]] Und der Graffiti-Workshop soll eine feste Sache werden."),
        ],
    },
    {
        "no": 6, "actor_group": "Wissenschaft", "consent": True, "date": "2026-10-13", "minutes": 47,
        "role": "wissenschaftliche Mitarbeiterin, Hochschule, Fachbereich Soziale Arbeit",
        "turns": [
            ("I", "Wie waren Sie in das KoSI-Lab eingebunden?"),
            ("B", "Ich bin wissenschaftliche Mitarbeiterin an der Hochschule im Fachbereich Soziale Arbeit. Wir waren als Praxispartner dabei, Studierende haben die Stadtteilspaziergänge mit vorbereitet und dokumentiert. Ich selbst habe an den Lab-Sitzungen teilgenommen und zwischendurch methodisch beraten."),
            ("I", "Wie haben Sie die Zusammenarbeit erlebt?"),
            ("B", "[[AUG: Die Zusammenarbeit war aus meiner Sicht erstaunlich gleichberechtigt, gerade weil die Moderation von externen Leuten kam, die keiner Seite verpflichtet waren.]] [[HIE: Wissenschaft hat ja auch ihre eigene Hierarchie: Man wird schnell als Expertin angesprochen, und dann verstummen andere. Ich habe mich bewusst zurückgehalten.]]"),
            ("I", "Wie lief die Kommunikation?"),
            ("B", "[[KOM: Die Dokumentation war gut, es gab Fotoprotokolle und eine gemeinsame Ablage. Was fehlte, war eine Übersetzung in die Sprache der Verwaltung, also: Was bedeutet dieses Ergebnis für welches Amt?]] Das haben wir im Sommer dann ansatzweise nachgeholt."),
            ("I", "Welche Ressourcen waren entscheidend?"),
            ("B", "[[PERS: Wir hatten das Glück, dass Studierende im Rahmen eines Projektseminars mitarbeiten konnten. Ohne diese Arbeitskraft wären die Stadtteilspaziergänge nicht möglich gewesen.]] [[ZEIT,-PERS: Aber Semesterrhythmus und Lab-Rhythmus passen schlecht zusammen. Im August war niemand von uns da.]]"),
            ("I", "Welche Wirkungen sehen Sie?"),
            ("B", "[[LERN: Für die Studierenden war es ein enormer Lerngewinn, sie haben erlebt, wie Beteiligung praktisch funktioniert und wo sie scheitert.]] [[VERW: Und in der Verwaltung beobachte ich, dass Methoden aus dem Lab übernommen werden. Das Sozialamt hat zum Beispiel einen eigenen Workshop mit Bürgerinnen und Bürgern im Lab-Format gemacht.]] [[+NETZ: Wir haben außerdem zwei neue Kooperationen für Abschlussarbeiten gewonnen.]]"),
            ("I", "Was ist aus Ihrer Sicht für den Transfer in andere Städte wichtig?"),
            ("B", "[[VOR: Wissenschaftliche Begleitung von Anfang an einplanen und nicht erst am Ende eine Evaluation beauftragen. Die Fragen müssen mit den Beteiligten entwickelt werden.]] [[HUER>VOR: Eine Stadt braucht außerdem jemanden, der die Ergebnisse übersetzt, sonst bleiben sie im Lab.]] [[HUER: Eine Hürde ist sicher, dass kleinere Städte keine Hochschule in der Nähe haben.]]"),
        ],
    },
    {
        "no": 7, "actor_group": "Verwaltung", "consent": False, "date": "2026-10-14", "minutes": 35,
        "role": "Sachbearbeitung im Sozialamt, Schwerpunkt Seniorenarbeit",
        "turns": [
            ("I", "Wie sind Sie zum Lab gekommen?"),
            ("B", "Ich arbeite im Sozialamt in der Sachbearbeitung, Schwerpunkt Seniorenarbeit. Meine Abteilungsleitung hat gefragt, wer ins Lab gehen möchte, und ich habe mich gemeldet, weil mich das Thema Nachbarschaft interessiert."),
            ("I", "Wie haben Sie die Zusammenarbeit erlebt?"),
            ("B", "[[AUG: In den Sitzungen war ich eine Teilnehmerin wie alle anderen, das hat mir gefallen.]] [[HIE: Aber ich hatte immer im Hinterkopf, dass ich nichts zusagen darf. Wenn jemand gefragt hat, ob das Sozialamt einen Raum stellen kann, musste ich sagen: Das frage ich nach. Und dann kam die Antwort drei Wochen später über den Dienstweg.]] [[-HIE: Das ist frustrierend, für beide Seiten.]]"),
            ("I", "Wie lief die Kommunikation, auch innerhalb der Verwaltung?"),
            ("B", "[[KOM>HIE: Intern musste ich jede Information über meine Abteilungsleitung weitergeben. Direkt mit dem Amt für Stadtentwicklung zu sprechen, war eigentlich nicht vorgesehen.]] [[KOM: Im Lab selbst war die Kommunikation sehr direkt, manchmal fast zu direkt für jemanden, der Verwaltungssprache gewohnt ist.]]"),
            ("I", "Welche Rolle haben Zeit und Personal gespielt?"),
            ("B", "[[ZEIT: Zeit war das größte Problem. Das Lab kam zu allem anderen dazu.]] [[PERS: Unsere Abteilung ist seit einem Jahr unterbesetzt, zwei Stellen sind nicht nachbesetzt. Wenn ich im Lab war, blieb die Arbeit liegen, und die Kolleginnen mussten es auffangen.]] Das hat nicht jeder gern gesehen."),
            ("I", "Hat sich durch das Lab etwas verändert?"),
            ("B", "[[VERW: Bei uns im Amt hat sich noch nicht viel verändert. Aber meine Abteilungsleitung hat gefragt, ob wir das Format für die Seniorenplanung nutzen können, das ist schon ein Anfang.]] [[LERN: Ich selbst habe gelernt, anders zu moderieren, mehr zu fragen und weniger zu erklären.]]"),
            ("I", "Was würden Sie einer anderen Stadt raten?"),
            ("B", "[[VOR: Freistellung. Wer im Lab mitarbeiten soll, braucht dafür Stunden, die offiziell im Arbeitsplan stehen.]] [[HUER: Und die Entscheidungswege müssen kürzer sein. Wenn alles über drei Ebenen läuft, ist die Energie aus dem Lab weg, bis die Antwort kommt.]]"),
            ("I", "Möchten Sie noch etwas ergänzen?"),
            ("B", "Nein, ich glaube, das Wichtigste ist gesagt. Ich wäre bei einer Fortsetzung gern wieder dabei, wenn die Bedingungen stimmen."),
        ],
    },
    {
        "no": 8, "actor_group": "Zivilgesellschaft", "consent": True, "date": "2026-10-15", "minutes": 55,
        "role": "Mitglied des Seniorenbeirats",
        "turns": [
            ("I", "Wie sind Sie auf das KoSI-Lab aufmerksam geworden?"),
            ("B", "Ich bin im Seniorenbeirat der Stadt und außerdem in der Kirchengemeinde aktiv. Zum Lab bin ich über einen Aushang im Bürgerhaus gekommen. Ich war bei der Auftaktveranstaltung und danach bei den meisten Sitzungen in der Nordstadt."),
            ("I", "Wie haben Sie die Zusammenarbeit erlebt?"),
            ("B", "[[AUG: Ich hatte Sorge, dass ich als Ältere nicht mitkomme, mit den ganzen Klebezetteln und digitalen Sachen. Aber die Jüngeren haben mir geholfen, und meine Erfahrung war gefragt. Das war ein Miteinander, wie ich es mir wünsche.]] [[+KOM: Die Moderatorin hat immer darauf geachtet, dass auch die Leisen zu Wort kommen.]]"),
            ("I", "Haben Sie Hierarchien erlebt?"),
            ("B", "[[HIE: Hierarchien habe ich weniger zwischen Verwaltung und Bürgern gespürt als zwischen den Vereinen. Die großen Träger hatten mehr Gewicht, die haben Leute, die so etwas hauptberuflich machen.]] Wir kleinen Gruppen mussten uns manchmal erst Gehör verschaffen."),
            ("I", "Wie lief die Kommunikation?"),
            ("B", "[[KOM: Die Einladungen kamen per E-Mail, und nicht alle in meinem Alter lesen regelmäßig E-Mails. Ich habe dann für die anderen aus dem Beirat ausgedruckt und verteilt.]] [[-KOM: Ein Brief oder ein Aushang hätte vielen geholfen.]]"),
            ("I", "Welche Rolle haben Zeit und Geld gespielt?"),
            ("B", "[[ZEIT: Zeit habe ich als Rentnerin genug, das ist nicht das Problem.]] [[GELD: Aber die Fahrt in die Innenstadt kostet, und für die Ergebnispräsentation im Rathaus wäre ein Fahrdienst schön gewesen.]] [[GELD>VOR: Kleine Dinge wie ein Sozialticket für die Teilnahme machen einen Unterschied.]]"),
            ("I", "Was hat sich für Sie durch das Lab verändert?"),
            ("B", "[[NETZ: Ich habe Menschen kennengelernt, mit denen ich sonst nie gesprochen hätte, junge Leute, Geschäftsleute. Wir grüßen uns jetzt auf der Straße.]] [[LERN: Und ich habe gelernt, dass man bei der Stadt auch einfach anrufen kann, die beißen nicht.]]"),
            ("I", "Was würden Sie einer anderen Stadt raten?"),
            ("B", "[[VOR: Ältere Menschen direkt ansprechen, über Seniorentreffs und Kirchengemeinden, nicht nur über das Internet.]] [[HUER: Barrierefreiheit ist eine Hürde. Das Bürgerhaus Süd hat keinen Aufzug, da konnten zwei Damen aus unserem Beirat nicht kommen.]]"),
        ],
    },
    {
        "no": 9, "actor_group": "Wirtschaft", "consent": True, "date": "2026-10-16", "minutes": 44,
        "role": "Sozialmanagement einer Wohnungsbaugenossenschaft",
        "turns": [
            ("I", "Welche Rolle hatte Ihre Genossenschaft im KoSI-Lab?"),
            ("B", "Ich bin bei der Wohnungsbaugenossenschaft für das Sozialmanagement zuständig. Wir haben in der Nordstadt rund achthundert Wohnungen, also sind wir dort ein großer Akteur. Wir haben dem Lab Räume in unserem Nachbarschaftstreff zur Verfügung gestellt, und ich war Mitglied im Kernteam."),
            ("I", "Wie haben Sie die Zusammenarbeit erlebt?"),
            ("B", "[[AUG: Als Unternehmen waren wir am Anfang ein bisschen die Exoten. Aber es wurde schnell klar, dass wir alle dasselbe wollen: dass die Leute gern in der Nordstadt wohnen.]] [[HIE>AUG: Ich hatte nie das Gefühl, dass die Stadt uns als bloße Geldgeber sieht.]] [[KOM: Die Abstimmung im Kernteam war eng, wir hatten alle zwei Wochen eine Videokonferenz und kurze Wege.]]"),
            ("I", "Welche Rolle haben Geld, Zeit und Personal gespielt?"),
            ("B", "[[GELD: Wir haben das Lab mit einem Betrag für Material und Verpflegung unterstützt, und mit den Räumen. Das ist für uns überschaubar, aber für das Lab war es wichtig.]] [[PERS: Personell war es eng. Ich hatte das Lab neben meinem normalen Job, und in den Sommermonaten, wenn die Kolleginnen im Urlaub sind, war das kaum zu schaffen.]] [[+ZEIT: Die Sitzungen haben sich oft in die Länge gezogen.]]"),
            ("I", "Welche Wirkungen sehen Sie?"),
            ("B", "[[NETZ: Der größte Gewinn ist das Netzwerk. Wir wissen jetzt, wen wir in der Verwaltung anrufen, wenn es um den Spielplatz oder die Beleuchtung geht, und die Verwaltung weiß, dass sie uns ansprechen kann.]] [[VERW: Ich habe auch den Eindruck, dass das Amt für Stadtentwicklung jetzt früher auf uns zukommt, bevor etwas geplant wird.]]"),
            ("I", "Was sollten andere Städte beachten?"),
            ("B", "[[VOR: Die Wohnungswirtschaft als Partnerin mitdenken. Wir haben Räume, wir haben Kontakt zu den Mieterinnen und Mietern, und wir haben ein eigenes Interesse an guten Nachbarschaften.]] [[HUER: Die größte Hürde sehe ich in der Verstetigung. Ein Lab für sieben Monate ist schön, aber Vertrauen entsteht über Jahre.]] [[-VOR: Eine Stadt sollte deshalb gleich mit einer Perspektive über die Testphase hinaus starten.]]"),
            ("I", "Möchten Sie noch etwas ergänzen?"),
            ("B", "Unser Vorstand hat schon signalisiert, dass wir auch eine Fortsetzung unterstützen würden. Das sollte die Stadt aufgreifen."),
        ],
    },
    {
        "no": 10, "actor_group": "Politik", "consent": False, "date": "2026-10-19", "minutes": 31,
        "role": "Mitglied des Ortsbeirats Nordstadt",
        "turns": [
            ("I", "Wie waren Sie mit dem KoSI-Lab verbunden?"),
            ("B", "Ich bin Mitglied im Ortsbeirat Nordstadt, ehrenamtlich, und im Hauptberuf Lehrer. Ich habe das Lab vor allem beobachtet und war bei drei Sitzungen und bei der Ergebnispräsentation."),
            ("I", "Wie haben Sie die Zusammenarbeit erlebt?"),
            ("B", "[[HIE: Offen gesagt hatte ich manchmal den Eindruck, dass der Ortsbeirat übergangen wurde. Das Lab hat Dinge für die Nordstadt diskutiert, für die eigentlich wir zuständig sind, und wir wurden nur informiert.]] [[AUG: In den Sitzungen selbst war der Umgang aber respektvoll und auf Augenhöhe, das will ich gar nicht bestreiten.]]"),
            ("I", "Wie lief die Kommunikation zwischen Lab und Ortsbeirat?"),
            ("B", "[[KOM: Die Kommunikation zwischen Lab und Ortsbeirat hätte besser sein müssen. Ein fester Tagesordnungspunkt in unseren Sitzungen wäre einfach gewesen.]] [[+HIE: Die Verwaltung hat aber lieber direkt mit dem Stadtrat gesprochen.]]"),
            ("I", "Welche Rolle hat das Geld gespielt?"),
            ("B", "[[GELD: Das Geld für die Mikroprojekte war gut angelegt, das sieht man im Stadtteil, zum Beispiel an den neuen Bänken am Bachlauf.]] [[GELD>HUER: Aber es ist auch nicht viel, wenn man es mit dem vergleicht, was in der Innenstadt ausgegeben wird.]]"),
            ("I", "Was hat sich durch das Lab verändert?"),
            ("B", "[[VERW>NETZ: Ich sehe, dass es mehr Gesprächsfäden zwischen Verwaltung und Vereinen gibt. Ob sich die Verwaltung selbst verändert hat, kann ich nicht beurteilen.]] [[LERN: Ich habe für mich mitgenommen, dass Beteiligung mehr sein kann als eine Bürgerversammlung, bei der hinterher alle unzufrieden nach Hause gehen.]]"),
            ("I", "Was würden Sie einer anderen Stadt raten?"),
            ("B", "[[VOR: Die Ortsbeiräte und Bezirksvertretungen von Anfang an einbeziehen, formal und nicht nur als Zuschauer.]] [[HUER: Sonst entsteht eine Parallelstruktur, und das führt zu Konflikten, die niemandem helfen.]]"),
            ("I", "Gibt es noch etwas, das Sie sagen möchten?"),
            ("B", "Nur, dass meine Kritik konstruktiv gemeint ist. Die Idee ist gut, aber sie muss sich in die bestehenden Gremien einfügen, statt an ihnen vorbeizulaufen."),
        ],
    },
    {
        "no": 11, "actor_group": "Zivilgesellschaft", "consent": True, "date": "2026-10-20", "minutes": 48,
        "role": "Vorstand eines Kulturvereins (Migrantenselbstorganisation)",
        "turns": [
            ("I", "Wie sind Sie zum KoSI-Lab gekommen?"),
            ("B", "Ich bin im Vorstand eines Kulturvereins, in dem sich vor allem Familien aus Syrien und dem Irak organisieren. Wir machen Hausaufgabenhilfe und Sprachcafés in der Nordstadt. Zum Lab kam ich, weil das Quartiersmanagement uns gezielt angesprochen hat."),
            ("I", "Wie haben Sie die Zusammenarbeit erlebt?"),
            ("B", "[[AUG: Ich hatte zum ersten Mal das Gefühl, dass wir nicht nur als Zielgruppe eingeladen sind, sondern als Partner. Unsere Vorschläge wurden aufgeschrieben, diskutiert und zwei davon umgesetzt.]] [[KOM: Sprachlich war es nicht immer einfach. Es gab viele Fachbegriffe, und nicht alle aus unserem Verein sprechen so gut Deutsch. Beim dritten Treffen gab es dann eine Dolmetscherin für Arabisch, das hat sehr geholfen.]]"),
            ("I", "Gab es Hierarchien, die Sie gespürt haben?"),
            ("B", "[[HIE: Am Anfang ja. Es gab Momente, in denen Vertreter der Stadt über unsere Köpfe hinweg geredet haben, so als wären wir nicht im Raum.]] [[-AUG: Das hat sich aber gebessert, als wir das angesprochen haben.]]"),
            ("I", "Welche Rolle haben Zeit, Geld und Personal gespielt?"),
            ("B", "[[GELD: Wir haben einen Zuschuss für ein Sommerfest bekommen. Der Antrag war einfach, das war gut.]] [[ZEIT,PERS: Aber bei uns machen alles Ehrenamtliche, die tagsüber arbeiten oder Kinder betreuen. Drei Stunden an einem Dienstagnachmittag, das schafft kaum jemand.]]"),
            ("I", "Was hat sich verändert?"),
            ("B", "[[NETZ: Wir sind jetzt im Netzwerk Nordstadt dabei, das gab es vorher ohne uns.]] [[LERN: Und unsere jungen Leute haben gesehen, dass man in dieser Stadt etwas bewegen kann. Zwei von ihnen wollen sich für den Integrationsbeirat aufstellen lassen.]] [[+VERW: Das Bürgerbüro hat inzwischen Informationen auf Arabisch ausgelegt.]]"),
            ("I", "Was würden Sie einer anderen Stadt raten?"),
            ("B", "[[VOR: Mehrsprachigkeit einplanen, und zwar von Anfang an, mit Budget für Übersetzung.]] [[HUER: Viele Menschen haben schlechte Erfahrungen mit Behörden gemacht. Diese Hürde überwindet man nicht mit einem Flyer, sondern nur mit persönlichem Kontakt.]]"),
            ("I", "Möchten Sie noch etwas ergänzen?"),
            ("B", "Danke, dass Sie auch uns fragen. Das ist nicht selbstverständlich."),
        ],
    },
    {
        "no": 12, "actor_group": "Wissenschaft", "consent": True, "date": "2026-10-21", "minutes": 41,
        "role": "Beirat, Institut für Raumplanung einer Universität",
        "turns": [
            ("I", "Welche Rolle hatten Sie im KoSI-Lab?"),
            ("B", "Ich arbeite an einem Institut für Raumplanung und beschäftige mich mit Reallaboren. Ich war im Beirat des KoSI-Labs und habe an der Auftaktveranstaltung, zwei Lab-Sitzungen und der Ergebnispräsentation teilgenommen."),
            ("I", "Wie haben Sie die Zusammenarbeit im Lab wahrgenommen?"),
            ("B", "[[AUG: Aus Sicht der Reallabor-Forschung war das Lab ein gelungenes Beispiel für Ko-Kreation. Die Akteure sind sich tatsächlich als gleichwertige Partner begegnet, zumindest in den Formaten, die ich gesehen habe.]] [[HIE: Strukturell bleibt natürlich eine Asymmetrie: Die Verwaltung hat die Ressourcen und die Entscheidungsmacht, die Zivilgesellschaft das lokale Wissen. Das Lab kann diese Asymmetrie abmildern, aber nicht aufheben.]]"),
            ("I", "Wie war die Kommunikation aus Ihrer Sicht?"),
            ("B", "Im Beirat waren wir gut informiert, es gab regelmäßig kurze Berichte. [[+KOM: Ich hätte mir aber gewünscht, dass Zwischenergebnisse öfter öffentlich gemacht werden.]]"),
            ("I", "Welche Ressourcen waren entscheidend?"),
            ("B", "[[ZEIT: Sieben Monate sind für ein Reallabor sehr kurz. Die ersten zwei Monate gehen für das Kennenlernen drauf, die letzten zwei für die Dokumentation.]] [[GELD>ZEIT: Wirklich experimentieren konnte man eigentlich nur im Sommer.]] [[PERS: Entscheidend war die Koordinationsstelle. Dass es eine Person gab, die sich hauptamtlich um das Lab gekümmert hat, ist aus meiner Sicht der wichtigste Erfolgsfaktor.]]"),
            ("I", "Welche Wirkungen sehen Sie?"),
            ("B", "[[LERN: Es gab viel gegenseitiges Lernen, das sieht man auch an den Protokollen: Die Sprache der Beteiligten hat sich angenähert.]] [[VERW: Ob sich die Verwaltung als Organisation verändert, wird man erst in ein, zwei Jahren sehen. Die Einzelnen, die dabei waren, arbeiten jedenfalls anders.]]"),
            ("I", "Was ist für den Transfer in andere Städte entscheidend?"),
            ("B", "[[VOR: Für den Transfer sind drei Dinge entscheidend: eine hauptamtliche Koordination, ein politisches Mandat und ein kleines, flexibel einsetzbares Budget.]] [[HUER: Die größte Hürde ist die Übertragbarkeit selbst. Was in Musterstadt funktioniert hat, hing auch an bestimmten Personen, und die lassen sich nicht exportieren.]] [[-VOR: Deshalb sollte man Strukturen beschreiben und nicht Personen.]]"),
        ],
    },
    {
        "no": 13, "actor_group": "Verwaltung", "consent": True, "date": "2026-10-22", "minutes": 58,
        "role": "Leitung der Stabsstelle Bürgerbeteiligung (Koordination des Labs)",
        "turns": [
            ("I", "Sie haben das Lab auf Seiten der Stadt koordiniert. Wie kam es dazu?"),
            ("B", "Ich leite die Stabsstelle Bürgerbeteiligung im Büro des Oberbürgermeisters und war für die Koordination des Labs auf Seiten der Stadt zuständig, gemeinsam mit dem Quartiersmanagement. Den Auftrag gab es nach dem Ratsbeschluss im Herbst des Vorjahres."),
            ("I", "Wie haben Sie die Zusammenarbeit erlebt?"),
            ("B", "[[AUG: Mein Anspruch war, dass im Lab niemand mit seinem Titel auftritt. Wir haben Namensschilder nur mit Vornamen gemacht, das klingt banal, hat aber viel bewirkt.]] [[HIE: Schwierig war es, die Amtsleitungen mitzunehmen. Einige haben das Lab als Konkurrenz zur eigenen Fachplanung gesehen, und da musste ich manchmal die Autorität des Oberbürgermeisters ins Spiel bringen.]] [[+AUG: Das passt natürlich nicht zur Augenhöhe, aber anders ging es nicht.]]"),
            ("I", "Wie lief die Kommunikation?"),
            ("B", "[[KOM: Wir hatten einen Newsletter, eine Projektseite und die Messenger-Gruppe. Trotzdem haben wir nach außen zu wenig kommuniziert, die Lokalzeitung hat erst über die Ergebnispräsentation berichtet.]] Das nehme ich auf meine Kappe."),
            ("I", "Welche Rolle haben Geld, Personal und Zeit gespielt?"),
            ("B", "[[GELD: Das Budget von insgesamt vierzigtausend Euro, davon fünfundzwanzigtausend für Mikroprojekte, war ausreichend.]] [[PERS,ZEIT: Knapp war das Personal. Ich hatte eine halbe Stelle für die Koordination, und in der heißen Phase vor der Ergebnispräsentation haben wir alle Überstunden gemacht.]]"),
            ("I", "Was hat sich durch das Lab verändert?"),
            ("B", "[[VERW: Ich glaube, wir haben gezeigt, dass Verwaltung auch experimentieren kann. Drei Ämter haben inzwischen angefragt, ob wir das Lab-Format für ihre Vorhaben nutzen können.]] [[NETZ: Es gibt jetzt ein Netzwerk von Menschen in der Stadt, die sich kennen und vertrauen, und das ist unabhängig davon, ob das Lab weiterläuft.]] [[-LERN: Wir selbst haben gelernt, Fehler schneller zuzugeben.]]"),
            ("I", "Was würden Sie einer anderen Stadt raten?"),
            ("B", "[[VOR: Eine Stadt braucht eine Stelle, die quer zu den Ämtern arbeiten darf, idealerweise beim Oberbürgermeister angesiedelt.]] [[HUER: Die Haushaltslogik ist die größte Hürde. Ein Lab braucht Geld, das man flexibel und schnell ausgeben kann, und das sieht das Haushaltsrecht eigentlich nicht vor.]] [[HUER>GELD: Wir haben dafür einen Umweg über einen Verfügungsfonds gebraucht.]]"),
        ],
    },
    {
        "no": 14, "actor_group": "Zivilgesellschaft", "consent": False, "date": "2026-10-23", "minutes": 37,
        "role": "Mitglied einer Initiative für Gemeinschaftsgärten",
        "turns": [
            ("I", "Wie sind Sie zum KoSI-Lab gekommen?"),
            ("B", "Ich bin bei der Initiative „Essbare Nordstadt“, wir betreiben zwei Gemeinschaftsgärten. Ich war bei fast allen Sitzungen und habe den Stadtteilspaziergang im August mit organisiert."),
            ("I", "Wie haben Sie die Zusammenarbeit erlebt?"),
            ("B", "[[AUG: Im Lab selbst war die Zusammenarbeit wirklich gut. Wir haben gemeinsam gegärtnert, gemeinsam gegessen, und dabei sind viele Berührungsängste gefallen.]] [[HIE: Sobald es aber an die Umsetzung ging, wurde es wieder hierarchisch. Für einen dritten Garten auf der Brachfläche an der Bahnstraße brauchen wir die Zustimmung von drei Ämtern, und das Lab konnte da nichts beschleunigen.]]"),
            ("I", "Wie lief die Kommunikation?"),
            ("B", "[[KOM: Die Kommunikation war ehrlich, auch wenn es schlechte Nachrichten gab. Man hat uns gesagt, warum die Brachfläche nicht geht, und nicht einfach geschwiegen.]] [[-KOM: Das rechne ich der Koordination hoch an.]]"),
            ("I", "Welche Rolle haben Zeit, Geld und Personal gespielt?"),
            ("B", "[[GELD: Wir haben Geld für Hochbeete und Werkzeug bekommen, und das ging unkompliziert.]] [[ZEIT: Wofür wir nie Zeit hatten, ist die Dokumentation. Die Verwaltung wollte Fotos, Berichte, Teilnehmerlisten. Wir sind Gärtnerinnen, keine Sachbearbeiterinnen.]] [[+PERS: Bei uns hängt alles an vier, fünf Leuten.]]"),
            ("I", "Was hat sich durch das Lab verändert?"),
            ("B", "[[NETZ: Über das Lab sind wir mit dem Seniorenbeirat und der Jugendinitiative in Kontakt gekommen. Im Herbst pflanzen wir gemeinsam Obstbäume.]] [[LERN>NETZ: Die Kinder aus der Kita nebenan kommen jetzt regelmäßig in den Garten.]] [[VERW: In der Verwaltung hat sich aus meiner Sicht wenig verändert. Die Leute, die im Lab waren, sind offener geworden, aber die Abläufe sind dieselben.]]"),
            ("I", "Was würden Sie einer anderen Stadt raten?"),
            ("B", "[[VOR: Flächen. Eine Stadt, die so ein Lab macht, sollte vorher klären, welche Flächen und Räume man überhaupt nutzen darf.]] [[HUER: Sonst produziert man Ideen, die an der Realität scheitern, und das frustriert mehr, als wenn man gar nicht gefragt hätte.]]"),
        ],
    },
]


# =======================================================================================
# Everything below is implementation. Constants first, then one builder per export.
# =======================================================================================

SEED = 20260301
HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
# Namespace for the fixed GUIDs of the REFI-QDA project (uuid5 of a stable name each).
GUID_NS = uuid.uuid5(uuid.NAMESPACE_URL, "https://kosi-lab.musterstadt.example/beispielstudie")

AG_NAMES = ("Verwaltung", "Politik", "Wirtschaft", "Wissenschaft", "Zivilgesellschaft")  # codes 1..5


def rng_for(tag: str) -> np.random.Generator:
    """An independent, reproducible random stream per purpose (changing one part of the
    generator does not shift the random numbers of another)."""
    return np.random.default_rng([SEED, zlib.crc32(tag.encode("ascii"))])


def guid(name: str) -> str:
    return str(uuid.uuid5(GUID_NS, name))


# ---------------------------------------------------------------------------------------
# Participant survey (LimeSurvey)
# ---------------------------------------------------------------------------------------

CONSTRUCTS = (
    "self_efficacy",
    "political_efficacy_internal",
    "political_efficacy_external",
    "interpersonal_trust",
    "trust_local_institutions",
    "sense_of_community",
)
# Correlations of the latent person traits (T0).
LATENT_R = (
    (1.00, 0.45, 0.20, 0.15, 0.15, 0.30),
    (0.45, 1.00, 0.40, 0.15, 0.20, 0.25),
    (0.20, 0.40, 1.00, 0.25, 0.45, 0.20),
    (0.15, 0.15, 0.25, 1.00, 0.35, 0.35),
    (0.15, 0.20, 0.45, 0.35, 1.00, 0.30),
    (0.30, 0.25, 0.20, 0.35, 0.30, 1.00),
)
STABILITY = 0.60  # correlation of a latent trait between T0 and T1
# Planted standardized change (d_z of the scale mean, paired respondents).
TARGET_DZ = {
    "self_efficacy": 0.40,
    "political_efficacy_internal": 0.20,
    "political_efficacy_external": 0.00,
    "interpersonal_trust": 0.00,
    "trust_local_institutions": 0.00,
    "sense_of_community": 0.30,
}
# Latent T0->T1 shift (SD units) that realises TARGET_DZ with this seed; found with
# `python generate.py --calibrate` (bisection on the realised d_z) and then fixed here.
LATENT_SHIFT = {
    "self_efficacy": 0.469,
    "political_efficacy_internal": 0.296,
    "political_efficacy_external": 0.077,
    "interpersonal_trust": 0.071,
    "trust_local_institutions": 0.135,
    "sense_of_community": 0.289,
}

# (LimeSurvey column, item id, construct, response format, loading)
P_ITEMS = (
    [(f"SE[SQ{i:03d}]", f"se{i}", "self_efficacy", "k4", lam)
     for i, lam in enumerate((0.72, 0.68, 0.75, 0.62, 0.70, 0.66), 1)]
    + [(f"PE[SQ{i:03d}]", f"pe{i}",
        "political_efficacy_internal" if i <= 3 else "political_efficacy_external", "k5", lam)
       for i, lam in enumerate((0.84, 0.80, 0.76, 0.82, 0.78, 0.74), 1)]
    + [(f"IT[SQ{i:03d}]", f"it{i}", "interpersonal_trust", "k5", lam)
       for i, lam in enumerate((0.80, 0.78, 0.70), 1)]
    + [(f"TI[SQ{i:03d}]", f"ti{i}", "trust_local_institutions", "k11", lam)
       for i, lam in enumerate((0.76, 0.80, 0.70, 0.62, 0.66), 1)]
    + [(f"SC[SQ{i:03d}]", f"sc{i}", "sense_of_community", "k5", lam)
       for i, lam in enumerate((0.66, 0.70, 0.62, 0.68, 0.58, 0.64, 0.70, 0.60), 1)]
)
P_REVERSE = {"it3"}
P_RANGE = {"k4": (1, 4), "k5": (1, 5), "k11": (0, 10)}
THRESHOLDS = {"k4": (-1.5, -0.5, 0.6), "k5": (-1.25, -0.4, 0.4, 1.25)}
P_SCALES = {c: [it for (_, it, cc, _, _) in P_ITEMS if cc == c] for c in CONSTRUCTS}
# Minimum number of valid items for a scale score; mirrors `min_valid` in
# surveys/instruments/participant.yaml and team.yaml (used for the realised values only).
MIN_VALID = {
    "self_efficacy": 4, "political_efficacy_internal": 2, "political_efficacy_external": 2,
    "interpersonal_trust": 2, "trust_local_institutions": 3, "sense_of_community": 6,
    "partnership_synergy": 6, "psychological_safety": 5, "shared_decision_making": 3, "satisfaction": 3,
}
ITEM_COL = {it: col for (col, it, _, _, _) in P_ITEMS}

LS_SYSTEM = ["id", "submitdate", "lastpage", "startlanguage", "seed", "token", "startdate",
             "datestamp", "ipaddr", "refurl"]
LS_ATTR = ["CODE", "AG", "ROLE", "AGE", "GENDER"]
LS_HEADER = (LS_SYSTEM + LS_ATTR + [c for (c, *_rest) in P_ITEMS]
             + ["VE01", "VE02", "COMMENT", "interviewtime"])
# Question groups = pages of the questionnaire (LimeSurvey "group by group" format).
LS_PAGES = {
    1: LS_ATTR,
    2: [c for c in LS_HEADER if c.startswith(("SE[", "PE["))],
    3: [c for c in LS_HEADER if c.startswith(("IT[", "TI["))],
    4: [c for c in LS_HEADER if c.startswith("SC[")],
    5: ["VE01", "VE02", "COMMENT"],
}
LS_LAST_PAGE = 5

# Who is in which wave (persons; see module docstring).
N_T0_COMPLETE = 151          # persons with a complete T0 response
N_T0_INCOMPLETE = 9          # persons who started T0 but did not submit (2 before entering a CODE)
N_T1_NEW_COMPLETE = 8        # complete at T1, never at T0
N_T1_NEW_INCOMPLETE = 1
N_PAIRED = 100               # complete at T0 and T1 with the same CODE
N_TYPO = 3                   # complete at T0 and T1, but CODE typed differently at T1
N_T0C_T1_INCOMPLETE = 3      # complete at T0, incomplete at T1
N_T0I_T1_COMPLETE = 4        # incomplete at T0 (with CODE), complete at T1

T0_WINDOW = ("2026-03-05", "2026-03-22")
T1_WINDOW = ("2026-09-24", "2026-10-09")

T0_COMMENTS = [
    "Ich bin gespannt, ob sich durch das Lab wirklich etwas ändert.",
    "Die Fragen zum Vertrauen fand ich schwer zu beantworten.",
    "<script>alert(1)</script> Test, ob das Formular sicher ist.",
    "Bei Rückfragen gerne an m.muster@example.org schreiben.",
    "Toll, dass es das Lab gibt! Endlich passiert was in der Nordstadt.",
    "Zu viele Fragen, sorry.",
    "Mir fehlt eine Antwortmöglichkeit „teils/teils“.",
    "Ich engagiere mich im Sportverein, zählt das auch als Ehrenamt?",
]
T1_COMMENTS = [
    '=HYPERLINK("https://kosi-lab.musterstadt.example/ergebnisse";"Ergebnisse ansehen")',
    "Was gut war: die Stadtteilspaziergänge.\nWas gefehlt hat: mehr Zeit für die Umsetzung.",
    'Das Motto "auf Augenhöhe" hat für mich gestimmt, meistens jedenfalls.',
    "Schade, dass es vorbei ist. Bitte weitermachen!",
    "Die Ergebnispräsentation war zu lang, aber gut gemacht.",
    "Ich habe durch das Lab meine Nachbarn besser kennengelernt.",
    "Vertrauen in die Stadtverwaltung: unverändert, ehrlich gesagt.",
    "Die Mikroprojekte waren super; mehr davon, bitte.",
    "Danke an das Orga-Team!",
]
DUPLICATE_COMMENT = "Sorry, ich glaube, ich habe den Fragebogen zweimal ausgefüllt."

OUT_OF_RANGE_T0 = ("SE[SQ003]", "7")
VE02_OUT_OF_RANGE_T1 = "500"


def _cholesky(matrix):
    """Plain-Python Cholesky (the same bits on every platform, unlike LAPACK)."""
    n = len(matrix)
    low = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1):
            s = sum(low[i][k] * low[j][k] for k in range(j))
            if i == j:
                low[i][j] = math.sqrt(matrix[i][i] - s)
            else:
                low[i][j] = (matrix[i][j] - s) / low[j][j]
    return low


def _correlated_normals(rng, n, corr):
    low = _cholesky(corr)
    raw = rng.standard_normal((n, len(corr)))
    out = np.zeros_like(raw)
    for i in range(len(corr)):
        for k in range(i + 1):
            out[:, i] = out[:, i] + low[i][k] * raw[:, k]
    return out


def _to_codes(y, kind, difficulty):
    if kind == "k11":
        return np.clip(np.rint(5.4 + 2.2 * (y - difficulty)), 0, 10).astype(int)
    cuts = np.asarray(THRESHOLDS[kind]) + difficulty
    return 1 + (y[:, None] > cuts[None, :]).sum(axis=1)


def _fmt_time(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%d %H:%M:%S")


def _random_moment(rng, window, hours=(7, 23)):
    first = dt.date.fromisoformat(window[0])
    days = (dt.date.fromisoformat(window[1]) - first).days + 1
    day = first + dt.timedelta(days=int(rng.integers(0, days)))
    hour = int(rng.integers(hours[0], hours[1]))
    return dt.datetime(day.year, day.month, day.day, hour, int(rng.integers(0, 60)),
                       int(rng.integers(0, 60)))


def _make_code(rng, taken):
    letters = "ABDEFGHIKLMNPRSTUW"
    while True:
        code = (letters[rng.integers(len(letters))] + letters[rng.integers(len(letters))]
                + f"{int(rng.integers(1, 32)):02d}" + letters[rng.integers(len(letters))]
                + str(int(rng.integers(0, 10))))
        if code not in taken:
            taken.add(code)
            return code


def _typo(code, rng, taken):
    """A self-generated code entered slightly differently (a different birth day)."""
    while True:
        day = int(code[2:4])
        new_day = day + int(rng.choice([-10, -1, 1, 10]))
        if 1 <= new_day <= 31:
            new = f"{code[:2]}{new_day:02d}{code[4:]}"
            if new not in taken:
                taken.add(new)
                return new


class ParticipantDraws:
    """Every random number of the participant survey, drawn once in a fixed order."""

    def __init__(self):
        rng = rng_for("participants-persons")
        n = N_T0_COMPLETE + N_T0_INCOMPLETE + N_T1_NEW_COMPLETE + N_T1_NEW_INCOMPLETE
        self.n = n
        groups = [1] * 34 + [2] * 17 + [3] * 20 + [4] * 22 + [5] * 76
        assert len(groups) == n
        self.ag = rng.permutation(np.array(groups))
        self.role = rng.choice([1, 2, 3], size=n, p=[0.72, 0.16, 0.12])
        self.age = rng.choice([1, 2, 3, 4], size=n, p=[0.18, 0.35, 0.30, 0.17])
        self.gender = rng.choice([1, 2, 3], size=n, p=[0.55, 0.43, 0.02])
        taken: set[str] = set()
        self.code = [_make_code(rng, taken) for _ in range(n)]
        # statuses: persons 0..150 complete at T0; 151..159 incomplete at T0; 160.. new at T1
        idx_c = rng.permutation(N_T0_COMPLETE)
        self.t0 = ["complete"] * N_T0_COMPLETE + ["incomplete"] * N_T0_INCOMPLETE + [None] * (
            N_T1_NEW_COMPLETE + N_T1_NEW_INCOMPLETE)
        self.t1 = [None] * n
        self.t1_code = list(self.code)
        pos = 0
        for _ in range(N_PAIRED):
            self.t1[idx_c[pos]] = "complete"
            pos += 1
        self.typo_persons = []
        for _ in range(N_TYPO):
            p = int(idx_c[pos])
            self.t1[p] = "complete"
            self.t1_code[p] = _typo(self.code[p], rng, taken)
            self.typo_persons.append(p)
            pos += 1
        for _ in range(N_T0C_T1_INCOMPLETE):
            self.t1[idx_c[pos]] = "incomplete"
            pos += 1
        inc = list(range(N_T0_COMPLETE, N_T0_COMPLETE + N_T0_INCOMPLETE))
        # two T0 drop-outs left on the first page before typing a CODE
        self.no_code_t0 = set(inc[:2])
        for p in inc[2:2 + N_T0I_T1_COMPLETE]:
            self.t1[p] = "complete"
        new = list(range(N_T0_COMPLETE + N_T0_INCOMPLETE, n))
        for p in new[:N_T1_NEW_COMPLETE]:
            self.t1[p] = "complete"
        for p in new[N_T1_NEW_COMPLETE:]:
            self.t1[p] = "incomplete"
        paired = [int(p) for p in idx_c[:N_PAIRED]]
        self.paired = paired
        self.duplicate_person = paired[int(rng.integers(0, N_PAIRED))]
        others = [p for p in paired if p != self.duplicate_person]
        self.out_of_range_person = others[int(rng.integers(0, len(others)))]
        # lastpage of incomplete responses
        self.t0_lastpage = {p: ("" if p in self.no_code_t0 else int(rng.integers(1, 5))) for p in inc}
        self.t1_lastpage = {p: int(rng.integers(1, 5)) for p in range(n) if self.t1[p] == "incomplete"}

        # latent traits
        rng = rng_for("participants-latent")
        self.z0 = _correlated_normals(rng, n, LATENT_R)
        self.e1 = _correlated_normals(rng, n, LATENT_R)
        rng = rng_for("participants-items")
        self.difficulty = {it: float(rng.normal(0.0, 0.25)) for (_, it, *_r) in P_ITEMS}
        self.eps = {w: {it: rng.standard_normal(n) for (_, it, *_r) in P_ITEMS} for w in ("T0", "T1")}
        self.dup_eps = {it: rng.standard_normal() for (_, it, *_r) in P_ITEMS}
        rng = rng_for("participants-missing")
        rates = {"ti3": 0.12}
        self.miss = {}
        for w in ("T0", "T1"):
            for (col, it, *_r) in P_ITEMS:
                self.miss[w, col] = rng.random(n) < rates.get(it, 0.03 if it[:2] in ("se", "pe") else 0.022)
            for col, rate in (("AG", 0.006), ("ROLE", 0.01), ("AGE", 0.02), ("GENDER", 0.025),
                              ("VE01", 0.015), ("VE02", 0.10)):
                self.miss[w, col] = rng.random(n) < rate
        rng = rng_for("participants-volunteering")
        self.ve_u = {w: rng.random(n) for w in ("T0", "T1")}
        self.ve_hours = {w: rng.normal(1.5, 0.8, n) for w in ("T0", "T1")}
        rng = rng_for("participants-meta")
        self.meta = {}
        for w in ("T0", "T1"):
            window = T0_WINDOW if w == "T0" else T1_WINDOW
            for p in range(n):
                self.meta[w, p] = {
                    "start": _random_moment(rng, window),
                    "seed": str(int(rng.integers(10_000_000, 2_147_483_647))),
                    "token": "".join(rng.choice(list(string.ascii_letters + string.digits), 15)),
                    "ip": f"{'192.0.2' if rng.random() < 0.7 else '198.51.100'}.{int(rng.integers(1, 255))}",
                    "ref": ["", "", "", "https://kosi-lab.musterstadt.example/",
                            "https://www.musterstadt.example/aktuelles/kosi-lab-befragung"][int(rng.integers(0, 5))],
                    "page_times": rng.lognormal(mean=np.log([55, 150, 110, 80, 45]), sigma=0.45),
                }
            self.meta[w, "dup"] = {
                "days": int(rng.integers(1, 3)),
                "seed": str(int(rng.integers(10_000_000, 2_147_483_647))),
                "token": "".join(rng.choice(list(string.ascii_letters + string.digits), 15)),
                "ip": f"192.0.2.{int(rng.integers(1, 255))}",
                "page_times": rng.lognormal(mean=np.log([40, 120, 90, 70, 50]), sigma=0.3),
            }
        rng = rng_for("participants-comments")
        t0_complete = [p for p in range(n) if self.t0[p] == "complete" and p != self.duplicate_person]
        t1_complete = [p for p in range(n) if self.t1[p] == "complete" and p != self.duplicate_person]
        self.comment = {
            "T0": dict(zip(rng.choice(t0_complete, len(T0_COMMENTS), replace=False).tolist(), T0_COMMENTS)),
            "T1": dict(zip(rng.choice(t1_complete, len(T1_COMMENTS), replace=False).tolist(), T1_COMMENTS)),
        }
        ve_yes_t1 = [p for p in self.paired if p not in (self.duplicate_person, self.out_of_range_person)]
        self.ve_error_candidates = ve_yes_t1
        self.gap_u = rng.random(400)


def _latent(draws, wave, shift):
    if wave == "T0":
        return draws.z0
    z1 = STABILITY * draws.z0 + math.sqrt(1 - STABILITY ** 2) * draws.e1
    return z1 + np.array([shift[c] for c in CONSTRUCTS])[None, :]


def _item_matrix(draws, wave, shift):
    z = _latent(draws, wave, shift)
    codes = {}
    for (col, it, construct, kind, lam) in P_ITEMS:
        y = lam * z[:, CONSTRUCTS.index(construct)] + math.sqrt(1 - lam ** 2) * draws.eps[wave][it]
        c = _to_codes(y, kind, draws.difficulty[it])
        if it in P_REVERSE:
            low, high = P_RANGE[kind]
            c = low + high - c
        codes[col] = c
    return z, codes


def _hours(x):
    h = min(60.0, math.exp(x))
    h = round(h * 2) / 2
    return "0" if h == 0 else (f"{h:.1f}" if h != int(h) else str(int(h)))


def _answers(draws, wave, p, z, codes):
    ans = {
        "CODE": draws.code[p] if wave == "T0" else draws.t1_code[p],
        "AG": f"A{draws.ag[p]}", "ROLE": f"A{draws.role[p]}",
        "AGE": f"A{draws.age[p]}", "GENDER": f"A{draws.gender[p]}",
    }
    for col in ("AG", "ROLE", "AGE", "GENDER"):
        if draws.miss[wave, col][p]:
            ans[col] = ""
    for (col, *_r) in P_ITEMS:
        ans[col] = "" if draws.miss[wave, col][p] else str(int(codes[col][p]))
    sc = z[p, CONSTRUCTS.index("sense_of_community")]
    yes = draws.ve_u[wave][p] < 1 / (1 + math.exp(-(-0.2 + 0.6 * sc)))
    ans["VE01"] = "" if draws.miss[wave, "VE01"][p] else ("A1" if yes else "A2")
    ans["VE02"] = ""
    if ans["VE01"] == "A1" and not draws.miss[wave, "VE02"][p]:
        ans["VE02"] = _hours(draws.ve_hours[wave][p])
    ans["COMMENT"] = draws.comment[wave].get(p, "")
    return ans


def _ls_row(meta, answers, lastpage, complete, page_times):
    pages = LS_LAST_PAGE if complete else (lastpage or 0)
    shown = [c for pg in range(1, pages + 1) for c in LS_PAGES[pg]]
    row = {c: "" for c in LS_HEADER}
    for c in shown:
        row[c] = answers[c]
    secs = float(sum(page_times[:pages])) if pages else 0.0
    start = meta["start"]
    last = start + dt.timedelta(seconds=math.ceil(secs) + 3)
    row.update({
        "submitdate": _fmt_time(last) if complete else "",
        "lastpage": str(LS_LAST_PAGE if complete else lastpage),
        "startlanguage": "de", "seed": meta["seed"], "token": meta["token"],
        "startdate": _fmt_time(start), "datestamp": _fmt_time(last),
        "ipaddr": meta["ip"], "refurl": meta["ref"],
        "interviewtime": "0" if secs == 0 else f"{secs:.2f}".rstrip("0").rstrip("."),
    })
    return row


def build_participants(shift=None):
    """Return (t0_rows, t1_rows, info); rows are dicts column -> exported string."""
    shift = LATENT_SHIFT if shift is None else shift
    d = DRAWS_P()
    out = {}
    info = {}
    for wave in ("T0", "T1"):
        z, codes = _item_matrix(d, wave, shift)
        status = d.t0 if wave == "T0" else d.t1
        rows = []
        for p in range(d.n):
            if status[p] is None:
                continue
            complete = status[p] == "complete"
            lastpage = None if complete else (d.t0_lastpage if wave == "T0" else d.t1_lastpage)[p]
            ans = _answers(d, wave, p, z, codes)
            if wave == "T0" and p in d.no_code_t0:
                ans["CODE"] = ""
            meta = d.meta[wave, p]
            row = _ls_row(meta, ans, lastpage, complete, meta["page_times"])
            row["_person"] = p
            rows.append(row)
            if wave == "T0" and p == d.out_of_range_person:
                row[OUT_OF_RANGE_T0[0]] = OUT_OF_RANGE_T0[1]
            if wave == "T0" and p == d.duplicate_person:
                # second, slightly different submission of the same person 1-2 days later
                dm = d.meta["T0", "dup"]
                meta2 = dict(meta, start=meta["start"] + dt.timedelta(days=dm["days"], hours=2),
                             seed=dm["seed"], token=dm["token"], ip=dm["ip"])
                ans2 = dict(ans)
                for (col, it, _construct, kind, _lam) in P_ITEMS:
                    if ans2[col] == "":
                        continue
                    low, high = P_RANGE[kind]
                    step = 1 if d.dup_eps[it] > 1.3 else (-1 if d.dup_eps[it] < -1.3 else 0)
                    ans2[col] = str(min(high, max(low, int(ans2[col]) + step)))
                ans2["COMMENT"] = DUPLICATE_COMMENT
                row2 = _ls_row(meta2, ans2, None, True, dm["page_times"])
                row2["_person"] = p
                row2["_duplicate"] = True
                rows.append(row2)
        rows.sort(key=lambda r: (r["startdate"], r["_person"]))
        if wave == "T1":
            # the first paired person who volunteers and gave hours typed 500 (hours per month)
            for r in rows:
                if r["_person"] in d.ve_error_candidates and r["VE02"] not in ("", "0") and r["submitdate"]:
                    r["VE02"] = VE02_OUT_OF_RANGE_T1
                    break
        # response ids: auto-increment with a few gaps (deleted test responses)
        next_id = 4 if wave == "T0" else 2
        for k, r in enumerate(rows):
            r["id"] = str(next_id)
            next_id += 2 if d.gap_u[k + (0 if wave == "T0" else 200)] < 0.04 else 1
        out[wave] = rows
    info["draws"] = d
    return out["T0"], out["T1"], info


_DRAWS_CACHE = {}


def DRAWS_P():
    if "p" not in _DRAWS_CACHE:
        _DRAWS_CACHE["p"] = ParticipantDraws()
    return _DRAWS_CACHE["p"]


def limesurvey_csv(rows) -> bytes:
    def q(v):
        return '"' + str(v).replace('"', '""') + '"'
    lines = [",".join(q(h) for h in LS_HEADER)]
    lines += [",".join(q(r[h]) for h in LS_HEADER) for r in rows]
    # LimeSurvey: UTF-8 with BOM, LF, every field quoted, an empty line at the end
    return ("\ufeff" + "\n".join(lines) + "\n\n").encode("utf-8")


def physical_lines(rows):
    """File line (header = 1) on which each record starts (free text may hold line breaks)."""
    line = 2
    starts = []
    for r in rows:
        starts.append(line)
        line += 1 + sum(str(r[h]).count("\n") for h in LS_HEADER)
    return starts


# -- scoring as an analyst would do it (used for the realised values) ---------------------

def _num(v, low, high):
    if v == "":
        return np.nan
    x = float(v)
    return x if low <= x <= high else np.nan


def _score(values: np.ndarray, min_valid: int) -> np.ndarray:
    valid = np.sum(~np.isnan(values), axis=1)
    with np.errstate(invalid="ignore"):
        mean = np.nanmean(np.where(valid[:, None] > 0, values, 0.0), axis=1)
    return np.where(valid >= min_valid, mean, np.nan)


def _item_values(rows, items_meta, reverse):
    mat = []
    for r in rows:
        vals = []
        for (col, it, kind) in items_meta:
            low, high = P_RANGE[kind]
            x = _num(r[col], low, high)
            if it in reverse and not np.isnan(x):
                x = low + high - x
            vals.append(x)
        mat.append(vals)
    return np.array(mat, dtype=float).reshape(len(rows), len(items_meta))


def _alpha(values):
    v = values[~np.isnan(values).any(axis=1)]
    k = v.shape[1]
    return float(k / (k - 1) * (1 - v.var(axis=0, ddof=1).sum() / v.sum(axis=1).var(ddof=1))), int(v.shape[0])


def _complete_dedup(rows, keep="first"):
    comp = [r for r in rows if r["submitdate"]]
    comp.sort(key=lambda r: int(r["id"]), reverse=(keep == "last"))
    seen, out = set(), []
    for r in comp:
        if r["CODE"] in seen:
            continue
        seen.add(r["CODE"])
        out.append(r)
    return sorted(out, key=lambda r: int(r["id"]))


def participant_stats(t0_rows, t1_rows, keep="first"):
    t0 = _complete_dedup(t0_rows, keep)
    t1 = _complete_dedup(t1_rows)
    t1_by_code = {r["CODE"]: r for r in t1}
    pairs = [(r, t1_by_code[r["CODE"]]) for r in t0 if r["CODE"] in t1_by_code]
    res = {}
    for c in CONSTRUCTS:
        meta = [(ITEM_COL[it], it, next(k for (_, i2, _, k, _) in P_ITEMS if i2 == it)) for it in P_SCALES[c]]
        min_valid = MIN_VALID[c]
        a = _score(_item_values([p[0] for p in pairs], meta, P_REVERSE), min_valid)
        b = _score(_item_values([p[1] for p in pairs], meta, P_REVERSE), min_valid)
        ok = ~np.isnan(a) & ~np.isnan(b)
        diff = b[ok] - a[ok]
        alpha0, n0 = _alpha(_item_values(t0, meta, P_REVERSE))
        alpha1, n1 = _alpha(_item_values(t1, meta, P_REVERSE))
        res[c] = {
            "n_pairs": int(ok.sum()),
            "mean_t0": float(a[ok].mean()), "mean_t1": float(b[ok].mean()),
            "mean_diff": float(diff.mean()), "sd_diff": float(diff.std(ddof=1)),
            "d_z": float(diff.mean() / diff.std(ddof=1)),
            "alpha_t0": alpha0, "alpha_t0_n": n0, "alpha_t1": alpha1, "alpha_t1_n": n1,
        }
    raw = _item_values(t0, [(ITEM_COL[i], i, "k5") for i in ("it1", "it2", "it3")], set())
    ok = ~np.isnan(raw).any(axis=1)
    r = np.corrcoef(raw[ok].T)
    res["_it3"] = {"r_it1_it3": float(r[0, 2]), "r_it2_it3": float(r[1, 2]), "n": int(ok.sum())}
    res["_n"] = {"t0_complete_unique": len(t0), "t1_complete": len(t1), "pairs": len(pairs)}
    return res


# ---------------------------------------------------------------------------------------
# Team survey (SoSci Survey)
# ---------------------------------------------------------------------------------------

T_SCALES = {
    "partnership_synergy": [f"syn{i}" for i in range(1, 10)],
    "psychological_safety": [f"psy{i}" for i in range(1, 8)],
    "shared_decision_making": [f"sdm{i}" for i in range(1, 6)],
    "satisfaction": [f"sat{i}" for i in range(1, 5)],
}
T_REVERSE = {"psy1", "psy3", "psy5"}
T_COLS = {}
for _prefix, _scale in (("PS01", "partnership_synergy"), ("PY01", "psychological_safety"),
                        ("SD01", "shared_decision_making"), ("SA01", "satisfaction")):
    for _i, _it in enumerate(T_SCALES[_scale], 1):
        T_COLS[_it] = f"{_prefix}_{_i:02d}"
T_LOADINGS = {
    "partnership_synergy": (0.76, 0.72, 0.78, 0.68, 0.74, 0.66, 0.76, 0.70, 0.64),
    "psychological_safety": (0.70, 0.74, 0.64, 0.76, 0.66, 0.72, 0.68),
    "shared_decision_making": (0.78, 0.76, 0.72, 0.80, 0.68),
    "satisfaction": (0.84, 0.80, 0.78, 0.76),
}
T_LATENT_R = (
    (1.00, 0.50, 0.55, 0.60),
    (0.50, 1.00, 0.45, 0.50),
    (0.55, 0.45, 1.00, 0.50),
    (0.60, 0.50, 0.50, 1.00),
)
T_THRESH = (-1.9, -1.0, -0.1, 0.9)
TEAM_TARGET_D = 0.80           # Zivilgesellschaft minus Verwaltung, partnership_synergy
TEAM_SHIFT_VERWALTUNG = 0.752  # Verwaltung's latent synergy is lowered by this (calibrated)
TEAM_FINISHED = {1: 9, 2: 4, 3: 8, 4: 9, 5: 11}   # finished interviews per actor group
TEAM_DONT_KNOW = {"shared_decision_making"}        # items with a "weiß nicht" (-1) option
TEAM_OUT_OF_RANGE = ("PS01_04", 6)
TEAM_COMMENTS = [
    "Mehr Zeit für die Sitzungen wäre gut gewesen.",
    "Die Abstimmung mit den Fachämtern war zäh.",
    "Tolles Team, gerne wieder!",
    "Ich hätte mir mehr Rückmeldung gewünscht, was aus unseren Ideen wird.",
    "Als Verwaltung sitzen wir oft zwischen den Stühlen.",
    "Die Moderation war hervorragend.",
    "Entscheidungen wurden am Ende doch im Rathaus getroffen.",
    "Bitte die Sitzungen nicht mehr um 15 Uhr ansetzen – viele arbeiten da noch.",
]
SOSCI_HEADER = (["CASE", "SERIAL", "REF", "QUESTNNR", "MODE", "STARTED", "AG01", "RO01"]
                + [T_COLS[i] for s in T_SCALES.values() for i in s] + ["KO01_01"]
                + ["TIME001", "TIME002", "TIME003", "TIME004", "TIME_SUM", "MAILSENT", "LASTDATA",
                   "FINISHED", "Q_VIEWER", "LASTPAGE", "MAXPAGE", "MISSING", "MISSREL", "TIME_RSI",
                   "DEG_TIME"])
SOSCI_STRINGS = {"SERIAL", "REF", "QUESTNNR", "MODE", "KO01_01"}
T_PAGES = {1: ["AG01", "RO01"], 2: [T_COLS[i] for i in T_SCALES["partnership_synergy"]],
           3: [T_COLS[i] for i in T_SCALES["psychological_safety"] + T_SCALES["shared_decision_making"]],
           4: [T_COLS[i] for i in T_SCALES["satisfaction"]] + ["KO01_01"]}


class TeamDraws:
    def __init__(self):
        rng = rng_for("team-persons")
        groups = [g for g, k in TEAM_FINISHED.items() for _ in range(k)]
        groups.append(3)  # the unfinished case (Wirtschaft)
        self.n = len(groups)
        order = rng.permutation(self.n)
        self.ag = np.array(groups)[order]
        self.finished = np.array([True] * (self.n - 1) + [False])[order]
        role_p = {1: [0.15, 0.75, 0.10], 2: [0.0, 0.5, 0.5], 3: [0.1, 0.8, 0.1],
                  4: [0.05, 0.45, 0.5], 5: [0.12, 0.83, 0.05]}
        self.role = np.array([int(rng.choice([1, 2, 3], p=role_p[int(g)])) for g in self.ag])
        rng = rng_for("team-latent")
        self.z = _correlated_normals(rng, self.n, T_LATENT_R)
        rng = rng_for("team-items")
        self.difficulty = {it: float(rng.normal(0.0, 0.25)) for s in T_SCALES.values() for it in s}
        self.eps = {it: rng.standard_normal(self.n) for s in T_SCALES.values() for it in s}
        rng = rng_for("team-missing")
        self.miss = {it: rng.random(self.n) < 0.02 for s in T_SCALES.values() for it in s}
        self.dk = {it: rng.random(self.n) < 0.06 for it in T_SCALES["shared_decision_making"]}
        self.miss_attr = {"AG01": np.zeros(self.n, bool), "RO01": rng.random(self.n) < 0.03}
        rng = rng_for("team-meta")
        self.start = sorted(_random_moment(rng, ("2026-09-14", "2026-09-30"), (8, 21)) for _ in range(self.n))
        self.page_times = rng.lognormal(np.log([25, 75, 95, 55]), 0.4, (self.n, 4))
        self.case_gap = rng.random(self.n) < 0.12
        finished_idx = [i for i in range(self.n) if self.finished[i]]
        self.comment = dict(zip(rng.choice(finished_idx, len(TEAM_COMMENTS), replace=False).tolist(),
                                TEAM_COMMENTS))
        wirtschaft = [i for i in finished_idx if self.ag[i] == 3]
        self.out_of_range_case = int(wirtschaft[int(rng.integers(0, len(wirtschaft)))])
        self.test_codes = rng.integers(1, 6, (2, 25))


def build_team(shift=None):
    shift = TEAM_SHIFT_VERWALTUNG if shift is None else shift
    d = DRAWS_T()
    scale_names = list(T_SCALES)
    rows = []
    # two researcher test runs before the launch (MODE orgtest) come first
    for k, (case, started) in enumerate(((3, dt.datetime(2026, 9, 11, 15, 2, 41)),
                                         (5, dt.datetime(2026, 9, 12, 9, 47, 8)))):
        row = {h: "" for h in SOSCI_HEADER}
        row.update(CASE=case, QUESTNNR="kosi_team", MODE="orgtest", STARTED=_fmt_time(started),
                   AG01=[2, 5][k], RO01=[1, 2][k])
        for j, it in enumerate(it for s in T_SCALES.values() for it in s):
            row[T_COLS[it]] = 3 if k == 0 else int(d.test_codes[1, j % 25])
        row["KO01_01"] = ["Test", "Testlauf – bitte ignorieren"][k]
        times = [[9, 21, 18, 12], [14, 33, 41, 20]][k]
        row.update(TIME001=times[0], TIME002=times[1], TIME003=times[2], TIME004=times[3],
                   TIME_SUM=sum(times), LASTDATA=_fmt_time(started + dt.timedelta(seconds=sum(times) + 2)),
                   FINISHED=1, Q_VIEWER=0, LASTPAGE=4, MAXPAGE=4, MISSING=0, MISSREL=0,
                   TIME_RSI=["3.41", "1.92"][k], DEG_TIME=[92, 31][k], _test=True, _ag=[2, 5][k])
        rows.append(row)
    typical = float(np.median(d.page_times.sum(axis=1)))
    case = 9
    for i in range(d.n):
        row = {h: "" for h in SOSCI_HEADER}
        if d.case_gap[i]:
            case += 1
        row.update(CASE=case, QUESTNNR="kosi_team", MODE="interview", STARTED=_fmt_time(d.start[i]),
                   _test=False, _ag=int(d.ag[i]), _finished=bool(d.finished[i]), _i=i)
        case += 1
        pages = 4 if d.finished[i] else 2
        z = d.z[i].copy()
        if d.ag[i] == 1:
            z[0] -= shift
        answers = {"AG01": int(d.ag[i]), "RO01": -9 if d.miss_attr["RO01"][i] else int(d.role[i])}
        for s_i, s in enumerate(scale_names):
            for j, it in enumerate(T_SCALES[s]):
                lam = T_LOADINGS[s][j]
                y = lam * z[s_i] + math.sqrt(1 - lam ** 2) * d.eps[it][i]
                code = int(1 + np.sum(y > np.asarray(T_THRESH) + d.difficulty[it]))
                if it in T_REVERSE:
                    code = 6 - code
                if d.miss[it][i]:
                    code = -9
                elif s in TEAM_DONT_KNOW and d.dk[it][i]:
                    code = -1
                answers[T_COLS[it]] = code
        answers["KO01_01"] = d.comment.get(i, "")
        if i == d.out_of_range_case:
            answers[TEAM_OUT_OF_RANGE[0]] = TEAM_OUT_OF_RANGE[1]
        shown = [c for p in range(1, pages + 1) for c in T_PAGES[p]]
        for c in shown:
            row[c] = answers[c]
        times = [int(round(t)) for t in d.page_times[i][:pages]]
        for p, t in enumerate(times, 1):
            row[f"TIME{p:03d}"] = t
        total = sum(times)
        items_all = [c for p in (1, 2, 3, 4) for c in T_PAGES[p] if c != "KO01_01"]
        n_na = sum(1 for c in items_all if c not in shown or answers[c] == -9)
        n_dk = sum(1 for c in items_all if c in shown and answers[c] == -1)
        rsi = typical / total if d.finished[i] else typical / (total + 120)
        row.update(TIME_SUM=total, LASTDATA=_fmt_time(d.start[i] + dt.timedelta(seconds=total + 2)),
                   FINISHED=1 if d.finished[i] else 0, Q_VIEWER=0, LASTPAGE=pages, MAXPAGE=pages,
                   MISSING=round(100 * n_na / len(items_all)),
                   MISSREL=round(100 * (n_na + 0.5 * n_dk) / len(items_all)),
                   TIME_RSI=f"{rsi:.2f}", DEG_TIME=0 if rsi < 1.5 else int(round((rsi - 1) * 40)))
        rows.append(row)
    return rows


def DRAWS_T():
    if "t" not in _DRAWS_CACHE:
        _DRAWS_CACHE["t"] = TeamDraws()
    return _DRAWS_CACHE["t"]


def sosci_table(header, rows, strings) -> bytes:
    lines = ["\t".join(f'"{h}"' for h in header)]
    for r in rows:
        cells = []
        for h, v in zip(header, r):
            if v == "" or v is None:
                cells.append("")
            elif h in strings:
                cells.append('"' + str(v).replace('"', '""') + '"')
            else:
                cells.append(str(v))
        lines.append("\t".join(cells))
    # SoSci: UTF-16 little endian with BOM, TAB, CRLF, no line break after the last record
    return ("\ufeff" + "\r\n".join(lines)).encode("utf-16-le")


def team_stats(rows):
    real = [r for r in rows if not r["_test"] and r["FINISHED"] == 1]
    res = {}
    for s, items in T_SCALES.items():
        mat = []
        for r in real:
            vals = []
            for it in items:
                v = r[T_COLS[it]]
                x = float(v) if v != "" and 1 <= int(v) <= 5 else np.nan
                if it in T_REVERSE and not np.isnan(x):
                    x = 6 - x
                vals.append(x)
            mat.append(vals)
        mat = np.array(mat)
        score = _score(mat, MIN_VALID[s])
        ag = np.array([r["_ag"] for r in real])
        a, n_a = _alpha(mat)
        v, z = score[(ag == 1) & ~np.isnan(score)], score[(ag == 5) & ~np.isnan(score)]
        pooled = math.sqrt(((len(v) - 1) * v.var(ddof=1) + (len(z) - 1) * z.var(ddof=1)) / (len(v) + len(z) - 2))
        res[s] = {"alpha": a, "alpha_n": n_a, "mean_verwaltung": float(v.mean()),
                  "mean_zivilgesellschaft": float(z.mean()), "n_verwaltung": len(v),
                  "n_zivilgesellschaft": len(z), "d_zivil_minus_verwaltung": float((z.mean() - v.mean()) / pooled)}
    return res


SOSCI_VAR_LABELS = {
    "CASE": ("Interview-Nummer (fortlaufend)", "METRIC", "SYSTEM"),
    "SERIAL": ("Seriennummer (sofern verwendet)", "TEXT", "SYSTEM"),
    "REF": ("Referenz (sofern im Link angegeben)", "TEXT", "SYSTEM"),
    "QUESTNNR": ("Fragebogen, der im Interview verwendet wurde", "TEXT", "SYSTEM"),
    "MODE": ("Interview-Modus", "TEXT", "SYSTEM"),
    "STARTED": ("Zeitpunkt zu dem das Interview begonnen hat (Europe/Berlin)", "TIME", "SYSTEM"),
    "AG01": ("Akteursgruppe", "NOMINAL", "SELECTION"),
    "RO01": ("Rolle im Lab-Team", "NOMINAL", "SELECTION"),
    "KO01_01": ("Anmerkungen: [01]", "TEXT", "OPEN"),
    "TIME_SUM": ("Verweildauer gesamt (ohne Ausreißer)", "METRIC", "SYSTEM"),
    "MAILSENT": ("Versandzeitpunkt der Einladungsmail (nur für nicht-anonyme Adressaten)", "TIME", "SYSTEM"),
    "LASTDATA": ("Zeitpunkt als der Datensatz das letzte mal geändert wurde", "TIME", "SYSTEM"),
    "FINISHED": ("Wurde die Befragung abgeschlossen (letzte Seite erreicht)?", "BOOL", "SYSTEM"),
    "Q_VIEWER": ("Hat der Teilnehmer den Fragebogen nur angesehen, ohne die Pflichtfragen zu beantworten?",
                 "BOOL", "SYSTEM"),
    "LASTPAGE": ("Seite, die der Teilnehmer zuletzt bearbeitet hat", "METRIC", "SYSTEM"),
    "MAXPAGE": ("Letzte Seite, die im Fragebogen bearbeitet wurde", "METRIC", "SYSTEM"),
    "MISSING": ("Anteil fehlender Antworten in Prozent", "METRIC", "SYSTEM"),
    "MISSREL": ("Anteil fehlender Antworten (gewichtet nach Relevanz)", "METRIC", "SYSTEM"),
    "TIME_RSI": ("Maluspunkte für schnelles Ausfüllen (relativer Geschwindigkeitsindex)", "METRIC", "SYSTEM"),
    "DEG_TIME": ("Maluspunkte für schnelles Ausfüllen", "METRIC", "SYSTEM"),
}
# Short item labels in our own words (no published item wordings).
TEAM_ITEM_LABELS = {
    "syn": ("Partnerschaftssynergie", [
        "unterschiedliche Perspektiven zusammenbringen", "Probleme gemeinsam neu verstehen",
        "Lösungen finden, die niemand allein gefunden hätte", "Wissen der Beteiligten nutzen",
        "gemeinsame Ziele formulieren", "auf Bedarfe im Quartier reagieren",
        "Ideen in Vorhaben übersetzen", "Unterstützung in der Stadt gewinnen",
        "voneinander lernen"]),
    "psy": ("Psychologische Sicherheit", [
        "Fehler werden einem vorgehalten", "Probleme offen ansprechen können",
        "Menschen werden ausgegrenzt, wenn sie anders sind", "Risiken eingehen dürfen",
        "schwer, andere um Hilfe zu bitten", "niemand untergräbt absichtlich meine Arbeit",
        "meine Fähigkeiten werden geschätzt"]),
    "sdm": ("Gemeinsame Entscheidungen", [
        "Entscheidungen werden gemeinsam getroffen", "alle Gruppen können Einfluss nehmen",
        "Entscheidungswege sind nachvollziehbar", "Einwände werden berücksichtigt",
        "Ergebnisse werden gemeinsam bewertet"]),
    "sat": ("Zufriedenheit", [
        "mit der Zusammenarbeit im Team", "mit den Ergebnissen des Labs",
        "mit der eigenen Rolle", "mit der Organisation des Labs"]),
}


def sosci_variables() -> bytes:
    rows = []
    for h in SOSCI_HEADER:
        if h in SOSCI_VAR_LABELS:
            rows.append((h, *SOSCI_VAR_LABELS[h]))
        elif h.startswith("TIME0"):
            rows.append((h, f"Verweildauer Seite {int(h[4:])}", "METRIC", "SYSTEM"))
        else:
            item = next(i for i, c in T_COLS.items() if c == h)
            prefix = item.rstrip("0123456789")
            title, labels = TEAM_ITEM_LABELS[prefix]
            rows.append((h, f"{title}: {labels[int(item[len(prefix):]) - 1]}", "ORDINAL", "SCALE"))
    return sosci_table(["VAR", "LABEL", "TYPE", "INPUT"], rows, {"VAR", "LABEL", "TYPE", "INPUT"})


def sosci_values() -> bytes:
    na = "nicht beantwortet"
    rows = [("AG01", i + 1, name) for i, name in enumerate(AG_NAMES)] + [("AG01", -9, na)]
    rows += [("RO01", 1, "Koordination"), ("RO01", 2, "Teammitglied"), ("RO01", 3, "Beirat / beratend"),
             ("RO01", -9, na)]
    ends = {"syn": ("trifft überhaupt nicht zu", "trifft voll und ganz zu"),
            "psy": ("trifft überhaupt nicht zu", "trifft voll und ganz zu"),
            "sdm": ("trifft überhaupt nicht zu", "trifft voll und ganz zu"),
            "sat": ("sehr unzufrieden", "sehr zufrieden")}
    for item, col in T_COLS.items():
        prefix = item.rstrip("0123456789")
        rows += [(col, 1, ends[prefix][0]), (col, 5, ends[prefix][1])]
        if prefix == "sdm":
            rows.append((col, -1, "weiß nicht"))
        rows.append((col, -9, na))
    rows += [("FINISHED", 0, "abgebrochen"), ("FINISHED", 1, "beendet"),
             ("Q_VIEWER", 0, "Teilnehmer"), ("Q_VIEWER", 1, "Durchklicker")]
    return sosci_table(["VAR", "RESPONSE", "MEANING"], rows, {"VAR", "MEANING"})


# ---------------------------------------------------------------------------------------
# Interviews (REFI-QDA project)
# ---------------------------------------------------------------------------------------

CODE_TREE = (
    ("Zusammenarbeit", "#0072B2", "Wie die Beteiligten im Lab zusammengearbeitet haben.", (
        ("AUG", "Augenhöhe", "Zusammenarbeit als gleichwertige Partner; Rollen und Status treten zurück."),
        ("HIE", "Hierarchie", "Spürbare Hierarchien, Entscheidungsvorbehalte, Dienstwege, Machtgefälle."),
        ("KOM", "Kommunikation", "Informationsfluss im Lab, in die Organisationen und nach außen."),
    )),
    ("Ressourcen", "#E69F00", "Was das Lab an Ressourcen gebraucht oder vermisst hat.", (
        ("ZEIT", "Zeit", "Zeitaufwand, Terminlagen, Dauer der Testphase."),
        ("GELD", "Geld", "Budgets, Mikroprojekte, Aufwandsentschädigungen, Haushaltsfragen."),
        ("PERS", "Personal", "Stellen, Freistellung, Vertretung, ehrenamtliche Arbeitskraft."),
    )),
    ("Wirkung", "#009E73", "Was sich durch das Lab verändert hat.", (
        ("LERN", "Lernen", "Individuelles oder gemeinsames Lernen der Beteiligten."),
        ("NETZ", "Netzwerke", "Neue Kontakte und Kooperationen zwischen Akteuren."),
        ("VERW", "Veränderung in der Verwaltung", "Veränderte Routinen, Methoden oder Haltungen in der Verwaltung."),
    )),
    ("Transfer", "#CC79A7", "Was andere Städte aus dem Lab lernen können.", (
        ("VOR", "Voraussetzungen", "Was eine Stadt für ein solches Lab braucht."),
        ("HUER", "Hürden", "Was die Übertragung oder Verstetigung erschwert."),
    )),
)
CODE_NAME = {key: name for (_c, _col, _d, codes) in CODE_TREE for (key, name, _dd) in codes}
USERS = (("A", "Coder A"), ("B", "Coder B"))
MARK = re.compile(r"\[\[([^:\]]+): (.*?)\]\]")


def render_interview(iv):
    """Return (text, spans); spans carry code-point offsets into text and the coding spec."""
    date = dt.date.fromisoformat(iv["date"])
    text = (f"Interview {iv['no']:02d} – Abschlussinterview KoSI-Lab Musterstadt\n"
            f"Datum: {date:%d.%m.%Y} · Dauer: {iv['minutes']} Minuten\n"
            f"Befragte Person (B): {iv['actor_group']}, {iv['role']}\n"
            "Transkription: vereinfacht, anonymisiert (I = Interviewerin, B = befragte Person)\n")
    spans = []
    for speaker, raw in iv["turns"]:
        text += "\n" + speaker + ": "
        turn_start = len(text)
        pos = 0
        plain = ""
        local = []
        for m in MARK.finditer(raw):
            plain += raw[pos:m.start()]
            start = turn_start + len(plain)
            plain += m.group(2)
            local.append((start, turn_start + len(plain), m.group(1).split(",")))
            pos = m.end()
        plain += raw[pos:]
        assert "[[" not in plain and "]]" not in plain, raw
        text += plain + "\n"
        for (s, e, spec) in local:
            spans.append({"start": s, "end": e, "spec": spec, "turn": (turn_start, turn_start + len(plain))})
    return text, spans


def _split_spec(spec):
    a, b = [], []
    for s in spec:
        s = s.strip()
        if s.startswith("-"):
            a.append(s[1:])
        elif s.startswith("+"):
            b.append(s[1:])
        elif ">" in s:
            x, y = s.split(">")
            a.append(x)
            b.append(y)
        else:
            a.append(s)
            b.append(s)
    return a, b


def _shift(text, start, end, turn, rng):
    """Coder B's boundaries: move start/end by 0-2 words inside the same turn."""
    t0, t1 = turn
    starts = [i for i in range(t0, t1) if not text[i].isspace() and (i == t0 or text[i - 1].isspace())]
    ends = [i for i in range(t0 + 1, t1 + 1) if not text[i - 1].isspace() and (i == t1 or text[i].isspace())]
    steps = [-2, -1, 0, 1, 2]
    p = [0.08, 0.17, 0.5, 0.17, 0.08]
    si = starts.index(start) + int(rng.choice(steps, p=p))
    ei = ends.index(end) + int(rng.choice(steps, p=p))
    si = min(max(si, 0), len(starts) - 1)
    ei = min(max(ei, 0), len(ends) - 1)
    s, e = starts[si], ends[ei]
    if e - s < 15:
        return start, end
    return s, e


def build_interviews():
    rng = rng_for("interviews-coder-b")
    trng = rng_for("interviews-times")
    docs = []
    stats = {"units": 0, "agree": 0, "a_only": 0, "b_only": 0, "different_code": 0,
             "a_codings": 0, "b_codings": 0, "a_selections": 0, "b_selections": 0,
             "b_boundaries_shifted": 0}
    by_group = {g: {} for g in AG_NAMES}
    for iv in INTERVIEWS:
        text, spans = render_interview(iv)
        assert 2000 <= len(text) <= 4000, (iv["no"], len(text))
        sels = []
        for k, sp in enumerate(spans):
            a, b = _split_spec(sp["spec"])
            # agreement units: one per code slot of the span
            for s in sp["spec"]:
                s = s.strip()
                stats["units"] += 1
                if s.startswith("-"):
                    stats["a_only"] += 1
                elif s.startswith("+"):
                    stats["b_only"] += 1
                elif ">" in s:
                    stats["different_code"] += 1
                else:
                    stats["agree"] += 1
            for key in a:
                by_group[iv["actor_group"]][CODE_NAME[key]] = by_group[iv["actor_group"]].get(CODE_NAME[key], 0) + 1
            if a:
                sels.append(("A", k, sp["start"], sp["end"], a))
            if b:
                s, e = _shift(text, sp["start"], sp["end"], sp["turn"], rng)
                if (s, e) != (sp["start"], sp["end"]):
                    stats["b_boundaries_shifted"] += 1
                sels.append(("B", k, s, e, b))
        for (coder, _k, _s, _e, codes) in sels:
            stats[f"{coder.lower()}_selections"] += 1
            stats[f"{coder.lower()}_codings"] += len(codes)
        sels.sort(key=lambda x: (x[2], x[3], x[0]))
        day = {"A": dt.date(2026, 11, 2), "B": dt.date(2026, 11, 9)}
        stamped = []
        for (coder, k, s, e, codes) in sels:
            d0 = day[coder] + dt.timedelta(days=(iv["no"] - 1) // 3)
            t = dt.datetime(d0.year, d0.month, d0.day, 9 + int(trng.integers(0, 8)),
                            int(trng.integers(0, 60)), int(trng.integers(0, 60)))
            stamped.append((coder, k, s, e, codes, t.strftime("%Y-%m-%dT%H:%M:%SZ")))
        docs.append({"iv": iv, "text": text, "selections": stamped, "guid": guid(f"source/{iv['no']:02d}")})
    return docs, stats, by_group


def _attr(v: str) -> str:
    return (v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("\n", "&#10;"))


def qde_xml(docs) -> str:
    user = {c: guid(f"user/{c}") for c, _ in USERS}
    var = {n: guid(f"variable/{n}") for n in ("actor_group", "city", "consent_quote")}
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           f'<Project xmlns="urn:QDA-XML:project:1.0" name="KoSI-Lab Musterstadt – Abschlussinterviews" '
           f'origin="kosieval example generator (synthetic data)" creatingUserGUID="{user["A"]}" '
           f'creationDateTime="2026-10-26T09:00:00Z" modifyingUserGUID="{user["B"]}" '
           f'modifiedDateTime="2026-11-13T17:45:00Z">',
           "  <Users>"]
    for c, name in USERS:
        out.append(f'    <User guid="{user[c]}" name="{name}" id="{c}"/>')
    out += ["  </Users>", "  <CodeBook>", "    <Codes>"]
    for (cat, color, desc, codes) in CODE_TREE:
        out.append(f'      <Code guid="{guid("code/" + cat)}" name="{_attr(cat)}" isCodable="false" color="{color}">')
        out.append(f"        <Description>{escape(desc)}</Description>")
        for (_key, name, cdesc) in codes:
            out.append(f'        <Code guid="{guid("code/" + name)}" name="{_attr(name)}" '
                       f'isCodable="true" color="{color}">')
            out.append(f"          <Description>{escape(cdesc)}</Description>")
            out.append("        </Code>")
        out.append("      </Code>")
    out += ["    </Codes>", "  </CodeBook>", "  <Variables>"]
    var_desc = {"actor_group": ("Text", "Akteursgruppe der befragten Person"),
                "city": ("Text", "Stadt des Labs"),
                "consent_quote": ("Boolean", "Einwilligung in die Veröffentlichung wörtlicher Zitate")}
    for n, (typ, desc) in var_desc.items():
        out.append(f'    <Variable guid="{var[n]}" name="{n}" typeOfVariable="{typ}">')
        out.append(f"      <Description>{escape(desc)}</Description>")
        out.append("    </Variable>")
    out += ["  </Variables>", "  <Sources>"]
    for doc in docs:
        iv = doc["iv"]
        g = doc["guid"]
        date = dt.date.fromisoformat(iv["date"])
        out.append(f'    <TextSource guid="{g}" name="Interview {iv["no"]:02d}" '
                   f'plainTextPath="internal://{g}.txt" creatingUser="{user["A"]}" '
                   f'creationDateTime="{date + dt.timedelta(days=10)}T10:00:00Z">')
        desc = f"Abschlussinterview, {date:%d.%m.%Y}, {iv['minutes']} Minuten"
        out.append(f"      <Description>{escape(desc)}</Description>")
        for (coder, k, s, e, codes, stamp) in doc["selections"]:
            sg = guid(f"selection/{coder}/{iv['no']:02d}/{k}")
            out.append(f'      <PlainTextSelection guid="{sg}" startPosition="{s}" endPosition="{e}" '
                       f'creatingUser="{user[coder]}" creationDateTime="{stamp}">')
            for code in codes:
                cg = guid(f"coding/{coder}/{iv['no']:02d}/{k}/{code}")
                out.append(f'        <Coding guid="{cg}" creatingUser="{user[coder]}" creationDateTime="{stamp}">')
                out.append(f'          <CodeRef targetGUID="{guid("code/" + CODE_NAME[code])}"/>')
                out.append("        </Coding>")
            out.append("      </PlainTextSelection>")
        for n, val in (("actor_group", iv["actor_group"]), ("city", "Musterstadt"),
                       ("consent_quote", "true" if iv["consent"] else "false")):
            tag = "BooleanValue" if n == "consent_quote" else "TextValue"
            out.append("      <VariableValue>")
            out.append(f'        <VariableRef targetGUID="{var[n]}"/>')
            out.append(f"        <{tag}>{escape(val)}</{tag}>")
            out.append("      </VariableValue>")
        out.append("    </TextSource>")
    out += ["  </Sources>", "</Project>", ""]
    return "\n".join(out)


ZIP_TIME = (2026, 11, 13, 17, 45, 0)


def qdpx_bytes(docs) -> bytes:
    buf = io.BytesIO()
    entries = [("project.qde", qde_xml(docs).encode("utf-8"))]
    entries += [(f"sources/{d['guid']}.txt", d["text"].encode("utf-8")) for d in docs]
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            # stored (not deflated): identical bytes with any zlib; readers handle both
            info.compress_type = zipfile.ZIP_STORED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            zf.writestr(info, data)
    return buf.getvalue()


# ---------------------------------------------------------------------------------------
# Activity log (Excel "CSV (Trennzeichen-getrennt)", German locale)
# ---------------------------------------------------------------------------------------

ACT_HEADER = ["Datum", "Format", "Thema", "Ort", "Dauer (h)", "Verwaltung", "Politik", "Wirtschaft",
              "Wissenschaft", "Zivilgesellschaft", "Teilnehmende gesamt"]
# (date, format, topic, place, hours, expected attendance)
EVENTS = [
    ("2026-03-05", "Auftaktveranstaltung", "Auftakt: Wie wollen wir in der Nordstadt zusammenleben?", "Rathaus, Großer Saal", 3.0, 78),
    ("2026-03-12", "Workshop", "Bedarfe sammeln: Begegnung, Grün, Mobilität", "Bürgerhaus Süd", 2.5, 34),
    ("2026-03-19", "Lab-Sitzung", "Themen priorisieren", "Nachbarschaftstreff der Genossenschaft", 2.0, 22),
    ("2026-03-26", "Lab-Sitzung", "Spielregeln für die Zusammenarbeit („auf Augenhöhe“)", "Nachbarschaftstreff der Genossenschaft", 2.0, 20),
    ("2026-04-09", "Workshop", "Mikroprojekte: Budget 25.000 € – wie vergeben wir es?", "Stadtbibliothek, Lesesaal", 3.0, 31),
    ("2026-04-23", "Lab-Sitzung", "Zeit; Geld; Personal – was brauchen die Projekte?", "Nachbarschaftstreff der Genossenschaft", 2.0, 19),
    ("2026-05-07", "Stadtteilspaziergang", "Grünflächen und Treffpunkte in der Nordstadt", "Treffpunkt Marktplatz Nord", 2.5, 27),
    ("2026-05-21", "Lab-Sitzung", "Auswahl der Mikroprojekte", "Nachbarschaftstreff der Genossenschaft", 2.0, 24),
    ("2026-06-04", "Workshop", "Jugend und öffentlicher Raum", "Jugendzentrum „Kiste“", 3.0, 29),
    ("2026-06-13", "Stadtteilspaziergang", "Barrierefreiheit im Quartier – mit dem Seniorenbeirat", "Treffpunkt Bürgerhaus Süd", 2.0, 18),
    ("2026-06-18", "Lab-Sitzung", "Zwischenstand und Hürden", "online (Videokonferenz)", 1.5, 16),
    ("2026-07-02", "Workshop", "Kommunikation nach außen: Newsletter, Presse, Aushänge", "Stadtbibliothek, Lesesaal", 2.5, 21),
    ("2026-07-16", "Lab-Sitzung", "Mikroprojekte: Erfahrungen teilen", "Nachbarschaftstreff der Genossenschaft", 2.0, 23),
    ("2026-07-30", "Lab-Sitzung", "Check-in in der Sommerpause", "online (Videokonferenz)", 1.0, 9),
    ("2026-08-20", "Stadtteilspaziergang", "Gemeinschaftsgärten und Brachflächen", "Treffpunkt Gemeinschaftsgarten Bahnstraße", 2.0, 21),
    ("2026-09-03", "Workshop", "Was bleibt? Verstetigung und Transfer", "Rathaus, Sitzungssaal 2", 3.0, 33),
    ("2026-09-10", "Lab-Sitzung", "Ergebnisse bündeln", "Nachbarschaftstreff der Genossenschaft", 2.0, 21),
    ("2026-09-17", "Lab-Sitzung", "Vorbereitung der Ergebnispräsentation", "Nachbarschaftstreff der Genossenschaft", 2.5, 17),
    ("2026-09-24", "Ergebnispräsentation", "Ergebnisse des KoSI-Labs Musterstadt", "Rathaus, Großer Saal", 2.5, 96),
    ("2026-09-29", "Workshop", "Transfer-Werkstatt mit Gästen aus Nachbarkommunen", "online (Videokonferenz)", 3.0, 26),
]
EVENT_SHARES = {  # expected share of the actor groups by format
    "Auftaktveranstaltung": (0.20, 0.10, 0.12, 0.08, 0.50),
    "Workshop": (0.22, 0.05, 0.12, 0.13, 0.48),
    "Lab-Sitzung": (0.25, 0.04, 0.12, 0.12, 0.47),
    "Stadtteilspaziergang": (0.12, 0.06, 0.08, 0.10, 0.64),
    "Ergebnispräsentation": (0.20, 0.14, 0.12, 0.09, 0.45),
}
ACT_BLANK_POLITIK = {"2026-03-19", "2026-07-30"}   # Politik cell left empty (nobody came)


def build_activities():
    rng = rng_for("activities")
    rows = []
    for (date, fmt, topic, place, hours, size) in EVENTS:
        shares = np.array(EVENT_SHARES[fmt])
        if "Transfer-Werkstatt" in topic:
            shares = np.array([0.45, 0.10, 0.10, 0.15, 0.20])
        counts = rng.multinomial(size, shares)
        if date in ACT_BLANK_POLITIK:
            counts[0] += counts[1]
            counts[1] = 0
        rows.append({"date": date, "format": fmt, "topic": topic, "place": place, "hours": hours,
                     "counts": [int(c) for c in counts]})
    return rows


def activities_csv(rows) -> bytes:
    def cell(v):
        v = str(v)
        return '"' + v.replace('"', '""') + '"' if any(ch in v for ch in ';"\r\n') else v
    lines = [";".join(ACT_HEADER)]
    for r in rows:
        d = dt.date.fromisoformat(r["date"])
        hours = f"{r['hours']:g}".replace(".", ",")
        counts = [("" if (i == 1 and r["date"] in ACT_BLANK_POLITIK) else str(c)) for i, c in enumerate(r["counts"])]
        lines.append(";".join([f"{d:%d.%m.%Y}", cell(r["format"]), cell(r["topic"]), cell(r["place"]), hours]
                              + counts + [str(sum(r["counts"]))]))
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


# ---------------------------------------------------------------------------------------
# Planted values, study.yaml, README
# ---------------------------------------------------------------------------------------

def _r(x):
    return round(float(x), 3)


def compute_planted(t0, t1, team_rows, docs, qstats, by_group, acts):
    d = DRAWS_P()
    lines0, lines1 = physical_lines(t0), physical_lines(t1)
    st = participant_stats(t0, t1)
    st_last = participant_stats(t0, t1, keep="last")
    tst = team_stats(team_rows)
    col_no = {c: i + 1 for i, c in enumerate(LS_HEADER)}
    errors = []
    for k, r in enumerate(t0):
        if r["_person"] == d.out_of_range_person:
            errors.append({"file": "data/teilnehmende_T0.csv", "kind": "out_of_range", "line": lines0[k],
                           "record": k + 1, "id": r["id"], "CODE": r["CODE"], "column": OUT_OF_RANGE_T0[0],
                           "column_number": col_no[OUT_OF_RANGE_T0[0]], "item": "se3",
                           "value": OUT_OF_RANGE_T0[1], "valid": "1..4"})
    dup = [(k, r) for k, r in enumerate(t0) if r["_person"] == d.duplicate_person]
    errors.append({"file": "data/teilnehmende_T0.csv", "kind": "duplicate_respondent",
                   "CODE": dup[0][1]["CODE"], "lines": [lines0[k] for k, _ in dup],
                   "records": [k + 1 for k, _ in dup], "ids": [r["id"] for _, r in dup],
                   "column": "CODE", "column_number": col_no["CODE"],
                   "differing_columns": [c for c in LS_HEADER if c.startswith(("SE", "PE", "IT", "TI", "SC"))
                                         and dup[0][1][c] != dup[1][1][c]],
                   "note": "both complete; the second submission (later id) differs on a few items"})
    for k, r in enumerate(t1):
        if r["VE02"] == VE02_OUT_OF_RANGE_T1:
            errors.append({"file": "data/teilnehmende_T1.csv", "kind": "out_of_range", "line": lines1[k],
                           "record": k + 1, "id": r["id"], "CODE": r["CODE"], "column": "VE02",
                           "column_number": col_no["VE02"], "item": "ve2", "value": VE02_OUT_OF_RANGE_T1,
                           "valid": "0..200"})
    for k, r in enumerate(team_rows):
        if r.get(TEAM_OUT_OF_RANGE[0]) == TEAM_OUT_OF_RANGE[1]:
            errors.append({"file": "data/team_T1.csv", "kind": "out_of_range", "line": k + 2, "record": k + 1,
                           "CASE": r["CASE"], "column": TEAM_OUT_OF_RANGE[0],
                           "column_number": SOSCI_HEADER.index(TEAM_OUT_OF_RANGE[0]) + 1, "item": "syn4",
                           "value": str(TEAM_OUT_OF_RANGE[1]), "valid": "1..5"})
    comments = []
    for name, rows, lines in (("data/teilnehmende_T0.csv", t0, lines0), ("data/teilnehmende_T1.csv", t1, lines1)):
        for k, r in enumerate(rows):
            c = r["COMMENT"]
            kind = ("html" if "<script>" in c else "formula" if c.startswith("=") else
                    "email" if "@" in c else "line_break" if "\n" in c else
                    "quotes" if '"' in c else None)
            if kind:
                comments.append({"file": name, "kind": kind, "line": lines[k], "id": r["id"], "value": c})
    real_team = [r for r in team_rows if not r["_test"]]
    planted = {
        "seed": SEED,
        "rules": ("Realised values: complete responses only (non-empty submitdate / FINISHED=1, MODE "
                  "interview); out-of-range codes, blanks, -9 and -1 are missing; reverse-keyed items "
                  "recoded (min+max-x); scale score = mean of the valid items if at least min_valid "
                  "(as in surveys/instruments/*.yaml) are valid; T0 duplicate CODE: first submission (lower id) kept; pairs = exact CODE "
                  "match; d_z = mean(T1-T0)/SD(T1-T0); Cohen's d with pooled SD; alpha listwise."),
        "participants": {
            "t0_rows": len(t0), "t0_complete_rows": sum(1 for r in t0 if r["submitdate"]),
            "t0_incomplete_rows": sum(1 for r in t0 if not r["submitdate"]),
            "t0_incomplete_without_code": sum(1 for r in t0 if not r["CODE"]),
            "t0_complete_unique": st["_n"]["t0_complete_unique"],
            "t1_rows": len(t1), "t1_complete_rows": sum(1 for r in t1 if r["submitdate"]),
            "t1_incomplete_rows": sum(1 for r in t1 if not r["submitdate"]),
            "pairs": st["_n"]["pairs"],
            "t1_complete_new": N_T1_NEW_COMPLETE,
            "t1_complete_t0_incomplete": N_T0I_T1_COMPLETE,
            "t1_complete_code_typo": [{"t0": d.code[p], "t1": d.t1_code[p]} for p in d.typo_persons],
            "actor_group_t0_complete": {g: sum(1 for r in _complete_dedup(t0) if r["AG"] == f"A{i + 1}")
                                        for i, g in enumerate(AG_NAMES)},
            "actor_group_t0_missing": sum(1 for r in _complete_dedup(t0) if r["AG"] == ""),
        },
        "change": {c: {"planted_d_z": TARGET_DZ[c], "latent_shift": LATENT_SHIFT[c],
                       "realised_d_z": _r(st[c]["d_z"]), "realised_d_z_keep_last_duplicate": _r(st_last[c]["d_z"]),
                       "n_pairs": st[c]["n_pairs"], "mean_t0": _r(st[c]["mean_t0"]),
                       "mean_t1": _r(st[c]["mean_t1"]), "mean_diff": _r(st[c]["mean_diff"])}
                   for c in CONSTRUCTS},
        "reliability": {**{c: {"alpha_t0": _r(st[c]["alpha_t0"]), "n_t0": st[c]["alpha_t0_n"],
                               "alpha_t1": _r(st[c]["alpha_t1"]), "n_t1": st[c]["alpha_t1_n"]} for c in CONSTRUCTS},
                        **{s: {"alpha_t1": _r(tst[s]["alpha"]), "n_t1": tst[s]["alpha_n"]} for s in T_SCALES}},
        "reverse_keyed": {"it3": {"r_raw_it1_it3_t0": _r(st["_it3"]["r_it1_it3"]),
                                  "r_raw_it2_it3_t0": _r(st["_it3"]["r_it2_it3"]), "n": st["_it3"]["n"]},
                          "team": sorted(T_REVERSE)},
        "team": {
            "rows": len(team_rows), "test_runs": sum(1 for r in team_rows if r["_test"]),
            "finished": sum(1 for r in real_team if r["FINISHED"] == 1),
            "unfinished": sum(1 for r in real_team if r["FINISHED"] == 0),
            "finished_by_group": {g: sum(1 for r in real_team if r["FINISHED"] == 1 and r["_ag"] == i + 1)
                                  for i, g in enumerate(AG_NAMES)},
            "small_group": "Politik",
            "partnership_synergy": {
                "planted_d": TEAM_TARGET_D, "latent_shift_verwaltung": -TEAM_SHIFT_VERWALTUNG,
                "realised_d": _r(tst["partnership_synergy"]["d_zivil_minus_verwaltung"]),
                "mean_verwaltung": _r(tst["partnership_synergy"]["mean_verwaltung"]),
                "mean_zivilgesellschaft": _r(tst["partnership_synergy"]["mean_zivilgesellschaft"]),
                "n_verwaltung": tst["partnership_synergy"]["n_verwaltung"],
                "n_zivilgesellschaft": tst["partnership_synergy"]["n_zivilgesellschaft"],
                "direction": "Verwaltung lower than Zivilgesellschaft"},
            "other_scales_d_zivil_minus_verwaltung": {s: _r(tst[s]["d_zivil_minus_verwaltung"])
                                                      for s in T_SCALES if s != "partnership_synergy"},
        },
        "interviews": {
            "n": len(docs),
            "by_group": {g: sum(1 for doc in docs if doc["iv"]["actor_group"] == g) for g in AG_NAMES},
            "no_consent": [f"Interview {doc['iv']['no']:02d}" for doc in docs if not doc["iv"]["consent"]],
            "chars": {f"Interview {doc['iv']['no']:02d}": len(doc["text"]) for doc in docs},
            "codes": 11, "categories": 4,
            "agreement": {**qstats, "percent_agreement_units": _r(qstats["agree"] / qstats["units"])},
            "codings_coder_a_by_group": by_group,
        },
        "activities": {
            "events": len(acts), "first": acts[0]["date"], "last": acts[-1]["date"],
            "attendance_total": sum(sum(a["counts"]) for a in acts),
            "attendance_by_group": {g: sum(a["counts"][i] for a in acts) for i, g in enumerate(AG_NAMES)},
            "blank_cells": [{"line": k + 2, "column": "Politik", "meaning": 0}
                            for k, a in enumerate(acts) if a["date"] in ACT_BLANK_POLITIK],
            "quoted_field_line": next(k + 2 for k, a in enumerate(acts) if ";" in a["topic"]),
        },
        "errors": errors,
        "special_comments": comments,
    }
    return planted


def study_yaml() -> str:
    def block(pairs, indent):
        return "\n".join(f"{' ' * indent}{k}: {v}" for k, v in pairs)
    p_map = [("AG", "actor_group"), ("ROLE", "role"), ("AGE", "age_group"), ("GENDER", "gender")]
    p_map += [(f'"{col}"', it) for (col, it, *_r) in P_ITEMS]
    p_map += [("VE01", "ve1"), ("VE02", "ve2"), ("COMMENT", "comment")]
    codes = {"actor_group": 5, "role": 3, "age_group": 4, "gender": 3, "ve1": 2}
    p_codes = "\n".join(f"      {k}: {{{', '.join(f'A{i}: {i}' for i in range(1, n + 1))}}}"
                        for k, n in codes.items())
    t_map = [("AG01", "actor_group"), ("RO01", "role")] + [(c, it) for it, c in T_COLS.items()]
    t_map += [("KO01_01", "comment")]
    surveys = ""
    for wave, when in (("T0", "zu Beginn der Testphase, 05.–22.03.2026"),
                       ("T1", "am Ende der Testphase, 24.09.–09.10.2026")):
        surveys += f"""
  # Teilnehmendenbefragung {wave} ({when}).
  # LimeSurvey-Export „Antworten exportieren“: CSV, Antwortcodes, Fragecodes als Spaltenköpfe.
  - id: participants_{wave.lower()}
    instrument: participant
    wave: {wave}
    file: data/teilnehmende_{wave}.csv
    format: limesurvey_csv
    respondent_id: CODE          # selbst generierter Code; verknüpft T0 und T1
    # LimeSurvey-Spalte -> Item-ID im Instrument surveys/instruments/participant.yaml
    mapping:
{block(p_map, 6)}
    # Listenfragen exportiert LimeSurvey als Antwortcodes (A1, A2, ...); hier ihre Zahlencodes
    answer_codes:
{p_codes}
    include_incomplete: false    # nicht abgeschickte Antworten (leeres submitdate) nicht auswerten
"""
    return f"""# Beispielstudie „Musterstadt“ – Studienkonfiguration für kosieval
#
# FIKTIVE DATEN. Geschrieben von surveys/example/generate.py (nicht von Hand ändern,
# sondern dort ändern und neu erzeugen). Alle Pfade sind relativ zu diesem Ordner.
# Prüfen:  kosieval validate surveys/example

study:
  id: musterstadt
  title:
    de: "Begleitforschung KoSI-Lab Musterstadt: Evaluation der Testphase 2026"
    en: "Accompanying research for the KoSI-Lab Musterstadt: evaluation of the 2026 test phase"
  city: Musterstadt
  lab: KoSI-Lab Musterstadt
  institution: Institut für angewandte Sozialforschung Beispielhausen (fiktiv)
  partners:
    - Stadt Musterstadt, Stabsstelle Bürgerbeteiligung
    - Quartiersmanagement Nordstadt
  authors:
    - Dr. Anna Beispiel
    - Jonas Muster
  date: 2026-11-24
  test_phase: [2026-03-01, 2026-09-30]   # Beginn und Ende der Testphase
  language: de

surveys:{surveys}
  # Befragung des Lab-Teams (T1, 14.–30.09.2026). SoSci-Survey-Download „CSV“:
  # UTF-16, Tabulator-getrennt; variables_team_T1.csv und values_team_T1.csv liegen daneben.
  - id: team_t1
    instrument: team
    wave: T1
    file: data/team_T1.csv
    format: sosci_csv
    respondent_id: CASE
    mapping:
{block(t_map, 6)}
    include_incomplete: false    # FINISHED = 0 nicht auswerten
    include_test_runs: false     # MODE = orgtest (Testläufe des Forschungsteams) nicht auswerten

# Leitfadeninterviews, in einem QDA-Programm von zwei Personen codiert (REFI-QDA-Export .qdpx)
interviews:
  file: data/interviews.qdpx
  format: refi_qda

# Veranstaltungsprotokoll der Testphase, in Excel als „CSV (Trennzeichen-getrennt)“ gespeichert
activities:
  file: data/aktivitaeten.csv
  encoding: cp1252

report:
  # Kapitel in dieser Reihenfolge; reliability, agreement und data_quality stehen im Anhang
  reflections: [participation, collaboration, change, themes, synthesis, transfer,
                reliability, agreement, data_quality]
  # Skalen, deren Veränderung T0 -> T1 berichtet wird
  outcomes:
    - self_efficacy
    - political_efficacy_internal
    - political_efficacy_external
    - interpersonal_trust
    - trust_local_institutions
    - sense_of_community
  actor_group: actor_group       # Attribut für Auswertungen nach Akteursgruppe
  alpha_level: 0.05
  confidence: 0.95
  p_adjust: holm
  texts: texte                   # eigene Interpretation: texte/<modul>.md, summary.md, recommendations.md
  # Gemeinsame Darstellung (synthesis): je Evaluationsdimension ihre Skalen und Codes
  dimensions:
    - id: zusammenarbeit
      title:
        de: "Zusammenarbeit auf Augenhöhe"
        en: "Collaboration on an equal footing"
      scales: [partnership_synergy, shared_decision_making, psychological_safety]
      codes: [Augenhöhe, Hierarchie, Kommunikation]
    - id: wirkung
      title:
        de: "Wirkung bei den Teilnehmenden"
        en: "Effects on participants"
      scales: [self_efficacy, political_efficacy_internal, sense_of_community]
      codes: [Lernen, Netzwerke]
    - id: vertrauen
      title:
        de: "Vertrauen und Verwaltung"
        en: "Trust and administration"
      scales: [trust_local_institutions, political_efficacy_external, interpersonal_trust]
      codes: [Veränderung in der Verwaltung]
    - id: ressourcen
      title:
        de: "Ressourcen"
        en: "Resources"
      scales: [satisfaction]
      codes: [Zeit, Geld, Personal]
    - id: transfer
      title:
        de: "Übertragbarkeit"
        en: "Transferability"
      codes: [Voraussetzungen, Hürden]

privacy:
  min_cell_size: 5               # kleinere Gruppen (hier: Politik im Team, n = 4) werden unterdrückt
  allow_personal_columns: false  # token, ipaddr, refurl usw. erscheinen nie im Bericht
  allow_free_text: false         # Freitextantworten erscheinen nicht im Bericht
"""


def readme_md(pl, hashes) -> str:
    ch = pl["change"]
    rel = pl["reliability"]
    labels = {
        "self_efficacy": "Selbstwirksamkeit (se1–se6)",
        "political_efficacy_internal": "Interne politische Wirksamkeit (pe1–pe3)",
        "political_efficacy_external": "Externe politische Wirksamkeit (pe4–pe6)",
        "interpersonal_trust": "Interpersonales Vertrauen (it1–it3, it3 invers)",
        "trust_local_institutions": "Vertrauen in lokale Institutionen (ti1–ti5, 0–10)",
        "sense_of_community": "Gemeinschaftsgefühl (sc1–sc8)",
    }
    change_rows = "\n".join(
        f"| {labels[c]} | {ch[c]['planted_d_z']:.2f} | {ch[c]['realised_d_z']:.3f} | {ch[c]['n_pairs']} "
        f"| {ch[c]['mean_t0']:.2f} → {ch[c]['mean_t1']:.2f} | {rel[c]['alpha_t0']:.2f} / {rel[c]['alpha_t1']:.2f} |"
        for c in CONSTRUCTS)
    team_rel = ", ".join(f"{s} {rel[s]['alpha_t1']:.2f}" for s in T_SCALES)
    syn = pl["team"]["partnership_synergy"]
    other = ", ".join(f"{s} {d:+.2f}" for s, d in pl["team"]["other_scales_d_zivil_minus_verwaltung"].items())
    ag = pl["participants"]["actor_group_t0_complete"]
    agr = pl["interviews"]["agreement"]
    err_rows = []
    for e in pl["errors"]:
        where = (f"lines {', '.join(map(str, e['lines']))} (ids {', '.join(e['ids'])})" if "lines" in e
                 else f"line {e['line']} ({'CASE ' + str(e['CASE']) if 'CASE' in e else 'id ' + e['id']})")
        what = (f"CODE `{e['CODE']}` submitted twice, both complete; the second differs on "
                f"{', '.join('`' + c + '`' for c in e['differing_columns'])}" if e["kind"] == "duplicate_respondent"
                else f"`{e['column']}` ({e['item']}) = `{e['value']}`, valid {e['valid']}")
        err_rows.append(f"| `{e['file']}` | {where} | {e['column_number']} | {what} |")
    typo = ", ".join(f"`{t['t0']}` → `{t['t1']}`" for t in pl["participants"]["t1_complete_code_typo"])
    sc = {(c["file"], c["kind"]): c["line"] for c in pl["special_comments"]}
    hash_rows = "\n".join(f"| `{name}` | {size} | `{digest}` |" for name, size, digest in hashes)
    p = pl["participants"]
    t = pl["team"]
    return f"""# Beispielstudie „Musterstadt“ (example study)

**All data in this folder are fictional.** Musterstadt is an invented city; the persons,
answers, interviews and events were generated by [`generate.py`](generate.py). The folder is
the embedded example study of kosieval (`kosieval example`, `kosieval.example_study()`), a
test bed for the importers and a demonstration of the report.

*This README is written by `generate.py`; edit the generator, not this file.*

## The study

The city of Musterstadt ran a *KoSI-Lab* (Kommunales Labor sozialer Innovation) in its
district Nordstadt during a **test phase from 1 March to 30 September 2026**. Administration,
local politics, business, research and civil society met in 20 events (kick-off, workshops,
lab sessions, neighbourhood walks, final presentation) and funded small neighbourhood
projects. The accompanying research was done by the fictional *Institut für angewandte
Sozialforschung Beispielhausen* (report date 24 November 2026):

- a **participant survey** at the start (T0, 5–22 March) and end (T1, 24 Sep – 9 Oct) of the
  test phase, linked by a self-generated pseudonymous code;
- a **team survey** of the lab team at the end (T1, 14–30 September);
- **14 guided interviews** (October), coded independently by two coders;
- the **activity log** kept by the lab coordination.

## Files

| File | Platform format | Contents |
|---|---|---|
| `study.yaml` | kosieval study config | study info, surveys with column → item mappings and answer codes, report and privacy settings |
| `data/teilnehmende_T0.csv` | LimeSurvey 3.x/6.x *Export responses* → CSV, answer codes, question codes as headings: UTF-8 **with BOM**, `,`, every field `"`-quoted, LF, empty last line | {p['t0_rows']} rows ({p['t0_complete_rows']} complete, {p['t0_incomplete_rows']} incomplete) |
| `data/teilnehmende_T1.csv` | same | {p['t1_rows']} rows ({p['t1_complete_rows']} complete, {p['t1_incomplete_rows']} incomplete) |
| `data/team_T1.csv` | SoSci Survey *CSV* download (data): UTF-16 LE **with BOM**, TAB, CRLF, strings quoted, numbers unquoted, no final line break | {t['rows']} rows ({t['test_runs']} test runs, {t['finished']} finished, {t['unfinished']} unfinished) |
| `data/variables_team_T1.csv` | SoSci variable listing (`VAR LABEL TYPE INPUT`) | labels of the team survey's variables |
| `data/values_team_T1.csv` | SoSci value listing (`VAR RESPONSE MEANING`) | value labels, `-9` nicht beantwortet, `-1` weiß nicht |
| `data/interviews.qdpx` | REFI-QDA project (QDA-XML 1.0): zip of `project.qde` + `sources/<GUID>.txt` (UTF-8, no BOM, LF), entries stored | 14 interviews, 2 coders, 4 categories with 11 codes, document variables `actor_group`, `city`, `consent_quote`; validates against the REFI-QDA `Project.xsd` |
| `data/aktivitaeten.csv` | German Excel *CSV (Trennzeichen-getrennt)*: **cp1252**, `;`, CRLF, decimal comma, `dd.mm.yyyy` | {pl['activities']['events']} events, {pl['activities']['attendance_total']} attendances by actor group |

### Participant survey (LimeSurvey)

Columns: `id, submitdate, lastpage, startlanguage, seed, token, startdate, datestamp, ipaddr,
refurl` (LimeSurvey system columns; `token`, `ipaddr` and `refurl` are personal columns and
must never reach a report), `CODE` (self-generated code, e.g. `TR30N1`), `AG` (actor group
`A1` Verwaltung, `A2` Politik, `A3` Wirtschaft, `A4` Wissenschaft, `A5` Zivilgesellschaft),
`ROLE` (`A1` participant, `A2` co-organiser, `A3` guest), `AGE` (`A1`–`A4`), `GENDER`
(`A1`–`A3`), `SE[SQ001]`–`SE[SQ006]` (1–4), `PE[SQ001]`–`PE[SQ006]` (1–5), `IT[SQ001]`–`IT[SQ003]`
(1–5, it3 reverse-keyed), `TI[SQ001]`–`TI[SQ005]` (0–10), `SC[SQ001]`–`SC[SQ008]` (1–5), `VE01`
(`A1` yes, `A2` no), `VE02` (hours per month, decimals with a dot, only shown after `VE01` =
yes), `COMMENT` (free text), `interviewtime` (seconds). The questionnaire has 5 pages;
incomplete responses have an empty `submitdate`, `lastpage` < 5 and empty answers after
their last page. LimeSurvey cannot export a "don't know" code here: skipped answers are
empty strings.

Linkage: of the {p['t1_complete_rows']} complete T1 responses, **{p['pairs']} match a complete T0
response by `CODE`**; {p['t1_complete_new']} respondents are new at T1, {p['t1_complete_t0_incomplete']} had only an incomplete T0
response, and 3 typed their code differently at T1 ({typo}), so exact matching cannot pair
them. Two T0 drop-outs left page 1 before typing a code (empty `CODE`).

Actor groups among the {p['t0_complete_unique']} complete T0 respondents: Zivilgesellschaft {ag['Zivilgesellschaft']},
Verwaltung {ag['Verwaltung']}, Wissenschaft {ag['Wissenschaft']}, Politik {ag['Politik']}, Wirtschaft {ag['Wirtschaft']} ({p['actor_group_t0_missing']} without answer).

### Team survey (SoSci Survey)

Columns: `CASE, SERIAL, REF, QUESTNNR` (`kosi_team`), `MODE` (`interview`; the first two rows
are `orgtest` test runs of the research team), `STARTED`, `AG01` (actor group 1–5), `RO01`
(1 coordination, 2 team member, 3 advisory), `PS01_01`–`PS01_09` (syn1–syn9),
`PY01_01`–`PY01_07` (psy1–psy7; psy1, psy3, psy5 reverse-keyed), `SD01_01`–`SD01_05` (sdm1–sdm5,
with a `-1` "weiß nicht" option), `SA01_01`–`SA01_04` (sat1–sat4), `KO01_01` (comment),
`TIME001`–`TIME004`, `TIME_SUM`, `MAILSENT`, `LASTDATA`, `FINISHED`, `Q_VIEWER`, `LASTPAGE`,
`MAXPAGE`, `MISSING`, `MISSREL`, `TIME_RSI`, `DEG_TIME`. Items are 1–5; `-9` = not answered.
The unfinished case stopped after page 2 (later columns empty). Finished cases by actor group:
{', '.join(f'{g} {n}' for g, n in t['finished_by_group'].items())} — **Politik (4) is below the
minimum cell size of 5** and must be suppressed in group tables.

### Interviews (REFI-QDA)

14 synthetic German interview transcripts ({min(pl['interviews']['chars'].values()):,}–{max(pl['interviews']['chars'].values()):,} characters; `I:` interviewer, `B:`
interviewee) about collaboration "auf Augenhöhe", hierarchy, time and money, communication,
impact and transfer to other cities. Actor groups: {', '.join(f'{g} {n}' for g, n in pl['interviews']['by_group'].items())}.
Document variables: `actor_group` (Text), `city` (Text, always `Musterstadt`),
`consent_quote` (Boolean; **false for {', '.join(pl['interviews']['no_consent'])}** — no
quotes from these). Code tree (categories are `isCodable="false"`):

- Zusammenarbeit: Augenhöhe, Hierarchie, Kommunikation
- Ressourcen: Zeit, Geld, Personal
- Wirkung: Lernen, Netzwerke, Veränderung in der Verwaltung
- Transfer: Voraussetzungen, Hürden

Users "Coder A" and "Coder B" both coded all 14 interviews (`PlainTextSelection` with
`startPosition`/`endPosition` in code points, end exclusive, `creatingUser`, one `Coding` per
code; a selection with two codes carries two `Coding`s). GUIDs are uuid5 values of fixed
names, so they stay the same on every run.

### Activity log (Excel CSV)

Header `{';'.join(ACT_HEADER)}`; 20 events between 05.03.2026 and 29.09.2026 (formats
Auftaktveranstaltung, Workshop, Lab-Sitzung, Stadtteilspaziergang, Ergebnispräsentation).
The Politik cell is empty on lines {' and '.join(str(b['line']) for b in pl['activities']['blank_cells'])} (nobody came; the total confirms 0);
line {pl['activities']['quoted_field_line']} has a quoted topic containing semicolons; topics and places use cp1252-only
characters (€, „ “, –).

## Planted effects

Realised values are computed from the exported files with these rules: complete responses
only (`submitdate` set; SoSci `FINISHED` = 1 and `MODE` = interview); blanks, `-9`, `-1` and
out-of-range codes are missing; reverse-keyed items recoded as min + max − x; a scale score
is the mean of its valid items when at least `min_valid` of them (as in the instrument
files `surveys/instruments/*.yaml`) are valid; the T0 duplicate
keeps its first submission; pairs by exact `CODE`; d_z = mean(T1 − T0) / SD(T1 − T0);
Cohen's d with the pooled SD; alpha listwise. The same numbers are in `PLANTED` in
`generate.py` (which tests import).

**Change T0 → T1 (participants, paired):**

| Scale | planted d_z | realised d_z | pairs | mean T0 → T1 | α T0 / T1 |
|---|---|---|---|---|---|
{change_rows}

Keeping the *last* instead of the first submission of the duplicate changes the d_z values by
at most 0.005.

**Team survey:** partnership_synergy is lower in Verwaltung than in Zivilgesellschaft:
planted Cohen's d = {syn['planted_d']:.2f}, realised **{syn['realised_d']:.3f}** (means {syn['mean_verwaltung']:.2f} vs
{syn['mean_zivilgesellschaft']:.2f}, n = {syn['n_verwaltung']} vs {syn['n_zivilgesellschaft']}). No other group difference is planted; by chance the
other team scales show d (Zivilgesellschaft − Verwaltung) of {other}. Alphas (T1): {team_rel}.

**Reverse keying:** raw it3 correlates {pl['reverse_keyed']['it3']['r_raw_it1_it3_t0']:.2f} with it1 and {pl['reverse_keyed']['it3']['r_raw_it2_it3_t0']:.2f} with it2 (T0).

**Intercoder agreement (planted):** {agr['units']} coding units (a coded span × a code slot):
{agr['agree']} agree ({agr['percent_agreement_units']:.0%}; coder B's boundaries differ by one or two words on
{agr['b_boundaries_shifted']} of {agr['b_selections']} selections), {agr['a_only']} coded only by A, {agr['b_only']} only by B, {agr['different_code']} with a different code.
Coder A: {agr['a_selections']} selections / {agr['a_codings']} codings; coder B: {agr['b_selections']} / {agr['b_codings']}.

## Planted data errors

Line = physical line in the file (header = line 1); column = 1-based column number.

| File | Where | Column | What |
|---|---|---|---|
{chr(10).join(err_rows)}

Further things the importers must cope with (not errors): incomplete responses and an
unfinished SoSci case, test runs (`orgtest`), the CODE typos above, free-text comments with
an e-mail address (`teilnehmende_T0.csv` line {sc[('data/teilnehmende_T0.csv', 'email')]}), HTML
`<script>alert(1)</script>` (T0 line {sc[('data/teilnehmende_T0.csv', 'html')]}), a spreadsheet formula starting with
`=HYPERLINK(` (T1 line {sc[('data/teilnehmende_T1.csv', 'formula')]}), a line break inside a field (T1 line {sc[('data/teilnehmende_T1.csv', 'line_break')]}; the record spans two
lines) and doubled double quotes (T1 line {sc[('data/teilnehmende_T1.csv', 'quotes')]}); personal columns (`token`, `ipaddr`,
`refurl`); interviews without consent to quote; the small Politik group.

## Regenerate

```
python surveys/example/generate.py
```

Needs only Python ≥ 3.10 and numpy. The script is deterministic (fixed seed, fixed dates,
uuid5 GUIDs, zip entries stored with a fixed timestamp) and writes the same bytes on every
run; it fails (exit code 1) if the generated data no longer match `PLANTED`. After changing
the generator, run `python surveys/example/generate.py --print-planted`, paste the output
over `PLANTED` and update the docstring. `--calibrate` searches the latent shifts that realise
the planted effects with the seed.

SHA-256 of the generated files:

| File | Bytes | SHA-256 |
|---|---|---|
{hash_rows}
"""


def format_literal(value, indent=0, width=96):
    """Python literal of PLANTED: one key per line, short containers on one line."""
    flat = repr(value)
    if not isinstance(value, (dict, list)) or len(flat) + indent <= width:
        return flat
    pad = " " * (indent + 4)
    if isinstance(value, dict):
        items = [f"{pad}{k!r}: {format_literal(v, indent + 4, width)}," for k, v in value.items()]
        return "{\n" + "\n".join(items) + "\n" + " " * indent + "}"
    items = [f"{pad}{format_literal(v, indent + 4, width)}," for v in value]
    return "[\n" + "\n".join(items) + "\n" + " " * indent + "]"


def calibrate():
    """Find the latent shifts that realise the planted effects with this seed (development aid)."""
    shift = dict(LATENT_SHIFT)
    for c in CONSTRUCTS:
        lo, hi = -1.0, 2.0
        for _ in range(30):
            mid = (lo + hi) / 2
            shift[c] = mid
            dz = participant_stats(*build_participants(shift)[:2])[c]["d_z"]
            lo, hi = (mid, hi) if dz < TARGET_DZ[c] else (lo, mid)
        def miss(x, c=c):
            return abs(participant_stats(*build_participants({**shift, c: x})[:2])[c]["d_z"] - TARGET_DZ[c])
        best = min((round(x, 3) for x in (lo, hi, (lo + hi) / 2)), key=miss)
        shift[c] = best
        print(f"{c}: shift {best} -> d_z {participant_stats(*build_participants(shift)[:2])[c]['d_z']:.4f}")
    def team_d(x):
        return team_stats(build_team(x))["partnership_synergy"]["d_zivil_minus_verwaltung"]

    lo, hi = -1.0, 3.0
    for _ in range(30):
        mid = (lo + hi) / 2
        dd = team_d(mid)
        lo, hi = (mid, hi) if dd < TEAM_TARGET_D else (lo, mid)
    best = min((round(x, 3) for x in (lo, hi)), key=lambda x: abs(team_d(x) - TEAM_TARGET_D))
    print(f"team synergy shift {best} -> d {team_d(best):.4f}")


def _diff(a, b, path=""):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b), key=str):
            yield from _diff(a.get(k, "<missing>"), b.get(k, "<missing>"), f"{path}.{k}")
    elif a != b:
        yield f"{path}: PLANTED has {b!r}, data give {a!r}"


def main(argv=None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if "--calibrate" in args:
        calibrate()
        return 0
    t0, t1, _info = build_participants()
    team = build_team()
    docs, qstats, by_group = build_interviews()
    acts = build_activities()
    planted = compute_planted(t0, t1, team, docs, qstats, by_group, acts)
    if "--print-planted" in args:
        print("PLANTED: dict = " + format_literal(planted))
        return 0
    team_header_rows = [[r[h] for h in SOSCI_HEADER] for r in team]
    outputs = {
        DATA / "teilnehmende_T0.csv": limesurvey_csv(t0),
        DATA / "teilnehmende_T1.csv": limesurvey_csv(t1),
        DATA / "team_T1.csv": sosci_table(SOSCI_HEADER, team_header_rows, SOSCI_STRINGS),
        DATA / "variables_team_T1.csv": sosci_variables(),
        DATA / "values_team_T1.csv": sosci_values(),
        DATA / "interviews.qdpx": qdpx_bytes(docs),
        DATA / "aktivitaeten.csv": activities_csv(acts),
        HERE / "study.yaml": study_yaml().encode("utf-8"),
    }
    hashes = [(path.relative_to(HERE).as_posix(), len(data), hashlib.sha256(data).hexdigest())
              for path, data in outputs.items()]
    outputs[HERE / "README.md"] = readme_md(planted, hashes).encode("utf-8")
    DATA.mkdir(exist_ok=True)
    for path, data in outputs.items():
        path.write_bytes(data)
        print(f"{hashlib.sha256(data).hexdigest()[:16]}  {len(data):>8}  {path.relative_to(HERE).as_posix()}")
    problems = list(_diff(planted, PLANTED))
    doc_errors = (__doc__ or "").split("Planted data errors")[-1]
    for e in planted["errors"]:
        for line in e.get("lines", [e.get("line")]):
            if not re.search(rf"\b{line}\b", doc_errors):
                problems.append(f"docstring does not name line {line} of {e['file']}")
    if problems:
        print("PLANTED is out of date (run with --print-planted and update it):", file=sys.stderr)
        for p in problems[:40]:
            print("  " + p, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
