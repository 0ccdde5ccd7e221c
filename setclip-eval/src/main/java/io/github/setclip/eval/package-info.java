/**
 * Evaluation of trained models: retrieval across the two modalities, zero-shot classification,
 * linear probes, geometry of the shared space, PCA, significance tests across seeds, plots and
 * reports.
 */
package io.github.setclip.eval;
