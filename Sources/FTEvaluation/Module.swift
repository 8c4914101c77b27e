// FTEvaluation: Classification metrics, statistical tests, baselines and the evaluation report (JSON, Markdown, HTML, SVG).
// This file names the module's concern; its concepts live one per file beside it.
