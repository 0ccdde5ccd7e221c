package io.github.setclip.train;

import io.github.setclip.train.session.BestEpoch;
import java.util.Map;

/**
 * The summary of a finished run (also written as the run folder's {@code summary.json}).
 *
 * @param epochs epochs trained, the last one counted even if a stop inside it cut it short (fewer
 *     than configured when stopped early)
 * @param steps optimiser steps taken
 * @param samples rows per modality seen ({@code steps * N})
 * @param seconds wall time of the training, validation included, summed over resumed processes
 * @param lastValidation the last epoch's validation metrics (empty without validation)
 * @param best the best epoch under early stopping, or {@code null} without it
 * @param stoppedEarly whether early stopping ended the run
 * @param peakHeapBytes peak Java heap of the process
 * @param peakResidentBytes peak resident set of the process (heap plus native tensors), -1 if
 *     unknown
 */
public record TrainingSummary(int epochs, long steps, long samples, double seconds,
        Map<String, Double> lastValidation, BestEpoch best, boolean stoppedEarly,
        long peakHeapBytes, long peakResidentBytes) {}
