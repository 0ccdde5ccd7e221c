/** Evaluation of trained models: retrieval across the two modalities. */
package io.github.setclip.eval;
