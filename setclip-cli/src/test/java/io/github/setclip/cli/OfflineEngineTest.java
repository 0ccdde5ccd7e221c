package io.github.setclip.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.Test;

/** The engine the commands start: --threads reaches PyTorch however far the JVM has come. */
class OfflineEngineTest {

    @Test
    void aThreadCountTakesEffectAlsoWhenTheEngineHadStartedAlready() {
        OfflineEngine.pytorch(); // started, as in a JVM that ran another command first
        int before = JniUtils.getNumThreads();
        String property = System.getProperty(OfflineEngine.NUM_THREADS);
        int wanted = before == 1 ? 2 : 1;
        try {
            OfflineEngine.pytorch(wanted);
            assertEquals(wanted, JniUtils.getNumThreads());
            assertEquals(String.valueOf(wanted), System.getProperty(OfflineEngine.NUM_THREADS),
                    "set for an engine that starts later, too");
        } finally {
            JniUtils.setNumThreads(before);
            if (property == null) {
                System.clearProperty(OfflineEngine.NUM_THREADS);
            } else {
                System.setProperty(OfflineEngine.NUM_THREADS, property);
            }
        }
    }
}
