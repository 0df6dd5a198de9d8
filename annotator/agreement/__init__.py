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
from annotator.agreement.breakdown import (
    CoderAgreement,
    PairAgreement,
    coder_vs_others,
    pair_coefficients,
    pairwise,
)
from annotator.agreement.confusion import ConfusionMatrix, confusion_matrix
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
from annotator.agreement.result import Coefficient, no_value
from annotator.agreement.spans import SpanCorpus, SpanDocument, SpanPairAgreement, span_f1
from annotator.agreement.unitized import unitized_alpha, unitized_alpha_by_label

__all__ = [
    "LEVELS",
    "AgreementDataError",
    "CoderAgreement",
    "CodingReport",
    "Coefficient",
    "ConfusionMatrix",
    "Level",
    "MatrixFile",
    "MatrixFileError",
    "PairAgreement",
    "ReliabilityData",
    "SpanCorpus",
    "SpanDocument",
    "SpanPairAgreement",
    "UnitDisagreement",
    "alpha_by_group",
    "alpha_from_coincidences",
    "alpha_from_counts",
    "bennett_s",
    "coder_vs_others",
    "coding_report",
    "cohens_kappa",
    "coincidence_matrix",
    "confusion_matrix",
    "distance_matrix",
    "fleiss_kappa",
    "fleiss_kappa_from_counts",
    "fleiss_kappa_per_category",
    "jaccard_distance",
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
    "weighted_kappa",
]
