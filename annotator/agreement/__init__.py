"""Inter-coder agreement: pure numpy on count matrices. See docs/agreement.md.

Document labels start from ``ReliabilityData`` (coders x units); spans from a list of
``SpanDocument``. Every function returns ``Coefficient`` objects: a finite value with the
units, coders and pairable values it rests on, or no value and the reason.
"""

from annotator.agreement.alpha import (
    UnitDisagreement,
    alpha_by_group,
    alpha_from_coincidences,
    alpha_from_counts,
    coincidence_matrix,
    krippendorff_alpha,
    one_vs_rest_alpha,
    unit_disagreements,
)
from annotator.agreement.alpha_intervals import alpha_bootstrap, kalpha_bootstrap
from annotator.agreement.breakdown import (
    CoderAgreement,
    PairAgreement,
    coder_vs_others,
    pair_coefficients,
    pairwise,
)
from annotator.agreement.chance_corrected import agreement_weights, brennan_prediger, gwet_ac
from annotator.agreement.confusion import ConfusionMatrix, confusion_matrix
from annotator.agreement.holsti import holsti, holsti_pair
from annotator.agreement.kappa import (
    bennett_s,
    cohens_kappa,
    fleiss_kappa,
    fleiss_kappa_from_counts,
    fleiss_kappa_per_category,
    percent_agreement,
    scotts_pi,
    weighted_kappa,
)
from annotator.agreement.matrix_io import MatrixFile, MatrixFileError, read_matrix_csv
from annotator.agreement.metrics import LEVELS, Level, distance_matrix
from annotator.agreement.multilabel import (
    jaccard_distance,
    masi_distance,
    per_label_alpha,
    set_alpha,
    set_data,
)
from annotator.agreement.positions import (
    position_alpha,
    position_alpha_by_document,
    position_alpha_by_label,
)
from annotator.agreement.reliability import AgreementDataError, ReliabilityData
from annotator.agreement.report import CodingReport, coding_report
from annotator.agreement.report_intervals import IntervalSettings, with_intervals
from annotator.agreement.result import Coefficient, Interval, no_value
from annotator.agreement.spans import SpanCorpus, SpanDocument, SpanPairAgreement, span_f1
from annotator.agreement.unitized import unitized_alpha, unitized_alpha_by_label
from annotator.agreement.unitized_family_figures import (
    FamilyFigures,
    family_intervals,
    unitized_family,
)

__all__ = [
    "LEVELS",
    "AgreementDataError",
    "CoderAgreement",
    "CodingReport",
    "Coefficient",
    "ConfusionMatrix",
    "FamilyFigures",
    "Interval",
    "IntervalSettings",
    "Level",
    "MatrixFile",
    "MatrixFileError",
    "PairAgreement",
    "ReliabilityData",
    "SpanCorpus",
    "SpanDocument",
    "SpanPairAgreement",
    "UnitDisagreement",
    "agreement_weights",
    "alpha_bootstrap",
    "alpha_by_group",
    "alpha_from_coincidences",
    "alpha_from_counts",
    "bennett_s",
    "brennan_prediger",
    "coder_vs_others",
    "coding_report",
    "cohens_kappa",
    "coincidence_matrix",
    "confusion_matrix",
    "distance_matrix",
    "family_intervals",
    "fleiss_kappa",
    "fleiss_kappa_from_counts",
    "fleiss_kappa_per_category",
    "gwet_ac",
    "holsti",
    "holsti_pair",
    "jaccard_distance",
    "kalpha_bootstrap",
    "krippendorff_alpha",
    "masi_distance",
    "no_value",
    "one_vs_rest_alpha",
    "pair_coefficients",
    "pairwise",
    "per_label_alpha",
    "percent_agreement",
    "position_alpha",
    "position_alpha_by_document",
    "position_alpha_by_label",
    "read_matrix_csv",
    "scotts_pi",
    "set_alpha",
    "set_data",
    "span_f1",
    "unit_disagreements",
    "unitized_alpha",
    "unitized_alpha_by_label",
    "unitized_family",
    "weighted_kappa",
    "with_intervals",
]
