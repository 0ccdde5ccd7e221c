package io.github.setclip.data;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.util.Locale;

/**
 * A file error in words. The JDK's file-system exceptions often carry only a path as their
 * message ({@code AccessDeniedException: /runs/x}), which tells a user nothing about what went
 * wrong; this says it ({@code permission denied on /runs/x}).
 */
public final class FileErrors {

    private FileErrors() {}

    /**
     * What went wrong.
     *
     * @param e the error
     * @return one line, naming the file when the error does
     */
    public static String describe(IOException e) {
        if (e instanceof AccessDeniedException denied) {
            return "permission denied on " + denied.getFile();
        }
        if (e instanceof FileSystemException fs && fs.getReason() == null) {
            String kind = e.getClass().getSimpleName().replace("Exception", "")
                    .replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
            return kind + ": " + fs.getFile();
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
