package io.github.setclip.train.session;

import java.util.Map;

/**
 * The best epoch seen under early stopping and what it cost to reach it.
 *
 * @param epoch the epoch, 1-based
 * @param value the watched validation metric at that epoch
 * @param steps optimiser steps taken up to that epoch
 * @param samples rows per modality seen up to that epoch
 * @param seconds training seconds up to that epoch (summed over resumed processes)
 * @param validation every validation metric at that epoch
 */
public record BestEpoch(int epoch, double value, long steps, long samples, double seconds,
        Map<String, Double> validation) {}
