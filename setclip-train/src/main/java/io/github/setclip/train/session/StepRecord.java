package io.github.setclip.train.session;

import java.util.Map;

/**
 * What one optimiser step did.
 *
 * @param epoch the epoch, 1-based
 * @param stepInEpoch the step's position within its epoch, from 0
 * @param globalStep optimiser steps taken including this one
 * @param learningRate the learning rate applied
 * @param terms every loss term's value (cl, mmd, sdd, ssl, total, ...)
 * @param samplesPerSecond rows per modality per second over the epoch so far (this process)
 */
public record StepRecord(int epoch, int stepInEpoch, long globalStep, double learningRate,
        Map<String, Double> terms, double samplesPerSecond) {}
