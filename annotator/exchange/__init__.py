"""Moving work between files: coder copies out, coder files merged back in.

See docs/agreement.md ("Coder copies and merging") for the rules.
"""

from annotator.exchange.coder_copy import (
    CoderCopy,
    IdentityQuestion,
    copy_owner,
    identity_question,
    make_coder_copy,
)
from annotator.exchange.merge import merge_coder_files, preview_merge
from annotator.exchange.merge_report import (
    ArticleIssue,
    CodebookCheck,
    CoderClash,
    FileReport,
    MergeBlocked,
    MergeReport,
    Problem,
    TableCounts,
)

__all__ = [
    "ArticleIssue",
    "CodebookCheck",
    "CoderClash",
    "CoderCopy",
    "FileReport",
    "IdentityQuestion",
    "MergeBlocked",
    "MergeReport",
    "Problem",
    "TableCounts",
    "copy_owner",
    "identity_question",
    "make_coder_copy",
    "merge_coder_files",
    "preview_merge",
]
