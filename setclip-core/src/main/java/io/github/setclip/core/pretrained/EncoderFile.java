package io.github.setclip.core.pretrained;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A pretrained model's bytes with their SHA-256: a file on disk, or a resource on the class path
 * (the MiniLM model inside its jar). The hash is what a run folder records, so that a run is only
 * ever reopened with the encoder it was trained with.
 */
public final class EncoderFile {

    private final String location;
    private final Path path;
    private final byte[] bytes;
    private final String sha256;

    private EncoderFile(String location, Path path, byte[] bytes) {
        this.location = location;
        this.path = path;
        this.bytes = bytes;
        this.sha256 = sha256(bytes);
    }

    /**
     * Reads a model file.
     *
     * @param file the file
     * @return the file with its hash
     * @throws BadEncoderException if it does not exist or is not a readable file
     */
    public static EncoderFile of(Path file) {
        if (!Files.exists(file)) {
            throw new BadEncoderException("encoder file " + file + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new BadEncoderException("encoder file " + file + " is not a file");
        }
        try {
            return new EncoderFile(file.toAbsolutePath().toString(), file.toAbsolutePath(),
                    Files.readAllBytes(file));
        } catch (IOException e) {
            throw new BadEncoderException("encoder file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the model file a run was trained with.
     *
     * @param file the file as the run recorded it
     * @param expected the SHA-256 the run recorded, or {@code null} for a new run
     * @return the file with its hash
     * @throws BadEncoderException naming the file and the expected hash if it is missing or changed
     */
    public static EncoderFile of(Path file, String expected) {
        if (expected != null && !Files.isRegularFile(file)) {
            throw new BadEncoderException("encoder file " + file + " does not exist: the run was trained"
                    + " with a file of SHA-256 " + expected + " at that path (moved?)");
        }
        return of(file).expect(expected);
    }

    /**
     * Reads a model from the class path.
     *
     * @param loader the class loader that sees the resource
     * @param name the resource name, e.g. {@code all-minilm-l6-v2-q.onnx}
     * @return the resource with its hash; its location is {@code classpath:NAME}
     * @throws BadEncoderException if the class path has no such resource
     */
    public static EncoderFile ofResource(ClassLoader loader, String name) {
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new BadEncoderException("encoder classpath:" + name + " is not on the class path");
            }
            return new EncoderFile("classpath:" + name, null, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the model was read: an absolute path, or {@code classpath:NAME}. */
    public String location() {
        return location;
    }

    /** The file on disk, or {@code null} for a class-path resource. */
    public Path path() {
        return path;
    }

    /** The SHA-256 of the bytes, 64 lower-case hex digits. */
    public String sha256() {
        return sha256;
    }

    /**
     * Checks that this is the file a run was trained with.
     *
     * @param expected the SHA-256 the run recorded, or {@code null} to accept any
     * @return this file
     * @throws BadEncoderException naming the file and both hashes if they differ
     */
    public EncoderFile expect(String expected) {
        if (expected != null && !expected.equals(sha256)) {
            throw new BadEncoderException("encoder file " + location + " has changed: the run was trained"
                    + " with SHA-256 " + expected + ", the file now has " + sha256
                    + " (put the original file back at that path)");
        }
        return this;
    }

    /** A new stream over the bytes. */
    InputStream open() {
        return new ByteArrayInputStream(bytes);
    }

    /** Size in bytes. */
    long size() {
        return bytes.length;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return location + " (SHA-256 " + sha256 + ")";
    }
}
