package io.github.setclip.cli;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Starts DJL's PyTorch engine without touching the network.
 *
 * <p>DJL downloads missing PyTorch natives at first use unless told it is offline. SetCLIP-J runs on
 * clusters and CI machines with no internet, so {@link #pytorch()} sets {@code ai.djl.offline=true}
 * unless the user chose otherwise (system property {@code ai.djl.offline} or environment variable
 * {@code DJL_OFFLINE}), and turns a missing native library into an error that names the Maven
 * artefact to add.
 */
public final class OfflineEngine {

    /** The artefact that provides CPU natives for Linux x86-64. */
    public static final String CPU_NATIVES = "ai.djl.pytorch:pytorch-native-cpu:2.7.1:linux-x86_64";

    private OfflineEngine() {}

    /** Sets {@code ai.djl.offline=true} unless the user has set it (or {@code DJL_OFFLINE}). */
    public static void preferOffline() {
        if (System.getProperty("ai.djl.offline") == null && System.getenv("DJL_OFFLINE") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (System.getProperty("ai.djl.default_engine") == null
                && System.getenv("DJL_DEFAULT_ENGINE") == null) {
            System.setProperty("ai.djl.default_engine", "PyTorch");
        }
    }

    /**
     * Returns the PyTorch engine, loading its natives from the classpath or from {@code
     * PYTORCH_LIBRARY_PATH}.
     *
     * @return the engine
     * @throws IllegalStateException naming the artefact to add when no native library is found
     */
    public static Engine pytorch() {
        preferOffline();
        try {
            Engine engine = Engine.getEngine("PyTorch");
            if (engine == null) {
                throw new IllegalStateException(missingEngine(null));
            }
            return engine;
        } catch (EngineException | UnsatisfiedLinkError | IllegalArgumentException e) {
            throw new IllegalStateException(missingEngine(e), e);
        }
    }

    /**
     * Returns the PyTorch engine with {@code threads} intra-op threads: set as {@code
     * ai.djl.pytorch.num_threads} before the engine starts (DJL reads it once, at start), and
     * directly when it had started already in this JVM.
     *
     * @param threads intra-op threads, or 0 for PyTorch's default (one per core)
     * @return the engine
     * @throws IllegalStateException naming the artefact to add when no native library is found
     */
    public static Engine pytorch(int threads) {
        if (threads > 0) {
            System.setProperty(NUM_THREADS, String.valueOf(threads));
        }
        Engine engine = pytorch();
        if (threads > 0 && JniUtils.getNumThreads() != threads) {
            JniUtils.setNumThreads(threads);
        }
        return engine;
    }

    /** The system property DJL's PyTorch engine reads its intra-op thread count from. */
    static final String NUM_THREADS = "ai.djl.pytorch.num_threads";

    private static String missingEngine(Throwable cause) {
        return "The PyTorch engine could not start"
                + (cause == null ? "" : " (" + cause.getMessage() + ")")
                + ". SetCLIP-J runs offline: put the natives on the classpath, e.g. the Maven"
                + " artefacts ai.djl.pytorch:pytorch-engine:0.36.0, ai.djl.pytorch:pytorch-jni:"
                + "2.7.1-0.36.0 and " + CPU_NATIVES + ", or point PYTORCH_LIBRARY_PATH at an existing"
                + " libtorch 2.7.1. To let DJL download the natives instead (once, into ~/.djl.ai: what a"
                + " GPU build, mvn -Pcuda, needs), set -Dai.djl.offline=false.";
    }
}
