package io.github.setclip.tasks;

import io.github.setclip.data.FileErrors;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A run folder held by one training process: {@code RUN/.lock}, locked with the operating
 * system's file lock for as long as the run trains. The operating system releases the lock when
 * the process ends, however it ends (SIGKILL included), so a killed run never leaves its folder
 * locked; the file stays, holding the pid of the last holder, which a refused process names.
 */
final class RunLock implements Closeable {

    /** The lock file's name in the run folder. */
    static final String FILE = ".lock";

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates the run folder if needed and locks it.
     *
     * @param runDirectory the run folder
     * @return the held lock; close it when the run ends
     * @throws IllegalStateException if another process (or another run in this one) holds it
     * @throws IOException if the folder cannot be created or written, in words
     */
    static RunLock acquire(Path runDirectory) throws IOException {
        try {
            Files.createDirectories(runDirectory);
        } catch (IOException e) {
            throw new IOException("cannot create the run folder " + runDirectory + ": "
                    + FileErrors.describe(e), e);
        }
        Path file = runDirectory.resolve(FILE);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IOException("cannot write to the run folder " + runDirectory + ": "
                    + FileErrors.describe(e), e);
        }
        FileLock lock;
        boolean here = false;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
            here = true;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException(runDirectory + " is in use by " + (here ? "another run in this"
                    : "another setclip") + " process (pid " + holder(file) + "); wait for it to end, or use"
                    + " another run folder");
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
        return new RunLock(channel, lock);
    }

    private static String holder(Path file) {
        try {
            String pid = Files.readString(file, StandardCharsets.US_ASCII).trim();
            return pid.isEmpty() ? "unknown" : pid;
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
