# Writes caret_reference.json: R caret's confusionMatrix statistics for the golden confusion matrices.
# Run once by hand from this folder:  Rscript generate_caret_reference.R
# Versions (Debian 12 packages): R 4.2.2, caret 6.0.93 (r-cran-caret), e1071 (r-cran-e1071), jsonlite.
# Matrices are written rows = TRUE class, columns = PREDICTED class (FinText's orientation); caret wants
# rows = prediction, columns = reference, so each is transposed before confusionMatrix().
suppressPackageStartupMessages({ library(caret); library(jsonlite) })

cases <- list(
  study_3x3          = rbind(c(38, 3, 20), c(18, 29, 15), c(28, 7, 25)),
  small_2x2          = rbind(c(5, 2), c(1, 4)),
  large_2x2          = rbind(c(4000, 150), c(320, 5530)),
  perfect_2x2        = rbind(c(10, 0), c(0, 7)),
  one_class_pred_2x2 = rbind(c(12, 0), c(5, 0)),
  symmetric_off_2x2  = rbind(c(5, 3), c(3, 7)),
  one_true_class_2x2 = rbind(c(0, 0), c(3, 9)),
  degenerate_2x2     = rbind(c(0, 0), c(0, 10)),
  never_present_3x3  = rbind(c(10, 2, 1), c(0, 0, 0), c(3, 1, 8)),
  never_predicted_3x3 = rbind(c(10, 0, 3), c(4, 0, 6), c(2, 0, 9)),
  perfect_3x3        = rbind(c(20, 0, 0), c(0, 15, 0), c(0, 0, 5)),
  one_class_pred_3x3 = rbind(c(9, 0, 0), c(7, 0, 0), c(4, 0, 0)),
  tiny_3x3           = rbind(c(1, 0, 0), c(0, 0, 1), c(0, 1, 0)),
  moderate_4x4       = rbind(c(12, 3, 2, 1), c(4, 9, 3, 2), c(1, 5, 14, 3), c(2, 1, 4, 11)),
  large_4x4          = rbind(c(2410, 310, 120, 80), c(290, 1980, 240, 95),
                             c(130, 260, 2210, 305), c(70, 110, 330, 2150)),
  mixed_4x4          = rbind(c(6, 0, 2, 1), c(0, 0, 0, 0), c(3, 0, 7, 0), c(2, 0, 1, 0)),
  small_5x5          = rbind(c(3, 1, 0, 0, 1), c(0, 2, 1, 0, 0), c(1, 0, 4, 1, 0),
                             c(0, 0, 1, 2, 1), c(0, 1, 0, 0, 3)),
  large_5x5          = rbind(c(812, 95, 40, 22, 31), c(88, 701, 120, 45, 16), c(35, 110, 655, 130, 70),
                             c(20, 41, 140, 690, 109), c(28, 14, 66, 121, 771)),
  one_class_pred_5x5 = rbind(c(0, 0, 7, 0, 0), c(0, 0, 11, 0, 0), c(0, 0, 13, 0, 0),
                             c(0, 0, 4, 0, 0), c(0, 0, 9, 0, 0))
)

num <- function(x) { x <- unname(as.numeric(x)); x[is.nan(x)] <- NA; x }
binomGreater <- function(x, n, p) binom.test(x, n, p = p, alternative = "greater")$p.value

out <- list()
for (name in names(cases)) {
  m <- cases[[name]]
  k <- nrow(m)
  labels <- paste0("c", seq_len(k))
  tab <- as.table(t(m))
  dimnames(tab) <- list(Prediction = labels, Reference = labels)
  cm <- confusionMatrix(tab)
  o <- cm$overall
  byClass <- if (k == 2) {
    # caret reports the two-class statistics for the first level only; get the second by relevelling.
    cm2 <- confusionMatrix(tab, positive = labels[2])
    rbind(cm$byClass, cm2$byClass)
  } else cm$byClass
  n <- sum(m); correct <- sum(diag(m)); prevalences <- rowSums(m) / n
  perClass <- list()
  for (i in seq_len(k)) {
    b <- byClass[i, ]
    perClass[[i]] <- list(
      sensitivity = num(b["Sensitivity"]), specificity = num(b["Specificity"]),
      pos_pred_value = num(b["Pos Pred Value"]), neg_pred_value = num(b["Neg Pred Value"]),
      precision = num(b["Precision"]), recall = num(b["Recall"]), f1 = num(b["F1"]),
      prevalence = num(b["Prevalence"]), detection_rate = num(b["Detection Rate"]),
      detection_prevalence = num(b["Detection Prevalence"]), balanced_accuracy = num(b["Balanced Accuracy"]))
  }
  out[[length(out) + 1]] <- list(
    name = name, matrix = m,
    overall = list(
      accuracy = num(o["Accuracy"]), kappa = num(o["Kappa"]),
      accuracy_ci_lower = num(o["AccuracyLower"]), accuracy_ci_upper = num(o["AccuracyUpper"]),
      no_information_rate = num(o["AccuracyNull"]), p_value_accuracy_gt_nir = num(o["AccuracyPValue"]),
      mcnemar_p_value = num(o["McnemarPValue"])),
    per_class = perClass,
    baselines = list(
      uniform_p_value = binomGreater(correct, n, 1 / k),
      majority_p_value = binomGreater(correct, n, max(prevalences)),
      prevalence_matched_accuracy = sum(prevalences^2),
      prevalence_matched_p_value = binomGreater(correct, n, sum(prevalences^2))))
}
write_json(list(generator = "generate_caret_reference.R", r = R.version.string,
                caret = as.character(packageVersion("caret")), cases = out),
           "caret_reference.json", auto_unbox = TRUE, digits = I(17), na = "null", pretty = TRUE)
cat("wrote", length(out), "cases\n")
