package io.github.setclip.losses;

import ai.djl.ndarray.NDArray;
import java.lang.reflect.Method;

/**
 * Whether autograd can record operations right now, so the blocked terms can skip their
 * closed-form gradient when nobody will call backward (evaluation).
 *
 * <p>DJL's API cannot tell: {@code NDArray#hasGradient} is false for every non-leaf array on the
 * PyTorch engine, even one inside a gradient collector's graph. PyTorch's grad mode can: it is on
 * exactly while a {@code GradientCollector} is open. It is read through reflection, so this module
 * keeps depending on DJL's API only; on any other engine the answer is always "yes" (the gradient
 * is computed, never wrongly skipped).
 */
final class Autograd {

    private static final Method PYTORCH_GRAD_MODE = pytorchGradMode();

    private Autograd() {}

    /** Whether operations on {@code like}'s engine may currently be recorded for backward. */
    static boolean isRecording(NDArray like) {
        if (PYTORCH_GRAD_MODE == null
                || !"PyTorch".equals(like.getManager().getEngine().getEngineName())) {
            return true;
        }
        try {
            return (Boolean) PYTORCH_GRAD_MODE.invoke(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return true;
        }
    }

    private static Method pytorchGradMode() {
        try {
            return Class.forName("ai.djl.pytorch.jni.JniUtils").getMethod("isGradMode");
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }
}
